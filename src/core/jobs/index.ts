import { randomUUID } from 'node:crypto';
import { Cron } from 'croner';
import type pg from 'pg';
import PgBoss from 'pg-boss';
import pino from 'pino';
import type { Database } from '../db/index.js';

/**
 * Background jobs behind one interface. On PostgreSQL the queue is pg-boss 10 (its own `pgboss` schema, durable,
 * shared by every server process); on PGlite an in-process queue with the same semantics (jobs live in memory and
 * are lost on restart — keep durable work in tables, such as the outbox, and let a schedule pick it up).
 *
 * Semantics on both engines:
 * - `send` returns the job id, or null when `singletonKey` is given and a job of the same name and key is still
 *   waiting or running.
 * - a handler that throws is logged and retried after a backoff (retryDelaySeconds · 2^retry · (1…2)), up to
 *   `retryLimit` retries (so retryLimit + 1 runs in all), then the job is marked failed.
 * - one job of a queue runs at a time in this process; `stop()` waits for running handlers.
 * - `schedule` sends a job each time the 5-field cron pattern fires, in Asia/Ho_Chi_Minh unless told otherwise.
 * - `work` and `schedule` may be called before `start()` (they take effect at start); `send` needs a started queue.
 */

export type JobData = Record<string, unknown>;

export interface SendOptions {
  /** run no earlier than this */
  startAfter?: Date;
  /** retries after the first failed run; default 3 */
  retryLimit?: number;
  /** base delay before a retry, doubled per retry with jitter; default 30; 0 retries at once */
  retryDelaySeconds?: number;
  /** at most one waiting or running job per (name, key) */
  singletonKey?: string;
}

export interface ScheduleOptions {
  /** IANA time zone of the cron pattern; default Asia/Ho_Chi_Minh */
  tz?: string;
}

export interface JobContext {
  id: string;
  name: string;
  /** 0 on the first run */
  retryCount: number;
  retryLimit: number;
}

export type JobHandler<T extends JobData = JobData> = (data: T, job: JobContext) => Promise<void>;

export type JobState = 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';

export interface JobInfo {
  id: string;
  name: string;
  state: JobState;
  data: JobData;
  retryCount: number;
  retryLimit: number;
  startAfter: Date;
}

export interface ScheduleInfo {
  name: string;
  cron: string;
  tz: string;
  data: JobData;
  /** next time the pattern fires, computed with croner */
  nextRun: Date | null;
}

export interface Jobs {
  readonly engine: 'pg-boss' | 'in-process';
  start(): Promise<void>;
  stop(): Promise<void>;
  send<T extends JobData>(name: string, data?: T, opts?: SendOptions): Promise<string | null>;
  work<T extends JobData>(name: string, handler: JobHandler<T>): Promise<void>;
  schedule(name: string, cron: string, data?: JobData, opts?: ScheduleOptions): Promise<void>;
  unschedule(name: string): Promise<void>;
  schedules(): Promise<ScheduleInfo[]>;
  /** a job's state, while it is still kept (in-process: the last 1000 finished jobs) */
  getJob(name: string, id: string): Promise<JobInfo | null>;
}

/** The subset of a pino logger the jobs use. */
export interface JobsLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface JobsOptions {
  /** pg-boss polling interval (≥ 0.5); default 2 */
  pollingIntervalSeconds?: number;
  /** how long stop() waits for running handlers; default 30 000 */
  stopTimeoutMs?: number;
  /** force the in-process queue even on PostgreSQL (one-off CLI commands) */
  inProcess?: boolean;
}

export const TIME_ZONE = 'Asia/Ho_Chi_Minh';
export const JOB_DEFAULTS = { retryLimit: 3, retryDelaySeconds: 30 } as const;

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

export function createJobs(database: Database, logger?: JobsLogger, options: JobsOptions = {}): Jobs {
  const log = logger ?? pino({ name: 'jobs', level: process.env.LOG_LEVEL ?? 'info' });
  if (database.engine === 'postgres' && database.pool && !options.inProcess) {
    return new PgBossJobs(database.pool, log, options);
  }
  return new InProcessJobs(log, options);
}

/** When a 5-field cron pattern next fires after `from`, in `tz`. Throws on an invalid pattern or time zone. */
export function nextRun(cron: string, tz: string = TIME_ZONE, from?: Date): Date | null {
  return makeCron(cron, tz).nextRun(from ?? null);
}

function makeCron(cron: string, tz: string, fn?: () => void): Cron {
  checkTimeZone(tz);
  const opts = { timezone: tz, mode: '5-part' as const, unref: true, paused: !fn };
  return fn ? new Cron(cron, opts, fn) : new Cron(cron, opts);
}

function checkTimeZone(tz: string): void {
  // throws RangeError for an unknown zone
  new Intl.DateTimeFormat('en', { timeZone: tz });
}

function checkName(name: string): void {
  if (!NAME_RE.test(name)) throw new Error(`jobs: invalid queue name ${JSON.stringify(name)}`);
}

function checkSend(opts: SendOptions): { retryLimit: number; retryDelaySeconds: number } {
  const retryLimit = opts.retryLimit ?? JOB_DEFAULTS.retryLimit;
  const retryDelaySeconds = opts.retryDelaySeconds ?? JOB_DEFAULTS.retryDelaySeconds;
  if (!Number.isInteger(retryLimit) || retryLimit < 0) throw new Error('jobs: retryLimit must be an integer ≥ 0');
  if (!Number.isInteger(retryDelaySeconds) || retryDelaySeconds < 0) {
    throw new Error('jobs: retryDelaySeconds must be an integer ≥ 0');
  }
  if (opts.startAfter && Number.isNaN(opts.startAfter.getTime())) throw new Error('jobs: startAfter is not a date');
  return { retryLimit, retryDelaySeconds };
}

/** Same JSON round trip on both engines, so handlers see the same data. */
function toData(data: JobData | undefined): JobData {
  return JSON.parse(JSON.stringify(data ?? {})) as JobData;
}

function errorInfo(err: unknown): object {
  return err instanceof Error ? { err: { message: err.message, stack: err.stack } } : { err: String(err) };
}

function logFailure(log: JobsLogger, job: JobContext, err: unknown): void {
  const giveUp = job.retryCount >= job.retryLimit;
  log.error(
    { ...errorInfo(err), queue: job.name, jobId: job.id, retryCount: job.retryCount, retryLimit: job.retryLimit },
    giveUp ? 'job failed; giving up' : 'job failed; will retry',
  );
}

// ---------------------------------------------------------------------------------------------------------------
// In-process queue (PGlite)

interface MemJob {
  id: string;
  name: string;
  data: JobData;
  state: JobState;
  retryCount: number;
  retryLimit: number;
  retryDelaySeconds: number;
  startAfter: number;
  singletonKey: string | null;
  seq: number;
}

interface MemSchedule {
  cron: string;
  tz: string;
  data: JobData;
  timer: Cron | null;
}

const KEEP_FINISHED = 1000;
const MAX_TIMER_MS = 60 * 60 * 1000;

class InProcessJobs implements Jobs {
  readonly engine = 'in-process' as const;
  private started = false;
  private readonly handlers = new Map<string, JobHandler>();
  private waiting: MemJob[] = [];
  private readonly active = new Map<string, MemJob>();
  private readonly running = new Set<Promise<void>>();
  private readonly finished = new Map<string, MemJob>();
  private readonly crons = new Map<string, MemSchedule>();
  private timer: NodeJS.Timeout | null = null;
  private seq = 0;

  constructor(
    private readonly log: JobsLogger,
    private readonly options: JobsOptions,
  ) {}

  async start() {
    if (this.started) return;
    this.started = true;
    for (const [name, s] of this.crons) s.timer = this.startCron(name, s);
    this.pump();
  }

  async stop() {
    if (!this.started) return;
    this.started = false;
    for (const s of this.crons.values()) {
      s.timer?.stop();
      s.timer = null;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const deadline = this.options.stopTimeoutMs ?? 30_000;
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.running]),
      new Promise<void>((resolve) => {
        timeout = setTimeout(() => {
          this.log.warn({ running: this.running.size }, 'jobs: stop timed out waiting for handlers');
          resolve();
        }, deadline);
      }),
    ]);
    clearTimeout(timeout);
  }

  async send<T extends JobData>(name: string, data?: T, opts: SendOptions = {}) {
    checkName(name);
    const { retryLimit, retryDelaySeconds } = checkSend(opts);
    if (!this.started) throw new Error('jobs: send() before start() or after stop()');
    const key = opts.singletonKey ?? null;
    if (key !== null) {
      const same = (j: MemJob) => j.name === name && j.singletonKey === key;
      if (this.waiting.some(same) || [...this.active.values()].some(same)) return null;
    }
    const job: MemJob = {
      id: randomUUID(),
      name,
      data: toData(data),
      state: 'created',
      retryCount: 0,
      retryLimit,
      retryDelaySeconds,
      startAfter: opts.startAfter?.getTime() ?? Date.now(),
      singletonKey: key,
      seq: this.seq++,
    };
    this.waiting.push(job);
    this.pump();
    return job.id;
  }

  async work<T extends JobData>(name: string, handler: JobHandler<T>) {
    checkName(name);
    if (this.handlers.has(name)) throw new Error(`jobs: a worker for ${name} is already registered`);
    this.handlers.set(name, handler as unknown as JobHandler);
    this.pump();
  }

  async schedule(name: string, cron: string, data?: JobData, opts: ScheduleOptions = {}) {
    checkName(name);
    const tz = opts.tz ?? TIME_ZONE;
    makeCron(cron, tz); // validate
    const previous = this.crons.get(name);
    previous?.timer?.stop();
    const s: MemSchedule = { cron, tz, data: toData(data), timer: null };
    if (this.started) s.timer = this.startCron(name, s);
    this.crons.set(name, s);
  }

  async unschedule(name: string) {
    this.crons.get(name)?.timer?.stop();
    this.crons.delete(name);
  }

  async schedules(): Promise<ScheduleInfo[]> {
    return [...this.crons].map(([name, s]) => ({
      name,
      cron: s.cron,
      tz: s.tz,
      data: s.data,
      nextRun: nextRun(s.cron, s.tz),
    }));
  }

  async getJob(name: string, id: string): Promise<JobInfo | null> {
    const active = this.active.get(name);
    const job = this.finished.get(id) ?? (active?.id === id ? active : this.waiting.find((j) => j.id === id));
    if (!job || job.name !== name) return null;
    return {
      id: job.id,
      name: job.name,
      state: job.state,
      data: job.data,
      retryCount: job.retryCount,
      retryLimit: job.retryLimit,
      startAfter: new Date(job.startAfter),
    };
  }

  private startCron(name: string, s: MemSchedule): Cron {
    return makeCron(s.cron, s.tz, () => {
      this.send(name, s.data).catch((err) => this.log.error({ ...errorInfo(err), queue: name }, 'schedule: send failed'));
    });
  }

  /** Start every job that is due and whose queue is idle; arm a timer for the next one. */
  private pump(): void {
    if (!this.started) return;
    const now = Date.now();
    this.waiting.sort((a, b) => a.startAfter - b.startAfter || a.seq - b.seq);
    let next = Number.POSITIVE_INFINITY;
    for (const job of [...this.waiting]) {
      if (!this.handlers.has(job.name) || this.active.has(job.name)) continue;
      if (job.startAfter > now) {
        next = Math.min(next, job.startAfter);
        continue;
      }
      this.waiting = this.waiting.filter((j) => j !== job);
      this.run(job);
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (next !== Number.POSITIVE_INFINITY) {
      this.timer = setTimeout(() => this.pump(), Math.min(MAX_TIMER_MS, Math.max(0, next - Date.now())));
      this.timer.unref();
    }
  }

  private run(job: MemJob): void {
    const handler = this.handlers.get(job.name)!;
    job.state = 'active';
    this.active.set(job.name, job);
    const ctx: JobContext = { id: job.id, name: job.name, retryCount: job.retryCount, retryLimit: job.retryLimit };
    const p = (async () => {
      try {
        await handler(toData(job.data), ctx);
        job.state = 'completed';
        this.finish(job);
      } catch (err) {
        logFailure(this.log, ctx, err);
        if (job.retryCount < job.retryLimit) {
          job.retryCount += 1;
          job.state = 'retry';
          const delayMs = job.retryDelaySeconds * 1000 * 2 ** Math.min(16, job.retryCount - 1) * (1 + Math.random());
          job.startAfter = Date.now() + delayMs;
          this.waiting.push(job);
        } else {
          job.state = 'failed';
          this.finish(job);
        }
      } finally {
        this.active.delete(job.name);
      }
    })();
    this.running.add(p);
    p.finally(() => {
      this.running.delete(p);
      this.pump();
    });
  }

  private finish(job: MemJob): void {
    this.finished.set(job.id, job);
    if (this.finished.size > KEEP_FINISHED) {
      const oldest = this.finished.keys().next().value;
      if (oldest !== undefined) this.finished.delete(oldest);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// pg-boss (PostgreSQL)

interface PendingSchedule {
  cron: string;
  tz: string;
  data: JobData;
}

class PgBossJobs implements Jobs {
  readonly engine = 'pg-boss' as const;
  private readonly boss: PgBoss;
  private started = false;
  private closed = false;
  private readonly handlers = new Map<string, JobHandler>();
  private readonly workerIds = new Map<string, string>();
  private readonly pendingSchedules = new Map<string, PendingSchedule>();
  private readonly queues = new Map<string, Promise<void>>();
  private readonly inflight = new Set<Promise<unknown>>();
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly log: JobsLogger,
    private readonly options: JobsOptions,
  ) {
    const executeSql = async (text: string, values?: unknown[]) => {
      // after stop(), stray polls of pg-boss's own loops find nothing instead of using a closing pool
      if (this.closed) return { rows: [] as unknown[] };
      const q = pool.query(text, values as unknown[]);
      this.inflight.add(q);
      try {
        return await q;
      } finally {
        this.inflight.delete(q);
      }
    };
    this.boss = new PgBoss({
      db: { executeSql: executeSql as PgBoss.Db['executeSql'] },
      schema: 'pgboss',
      ...(options.pollingIntervalSeconds ? { pollingIntervalSeconds: options.pollingIntervalSeconds } : {}),
    });
    this.boss.on('error', (err) => this.log.error(errorInfo(err), 'pg-boss error'));
  }

  async start() {
    if (this.started) return;
    this.closed = false;
    await this.boss.start();
    this.started = true;
    for (const name of this.handlers.keys()) await this.attach(name);
    for (const [name, s] of this.pendingSchedules) await this.applySchedule(name, s);
    this.pendingSchedules.clear();
  }

  async stop() {
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful: true, wait: true, close: false, timeout: this.options.stopTimeoutMs ?? 30_000 });
    this.workerIds.clear();
    this.queues.clear();
    // a poll already under way when the workers were told to stop may still hand out a job: wait for it
    const deadline = Date.now() + (this.options.stopTimeoutMs ?? 30_000);
    do {
      await Promise.allSettled([...this.inflight, ...this.running]);
      await new Promise((r) => setImmediate(r));
    } while ((this.inflight.size > 0 || this.running.size > 0) && Date.now() < deadline);
    this.closed = true;
  }

  async send<T extends JobData>(name: string, data?: T, opts: SendOptions = {}) {
    checkName(name);
    const { retryLimit, retryDelaySeconds } = checkSend(opts);
    if (!this.started) throw new Error('jobs: send() before start() or after stop()');
    await this.ensureQueue(name);
    const sendOptions: PgBoss.SendOptions = {
      retryLimit,
      retryDelay: retryDelaySeconds,
      // pg-boss raises a backoff delay of 0 to 1 s; 0 means retry at once on both engines
      retryBackoff: retryDelaySeconds > 0,
      ...(opts.startAfter ? { startAfter: opts.startAfter } : {}),
      ...(opts.singletonKey !== undefined ? { singletonKey: opts.singletonKey } : {}),
    };
    const payload = toData(data);
    let id: string | null;
    if (opts.singletonKey === undefined) {
      id = await this.boss.send(name, payload, sendOptions);
    } else {
      id = await this.sendSingleton(name, opts.singletonKey, payload, sendOptions);
    }
    const workerId = this.workerIds.get(name);
    if (id && workerId && !opts.startAfter) this.boss.notifyWorker(workerId);
    return id;
  }

  /**
   * pg-boss 10 only de-duplicates a singleton key on special queue policies or within a time slot; here the check
   * and the insert run in one transaction under an advisory lock on (name, key).
   */
  private async sendSingleton(name: string, key: string, data: JobData, options: PgBoss.SendOptions) {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`tnmt.jobs:${name}:${key}`]);
      const { rows } = await client.query(
        `SELECT 1 FROM pgboss.job WHERE name = $1 AND singleton_key = $2 AND state < 'completed' LIMIT 1`,
        [name, key],
      );
      let id: string | null = null;
      if (rows.length === 0) {
        const db: PgBoss.Db = { executeSql: (text, values) => client.query(text, values) };
        id = await this.boss.send(name, data, { ...options, db });
      }
      await client.query('COMMIT');
      return id;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      client.release();
    }
  }

  async work<T extends JobData>(name: string, handler: JobHandler<T>) {
    checkName(name);
    if (this.handlers.has(name)) throw new Error(`jobs: a worker for ${name} is already registered`);
    this.handlers.set(name, handler as unknown as JobHandler);
    if (this.started) await this.attach(name);
  }

  async schedule(name: string, cron: string, data?: JobData, opts: ScheduleOptions = {}) {
    checkName(name);
    const tz = opts.tz ?? TIME_ZONE;
    makeCron(cron, tz); // same validation as in-process: 5 fields, known zone
    const s = { cron, tz, data: toData(data) };
    if (this.started) await this.applySchedule(name, s);
    else this.pendingSchedules.set(name, s);
  }

  async unschedule(name: string) {
    this.pendingSchedules.delete(name);
    if (this.started) await this.boss.unschedule(name);
  }

  async schedules(): Promise<ScheduleInfo[]> {
    const list: ScheduleInfo[] = [];
    if (this.started) {
      for (const s of await this.boss.getSchedules()) {
        const row = s as PgBoss.Schedule & { timezone?: string };
        const tz = row.timezone ?? 'UTC';
        list.push({
          name: row.name,
          cron: row.cron,
          tz,
          data: (row.data ?? {}) as JobData,
          nextRun: nextRunOrNull(row.cron, tz),
        });
      }
    }
    for (const [name, s] of this.pendingSchedules) list.push({ name, ...s, nextRun: nextRun(s.cron, s.tz) });
    return list;
  }

  async getJob(name: string, id: string): Promise<JobInfo | null> {
    if (!this.started) return null;
    const job = await this.boss.getJobById<JobData>(name, id, { includeArchive: true });
    if (!job) return null;
    return {
      id: job.id,
      name: job.name,
      state: job.state,
      data: job.data,
      retryCount: job.retryCount,
      retryLimit: job.retryLimit,
      startAfter: new Date(job.startAfter),
    };
  }

  private ensureQueue(name: string): Promise<void> {
    let p = this.queues.get(name);
    if (!p) {
      p = this.boss.createQueue(name).catch((e) => {
        this.queues.delete(name);
        throw e;
      });
      this.queues.set(name, p);
    }
    return p;
  }

  private async applySchedule(name: string, s: PendingSchedule) {
    await this.ensureQueue(name);
    // the jobs a schedule creates get the same retry defaults as send()
    await this.boss.schedule(name, s.cron, s.data, {
      tz: s.tz,
      retryLimit: JOB_DEFAULTS.retryLimit,
      retryDelay: JOB_DEFAULTS.retryDelaySeconds,
      retryBackoff: true,
    });
  }

  private async attach(name: string) {
    const handler = this.handlers.get(name)!;
    await this.ensureQueue(name);
    const workOptions: PgBoss.WorkOptions & { includeMetadata: true } = { includeMetadata: true, batchSize: 1 };
    if (this.options.pollingIntervalSeconds) workOptions.pollingIntervalSeconds = this.options.pollingIntervalSeconds;
    const id = await this.boss.work<JobData>(name, workOptions, async (jobs) => {
      for (const job of jobs) {
        const ctx: JobContext = { id: job.id, name, retryCount: job.retryCount, retryLimit: job.retryLimit };
        const p = Promise.resolve().then(() => handler(job.data ?? {}, ctx));
        this.running.add(p);
        try {
          await p;
        } catch (err) {
          logFailure(this.log, ctx, err);
          throw err;
        } finally {
          this.running.delete(p);
        }
      }
    });
    this.workerIds.set(name, id);
  }
}

function nextRunOrNull(cron: string, tz: string): Date | null {
  try {
    return nextRun(cron, tz);
  } catch {
    return null;
  }
}
