import { Command, CommanderError, Option } from 'commander';
import { SingleBar } from 'cli-progress';
import { BootServer, createContext, openConfiguredDatabase, prepareDatabase } from './core/boot.js';
import { type CliContext, CliUsageError } from './core/cli-kit.js';
import { ConfigError, type Config, loadConfig } from './core/config.js';
import type { Database } from './core/db/index.js';
import { ValidationError } from './core/errors.js';
import { MODULES } from './modules/index.js';
import { outboxDepsFromConfig, registerOutboxJob } from './core/notifications/index.js';
import { buildApp } from './server.js';

/** The `tnmt` command. Every sub-command has --help; bad input prints one line and exits non-zero. */
export interface ProgramOptions {
  out?: (l: string) => void;
  err?: (l: string) => void;
  /** an already open database (tests); otherwise opened from the configuration on first use */
  database?: Database;
}

export function buildProgram(overrides: ProgramOptions = {}) {
  const program = new Command('tnmt')
    .description('tnmt — hệ thống thông tin tài nguyên và môi trường')
    .addOption(new Option('--data <dir>', 'thư mục dữ liệu PGlite (mặc định ./data, hoặc TNMT_DATA)'))
    .showHelpAfterError('(tnmt --help để xem hướng dẫn)')
    .exitOverride();
  const out = overrides.out ?? ((l: string) => process.stdout.write(`${l}\n`));
  if (overrides.out || overrides.err)
    program.configureOutput({
      writeOut: (s) => out(s.trimEnd()),
      writeErr: (s) => (overrides.err ?? ((l: string) => process.stderr.write(`${l}\n`)))(s.trimEnd()),
    });
  let config: Config | undefined;
  let database: Database | undefined = overrides.database;
  const ownsDatabase = !overrides.database;
  const ctx: CliContext = {
    config: () => {
      config ??= loadConfig({ dataDir: program.opts().data });
      return config;
    },
    async openDb() {
      if (database) return database;
      database = await openConfiguredDatabase(ctx.config());
      await prepareDatabase(database, MODULES, { demo: false });
      return database;
    },
    out,
  };

  program
    .command('serve')
    .description('chạy hệ thống web (mặc định http://localhost:3000)')
    .option('--port <n>', 'cổng (mặc định 3000 hoặc PORT)')
    .option('--no-demo', 'không nạp dữ liệu mẫu vào cơ sở dữ liệu trống')
    .action(async (opts: { port?: string; demo: boolean }) => {
      if (opts.port !== undefined && !/^\d{1,5}$/.test(opts.port)) throw new CliUsageError(`--port: "${opts.port}" không phải số cổng`);
      config = loadConfig({ dataDir: program.opts().data, port: opts.port });
      await serve(config, opts.demo, out);
    });

  program
    .command('migrate')
    .description('áp dụng các migration và dữ liệu tham chiếu (đơn vị hành chính, lịch làm việc)')
    .action(async () => {
      const d = await ctx.openDb();
      out(`Đã cập nhật cơ sở dữ liệu (${d.engine}).`);
    });

  program
    .command('demo')
    .description('nạp dữ liệu mẫu vào cơ sở dữ liệu trống')
    .action(async () => {
      database ??= await openConfiguredDatabase(ctx.config());
      const bar = progressBar();
      const r = await prepareDatabase(database, MODULES, { demo: true, onProgress: (p) => bar?.update(Math.round(p.fraction * 100)) });
      bar?.stop();
      if (!r.demoLoaded) throw new CliUsageError('cơ sở dữ liệu đã có người dùng; dữ liệu mẫu chỉ nạp vào cơ sở dữ liệu trống');
      for (const l of r.announcements) out(l);
    });

  for (const m of MODULES) m.cli?.(program, ctx);

  return {
    program,
    async close() {
      if (ownsDatabase) await database?.close();
    },
  };
}

function progressBar() {
  if (!process.stderr.isTTY) return undefined;
  const bar = new SingleBar({ format: 'Dữ liệu mẫu [{bar}] {percentage}%', stream: process.stderr, hideCursor: true });
  bar.start(100, 0);
  return bar;
}

async function serve(config: Config, demo: boolean, out: (l: string) => void) {
  const started = Date.now();
  const boot = new BootServer(config.orgName);
  await boot.listen(config.port, config.host);
  out(`tnmt đang khởi động tại http://localhost:${config.port} …`);
  boot.setProgress({ fraction: 0.02, label: 'mở cơ sở dữ liệu' });
  const database = await openConfiguredDatabase(config);
  let lastPct = -1;
  const prepared = await prepareDatabase(database, MODULES, {
    demo,
    onProgress: (p) => {
      // opening the database is the first 20% of a cold start
      boot.setProgress({ fraction: 0.2 + 0.8 * p.fraction, label: p.label });
      const pct = Math.floor(p.fraction * 10) * 10;
      if (pct !== lastPct) {
        lastPct = pct;
        if (pct > 0) out(`  chuẩn bị dữ liệu: ${pct}% (${p.label})`);
      }
    },
  });
  const ctx = createContext(database, config);
  const app = await buildApp(ctx, { modules: MODULES, serverFactory: boot.factory });
  await ctx.jobs.start();
  await registerOutboxJob(ctx.jobs, database, outboxDepsFromConfig(config, app.log));
  await boot.handOver(app);
  out(`tnmt sẵn sàng tại http://localhost:${config.port} (${database.engine}, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (prepared.announcements.length) {
    out('Tài khoản dùng thử (dữ liệu mẫu):');
    for (const l of prepared.announcements) out(`  ${l}`);
  }
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    try {
      await app.close();
      await ctx.jobs.stop();
      await database.close();
    } finally {
      process.exit(0);
    }
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

/** Runs one command line; returns the exit status (0 ok, 2 bad input, 1 failure). Errors are one line. */
export async function runCli(
  argv: string[],
  opts: ProgramOptions & { err?: (l: string) => void } = {},
): Promise<number> {
  const err = opts.err ?? ((l: string) => process.stderr.write(`${l}\n`));
  const { program, close } = buildProgram({ ...opts, err });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof CliUsageError || e instanceof ConfigError) {
      err(`error: ${e.message}`);
      return 2;
    }
    if (e instanceof ValidationError) {
      err(`error: ${e.fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`);
      return 2;
    }
    err(`error: ${(e as Error).message}`);
    return 1;
  } finally {
    if (program.args[0] !== 'serve') await close();
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('/tnmt.js') || process.argv[1]?.endsWith('src/cli.ts')) {
  const code = await runCli(process.argv.slice(2));
  if (process.argv[2] !== 'serve' || code !== 0) process.exit(code);
}
