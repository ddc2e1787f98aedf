import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { users } from '../modules/org/schema.js';
import { filesDirOf, type Config } from './config.js';
import { type Database, migrateDatabase, openDatabase } from './db/index.js';
import { type DemoProgress, loadDemo } from './demo.js';
import { createFileStore } from './files/index.js';
import type { AppContext, AppModule } from './http.js';
import { createJobs } from './jobs/index.js';
import { translator } from './i18n/index.js';
import { Page, ProgressIndicator, renderPage } from '../ui/index.js';

export async function openConfiguredDatabase(config: Config): Promise<Database> {
  return openDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: `${config.dataDir}/db` });
}

/** Migrate, load reference data, and — on an empty database, if asked — the demo data set. */
export async function prepareDatabase(
  database: Database,
  modules: AppModule[],
  opts: { demo: boolean; onProgress?: (p: DemoProgress) => void; /** only these demo parts (tests) */ demoParts?: string[] },
): Promise<{ demoLoaded: boolean; announcements: string[] }> {
  // Progress: migrations 0–10%, reference data 10–30%, demo data 30–100%.
  const report = (fraction: number, label: string) => opts.onProgress?.({ fraction, label });
  report(0, 'cập nhật cấu trúc dữ liệu');
  await migrateDatabase(database);
  report(0.1, 'dữ liệu tham chiếu');
  for (const [i, m] of modules.entries()) {
    await m.reference?.(database);
    report(0.1 + (0.2 * (i + 1)) / modules.length, 'dữ liệu tham chiếu');
  }
  if (!opts.demo) return { demoLoaded: false, announcements: [] };
  const [{ n } = { n: 0 }] = await database.db.select({ n: sql<number>`count(*)::int` }).from(users);
  if (n > 0) return { demoLoaded: false, announcements: [] };
  const parts = modules.flatMap((m) => (m.demo && (!opts.demoParts || opts.demoParts.includes(m.demo.name)) ? [m.demo] : []));
  const announcements = await loadDemo(database, parts, {
    onProgress: (p) => report(0.3 + 0.7 * p.fraction, `dữ liệu mẫu: ${p.label}`),
  });
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
    const asset = BOOT_ASSETS[req.url ?? ''];
    if (asset) {
      res.writeHead(200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'no-cache' });
      createReadStream(asset).pipe(res);
      return;
    }
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

const require = createRequire(import.meta.url);
/** The two stylesheets the starting page uses, served before the app is ready. */
const BOOT_ASSETS: Record<string, string> = {
  '/assets/tnmt.css': fileURLToPath(new URL('../ui/assets/tnmt.css', import.meta.url)),
  '/assets/govuk/govuk-frontend.min.css': join(
    dirname(require.resolve('govuk-frontend/package.json')),
    'dist/govuk/govuk-frontend.min.css',
  ),
};

function startingPage(orgName: string, pct: number, label: string) {
  const t = translator('vi');
  return renderPage(
    <Page title="Đăng nhập" locale="vi" t={t} orgName={orgName} variant="backoffice" currentPath="/dang-nhap" refreshSeconds={2}>
      <h1 class="govuk-heading-l">Đăng nhập</h1>
      <p class="govuk-body">
        Hệ thống đang khởi động và chuẩn bị dữ liệu. Trang sẽ tự tải lại; biểu mẫu đăng nhập hiện ra khi xong.
      </p>
      <ProgressIndicator t={t} label={`Tiến độ chuẩn bị dữ liệu${label ? ` (${label})` : ''}`} value={pct} reloadHref="/dang-nhap" />
    </Page>,
  );
}
