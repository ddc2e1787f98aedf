import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { SingleBar } from 'cli-progress';
import { CliUsageError, type RegisterCli } from '../cli-kit.js';
import { filesDirOf } from '../config.js';
import { formatSize } from '../files/index.js';
import { type BackupProgress, createBackup, readBackupHeader, restoreBackup } from './index.js';

/**
 * `tnmt backup FILE [--force]` and `tnmt restore FILE --yes`. Arguments are checked before the database is opened;
 * restore also reads the backup's header first, so a file that is not a tnmt backup does not even migrate the
 * target. Errors are BackupError (one line, exit 1) or CliUsageError (exit 2).
 */
export const registerBackupCli: RegisterCli = (program, ctx) => {
  program
    .command('backup')
    .description('sao lưu toàn bộ dữ liệu và tệp vào FILE')
    .argument('<file>', 'tệp sao lưu sẽ tạo (JSON lines nén gzip), ví dụ tnmt-2024-05-01.backup.gz')
    .option('--force', 'ghi đè FILE nếu đã có')
    .addHelpText(
      'after',
      '\nGhi vào FILE.partial rồi đổi tên khi xong. Với PGlite hãy dừng `tnmt serve` trước; với PostgreSQL có thể sao lưu khi hệ thống đang chạy.',
    )
    .action(async (file: string, o: { force?: boolean }) => {
      const path = resolve(file);
      if (existsSync(path) && !o.force) throw new CliUsageError(`${file} already exists: add --force to replace it`);
      const database = await ctx.openDb();
      const bar = progressBar('Sao lưu');
      let summary: Awaited<ReturnType<typeof createBackup>>;
      try {
        summary = await createBackup(database, filesDirOf(ctx.config()), path, bar?.update);
      } finally {
        bar?.stop();
      }
      for (const f of summary.skippedFiles) {
        const why = f.reason === 'missing' ? 'không có trong kho tệp' : f.reason === 'corrupt' ? 'bị hỏng (SHA-256 không khớp)' : 'tên không hợp lệ';
        process.stderr.write(`warning: tệp ${f.sha256} ${why}; không có trong bản sao lưu\n`);
      }
      ctx.out(
        `Đã sao lưu ${Object.keys(summary.tables).length} bảng (${count(summary.rows)} dòng) và ${count(summary.files)} tệp vào ${file}: ${formatSize(summary.bytes)}, ${seconds(summary.ms)}.`,
      );
    });

  program
    .command('restore')
    .description('khôi phục dữ liệu từ FILE (thay thế toàn bộ)')
    .argument('<file>', 'tệp do `tnmt backup` tạo (từ PGlite hoặc PostgreSQL)')
    .option('--yes', 'xác nhận: toàn bộ dữ liệu hiện có sẽ bị thay thế')
    .addHelpText(
      'after',
      '\nDừng `tnmt serve` trước khi khôi phục. Cơ sở dữ liệu được cập nhật migration trước, rồi nạp trong một giao dịch: lỗi giữa chừng không thay đổi gì.',
    )
    .action(async (file: string, o: { yes?: boolean }) => {
      if (!o.yes) throw new CliUsageError('restore replaces all data: add --yes');
      const path = resolve(file);
      if (!existsSync(path)) throw new CliUsageError(`${file}: no such file`);
      const header = await readBackupHeader(path);
      const database = await ctx.openDb();
      const bar = progressBar('Khôi phục');
      let summary: Awaited<ReturnType<typeof restoreBackup>>;
      try {
        summary = await restoreBackup(database, filesDirOf(ctx.config()), path, bar?.update);
      } finally {
        bar?.stop();
      }
      ctx.out(
        `Đã khôi phục ${Object.keys(summary.tables).length} bảng (${count(summary.rows)} dòng) và ${count(summary.files)} tệp từ ${file} (sao lưu lúc ${header.createdAt}, ${header.engine}): ${seconds(summary.ms)}.`,
      );
    });
};

const integer = new Intl.NumberFormat('vi-VN');
const decimal = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });

function count(n: number): string {
  return integer.format(n);
}

function seconds(ms: number): string {
  return `${decimal.format(ms / 1000)} giây`;
}

/** A bar on stderr when it is a terminal: rows and files done out of all, with the table being worked on. */
function progressBar(label: string): { update: (p: BackupProgress) => void; stop: () => void } | undefined {
  if (!process.stderr.isTTY) return undefined;
  const bar = new SingleBar({
    format: `${label} [{bar}] {percentage}% {what}`,
    stream: process.stderr,
    hideCursor: true,
    clearOnComplete: true,
  });
  let started = false;
  return {
    update(p) {
      if (!started) {
        bar.start(Math.max(p.total, 1), 0, { what: '' });
        started = true;
      }
      bar.update(p.done, { what: p.phase === 'rows' ? (p.table ?? '') : 'tệp' });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
