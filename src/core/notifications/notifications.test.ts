import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../db/index.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { createJobs, TIME_ZONE } from '../jobs/index.js';
import { createTestDatabase } from '../testing/db.js';
import {
  createMailer,
  deliverOutbox,
  listNotifications,
  type Mailer,
  markRead,
  notify,
  OUTBOX_JOB,
  queueEmail,
  queueWebhook,
  registerOutboxJob,
  unreadCount,
  verifyWebhookSignature,
} from './index.js';

// ---------------------------------------------------------------------------------------------------------------
// a local SMTP sink and a minimal MIME reader

interface Received {
  rcptTo: string[];
  raw: string;
}

function startSmtpSink(received: Received[]): Promise<{ server: SMTPServer; port: number }> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.endsWith('@khong-ton-tai.test')) {
        const err = new Error('Mailbox does not exist') as Error & { responseCode: number };
        err.responseCode = 550;
        return callback(err);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.server.address() as AddressInfo).port }));
  });
}

function header(raw: string, name: string): string | undefined {
  const head = raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
  const line = head.split('\r\n').find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1).trim();
}

function decodeWords(s: string): string {
  return s.replace(/\?=\s+=\?/g, '?==?').replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_m, _cs, enc: string, text: string) => {
    if (enc.toUpperCase() === 'B') return Buffer.from(text, 'base64').toString('utf8');
    const bytes = text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  });
}

function textBody(raw: string): string {
  const body = raw.slice(raw.indexOf('\r\n\r\n') + 4);
  const cte = header(raw, 'Content-Transfer-Encoding')?.toLowerCase();
  if (cte === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (cte === 'quoted-printable') {
    const bytes = body
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

// ---------------------------------------------------------------------------------------------------------------
// a local webhook receiver

interface Hit {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

function startReceiver(hits: Hit[], answer: () => number | 'hang'): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hits.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const status = answer();
      if (status === 'hang') return;
      res.writeHead(status, { 'Content-Type': 'text/plain' }).end('ok');
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    );
  });
}

async function outboxRow(database: Database, id: number) {
  const rows = await database.query<{
    status: string;
    attempts: number;
    last_error: string | null;
    sent_at: Date | null;
    recipient: string;
  }>(`SELECT status, attempts, last_error, sent_at, recipient FROM outbox WHERE id = $1`, [id]);
  return rows[0]!;
}

async function waitFor(cond: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const SECRET = 'bi-mat-webhook-cua-so-tnmt-soc-trang';

describe('notifications', () => {
  let database: Database;
  let an: number;
  let binh: number;
  const received: Received[] = [];
  let smtp: SMTPServer;
  let smtpPort: number;
  let mailer: Mailer;
  const hits: Hit[] = [];
  let answer: number | 'hang' = 200;
  let receiver: Server;
  let base: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const [unit] = await database.query<{ id: number }>(
      `INSERT INTO admin_units (code, name, unit_type, level, valid_from) VALUES ('94', 'Tỉnh Sóc Trăng', 'tinh', 1, '2004-01-01') RETURNING id`,
    );
    const [org] = await database.query<{ id: number }>(
      `INSERT INTO org_units (code, name, kind, admin_unit_id, valid_from)
       VALUES ('STNMT-ST', 'Sở Tài nguyên và Môi trường', 'department', $1, '2004-01-01') RETURNING id`,
      [unit!.id],
    );
    const users = await database.query<{ id: number }>(
      `INSERT INTO users (username, full_name, password_hash, org_unit_id)
       VALUES ('an', 'Nguyễn Văn Ân', 'x', $1), ('binh', 'Trần Thị Bình', 'x', $1) RETURNING id`,
      [org!.id],
    );
    an = users[0]!.id;
    binh = users[1]!.id;
    ({ server: smtp, port: smtpPort } = await startSmtpSink(received));
    mailer = createMailer({
      smtpUrl: `smtp://127.0.0.1:${smtpPort}/?ignoreTLS=true`,
      mailFrom: 'Sở TNMT Sóc Trăng <no-reply@stnmt.soctrang.gov.vn>',
    })!;
    ({ server: receiver, base } = await startReceiver(hits, () => answer));
  });
  afterAll(async () => {
    mailer?.close();
    await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
    await new Promise<void>((r) => (receiver ? receiver.close(() => r()) : r()));
    receiver?.closeAllConnections();
    await database?.close();
  });
  beforeEach(async () => {
    await database.exec('DELETE FROM outbox');
    received.length = 0;
    hits.length = 0;
    answer = 200;
  });

  describe('in-app', () => {
    it('lists, counts and marks a user’s own notifications', async () => {
      const first = await notify(database.db, an, { title: 'Hồ sơ mới', body: 'Có 1 hồ sơ chờ xử lý', link: '/ho-so/1' });
      const second = await database.db.transaction((tx) => notify(tx, an, { title: 'Nhiệm vụ sắp đến hạn' }));
      const other = await notify(database.db, binh, { title: 'Của Bình' });

      const list = await listNotifications(database.db, an, { limit: 10 });
      expect(list.map((n) => n.id)).toEqual([second, first]);
      expect(list[1]).toMatchObject({ title: 'Hồ sơ mới', body: 'Có 1 hồ sơ chờ xử lý', link: '/ho-so/1', readAt: null });
      expect(await unreadCount(database.db, an)).toBe(2);
      expect(await unreadCount(database.db, binh)).toBe(1);

      // Bình cannot mark Ân's notification, and learns nothing about it
      await expect(markRead(database.db, binh, first)).rejects.toBeInstanceOf(NotFoundError);
      await expect(markRead(database.db, binh, 999_999)).rejects.toBeInstanceOf(NotFoundError);
      expect(await unreadCount(database.db, an)).toBe(2);

      expect(await markRead(database.db, an, first)).toBe(1);
      expect(await markRead(database.db, an, first)).toBe(0);
      expect((await listNotifications(database.db, an, { unreadOnly: true, limit: 10 })).map((n) => n.id)).toEqual([second]);
      expect(await markRead(database.db, an, 'all')).toBe(1);
      expect(await unreadCount(database.db, an)).toBe(0);
      expect(await unreadCount(database.db, binh)).toBe(1);
      expect((await listNotifications(database.db, binh, { limit: 1 }))[0]?.id).toBe(other);
      expect((await listNotifications(database.db, an, { limit: 1 })).length).toBe(1);
    });

    it('refuses an empty title and unsafe links', async () => {
      const e1 = await notify(database.db, an, { title: '  ' }).catch((x: unknown) => x);
      expect((e1 as ValidationError).fields).toEqual([{ field: 'title', message: expect.any(String) }]);
      for (const link of ['javascript:alert(1)', '//evil.example/x', 'data:text/html,hi']) {
        const e = await notify(database.db, an, { title: 'x', link }).catch((x: unknown) => x);
        expect(e).toBeInstanceOf(ValidationError);
        expect((e as ValidationError).fields[0]!.field).toBe('link');
      }
      await notify(database.db, an, { title: 'x', link: 'https://dichvucong.gov.vn/p/home/dvc-tra-cuu-ho-so.html' });
    });
  });

  describe('e-mail', () => {
    it('validates recipients and subject when queueing', async () => {
      const bad = await queueEmail(database.db, { to: 'khong-phai-email', subject: 'x', text: 'y' }).catch((x: unknown) => x);
      expect((bad as ValidationError).fields[0]).toEqual({
        field: 'to',
        message: 'Địa chỉ e-mail không hợp lệ: khong-phai-email',
      });
      const header = await queueEmail(database.db, { to: 'a@b.vn', subject: 'x\r\nBcc: c@d.vn', text: 'y' }).catch(
        (x: unknown) => x,
      );
      expect((header as ValidationError).fields[0]!.field).toBe('subject');
    });

    it('leaves e-mail pending and says so when no SMTP server is configured', async () => {
      const id = await queueEmail(database.db, { to: 'an@stnmt.soctrang.gov.vn', subject: 'Thử', text: 'Nội dung' });
      expect(createMailer({ mailFrom: 'x <x@y.vn>' })).toBeNull();
      const report = await deliverOutbox(database, { mailer: null, webhook: null });
      expect(report).toMatchObject({ sent: 0, failed: 0, notConfigured: ['email'], waiting: { email: 1, webhook: 0 }, busy: false });
      expect(await outboxRow(database, id)).toMatchObject({ status: 'pending', attempts: 0, last_error: null });
    });

    it('delivers to an SMTP server, keeping Vietnamese intact', async () => {
      const subject = 'Hồ sơ 000.00.22.H52-240109-0001 đã được tiếp nhận';
      const text = 'Kính gửi ông Nguyễn Văn Ân,\nSở Tài nguyên và Môi trường đã tiếp nhận hồ sơ cấp giấy phép khai thác nước dưới đất.\nNgày hẹn trả: 09/01/2024.';
      const id = await database.db.transaction((tx) =>
        queueEmail(tx, { to: ['an@stnmt.soctrang.gov.vn'], subject, text }),
      );
      const report = await deliverOutbox(database, { mailer, webhook: null });
      expect(report).toMatchObject({ sent: 1, failed: 0, notConfigured: [], busy: false });
      const row = await outboxRow(database, id);
      expect(row).toMatchObject({ status: 'sent', attempts: 1, last_error: null, recipient: 'an@stnmt.soctrang.gov.vn' });
      expect(row.sent_at).toBeInstanceOf(Date);

      expect(received).toHaveLength(1);
      const msg = received[0]!;
      expect(msg.rcptTo).toEqual(['an@stnmt.soctrang.gov.vn']);
      expect(header(msg.raw, 'To')).toBe('an@stnmt.soctrang.gov.vn');
      expect(decodeWords(header(msg.raw, 'Subject')!)).toBe(subject);
      expect(decodeWords(header(msg.raw, 'From')!)).toBe('Sở TNMT Sóc Trăng <no-reply@stnmt.soctrang.gov.vn>');
      expect(header(msg.raw, 'Content-Type')).toMatch(/text\/plain; charset=utf-8/i);
      expect(textBody(msg.raw).replace(/\r\n/g, '\n').trimEnd()).toBe(text);
    });

    it('records failures: retried while attempts < 5, refused recipients given up at once', async () => {
      const refused = await queueEmail(database.db, { to: 'ai-do@khong-ton-tai.test', subject: 'Thử', text: 'x' });
      let report = await deliverOutbox(database, { mailer });
      expect(report).toMatchObject({ sent: 0, failed: 1, gaveUp: 1 });
      const r = await outboxRow(database, refused);
      expect(r).toMatchObject({ status: 'failed', attempts: 1 });
      expect(r.last_error).toMatch(/550|Mailbox does not exist/);

      const down = createMailer({ smtpUrl: 'smtp://127.0.0.1:1/?ignoreTLS=true', mailFrom: 'x <x@y.vn>' })!;
      const id = await queueEmail(database.db, { to: 'an@stnmt.soctrang.gov.vn', subject: 'Thử lại', text: 'x' });
      for (let i = 1; i <= 5; i++) {
        if (i > 1) {
          // backing off: not retried before next_attempt_at (2^(i-2) minutes later)
          expect((await deliverOutbox(database, { mailer: down })).failed).toBe(0);
          const wait = await database.query<{ minutes: number }>(
            `SELECT round(extract(epoch FROM next_attempt_at - now()) / 60)::int AS minutes FROM outbox WHERE id = $1`,
            [id],
          );
          expect(wait[0]!.minutes).toBe(2 ** (i - 2));
          await retryNow(database);
        }
        report = await deliverOutbox(database, { mailer: down });
        expect(report.failed).toBe(1);
        const row = await outboxRow(database, id);
        expect(row.attempts).toBe(i);
        expect(row.status).toBe(i < 5 ? 'pending' : 'failed');
        expect(row.last_error).toMatch(/ECONNREFUSED|connect/i);
      }
      report = await deliverOutbox(database, { mailer: down });
      expect(report.failed).toBe(0);
      expect((await outboxRow(database, id)).attempts).toBe(5);
      down.close();
    });
  });

  describe('webhooks', () => {
    it('accepts only http(s) URLs', async () => {
      for (const url of ['ftp://example.vn/x', 'javascript:alert(1)', 'khong phai url', '']) {
        const e = await queueWebhook(database.db, { url, event: 'dossier.received', data: {} }).catch((x: unknown) => x);
        expect(e).toBeInstanceOf(ValidationError);
        expect((e as ValidationError).fields[0]!.field).toBe('url');
      }
    });

    it('POSTs {event, data, sentAt} signed with HMAC-SHA256', async () => {
      const data = { code: '000.00.22.H52-240109-0001', applicant: 'Nguyễn Văn Ân', fee: 1_700_000 };
      const id = await database.db.transaction((tx) =>
        queueWebhook(tx, { url: `${base}/hook?src=tnmt`, event: 'dossier.received', data }),
      );
      const report = await deliverOutbox(database, { webhook: { secret: SECRET } });
      expect(report).toMatchObject({ sent: 1, failed: 0 });
      expect(hits).toHaveLength(1);
      const hit = hits[0]!;
      expect(hit.method).toBe('POST');
      expect(hit.url).toBe('/hook?src=tnmt');
      expect(hit.headers['content-type']).toMatch(/^application\/json/);
      expect(hit.headers['x-tnmt-delivery']).toBe(String(id));
      const body = JSON.parse(hit.body);
      expect(body).toEqual({ event: 'dossier.received', data, sentAt: expect.any(String) });
      expect(Number.isNaN(Date.parse(body.sentAt))).toBe(false);
      const expected = `sha256=${createHmac('sha256', SECRET).update(hit.body).digest('hex')}`;
      expect(hit.headers['x-tnmt-signature']).toBe(expected);
      expect(verifyWebhookSignature(hit.body, hit.headers['x-tnmt-signature'] as string, SECRET)).toBe(true);
      expect(verifyWebhookSignature(hit.body, expected, 'sai-khoa')).toBe(false);
      expect(await outboxRow(database, id)).toMatchObject({ status: 'sent', attempts: 1 });
    });

    it('records non-2xx answers and timeouts; a 4xx refusal is not retried', async () => {
      const id = await queueWebhook(database.db, { url: `${base}/hook`, event: 'e', data: 1 });
      answer = 503;
      let report = await deliverOutbox(database, { webhook: { secret: SECRET } });
      expect(report).toMatchObject({ sent: 0, failed: 1, gaveUp: 0 });
      expect(await outboxRow(database, id)).toMatchObject({ status: 'pending', attempts: 1, last_error: 'HTTP 503 Service Unavailable' });

      answer = 'hang';
      await retryNow(database);
      report = await deliverOutbox(database, { webhook: { secret: SECRET, timeoutMs: 300 } });
      expect(report.failed).toBe(1);
      const timedOut = await outboxRow(database, id);
      expect(timedOut).toMatchObject({ status: 'pending', attempts: 2 });
      expect(timedOut.last_error).toMatch(/timeout|aborted/i);

      answer = 200;
      await retryNow(database);
      report = await deliverOutbox(database, { webhook: { secret: SECRET } });
      expect(await outboxRow(database, id)).toMatchObject({ status: 'sent', attempts: 3 });

      const gone = await queueWebhook(database.db, { url: `${base}/gone`, event: 'e', data: 1 });
      answer = 404;
      report = await deliverOutbox(database, { webhook: { secret: SECRET } });
      expect(report).toMatchObject({ failed: 1, gaveUp: 1 });
      expect(await outboxRow(database, gone)).toMatchObject({ status: 'failed', attempts: 1, last_error: 'HTTP 404 Not Found' });
    });

    it('keeps webhooks pending when no secret is configured', async () => {
      const id = await queueWebhook(database.db, { url: `${base}/hook`, event: 'e', data: null });
      const report = await deliverOutbox(database, { mailer, webhook: null });
      expect(report).toMatchObject({ notConfigured: ['webhook'], waiting: { webhook: 1, email: 0 } });
      expect(hits).toHaveLength(0);
      expect(await outboxRow(database, id)).toMatchObject({ status: 'pending', attempts: 0 });
    });

    it('runs one delivery at a time', async () => {
      await queueWebhook(database.db, { url: `${base}/hook`, event: 'e', data: 1 });
      let release!: () => void;
      const gate = new Promise<void>((r) => {
        release = r;
      });
      let called = false;
      const slowFetch: typeof fetch = async (input, init) => {
        called = true;
        await gate;
        return fetch(input, init);
      };
      const first = deliverOutbox(database, { webhook: { secret: SECRET, fetch: slowFetch } });
      await waitFor(() => called);
      const second = await deliverOutbox(database, { webhook: { secret: SECRET } });
      expect(second.busy).toBe(true);
      release();
      expect((await first).sent).toBe(1);
      expect(hits).toHaveLength(1);
    });
  });

  describe('outbox job', () => {
    it('schedules delivery every minute and delivers on kick', async () => {
      const jobs = createJobs(database, { info() {}, warn() {}, error() {} }, { pollingIntervalSeconds: 0.5 });
      try {
        const outboxJob = await registerOutboxJob(jobs, database, { mailer, webhook: { secret: SECRET } });
        await jobs.start();
        const s = (await jobs.schedules()).find((x) => x.name === OUTBOX_JOB);
        expect(s).toMatchObject({ cron: '* * * * *', tz: TIME_ZONE });
        expect(s!.nextRun!.getTime() - Date.now()).toBeLessThanOrEqual(60_000);

        const mail = await queueEmail(database.db, { to: 'binh@stnmt.soctrang.gov.vn', subject: 'Nhắc việc', text: 'Báo cáo quý' });
        const hook = await queueWebhook(database.db, { url: `${base}/hook`, event: 'task.due', data: { id: 7 } });
        expect(await outboxJob.kick()).toEqual(expect.any(String));
        await waitFor(async () => (await outboxRow(database, mail)).status === 'sent' && (await outboxRow(database, hook)).status === 'sent');
        expect(received.map((m) => m.rcptTo)).toEqual([['binh@stnmt.soctrang.gov.vn']]);
        expect(hits).toHaveLength(1);
      } finally {
        await jobs.stop();
      }
    });
  });
});

/** Let time pass for the outbox: every backed-off row is due now. */
async function retryNow(database: Database) {
  await database.query(`UPDATE outbox SET next_attempt_at = now() WHERE status = 'pending'`);
}
