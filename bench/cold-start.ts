/**
 * Cold start of `tnmt serve` on an empty data folder, against a baseline measured in the same run: a bare Node
 * process that only creates an empty PGlite database with the same extensions (the floor no start can beat).
 * Prints, per run and as medians: first HTTP answer, sign-in form ready; warm restart; ratio to the baseline.
 *   npx tsx bench/cold-start.ts [--runs 3]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 3;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function baseline(dir: string): Promise<number> {
  const t0 = performance.now();
  const code = `
    const { PGlite } = await import('@electric-sql/pglite');
    const { unaccent } = await import('@electric-sql/pglite/contrib/unaccent');
    const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
    const { btree_gist } = await import('@electric-sql/pglite/contrib/btree_gist');
    const db = await PGlite.create(${JSON.stringify(dir)}, { extensions: { unaccent, pg_trgm, btree_gist } });
    await db.query('select 1'); await db.close();`;
  await new Promise<void>((resolve, reject) => {
    const p = spawn('node', ['--input-type=module', '-e', code], { stdio: 'inherit' });
    p.on('exit', (c) => (c === 0 ? resolve() : reject(new Error(`baseline exited ${c}`))));
  });
  return performance.now() - t0;
}

async function serve(dir: string): Promise<{ firstAnswer: number; ready: number }> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn('node', ['bin/tnmt.js', 'serve', '--port', String(port), '--data', dir], {
    env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  let firstAnswer = 0;
  let ready = 0;
  while (!ready && performance.now() - t0 < 120_000) {
    const res = await fetch(`http://127.0.0.1:${port}/dang-nhap`).catch(() => null);
    if (res) {
      firstAnswer ||= performance.now() - t0;
      const body = await res.text();
      if (res.status === 200 && body.includes('name="password"')) ready = performance.now() - t0;
    }
    if (!ready) await new Promise((r) => setTimeout(r, 50));
  }
  const exited = new Promise((r) => child.on('exit', r));
  child.kill('SIGTERM');
  await exited;
  if (!ready) throw new Error('tnmt serve did not become ready within 120 s');
  return { firstAnswer, ready };
}

const base: number[] = [];
const cold: { firstAnswer: number; ready: number }[] = [];
const warm: number[] = [];
for (let i = 0; i < runs; i++) {
  const b = mkdtempSync(join(tmpdir(), 'tnmt-bench-base-'));
  const d = mkdtempSync(join(tmpdir(), 'tnmt-bench-cold-'));
  base.push(await baseline(join(b, 'db')));
  cold.push(await serve(d));
  warm.push((await serve(d)).ready);
  rmSync(b, { recursive: true, force: true });
  rmSync(d, { recursive: true, force: true });
  process.stderr.write(`run ${i + 1}/${runs} done\n`);
}

const mb = median(base);
const first = median(cold.map((c) => c.firstAnswer));
const ready = median(cold.map((c) => c.ready));
const mw = median(warm);
console.log(`runs: ${runs} (medians)`);
console.log(`baseline: empty PGlite with extensions, new process   ${fmt(mb)}`);
console.log(`tnmt serve, empty folder: first HTTP answer           ${fmt(first)}`);
console.log(`tnmt serve, empty folder: sign-in form ready          ${fmt(ready)}   ratio to baseline ${(ready / mb).toFixed(2)}×`);
console.log(`tnmt serve, existing folder: sign-in form ready       ${fmt(mw)}   ratio to baseline ${(mw / mb).toFixed(2)}×`);
