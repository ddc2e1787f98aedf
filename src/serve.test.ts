import { DEMO_USERS } from './modules/org/demo.js';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './core/db/index.js';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * `tnmt serve` as a real process on the embedded database: it answers while it prepares the data, serves the
 * sign-in page when ready, and on SIGTERM closes the server and flushes the database before exiting 0.
 */
describe('tnmt serve', () => {
  it('starts on an empty folder, then shuts down gracefully keeping the data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tnmt-serve-'));
    const port = await freePort();
    const child = spawn('node', ['bin/tnmt.js', 'serve', '--port', String(port), '--data', dir], {
      env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'warn', TNMT_CONFIG: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (b) => {
      output += b;
    });
    child.stderr.on('data', (b) => {
      output += b;
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const base = `http://127.0.0.1:${port}`;
    let first: number | undefined;
    const deadline = Date.now() + 60_000;
    let ready = false;
    while (Date.now() < deadline && !ready) {
      const res = await fetch(`${base}/healthz`).catch(() => null);
      if (res) {
        first ??= res.status;
        ready = res.status === 200;
      }
      if (!ready) await new Promise((r) => setTimeout(r, 200));
    }
    expect(ready, output).toBe(true);
    expect([200, 503]).toContain(first);
    const signIn = await fetch(`${base}/dang-nhap`);
    expect(signIn.status).toBe(200);
    expect(await signIn.text()).toContain('name="password"');
    expect(output).toContain('admin');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const database = await openDatabase({ dataDir: join(dir, 'db') });
    const rows = await database.query<{ n: number }>(`SELECT count(*)::int AS n FROM users`);
    await database.close();
    expect(rows[0]!.n).toBe(DEMO_USERS.length);
  }, 90_000);
});
