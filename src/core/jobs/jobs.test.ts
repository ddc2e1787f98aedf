import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/index.js';
import { createTestDatabase } from '../testing/db.js';
import { createJobs, type JobContext, type Jobs, type JobsLogger, nextRun, TIME_ZONE } from './index.js';

interface Line {
  level: 'info' | 'warn' | 'error';
  obj: object;
  msg?: string;
}

function captureLogger(lines: Line[]): JobsLogger {
  return {
    info: (obj, msg) => lines.push({ level: 'info', obj, msg }),
    warn: (obj, msg) => lines.push({ level: 'warn', obj, msg }),
    error: (obj, msg) => lines.push({ level: 'error', obj, msg }),
  };
}

async function waitFor(cond: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('jobs', () => {
  let database: Database;
  let jobs: Jobs;
  const lines: Line[] = [];
  const expected = process.env.DATABASE_URL ? 'pg-boss' : 'in-process';

  beforeAll(async () => {
    database = await createTestDatabase();
    jobs = createJobs(database, captureLogger(lines), { pollingIntervalSeconds: 0.5 });
    await jobs.start();
  });
  afterAll(async () => {
    await jobs?.stop();
    await database?.close();
  });

  it(`uses ${expected} on this engine`, () => {
    expect(jobs.engine).toBe(expected);
  });

  it('runs the handler of a sent job with its data', async () => {
    const seen: { data: unknown; ctx: JobContext }[] = [];
    await jobs.work<{ dossier: string; at: string }>('test-run', async (data, ctx) => {
      seen.push({ data, ctx });
    });
    const id = await jobs.send('test-run', { dossier: '000.00.22.H52-240109-0001', at: 'Sóc Trăng' });
    expect(id).toEqual(expect.any(String));
    await waitFor(() => seen.length === 1);
    expect(seen[0]!.data).toEqual({ dossier: '000.00.22.H52-240109-0001', at: 'Sóc Trăng' });
    expect(seen[0]!.ctx).toMatchObject({ id, name: 'test-run', retryCount: 0 });
    await waitFor(async () => (await jobs.getJob('test-run', id!))?.state === 'completed');
  });

  it('retries a failing job up to retryLimit, logs each failure, then gives up', async () => {
    const attempts: number[] = [];
    await jobs.work('test-fail', async (_data, ctx) => {
      attempts.push(ctx.retryCount);
      throw new Error('SMTP từ chối');
    });
    const id = await jobs.send('test-fail', {}, { retryLimit: 2, retryDelaySeconds: 0 });
    await waitFor(async () => (await jobs.getJob('test-fail', id!))?.state === 'failed');
    expect(attempts).toEqual([0, 1, 2]);
    await sleep(1200);
    expect(attempts).toHaveLength(3);
    const failures = lines.filter((l) => l.level === 'error' && (l.obj as { queue?: string }).queue === 'test-fail');
    expect(failures.map((l) => l.msg)).toEqual(['job failed; will retry', 'job failed; will retry', 'job failed; giving up']);
    expect(JSON.stringify(failures[0]!.obj)).toContain('SMTP từ chối');
  });

  it('waits for startAfter and keeps one waiting job per singletonKey', async () => {
    const ran: string[] = [];
    await jobs.work<{ n: string }>('test-later', async (data) => {
      ran.push(data.n);
    });
    const startAfter = new Date(Date.now() + 2000);
    const first = await jobs.send('test-later', { n: 'a' }, { startAfter, singletonKey: 'k' });
    const dup = await jobs.send('test-later', { n: 'b' }, { singletonKey: 'k' });
    const other = await jobs.send('test-later', { n: 'c' }, { startAfter, singletonKey: 'other' });
    expect(first).toEqual(expect.any(String));
    expect(dup).toBeNull();
    expect(other).toEqual(expect.any(String));
    await sleep(1000);
    expect(ran).toEqual([]);
    await waitFor(() => ran.length === 2);
    expect(ran.sort()).toEqual(['a', 'c']);
    // once the keyed job has run, the key is free again
    await waitFor(async () => (await jobs.getJob('test-later', first!))?.state === 'completed');
    expect(await jobs.send('test-later', { n: 'd' }, { singletonKey: 'k' })).toEqual(expect.any(String));
    await waitFor(() => ran.length === 3);
  });

  it('records a schedule in Asia/Ho_Chi_Minh and computes its next run', async () => {
    await jobs.schedule('test-daily', '0 7 * * *', { kind: 'digest' });
    const s = (await jobs.schedules()).find((x) => x.name === 'test-daily');
    expect(s).toMatchObject({ cron: '0 7 * * *', tz: TIME_ZONE, data: { kind: 'digest' } });
    // 07:00 in Hồ Chí Minh City is 00:00 UTC
    expect(s!.nextRun!.getUTCHours()).toBe(0);
    expect(s!.nextRun!.getTime()).toBeGreaterThan(Date.now());
    expect(s!.nextRun!.getTime() - Date.now()).toBeLessThanOrEqual(24 * 3600 * 1000);
    if (database.engine === 'postgres') {
      const rows = await database.query<{ name: string; cron: string; timezone: string }>(
        `SELECT name, cron, timezone FROM pgboss.schedule WHERE name = 'test-daily'`,
      );
      expect(rows).toEqual([{ name: 'test-daily', cron: '0 7 * * *', timezone: TIME_ZONE }]);
    }
    await jobs.schedule('test-daily', '30 16 * * 1-5');
    expect((await jobs.schedules()).filter((x) => x.name === 'test-daily').map((x) => x.cron)).toEqual(['30 16 * * 1-5']);
    await jobs.unschedule('test-daily');
    expect((await jobs.schedules()).some((x) => x.name === 'test-daily')).toBe(false);
  });

  it('computes cron times with croner in the local time zone and refuses bad patterns', async () => {
    const from = new Date('2024-01-09T01:00:00Z'); // 08:00 on 9 January in Việt Nam
    expect(nextRun('0 7 * * *', TIME_ZONE, from)?.toISOString()).toBe('2024-01-10T00:00:00.000Z');
    expect(nextRun('* * * * *', TIME_ZONE, from)?.toISOString()).toBe('2024-01-09T01:01:00.000Z');
    await expect(jobs.schedule('test-bad', 'every minute')).rejects.toThrow();
    await expect(jobs.schedule('test-bad', '0 0 7 * * *')).rejects.toThrow();
    await expect(jobs.schedule('test-bad', '0 7 * * *', {}, { tz: 'Mars/Olympus' })).rejects.toThrow();
    await expect(jobs.send('bad name!', {})).rejects.toThrow(/invalid queue name/);
  });

  it('refuses a second worker for the same queue', async () => {
    await expect(jobs.work('test-run', async () => {})).rejects.toThrow(/already registered/);
  });

  it('needs start() before send, and stop() waits for running handlers', async () => {
    const other = createJobs(database, captureLogger([]), { pollingIntervalSeconds: 0.5 });
    await expect(other.send('test-stop', {})).rejects.toThrow(/before start/);
    let started = false;
    let finished = false;
    await other.work('test-stop', async () => {
      started = true;
      await sleep(700);
      finished = true;
    });
    await other.start();
    await other.send('test-stop', {});
    await waitFor(() => started);
    await other.stop();
    expect(finished).toBe(true);
    await expect(other.send('test-stop', {})).rejects.toThrow(/after stop/);
  });
});
