import type { Command } from 'commander';
import { tryDayNumberFromIso } from './calendar/time.js';
import type { Config } from './config.js';
import type { Database } from './db/index.js';
import { type Period, periodOf } from './period.js';

/** What a CLI command group receives; the database is opened (and migrated) only when a command needs it. */
export interface CliContext {
  config(): Config;
  openDb(): Promise<Database>;
  out(line: string): void;
}

export type RegisterCli = (program: Command, ctx: CliContext) => void;

/** A bad argument: the CLI prints `error: <message>` on one line and exits with status 2. */
export class CliUsageError extends Error {}

/* ---------------------------------------------------------------- options shared by the commands */

/** `--year`: a year from 1900 to 2100, required. */
export function parseYearOption(value: unknown): number {
  if (value === undefined || value === '') throw new CliUsageError('--year: thiếu năm (ví dụ --year 2024)');
  const text = String(value).trim();
  const year = /^\d{1,4}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(year) || year < 1900 || year > 2100) {
    throw new CliUsageError(`--year: cần một năm từ 1900 đến 2100, nhận được "${text}"`);
  }
  return year;
}

/** A whole number from `min` to `max` (one or two digits), such as `--quarter 2`. */
export function parseSmallIntOption(option: string, value: unknown, min: number, max: number): number {
  const text = String(value).trim();
  const n = /^\d{1,2}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw new CliUsageError(`${option}: cần một số từ ${min} đến ${max}, nhận được "${text}"`);
  return n;
}

/** A real calendar day written `YYYY-MM-DD`, such as `--from 2023-01-31`. */
export function parseDayOption(option: string, value: unknown): string {
  const text = String(value ?? '').trim();
  if (tryDayNumberFromIso(text) === null) throw new CliUsageError(`${option}: ngày không hợp lệ "${text}" (dạng 2023-01-31)`);
  return text;
}

/** `value` when it is one of `allowed`; else `--field: lĩnh vực không hợp lệ "x" (một trong: a, b)`, `what` naming the kind. */
export function parseOneOfOption<A extends string>(option: string, what: string, value: string, allowed: readonly A[]): A {
  if (!(allowed as readonly string[]).includes(value)) throw new CliUsageError(`${option}: ${what} không hợp lệ "${value}" (một trong: ${allowed.join(', ')})`);
  return value as A;
}

/** The period options of a statistics command, as commander gives them. */
export interface PeriodOptions {
  year?: string | number;
  quarter?: string | number;
  month?: string | number;
  from?: string;
  to?: string;
}

/** Adds the period options `parsePeriodOptions` reads to a statistics command, with their help. */
export function withPeriodOptions(command: Command): Command {
  return command
    .option('--year <year>', 'năm, ví dụ 2023')
    .option('--quarter <n>', 'quý 1–4 của năm')
    .option('--month <n>', 'tháng 1–12 của năm')
    .option('--from <date>', 'ngày đầu của một khoảng tùy chọn, ví dụ 2023-01-01 (thay cho --year)')
    .option('--to <date>', 'ngày cuối (tính cả ngày này), ví dụ 2023-06-30');
}

/** The period of `--year Y [--quarter N | --month N]` or of `--from D --to D` (both days included). */
export function parsePeriodOptions(opts: PeriodOptions): Period {
  if (opts.from !== undefined || opts.to !== undefined) {
    if (opts.year !== undefined || opts.quarter !== undefined || opts.month !== undefined) {
      throw new CliUsageError('--year, --from: chọn năm (quý, tháng) hoặc khoảng ngày --from/--to, không dùng cả hai');
    }
    if (opts.from === undefined || opts.to === undefined) throw new CliUsageError('--from, --to: cần cả ngày đầu và ngày cuối');
    const from = parseDayOption('--from', opts.from);
    const to = parseDayOption('--to', opts.to);
    try {
      return periodOf({ from, to });
    } catch (e) {
      throw new CliUsageError(`--to: ${e instanceof Error && /before/.test(e.message) ? 'ngày cuối trước ngày đầu' : 'khoảng thời gian tối đa 10 năm'}`);
    }
  }
  const year = parseYearOption(opts.year);
  const quarter = opts.quarter === undefined ? undefined : parseSmallIntOption('--quarter', opts.quarter, 1, 4);
  const month = opts.month === undefined ? undefined : parseSmallIntOption('--month', opts.month, 1, 12);
  if (quarter !== undefined && month !== undefined) throw new CliUsageError('--quarter, --month: chỉ dùng một trong hai tuỳ chọn');
  return periodOf({ year, quarter, month });
}
