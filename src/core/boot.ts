import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { users } from '../modules/org/schema.js';
import { filesDirOf, type Config } from './config.js';
import { type Database, migrateDatabase, openDatabase } from './db/index.js';
import { type DemoProgress, loadDemo } from './demo.js';
import { createFileStore } from './files/index.js';
import type { AppContext, AppModule } from './http.js';
import { createJobs } from './jobs/index.js';

export async function openConfiguredDatabase(config: Config): Promise<Database> {
  return openDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: `${config.dataDir}/db` });
}

/** Migrate, load reference data, and — on an empty database, if asked — the demo data set. */
export async function prepareDatabase(
  database: Database,
  modules: AppModule[],
  opts: { demo: boolean; onProgress?: (p: DemoProgress) => void },
): Promise<{ demoLoaded: boolean; announcements: string[] }> {
  opts.onProgress?.({ fraction: 0, label: 'migrate' });
  await migrateDatabase(database);
  for (const m of modules) await m.reference?.(database);
  if (!opts.demo) return { demoLoaded: false, announcements: [] };
  const [{ n } = { n: 0 }] = await database.db.select({ n: sql<number>`count(*)::int` }).from(users);
  if (n > 0) return { demoLoaded: false, announcements: [] };
  const parts = modules.flatMap((m) => (m.demo ? [m.demo] : []));
  const announcements = await loadDemo(database, parts, { onProgress: opts.onProgress });
  return { demoLoaded: true, announcements };
}

export function createContext(database: Database, config: Config): AppContext {
  return {
    database,
    config,
    files: createFileStore({ dir: filesDirOf(config), maxBytes: config.maxUploadBytes }),
    jobs: createJobs(database),
  };
}

/**
 * An HTTP server that answers at once: while the database is prepared it serves a "starting" page with the
 * progress of the load (refreshing itself), then hands every request to the Fastify app.
 */
export class BootServer {
  readonly server: Server;
  private handler?: (req: IncomingMessage, res: ServerResponse) => void;
  private progress: DemoProgress = { fraction: 0, label: '' };

  constructor(private readonly orgName: string) {
    this.server = createServer((req, res) => (this.handler ? this.handler(req, res) : this.starting(req, res)));
  }

  listen(port: number, host: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
  }

  setProgress(p: DemoProgress) {
    this.progress = p;
  }

  /** Fastify calls this from its serverFactory: requests go to the app from now on. */
  factory = (handler: (req: IncomingMessage, res: ServerResponse) => void) => {
    this.pendingHandler = handler;
    return this.server;
  };
  private pendingHandler?: (req: IncomingMessage, res: ServerResponse) => void;

  async handOver(app: FastifyInstance) {
    await app.ready();
    this.handler = this.pendingHandler;
  }

  private starting(req: IncomingMessage, res: ServerResponse) {
    const pct = Math.round(this.progress.fraction * 100);
    if (req.url?.startsWith('/healthz')) {
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '2' });
      res.end(JSON.stringify({ status: 'starting', progress: pct }));
      return;
    }
    res.writeHead(503, { 'content-type': 'text/html; charset=utf-8', 'retry-after': '2', refresh: '2' });
    res.end(startingPage(this.orgName, pct, this.progress.label));
  }
}

function escapeHtml(s: string) {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function startingPage(orgName: string, pct: number, label: string) {
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="2"><title>Đăng nhập – tnmt</title>
<link rel="stylesheet" href="/assets/govuk/govuk-frontend.min.css"><link rel="stylesheet" href="/assets/tnmt.css"></head>
<body class="govuk-template__body"><header class="tnmt-header"><div class="govuk-width-container"><span class="tnmt-header__org">${escapeHtml(orgName)}</span></div></header>
<div class="govuk-width-container"><main class="govuk-main-wrapper" id="main-content">
<h1 class="govuk-heading-l">Đăng nhập</h1>
<p class="govuk-body">Hệ thống đang khởi động và chuẩn bị dữ liệu. Trang sẽ tự tải lại; biểu mẫu đăng nhập hiện ra khi xong.</p>
<label class="govuk-label" for="boot-progress">Tiến độ chuẩn bị dữ liệu${label ? ` (${escapeHtml(label)})` : ''}: ${pct}%</label>
<progress id="boot-progress" max="100" value="${pct}">${pct}%</progress>
</main></div></body></html>`;
}
