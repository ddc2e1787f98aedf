import { z } from 'zod';
import { DAY_MS, isoFromDayNumber, tryDayNumberFromIso, vnDayNumber, vnIsoDate } from './calendar/time.js';
import type { FieldError } from './errors.js';
import { formatDate } from './format/index.js';
import { addMessages, type Locale, type T, t as translate } from './i18n/index.js';

/*
 * Reporting periods shared by every statistics page: a year, a quarter, a month or a range of days, as half-open
 * instants [from, to) in Vietnam time (Asia/Ho_Chi_Minh, UTC+07:00 without daylight saving since 1975).
 */

addMessages({
  vi: {
    'period.year': 'Năm {year}',
    'period.quarter': 'Quý {q}/{year}',
    'period.month': 'Tháng {m}/{year}',
    'period.custom': 'Từ {from} đến {to}',
    'period.err.quarterAndMonth': 'Chọn quý hoặc tháng, không chọn cả hai',
    'period.err.year': 'Chọn một năm từ 1900 đến 2100',
    'period.err.date': 'Nhập ngày theo dạng 31/12/2023',
    'period.err.bothDates': 'Nhập cả ngày bắt đầu và ngày kết thúc',
    'period.err.order': 'Ngày kết thúc phải cùng hoặc sau ngày bắt đầu',
    'period.err.tooLong': 'Khoảng thời gian tối đa là 10 năm',
  },
  en: {
    'period.year': 'Year {year}',
    'period.quarter': 'Q{q} {year}',
    'period.month': '{m}/{year}',
    'period.custom': '{from} to {to}',
    'period.err.quarterAndMonth': 'Choose a quarter or a month, not both',
    'period.err.year': 'Choose a year from 1900 to 2100',
    'period.err.date': 'Enter a date like 31/12/2023',
    'period.err.bothDates': 'Enter both the first and the last day',
    'period.err.order': 'The last day must be the same as or after the first day',
    'period.err.tooLong': 'The period can be at most 10 years',
  },
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

/* ---------------------------------------------------------------- the period fields of a statistics filter */

/** The period fields of a statistics filter, as typed (the pages' nam, quy, thang, tu, den). */
export interface PeriodQuery {
  year?: string;
  quarter?: string;
  month?: string;
  from?: string;
  to?: string;
}

export type PeriodField = keyof PeriodQuery;

/** The page parameter of each period field, as the statistics pages' URLs write them: `?nam=2023&quy=2`, `?tu=…&den=…`. */
export const PERIOD_PARAMS = { year: 'nam', quarter: 'quy', month: 'thang', from: 'tu', to: 'den' } as const satisfies Record<PeriodField, string>;

const blank = (v: string | undefined) => v === undefined || v.trim() === '';

/** `YYYY-MM-DD` or `dd/mm/yyyy` (browsers without a date picker) → ISO date, or null. */
function dayOf(text: string): string | null {
  const t = text.trim();
  const vn = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  const iso = vn ? `${vn[3]}-${vn[2]!.padStart(2, '0')}-${vn[1]!.padStart(2, '0')}` : t;
  return tryDayNumberFromIso(iso) === null ? null : iso;
}

/**
 * The period a statistics filter asks for: a range of days when `from` or `to` is given (both needed, in order, at
 * most ten years), else a year (by default `latestYear()`, the last year with records, or this year) with an optional
 * quarter or month. Errors name the `PeriodField` and are in the language of `t`; `period` is set only without errors.
 */
export async function periodFromQuery(
  raw: PeriodQuery,
  t: T,
  latestYear: () => Promise<number | undefined>,
): Promise<{ period?: Period; errors: FieldError[] }> {
  const errors: FieldError[] = [];
  if (!blank(raw.from) || !blank(raw.to)) {
    const from = blank(raw.from) ? null : dayOf(raw.from!);
    const to = blank(raw.to) ? null : dayOf(raw.to!);
    if (blank(raw.from) || blank(raw.to)) errors.push({ field: blank(raw.from) ? 'from' : 'to', message: t('period.err.bothDates') });
    if (!blank(raw.from) && from === null) errors.push({ field: 'from', message: t('period.err.date') });
    if (!blank(raw.to) && to === null) errors.push({ field: 'to', message: t('period.err.date') });
    if (from && to) {
      if (to < from) errors.push({ field: 'to', message: t('period.err.order') });
      else {
        try {
          return { period: periodOf({ from, to }), errors };
        } catch {
          errors.push({ field: 'to', message: t('period.err.tooLong') });
        }
      }
    }
    return { errors };
  }
  let year: number;
  if (blank(raw.year)) year = (await latestYear()) ?? Number(vnIsoDate(new Date()).slice(0, 4));
  else {
    year = /^\d{4}$/.test(raw.year!.trim()) ? Number(raw.year!.trim()) : Number.NaN;
    if (!(year >= 1900 && year <= 2100)) errors.push({ field: 'year', message: t('period.err.year') });
  }
  const quarter = blank(raw.quarter) ? undefined : Number(raw.quarter);
  const month = blank(raw.month) ? undefined : Number(raw.month);
  if (quarter !== undefined && !(Number.isInteger(quarter) && quarter >= 1 && quarter <= 4)) {
    errors.push({ field: 'quarter', message: t('period.err.quarterAndMonth') });
  } else if (month !== undefined && !(Number.isInteger(month) && month >= 1 && month <= 12)) {
    errors.push({ field: 'month', message: t('period.err.quarterAndMonth') });
  } else if (quarter !== undefined && month !== undefined) {
    errors.push({ field: 'quarter', message: t('period.err.quarterAndMonth') });
  } else if (errors.length === 0) {
    return { period: periodOf({ year, quarter, month }), errors };
  }
  return { errors };
}

/** The period parameters of a statistics API (`year` [+ `quarter` | `month`], or `from` + `to`), for `z.object`. */
export const PERIOD_API_PARAMS = {
  year: z.coerce.number().int().min(1900).max(2100).optional(),
  quarter: z.coerce.number().int().min(1).max(4).optional(),
  month: z.coerce.number().int().min(1).max(12).optional(),
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD').optional(),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD').optional(),
};

type PeriodApiQuery = { year?: number; quarter?: number; month?: number; from?: string; to?: string };

/** Adds the rules between the period parameters to an API query schema built with `PERIOD_API_PARAMS`. */
export function withPeriodRules<S extends z.ZodType<PeriodApiQuery>>(schema: S) {
  return schema
    .refine((q) => q.quarter === undefined || q.month === undefined, { message: 'quarter and month are exclusive', path: ['month'] })
    .refine((q) => (q.from === undefined) === (q.to === undefined), { message: 'from and to go together', path: ['to'] })
    .refine((q) => q.from === undefined || q.year === undefined, { message: 'year or from/to, not both', path: ['year'] });
}
