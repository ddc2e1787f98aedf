import { createHmac, timingSafeEqual } from 'node:crypto';
import { and, count, desc, eq, inArray, isNull, lt, lte, sql } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import type { Config } from '../config.js';
import type { Database, DbOrTx } from '../db/index.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { type Jobs, type JobsLogger, TIME_ZONE } from '../jobs/index.js';
import { notifications, outbox } from './schema.js';

/**
 * Notifications: in-app messages per user, and outgoing e-mail and webhooks through the `outbox` table. Queue
 * inside the transaction of the change that caused the message; `deliverOutbox` sends later (a job every minute).
 */

// ---------------------------------------------------------------------------------------------------------------
// In-app

export interface NewNotification {
  title: string;
  body?: string | null;
  /** a path inside the application ("/ho-so/123") or an http(s) URL */
  link?: string | null;
}

export interface Notification {
  id: number;
  title: string;
  body: string | null;
  link: string | null;
  createdAt: Date;
  readAt: Date | null;
}

export async function notify(db: DbOrTx, userId: number, n: NewNotification): Promise<number> {
  const title = n.title?.trim() ?? '';
  if (!title) throw ValidationError.one('title', 'Nhập tiêu đề thông báo');
  if (title.length > 300) throw ValidationError.one('title', 'Tiêu đề thông báo dài quá 300 ký tự');
  const link = n.link?.trim() || null;
  if (link !== null && !isSafeLink(link)) {
    throw ValidationError.one('link', 'Liên kết phải là đường dẫn trong hệ thống (bắt đầu bằng /) hoặc địa chỉ http(s)');
  }
  const rows = await db
    .insert(notifications)
    .values({ userId, title, body: n.body?.trim() || null, link })
    .returning({ id: notifications.id });
  return rows[0]!.id;
}

export async function listNotifications(
  db: DbOrTx,
  userId: number,
  opts: { unreadOnly?: boolean; limit?: number } = {},
): Promise<Notification[]> {
  const limit = Math.min(Math.max(1, Math.trunc(opts.limit ?? 20)), 500);
  const where = opts.unreadOnly
    ? and(eq(notifications.userId, userId), isNull(notifications.readAt))
    : eq(notifications.userId, userId);
  return db
    .select({
      id: notifications.id,
      title: notifications.title,
      body: notifications.body,
      link: notifications.link,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
    })
    .from(notifications)
    .where(where)
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit);
}

export async function unreadCount(db: DbOrTx, userId: number): Promise<number> {
  const rows = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return Number(rows[0]?.n ?? 0);
}

/**
 * Mark one of the user's notifications, or all of them, as read; returns how many changed. A notification that
 * is not the user's is a NotFoundError, the same as one that does not exist.
 */
export async function markRead(db: DbOrTx, userId: number, id: number | 'all'): Promise<number> {
  if (id === 'all') {
    const rows = await db
      .update(notifications)
      .set({ readAt: sql`now()` })
      .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
      .returning({ id: notifications.id });
    return rows.length;
  }
  const own = and(eq(notifications.id, id), eq(notifications.userId, userId));
  const rows = await db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(and(own, isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  if (rows.length > 0) return rows.length;
  const exists = await db.select({ id: notifications.id }).from(notifications).where(own).limit(1);
  if (exists.length === 0) throw new NotFoundError(`notification ${id}`);
  return 0;
}

function isSafeLink(link: string): boolean {
  if (link.startsWith('/')) return !link.startsWith('//') && !link.startsWith('/\\');
  return isHttpUrl(link);
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Outbox: e-mail

export type Channel = 'email' | 'webhook';

export interface EmailMessage {
  to: string | string[];
  subject: string;
  text: string;
  html?: string;
}

interface EmailPayload {
  to: string[];
  subject: string;
  text: string;
  html?: string;
}

const EMAIL_RE = /^[^\s@<>(),;:"[\]\\]+@[^\s@<>(),;:"[\]\\]+\.[^\s@<>(),;:"[\]\\]+$/;

/** Queue an e-mail in the outbox (status pending); returns the outbox id. */
export async function queueEmail(db: DbOrTx, msg: EmailMessage): Promise<number> {
  const to = (Array.isArray(msg.to) ? msg.to : msg.to.split(/[,;]/)).map((a) => a.trim()).filter(Boolean);
  if (to.length === 0) throw ValidationError.one('to', 'Nhập địa chỉ e-mail người nhận');
  const bad = to.find((a) => !EMAIL_RE.test(a));
  if (bad) throw ValidationError.one('to', `Địa chỉ e-mail không hợp lệ: ${bad}`);
  const subject = msg.subject?.trim() ?? '';
  if (!subject) throw ValidationError.one('subject', 'Nhập tiêu đề e-mail');
  if (/[\r\n]/.test(subject)) throw ValidationError.one('subject', 'Tiêu đề e-mail không được xuống dòng');
  if (typeof msg.text !== 'string' || msg.text === '') throw ValidationError.one('text', 'Nhập nội dung e-mail');
  const payload: EmailPayload = { to, subject, text: msg.text, ...(msg.html ? { html: msg.html } : {}) };
  const rows = await db
    .insert(outbox)
    .values({ channel: 'email', recipient: to.join(', '), payload })
    .returning({ id: outbox.id });
  return rows[0]!.id;
}

export interface Mailer {
  from: string;
  transport: ReturnType<typeof nodemailer.createTransport>;
  close(): void;
}

/** SMTP transport options that a URL cannot express, e.g. `{ ignoreTLS: true }`; the URL's own values win. */
export interface MailerOverrides {
  ignoreTLS?: boolean;
  requireTLS?: boolean;
  connectionTimeout?: number;
  greetingTimeout?: number;
  socketTimeout?: number;
  tls?: { rejectUnauthorized?: boolean; servername?: string };
}

/**
 * The SMTP mailer for `config.smtpUrl` (smtp://user:pass@host:port, smtps://… for implicit TLS; query parameters
 * such as ?ignoreTLS=true are passed to nodemailer), or null when no SMTP server is configured.
 */
export function createMailer(config: Pick<Config, 'smtpUrl' | 'mailFrom'>, overrides: MailerOverrides = {}): Mailer | null {
  if (!config.smtpUrl) return null;
  const transport = nodemailer.createTransport({
    url: config.smtpUrl,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    ...overrides,
  });
  return { from: config.mailFrom, transport, close: () => transport.close() };
}

export interface EmailResult {
  messageId: string;
  accepted: string[];
  rejected: string[];
}

/** Send one e-mail now (UTF-8, text and optional HTML). Throws when the server refuses it. */
export async function sendEmail(mailer: Mailer, msg: EmailMessage): Promise<EmailResult> {
  const info = await mailer.transport.sendMail({
    from: mailer.from,
    to: Array.isArray(msg.to) ? msg.to : [msg.to],
    subject: msg.subject,
    text: msg.text,
    ...(msg.html ? { html: msg.html } : {}),
  });
  const addr = (a: unknown) => (typeof a === 'string' ? a : String((a as { address?: string }).address ?? a));
  const accepted = ((info as { accepted?: unknown[] }).accepted ?? []).map(addr);
  const rejected = ((info as { rejected?: unknown[] }).rejected ?? []).map(addr);
  if (accepted.length === 0) throw new Error(`SMTP: no recipient accepted (${rejected.join(', ')})`);
  return { messageId: String((info as { messageId?: string }).messageId ?? ''), accepted, rejected };
}

// ---------------------------------------------------------------------------------------------------------------
// Outbox: webhooks

export interface WebhookMessage {
  url: string;
  event: string;
  data: unknown;
}

interface WebhookPayload {
  event: string;
  data: unknown;
}

export interface WebhookSender {
  /** HMAC-SHA256 key (config.webhookSecret) */
  secret: string;
  /** default 10 000 */
  timeoutMs?: number;
  /** default: global fetch */
  fetch?: typeof fetch;
}

/** Queue a webhook in the outbox; the URL must be http(s). Returns the outbox id. */
export async function queueWebhook(db: DbOrTx, msg: WebhookMessage): Promise<number> {
  if (typeof msg.url !== 'string' || !isHttpUrl(msg.url)) {
    throw ValidationError.one('url', 'Địa chỉ webhook phải bắt đầu bằng http:// hoặc https://');
  }
  const event = typeof msg.event === 'string' ? msg.event.trim() : '';
  if (!event) throw ValidationError.one('event', 'Nhập tên sự kiện');
  const payload: WebhookPayload = { event, data: msg.data ?? null };
  const rows = await db
    .insert(outbox)
    .values({ channel: 'webhook', recipient: msg.url, payload })
    .returning({ id: outbox.id });
  return rows[0]!.id;
}

/** `sha256=<hex HMAC-SHA256 of the body>`, the value of X-Tnmt-Signature. */
export function signWebhookBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** For receivers: check an X-Tnmt-Signature header against the raw body, in constant time. */
export function verifyWebhookSignature(body: string, signature: string | undefined | null, secret: string): boolean {
  if (!signature) return false;
  const expected = Buffer.from(signWebhookBody(body, secret));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** A failure that retrying will not fix (the receiver refused the request itself). */
export class PermanentDeliveryError extends Error {}

/** POST `{event, data, sentAt}` as JSON, signed; throws on a network error, a timeout or a non-2xx answer. */
export async function sendWebhook(
  sender: WebhookSender,
  msg: WebhookMessage,
  deliveryId?: number,
): Promise<{ status: number }> {
  const body = JSON.stringify({ event: msg.event, data: msg.data, sentAt: new Date().toISOString() });
  const headers: Record<string, string> = {
    'Content-Type': 'application/json; charset=utf-8',
    'User-Agent': 'tnmt-webhook',
    'X-Tnmt-Event': msg.event,
    'X-Tnmt-Signature': signWebhookBody(body, sender.secret),
  };
  if (deliveryId !== undefined) headers['X-Tnmt-Delivery'] = String(deliveryId);
  const doFetch = sender.fetch ?? fetch;
  const res = await doFetch(msg.url, {
    method: 'POST',
    headers,
    body,
    redirect: 'manual',
    signal: AbortSignal.timeout(sender.timeoutMs ?? 10_000),
  });
  await res.body?.cancel().catch(() => {});
  if (res.status >= 200 && res.status < 300) return { status: res.status };
  const reason = `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`;
  // 4xx means the request itself was refused; 408/425/429 are worth another try
  if (res.status >= 400 && res.status < 500 && ![408, 425, 429].includes(res.status)) {
    throw new PermanentDeliveryError(reason);
  }
  throw new Error(reason);
}

// ---------------------------------------------------------------------------------------------------------------
// Delivery

export const MAX_ATTEMPTS = 5;

export interface OutboxDeps {
  /** null/absent: e-mail rows stay pending */
  mailer?: Mailer | null;
  /** null/absent: webhook rows stay pending */
  webhook?: WebhookSender | null;
  logger?: JobsLogger;
}

export interface OutboxReport {
  sent: number;
  /** attempts that failed this run (rows stay pending until MAX_ATTEMPTS, then 'failed') */
  failed: number;
  /** rows that reached 'failed' this run */
  gaveUp: number;
  /** channels with pending rows but no sender configured */
  notConfigured: Channel[];
  /** pending rows left untouched because their channel is not configured */
  waiting: Record<Channel, number>;
  /** another delivery run holds the lock; nothing was done */
  busy: boolean;
}

/** Mailer and webhook sender from the configuration (either may be null). */
export function outboxDepsFromConfig(config: Config, logger?: JobsLogger): OutboxDeps {
  return {
    mailer: createMailer(config),
    webhook: config.webhookSecret ? { secret: config.webhookSecret } : null,
    ...(logger ? { logger } : {}),
  };
}

/**
 * Send up to `limit` pending outbox rows, oldest first. Each row ends as sent (sent_at set), or, on failure,
 * attempts + 1 and last_error, staying pending for the next run until MAX_ATTEMPTS failures (or a permanent
 * refusal) mark it failed. Channels without a configured sender are left pending and reported. One run at a time
 * (a PostgreSQL advisory lock, or an in-process lock on PGlite).
 */
export async function deliverOutbox(database: Database, deps: OutboxDeps, limit = 50): Promise<OutboxReport> {
  const report: OutboxReport = {
    sent: 0,
    failed: 0,
    gaveUp: 0,
    notConfigured: [],
    waiting: { email: 0, webhook: 0 },
    busy: false,
  };
  const ran = await withDeliveryLock(database, async () => {
    const configured: Channel[] = [];
    if (deps.mailer) configured.push('email');
    if (deps.webhook) configured.push('webhook');
    const pendingByChannel = await database.db
      .select({ channel: outbox.channel, n: count() })
      .from(outbox)
      .where(and(eq(outbox.status, 'pending'), lt(outbox.attempts, MAX_ATTEMPTS)))
      .groupBy(outbox.channel);
    for (const row of pendingByChannel) {
      const channel = row.channel as Channel;
      if ((channel === 'email' || channel === 'webhook') && !configured.includes(channel)) {
        report.waiting[channel] = Number(row.n);
        report.notConfigured.push(channel);
      }
    }
    if (configured.length === 0) return;
    const rows = await database.db
      .select()
      .from(outbox)
      .where(
        and(
          eq(outbox.status, 'pending'),
          lt(outbox.attempts, MAX_ATTEMPTS),
          inArray(outbox.channel, configured),
          lte(outbox.nextAttemptAt, sql`now()`),
        ),
      )
      .orderBy(outbox.id)
      .limit(limit);
    for (const row of rows) {
      let note: string | null = null;
      try {
        if (row.channel === 'email') {
          const p = row.payload as EmailPayload;
          const r = await sendEmail(deps.mailer!, p);
          if (r.rejected.length) note = `rejected: ${r.rejected.join(', ')}`;
        } else {
          const p = row.payload as WebhookPayload;
          await sendWebhook(deps.webhook!, { url: row.recipient, event: p.event, data: p.data }, row.id);
        }
      } catch (err) {
        const message = (err instanceof Error ? err.message : String(err)).slice(0, 2000) || 'error';
        const permanent = err instanceof PermanentDeliveryError || isPermanentSmtpError(err);
        const giveUp = permanent || row.attempts + 1 >= MAX_ATTEMPTS;
        await database.db
          .update(outbox)
          .set({
            attempts: sql`${outbox.attempts} + 1`,
            lastError: message,
            status: giveUp ? 'failed' : 'pending',
            nextAttemptAt: sql`now() + make_interval(mins => ${2 ** row.attempts})`,
          })
          .where(eq(outbox.id, row.id));
        report.failed++;
        if (giveUp) report.gaveUp++;
        deps.logger?.warn(
          { outboxId: row.id, channel: row.channel, attempts: row.attempts + 1, giveUp, error: message },
          'outbox delivery failed',
        );
        continue;
      }
      await database.db
        .update(outbox)
        .set({ status: 'sent', sentAt: sql`now()`, attempts: sql`${outbox.attempts} + 1`, lastError: note })
        .where(eq(outbox.id, row.id));
      report.sent++;
    }
  });
  report.busy = !ran;
  if (report.notConfigured.length) {
    deps.logger?.info({ waiting: report.waiting }, `outbox: not configured: ${report.notConfigured.join(', ')}`);
  }
  return report;
}

function isPermanentSmtpError(err: unknown): boolean {
  const code = (err as { responseCode?: unknown })?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

const pgliteLocks = new WeakSet<object>();

/** Run `fn` unless another delivery holds the lock; false when it was busy. */
async function withDeliveryLock(database: Database, fn: () => Promise<void>): Promise<boolean> {
  if (database.engine === 'postgres' && database.pool) {
    const client = await database.pool.connect();
    let broken: Error | undefined;
    try {
      const { rows } = await client.query<{ ok: boolean }>(
        `SELECT pg_try_advisory_lock(hashtextextended('tnmt.outbox', 0)) AS ok`,
      );
      if (!rows[0]?.ok) return false;
      try {
        await fn();
      } finally {
        await client.query(`SELECT pg_advisory_unlock(hashtextextended('tnmt.outbox', 0))`).catch((e: Error) => {
          broken = e;
        });
      }
      return true;
    } finally {
      client.release(broken);
    }
  }
  const key = database.pglite ?? database;
  if (pgliteLocks.has(key)) return false;
  pgliteLocks.add(key);
  try {
    await fn();
    return true;
  } finally {
    pgliteLocks.delete(key);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Job

export const OUTBOX_JOB = 'outbox-deliver';

export interface OutboxJob {
  /** ask for a delivery soon (after queueing a message); at most one waits at a time */
  kick(): Promise<string | null>;
}

/** Deliver the outbox every minute (cron in Asia/Ho_Chi_Minh) and on kick(). */
export async function registerOutboxJob(
  jobs: Jobs,
  database: Database,
  deps: OutboxDeps,
  opts: { cron?: string; limit?: number } = {},
): Promise<OutboxJob> {
  await jobs.work(OUTBOX_JOB, async () => {
    await deliverOutbox(database, deps, opts.limit ?? 50);
  });
  await jobs.schedule(OUTBOX_JOB, opts.cron ?? '* * * * *', {}, { tz: TIME_ZONE });
  return {
    kick: () => jobs.send(OUTBOX_JOB, {}, { singletonKey: 'kick', retryLimit: 0 }),
  };
}
