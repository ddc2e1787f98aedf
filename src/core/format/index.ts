/**
 * Locale-aware formatting of numbers, money, dates and areas for Vietnamese government documents
 * (vi-VN conventions: `.` groups thousands, `,` is the decimal separator, `98,2%`, `1,7 tỷ đồng`,
 * `dd/MM/yyyy` in Vietnam time). Every function is pure and takes an optional `Locale` (default `'vi'`).
 * See README.md in this folder for the rules.
 */
import type { Locale } from '../i18n/index.js';

/** Shown in place of a missing or non-computable value (null, undefined, NaN, ±Infinity). */
export const EMPTY = '—';

/** The time zone every calendar date and clock time is shown in, whatever the process TZ is. */
export const VIETNAM_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const BCP47: Record<Locale, string> = { vi: 'vi-VN', en: 'en-US' };

// ---------------------------------------------------------------------------------------------------------------------
// Numbers

const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: Locale, min: number, max: number, style: 'decimal' | 'percent' = 'decimal'): Intl.NumberFormat {
  const cacheKey = `${locale}|${min}|${max}|${style}`;
  let nf = numberFormats.get(cacheKey);
  if (!nf) {
    nf = new Intl.NumberFormat(BCP47[locale], {
      style,
      minimumFractionDigits: min,
      maximumFractionDigits: max,
      roundingMode: 'halfExpand',
      // Never print "-0" / "-0,0%" for a small negative value that rounds to zero.
      signDisplay: 'negative',
      useGrouping: true,
    });
    numberFormats.set(cacheKey, nf);
  }
  return nf;
}

/**
 * ICU output is normalised so the strings are stable across ICU versions: no-break / narrow no-break spaces become
 * ordinary spaces, U+2212 MINUS SIGN becomes `-`, and no space is left before `%`.
 */
function normalise(s: string): string {
  return s.replace(/[\u00a0\u202f]/g, ' ').replace(/\u2212/g, '-').replace(/\s+%/g, '%');
}

function isMissing(x: number | null | undefined): x is null | undefined {
  return x === null || x === undefined || !Number.isFinite(x);
}

function checkDigits(fractionDigits: number): void {
  if (!Number.isInteger(fractionDigits) || fractionDigits < 0 || fractionDigits > 20) {
    throw new RangeError(`fractionDigits must be an integer from 0 to 20, got ${fractionDigits}`);
  }
}

/** Whole number with thousands grouping: `25.628` (vi), `25,628` (en). Non-integers are rounded half away from zero. */
export function formatInteger(x: number | bigint | null | undefined, locale: Locale = 'vi'): string {
  if (typeof x === 'bigint') return normalise(numberFormat(locale, 0, 0).format(x));
  if (isMissing(x)) return EMPTY;
  return normalise(numberFormat(locale, 0, 0).format(x));
}

/**
 * Decimal number with exactly `fractionDigits` decimals (trailing zeros kept, for aligned table columns):
 * `formatNumber(3.14159, 2)` → `3,14`, `formatNumber(3, 2)` → `3,00`. Without `fractionDigits`, up to 3 decimals are
 * shown and trailing zeros dropped. Rounds half away from zero on the number's exact binary value.
 */
export function formatNumber(x: number | null | undefined, fractionDigits?: number, locale: Locale = 'vi'): string {
  if (isMissing(x)) return EMPTY;
  if (fractionDigits === undefined) return normalise(numberFormat(locale, 0, 3).format(x));
  checkDigits(fractionDigits);
  return normalise(numberFormat(locale, fractionDigits, fractionDigits).format(x));
}

/**
 * `part / whole` as a ratio (0.982 for 98,2%), or null when it cannot be computed (whole is 0, or an input is null or
 * not finite). Pass the result to `formatPercent`, which shows null as `—`.
 */
export function percentOf(part: number | null | undefined, whole: number | null | undefined): number | null {
  if (isMissing(part) || isMissing(whole) || whole === 0) return null;
  return part / whole;
}

/**
 * A ratio as a percentage with `fractionDigits` decimals (default 1, kept even when 0) and no space before `%`, as in
 * government reports ("đạt 98,2%"): `formatPercent(25157 / 25628)` → `98,2%`, en → `98.2%`; `formatPercent(1)` →
 * `100,0%`; null → `—`.
 */
export function formatPercent(ratio: number | null | undefined, fractionDigits = 1, locale: Locale = 'vi'): string {
  if (isMissing(ratio)) return EMPTY;
  checkDigits(fractionDigits);
  return normalise(numberFormat(locale, fractionDigits, fractionDigits, 'percent').format(ratio));
}

// ---------------------------------------------------------------------------------------------------------------------
// Money (Vietnamese đồng)

const MILLION = 1_000_000n;
const BILLION = 1_000_000_000n;

/** Whole-đồng magnitude and sign; a fractional number is first rounded to whole đồng, half away from zero. */
function dong(amount: number | bigint): { negative: boolean; abs: bigint } {
  if (typeof amount === 'bigint') return { negative: amount < 0n, abs: amount < 0n ? -amount : amount };
  const abs = BigInt(Math.round(Math.abs(amount)));
  return { negative: amount < 0 && abs !== 0n, abs };
}

/**
 * `abs / unit` rounded to one decimal, half away from zero, computed exactly in integers (`abs` is a magnitude, so
 * rounding half up on it is rounding half away from zero on the signed amount). Returns the number of tenths.
 */
function roundTenths(abs: bigint, unit: bigint): bigint {
  const tenth = unit / 10n;
  const q = abs / tenth;
  const r = abs % tenth;
  return 2n * r >= tenth ? q + 1n : q;
}

/** Tenths as a decimal string with grouping; a trailing `,0` is dropped. */
function formatTenths(tenths: bigint, locale: Locale): string {
  const whole = normalise(numberFormat(locale, 0, 0).format(tenths / 10n));
  const digit = tenths % 10n;
  if (digit === 0n) return whole;
  return `${whole}${locale === 'vi' ? ',' : '.'}${digit}`;
}

/**
 * An amount of đồng in words for reports: `1,7 tỷ đồng`, `651,2 triệu đồng`; below one million the exact amount,
 * `850.000 đồng`; from 1 000 tỷ still in tỷ, `1.234,5 tỷ đồng`. English: `1.7 billion VND`, `651.2 million VND`,
 * `VND 850,000`. null → `—`.
 *
 * Rounding: one decimal in the chosen unit, half away from zero on the exact decimal value of the whole-đồng amount,
 * computed with integer (bigint) arithmetic rather than floating-point multiplication — 1_750_000_000 → `1,8 tỷ đồng`,
 * 651_250_000 → `651,3 triệu đồng`. A trailing `,0` is dropped (1_000_000_000 → `1 tỷ đồng`). An amount that rounds up
 * to 1 000 triệu is shown in tỷ (999_950_000 → `1 tỷ đồng`). Fractional numbers are rounded to whole đồng first.
 */
export function formatMoneyVnd(amount: number | bigint | null | undefined, locale: Locale = 'vi'): string {
  if (typeof amount !== 'bigint' && isMissing(amount)) return EMPTY;
  const { negative, abs } = dong(amount);
  const sign = negative ? '-' : '';
  if (abs < MILLION) return withCurrency(sign, normalise(numberFormat(locale, 0, 0).format(abs)), locale);
  let tenths = roundTenths(abs, MILLION);
  let unit: 'million' | 'billion' = 'million';
  if (abs >= BILLION || tenths >= 10_000n) {
    tenths = roundTenths(abs, BILLION);
    unit = 'billion';
  }
  const value = formatTenths(tenths, locale);
  if (locale === 'vi') return `${sign}${value} ${unit === 'billion' ? 'tỷ' : 'triệu'} đồng`;
  return `${sign}${value} ${unit} VND`;
}

/** The exact amount of đồng with grouping: `651.200.000 đồng`; en `VND 651,200,000`. null → `—`. */
export function formatVnd(amount: number | bigint | null | undefined, locale: Locale = 'vi'): string {
  if (typeof amount !== 'bigint' && isMissing(amount)) return EMPTY;
  const { negative, abs } = dong(amount);
  return withCurrency(negative ? '-' : '', normalise(numberFormat(locale, 0, 0).format(abs)), locale);
}

function withCurrency(sign: string, digits: string, locale: Locale): string {
  return locale === 'vi' ? `${sign}${digits} đồng` : `${sign}VND ${digits}`;
}

// ---------------------------------------------------------------------------------------------------------------------
// Dates

/** A date: a `Date` (an instant, shown in Vietnam time), or an ISO string. See `formatDate`. */
export type DateInput = Date | string;

interface CalendarParts {
  year: number;
  month: number; // 1–12
  day: number;
  hour: number;
  minute: number;
  weekday: number; // 0 = Sunday … 6 = Saturday
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// A full timestamp is accepted only with an explicit offset, so it never depends on the process time zone.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

const vietnamParts = new Intl.DateTimeFormat('en-US', {
  timeZone: VIETNAM_TIME_ZONE,
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  hourCycle: 'h23',
});

function calendarParts(input: DateInput): CalendarParts {
  if (typeof input === 'string') {
    const m = ISO_DATE.exec(input);
    if (m) {
      const year = Number(m[1]);
      const month = Number(m[2]);
      const day = Number(m[3]);
      const utc = utcDate(year, month, day);
      if (utc.getUTCFullYear() !== year || utc.getUTCMonth() !== month - 1 || utc.getUTCDate() !== day) {
        throw new RangeError(`Invalid calendar date: ${input}`);
      }
      return { year, month, day, hour: 0, minute: 0, weekday: utc.getUTCDay() };
    }
    if (!ISO_INSTANT.test(input)) {
      throw new RangeError(`Expected an ISO date 'YYYY-MM-DD' or a timestamp with an offset, got: ${input}`);
    }
    return calendarParts(new Date(input));
  }
  if (Number.isNaN(input.getTime())) throw new RangeError('Invalid Date');
  const fields: Record<string, number> = {};
  for (const part of vietnamParts.formatToParts(input)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const year = fields.year ?? Number.NaN;
  const month = fields.month ?? Number.NaN;
  const day = fields.day ?? Number.NaN;
  return {
    year,
    month,
    day,
    hour: fields.hour ?? 0,
    minute: fields.minute ?? 0,
    weekday: utcDate(year, month, day).getUTCDay(),
  };
}

/** Midnight UTC of a calendar date (`Date.UTC` would map years 0–99 to 1900–1999). */
function utcDate(year: number, month: number, day: number): Date {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return d;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');
const pad4 = (n: number): string => String(n).padStart(4, '0');

const MONTHS_EN_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const WEEKDAYS_VI = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];
const WEEKDAYS_EN = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function dateOnly(p: CalendarParts, locale: Locale): string {
  if (locale === 'vi') return `${pad2(p.day)}/${pad2(p.month)}/${pad4(p.year)}`;
  return `${p.day} ${MONTHS_EN_SHORT[p.month - 1]} ${pad4(p.year)}`;
}

/**
 * Calendar date in Vietnam time: `09/01/2024` (vi, dd/MM/yyyy), `9 Jan 2024` (en). Accepts a `Date` (an instant; e.g.
 * 2024-01-08T17:30:00Z is 09/01/2024 in Vietnam), an ISO calendar date `'YYYY-MM-DD'` (taken as is, no time-zone
 * shift), or an ISO timestamp with `Z` or an offset. null → `—`; an invalid date throws a RangeError.
 */
export function formatDate(date: DateInput | null | undefined, locale: Locale = 'vi'): string {
  if (date === null || date === undefined) return EMPTY;
  return dateOnly(calendarParts(date), locale);
}

/**
 * Date and 24-hour time in Vietnam time: `09/01/2024 14:05` (vi), `9 Jan 2024, 14:05` (en). A `'YYYY-MM-DD'` string is
 * midnight of that day. null → `—`.
 */
export function formatDateTime(date: DateInput | null | undefined, locale: Locale = 'vi'): string {
  if (date === null || date === undefined) return EMPTY;
  const p = calendarParts(date);
  const time = `${pad2(p.hour)}:${pad2(p.minute)}`;
  return locale === 'vi' ? `${dateOnly(p, locale)} ${time}` : `${dateOnly(p, locale)}, ${time}`;
}

/**
 * The place-and-date line of an administrative document (Decree 30/2020/NĐ-CP, Appendix I): days below 10 and the
 * months 1 and 2 take a leading zero, other months do not — `Sóc Trăng, ngày 09 tháng 01 năm 2024`,
 * `Sóc Trăng, ngày 15 tháng 3 năm 2024`, `ngày 05 tháng 12 năm 2023`. English: `Sóc Trăng, 9 January 2024`.
 */
export function placeDateLine(place: string, date: DateInput, locale: Locale = 'vi'): string {
  const p = calendarParts(date);
  if (locale === 'en') return `${place}, ${p.day} ${MONTHS_EN[p.month - 1]} ${pad4(p.year)}`;
  const month = p.month <= 2 ? pad2(p.month) : String(p.month);
  return `${place}, ngày ${pad2(p.day)} tháng ${month} năm ${pad4(p.year)}`;
}

/** Day of the week in Vietnam time: `Thứ Hai` … `Thứ Bảy`, `Chủ nhật`; en `Monday` … `Sunday`. */
export function weekdayName(date: DateInput, locale: Locale = 'vi'): string {
  const { weekday } = calendarParts(date);
  return (locale === 'vi' ? WEEKDAYS_VI : WEEKDAYS_EN)[weekday]!;
}

// ---------------------------------------------------------------------------------------------------------------------
// Areas

const M2_PER_HECTARE = 10_000;

/** Hectares with up to two decimals, trailing zeros dropped: `12,35 ha`, `12,5 ha`, `12 ha`; en `12.35 ha`. */
export function formatHectares(ha: number | null | undefined, locale: Locale = 'vi'): string {
  if (isMissing(ha)) return EMPTY;
  return `${normalise(numberFormat(locale, 0, 2).format(ha))} ha`;
}

/**
 * An area given in m²: below 10 000 m² in m² with up to one decimal (`1.234,5 m²`, `500 m²`); from 10 000 m² in
 * hectares via `formatHectares` (123 456 m² → `12,35 ha`). A value that rounds to 10 000,0 m² is shown as `1 ha`.
 */
export function formatArea(m2: number | null | undefined, locale: Locale = 'vi'): string {
  if (isMissing(m2)) return EMPTY;
  if (Math.round(Math.abs(m2) * 10) < M2_PER_HECTARE * 10) {
    return `${normalise(numberFormat(locale, 0, 1).format(m2))} m²`;
  }
  return formatHectares(m2 / M2_PER_HECTARE, locale);
}

// ---------------------------------------------------------------------------------------------------------------------
// Sorting

/** Vietnamese collation order (`Dĩ An` < `Đà Lạt` < `Đắk Lắk`), for `Array.prototype.sort`. */
export const compareVi: (a: string, b: string) => number = new Intl.Collator('vi').compare;

/** Keys of T whose values are strings. */
export type StringKeys<T> = { [K in keyof T]: T[K] extends string ? K : never }[keyof T];

/**
 * A sorted copy of `items` in Vietnamese order (the input is not changed; the sort is stable). `key` picks the string
 * to sort by: a property name or a function. Strings sort by themselves.
 */
export function sortVi(items: readonly string[]): string[];
export function sortVi<T>(items: readonly T[], key: StringKeys<T> | ((item: T) => string)): T[];
export function sortVi<T>(items: readonly T[], key?: StringKeys<T> | ((item: T) => string)): T[] {
  const get: (item: T) => string =
    key === undefined
      ? (item) => item as unknown as string
      : typeof key === 'function'
        ? key
        : (item) => item[key] as unknown as string;
  return items
    .map((item, index) => ({ item, index, text: get(item) }))
    .sort((a, b) => compareVi(a.text, b.text) || a.index - b.index)
    .map((entry) => entry.item);
}
