import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { loadConfig } from '../config.js';
import { createContext, prepareDatabase } from '../boot.js';
import type { Database } from '../db/index.js';
import type { AppContext } from '../http.js';
import { MODULES } from '../../modules/index.js';
import { buildApp } from '../../server.js';
import { createTestDatabase } from './db.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  ctx: AppContext;
  close(): Promise<void>;
}

/**
 * The whole app on a fresh test database with reference data and, by default, the demo users only; pass
 * `demoParts` for more of the demo data set (the 2023 dossiers take seconds to load).
 */
export async function createTestApp(opts: { demo?: boolean; demoParts?: string[] } = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  await prepareDatabase(database, MODULES, { demo: opts.demo ?? true, demoParts: opts.demoParts ?? ['users'] });
  const dataDir = mkdtempSync(join(tmpdir(), 'tnmt-test-'));
  const config = loadConfig({ dataDir, logLevel: 'silent', sessionSecret: 'x'.repeat(40) }, {});
  const ctx = createContext(database, config);
  const app = await buildApp(ctx, { modules: MODULES, logger: false });
  await app.ready();
  return {
    app,
    database,
    ctx,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/** A browser-like client for app.inject: keeps cookies, reads the CSRF token from pages. */
export class TestClient {
  private cookies = new Map<string, string>();
  csrf = '';
  /** each client may come from its own address, so per-IP rate limits of one test do not hit another */
  constructor(
    private readonly app: FastifyInstance,
    private readonly remoteAddress = '127.0.0.1',
  ) {}

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: LightMyRequestResponse) {
    for (const c of res.cookies) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const m = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (m) this.csrf = m[1]!;
    return res;
  }

  async get(url: string) {
    return this.keep(await this.app.inject({ method: 'GET', url, remoteAddress: this.remoteAddress, headers: { cookie: this.cookieHeader() } }));
  }

  /** POST a form; the CSRF token of the last page read is added unless the form gives one. */
  async post(url: string, form: Record<string, string | string[]> = {}, opts: { csrf?: boolean } = {}) {
    const body = new URLSearchParams();
    if (opts.csrf !== false && !('_csrf' in form)) body.append('_csrf', this.csrf);
    for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
    return this.keep(
      await this.app.inject({
        method: 'POST',
        url,
        remoteAddress: this.remoteAddress,
        headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
        payload: body.toString(),
      }),
    );
  }

  async request(method: string, url: string, payload?: unknown) {
    return this.keep(
      await this.app.inject({
        method: method as 'GET',
        url,
        remoteAddress: this.remoteAddress,
        headers: { cookie: this.cookieHeader(), 'x-csrf-token': this.csrf, ...(payload ? { 'content-type': 'application/json' } : {}) },
        ...(payload ? { payload: JSON.stringify(payload) } : {}),
      }),
    );
  }

  /** POST a multipart form with one file; the CSRF token travels in the query string, as the kit's Form does. */
  async upload(url: string, field: string, file: { name: string; type: string; bytes: Uint8Array }, fields: Record<string, string> = {}) {
    const boundary = `----tnmt${Math.random().toString(16).slice(2)}`;
    const parts: Buffer[] = [];
    for (const [k, v] of Object.entries(fields))
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
      Buffer.from(file.bytes),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    );
    const sep = url.includes('?') ? '&' : '?';
    return this.keep(
      await this.app.inject({
        method: 'POST',
        url: `${url}${sep}_csrf=${encodeURIComponent(this.csrf)}`,
        remoteAddress: this.remoteAddress,
        headers: { cookie: this.cookieHeader(), 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: Buffer.concat(parts),
      }),
    );
  }

  async signIn(username: string, password: string) {
    await this.get('/dang-nhap');
    const res = await this.post('/dang-nhap', { username, password });
    if (res.statusCode !== 303) throw new Error(`sign-in of ${username} failed: ${res.statusCode}`);
    await this.get('/');
    return res;
  }
}
