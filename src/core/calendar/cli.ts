import { CliUsageError, parseYearOption, type RegisterCli } from '../cli-kit.js';
import { ValidationError } from '../errors.js';
import { loadWorkCalendar } from './store.js';
import { formatDateVn, parseInstantVn, toIsoVn, VN_WEEKDAY_NAMES } from './time.js';
import {
  addWorkingDays,
  addWorkingHours,
  calendarYearSummary,
  type OfficeHours,
  parseOfficeHours,
  type WorkCalendar,
  withOfficeHours,
} from './work-calendar.js';

/**
 * `tnmt calendar due --from <instant> (--days N | --hours N) [--unit-hours 07:00-11:30,13:30-17:00]`
 * `tnmt calendar days --year 2024`
 * The handlers below are pure (calendar in, text out) so tests call them without a process; arguments are
 * checked before the database is opened, and a bad one throws CliUsageError naming the option.
 */

export interface CalendarDueOptions {
  from?: string;
  days?: string | number;
  hours?: string | number;
  unitHours?: string;
}

export interface DueRequest {
  from: Date;
  /** exactly one of days / hours */
  days?: number;
  hours?: number;
  officeHours?: OfficeHours;
}

const MAX_DAYS = 3650;
const MAX_HOURS = MAX_DAYS * 24;

export function parseDueOptions(opts: CalendarDueOptions): DueRequest {
  if (opts.from === undefined || opts.from === '') {
    throw new CliUsageError('--from: thiếu thời điểm tiếp nhận (ví dụ --from 2024-02-07T09:00)');
  }
  let from: Date;
  try {
    from = parseInstantVn(String(opts.from), '--from');
  } catch {
    throw new CliUsageError(
      `--from: thời điểm không hợp lệ "${opts.from}" (dạng 2024-02-07T09:00, giờ Việt Nam, hoặc có múi giờ +07:00)`,
    );
  }
  const year = Number(toIsoVn(from).slice(0, 4));
  if (year < 1900 || year > 2100) throw new CliUsageError(`--from: năm ${year} ngoài khoảng 1900–2100`);
  const hasDays = opts.days !== undefined;
  const hasHours = opts.hours !== undefined;
  if (hasDays && hasHours) throw new CliUsageError('--days, --hours: chỉ dùng một trong hai tuỳ chọn');
  if (!hasDays && !hasHours) throw new CliUsageError('--days, --hours: cần một trong hai (ví dụ --days 1 hoặc --hours 4)');
  const req: DueRequest = { from };
  if (hasDays) req.days = parseAmount('--days', opts.days, MAX_DAYS);
  else req.hours = parseAmount('--hours', opts.hours, MAX_HOURS);
  if (opts.unitHours !== undefined) req.officeHours = parseUnitHours(opts.unitHours);
  return req;
}

function parseAmount(option: string, value: unknown, max: number): number {
  const text = String(value).trim();
  const n = /^\d+(?:[.,]\d+)?$/.test(text) ? Number(text.replace(',', '.')) : Number.NaN;
  if (!Number.isFinite(n) || n > max) {
    throw new CliUsageError(`${option}: cần một số không âm, tối đa ${max} (ví dụ 1 hoặc 0.5), nhận được "${text}"`);
  }
  return n;
}

/** "07:00-11:30,13:30-17:00" → office hours (validated). */
export function parseUnitHours(text: string): OfficeHours {
  const usage = `--unit-hours: giờ làm việc không hợp lệ "${text}" (dạng 07:00-11:30,13:30-17:00)`;
  const pairs = String(text)
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const m = /^(\d{2}:\d{2})\s*[-–]\s*(\d{2}:\d{2})$/.exec(part);
      if (!m) throw new CliUsageError(usage);
      return [m[1]!, m[2]!] as const;
    });
  try {
    parseOfficeHours(pairs);
  } catch (e) {
    if (e instanceof ValidationError) throw new CliUsageError(`${usage}: ${e.fields[0]?.message ?? e.message}`);
    throw e;
  }
  return pairs;
}

/** The due instant, ISO 8601 with +07:00. */
export function runCalendarDue(cal: WorkCalendar, opts: CalendarDueOptions): string {
  const req = parseDueOptions(opts);
  const c = req.officeHours ? withOfficeHours(cal, req.officeHours) : cal;
  const due = req.days !== undefined ? addWorkingDays(c, req.from, req.days) : addWorkingHours(c, req.from, req.hours!);
  return toIsoVn(due);
}

const KIND_VI = { day_off: 'Nghỉ', working_day: 'Làm bù' } as const;

/**
 * One line per exception of the year: `dd/mm/yyyy  Thứ Hai   Nghỉ    <name>`: weekdays off and worked
 * weekend days. Years without a published schedule show the holidays derived from the Labor Code.
 */
export function runCalendarDays(cal: WorkCalendar, opts: { year?: string | number }): string[] {
  const year = parseYearOption(opts.year);
  const rows = calendarYearSummary(cal, year);
  if (rows.length === 0) return [`Năm ${year}: không có ngày nghỉ lễ hay ngày làm bù nào.`];
  const lines = rows.map(
    (r) =>
      `${formatDateVn(r.day)}  ${VN_WEEKDAY_NAMES[r.weekday].padEnd(8)}  ${KIND_VI[r.kind].padEnd(6)}  ${r.name}`,
  );
  if (rows.some((r) => r.derived)) {
    lines.push(`(Năm ${year} chưa có lịch nghỉ do Chính phủ công bố: các ngày trên tính theo Bộ luật Lao động 2019.)`);
  }
  return lines;
}

export const registerCalendarCli: RegisterCli = (program, ctx) => {
  const calendar = program.command('calendar').description('Lịch làm việc: ngày nghỉ, ngày làm bù, tính ngày hẹn trả');

  calendar
    .command('due')
    .description('Tính thời điểm hẹn trả: thời điểm tiếp nhận cộng số ngày (hoặc giờ) làm việc')
    .option('--from <instant>', 'thời điểm tiếp nhận, giờ Việt Nam, ví dụ 2024-02-07T09:00')
    .option('--days <n>', 'số ngày làm việc (1 ngày = 8 giờ làm việc)')
    .option('--hours <n>', 'số giờ làm việc')
    .option('--unit-hours <intervals>', 'giờ làm việc của đơn vị, mặc định 07:00-11:30,13:30-17:00')
    .action(async (opts: CalendarDueOptions) => {
      parseDueOptions(opts);
      const cal = await loadWorkCalendar(await ctx.openDb());
      ctx.out(runCalendarDue(cal, opts));
    });

  calendar
    .command('days')
    .description('Liệt kê các ngày nghỉ trong tuần làm việc và các ngày Thứ Bảy làm bù của một năm')
    .option('--year <year>', 'năm, ví dụ 2024')
    .action(async (opts: { year?: string }) => {
      parseYearOption(opts.year);
      const cal = await loadWorkCalendar(await ctx.openDb());
      for (const line of runCalendarDays(cal, opts)) ctx.out(line);
    });
};
