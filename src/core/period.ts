import { DAY_MS, isoFromDayNumber, tryDayNumberFromIso, vnDayNumber } from './calendar/time.js';
import { formatDate } from './format/index.js';
import { addMessages, type Locale, t as translate } from './i18n/index.js';

/*
 * Reporting periods shared by every statistics page: a year, a quarter, a month or a range of days, as half-open
 * instants [from, to) in Vietnam time (Asia/Ho_Chi_Minh, UTC+07:00 without daylight saving since 1975).
 */

addMessages({
  vi: { 'period.year': 'Năm {year}', 'period.quarter': 'Quý {q}/{year}', 'period.month': 'Tháng {m}/{year}', 'period.custom': 'Từ {from} đến {to}' },
  en: { 'period.year': 'Year {year}', 'period.quarter': 'Q{q} {year}', 'period.month': '{m}/{year}', 'period.custom': '{from} to {to}' },
});

/** Roman numerals for quarters and level rows, as Vietnamese reports number them. */
export const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'] as const;

const VN_OFFSET_MS = 7 * 3_600_000;

export type PeriodInput =
  | { year: number; quarter?: number | null; month?: number | null }
  /** ISO dates `YYYY-MM-DD`, both days included ("từ ngày … đến ngày …"), Vietnam time */
  | { from: string; to: string };

export interface Period {
  kind: 'year' | 'quarter' | 'month' | 'custom';
  /** first instant: local midnight of the first day */
  from: Date;
  /** first instant after the period: local midnight after the last day */
  to: Date;
  /** ISO dates of the first and the last day (included) */
  firstDay: string;
  lastDay: string;
  year: number;
  quarter?: number;
  month?: number;
}

/** Local (Asia/Ho_Chi_Minh) midnight starting the day y-m-d. Months overflow as Date.UTC does (month 13 = January). */
function vnMidnight(y: number, m: number, d: number): Date {
  return new Date(Date.UTC(y, m - 1, d) - VN_OFFSET_MS);
}

const MAX_CUSTOM_DAYS = 3660;

/**
 * The period of a year, a quarter or a month of a year, or of a range of days, as instants in Vietnam time:
 * a year 2023 = [2023-01-01T00:00+07:00, 2024-01-01T00:00+07:00). Throws RangeError on impossible input
 * (quarter and month together, a bad date, the last day before the first, more than ten years).
 */
export function periodOf(input: PeriodInput): Period {
  if ('from' in input) {
    const a = tryDayNumberFromIso(input.from);
    const b = tryDayNumberFromIso(input.to);
    if (a === null) throw new RangeError(`from: not a date (YYYY-MM-DD): "${input.from}"`);
    if (b === null) throw new RangeError(`to: not a date (YYYY-MM-DD): "${input.to}"`);
    if (b < a) throw new RangeError(`to: ${input.to} is before ${input.from}`);
    if (b - a + 1 > MAX_CUSTOM_DAYS) throw new RangeError('to: the period is longer than ten years');
    return {
      kind: 'custom',
      from: new Date(a * DAY_MS - VN_OFFSET_MS),
      to: new Date((b + 1) * DAY_MS - VN_OFFSET_MS),
      firstDay: input.from,
      lastDay: input.to,
      year: Number(input.from.slice(0, 4)),
    };
  }
  const { year } = input;
  const quarter = input.quarter ?? undefined;
  const month = input.month ?? undefined;
  if (!Number.isInteger(year) || year < 1900 || year > 2100) throw new RangeError(`year: expected 1900–2100, got ${year}`);
  if (quarter !== undefined && month !== undefined) throw new RangeError('quarter, month: give one of them, not both');
  let first = 1;
  let months = 12;
  let kind: Period['kind'] = 'year';
  if (quarter !== undefined) {
    if (!Number.isInteger(quarter) || quarter < 1 || quarter > 4) throw new RangeError(`quarter: expected 1–4, got ${quarter}`);
    first = (quarter - 1) * 3 + 1;
    months = 3;
    kind = 'quarter';
  } else if (month !== undefined) {
    if (!Number.isInteger(month) || month < 1 || month > 12) throw new RangeError(`month: expected 1–12, got ${month}`);
    first = month;
    months = 1;
    kind = 'month';
  }
  const from = vnMidnight(year, first, 1);
  const to = vnMidnight(year, first + months, 1);
  return {
    kind,
    from,
    to,
    firstDay: isoFromDayNumber(vnDayNumber(from.getTime())),
    lastDay: isoFromDayNumber(vnDayNumber(to.getTime()) - 1),
    year,
    ...(quarter !== undefined ? { quarter } : {}),
    ...(month !== undefined ? { month } : {}),
  };
}

/** "Năm 2023", "Quý I/2023", "Tháng 3/2023", "Từ 01/01/2023 đến 31/03/2023" (English in `en`). */
export function periodLabel(p: Period, locale: Locale = 'vi'): string {
  switch (p.kind) {
    case 'year':
      return translate(locale, 'period.year', { year: p.year });
    case 'quarter':
      return translate(locale, 'period.quarter', {
        q: locale === 'vi' ? ROMAN[(p.quarter ?? 1) - 1]! : p.quarter ?? 1,
        year: p.year,
      });
    case 'month':
      return translate(locale, 'period.month', { m: p.month ?? 1, year: p.year });
    default:
      return translate(locale, 'period.custom', {
        from: formatDate(p.firstDay, locale),
        to: formatDate(p.lastDay, locale),
      });
  }
}

/** The months that meet [from, to), each cut to the period: key `YYYY-MM`, local month boundaries. */
export function monthsOf(from: Date, to: Date): { key: string; from: Date; to: Date }[] {
  const out: { key: string; from: Date; to: Date }[] = [];
  const startIso = isoFromDayNumber(vnDayNumber(from.getTime()));
  let y = Number(startIso.slice(0, 4));
  let m = Number(startIso.slice(5, 7));
  for (let i = 0; i < 1200; i++) {
    const mFrom = vnMidnight(y, m, 1);
    if (mFrom.getTime() >= to.getTime()) break;
    const mTo = vnMidnight(y, m + 1, 1);
    out.push({
      key: `${y}-${String(m).padStart(2, '0')}`,
      from: new Date(Math.max(mFrom.getTime(), from.getTime())),
      to: new Date(Math.min(mTo.getTime(), to.getTime())),
    });
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

/** "Tháng 3/2023" from the key "2023-03". */
export function monthLabel(key: string, locale: Locale = 'vi'): string {
  const [y, m] = key.split('-');
  return translate(locale, 'period.month', { m: Number(m), year: String(y) });
}
