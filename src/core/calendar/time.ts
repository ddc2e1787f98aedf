import { ValidationError } from '../errors.js';

/**
 * Instants and dates in Asia/Ho_Chi_Minh. Vietnam has used UTC+7 without daylight saving since 1975, so plain
 * arithmetic with a fixed offset is exact for every date the system handles.
 */
export const VN_OFFSET_MINUTES = 7 * 60;
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
const VN_OFFSET_MS = VN_OFFSET_MINUTES * MINUTE_MS;

/** 0 = Sunday … 6 = Saturday (as Date#getDay). */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** Days since 1970-01-01 of the Vietnamese calendar day the instant falls in. */
export function vnDayNumber(ms: number): number {
  return Math.floor((ms + VN_OFFSET_MS) / DAY_MS);
}

/** Milliseconds since local (Vietnamese) midnight. */
export function vnMsOfDay(ms: number): number {
  return ms + VN_OFFSET_MS - vnDayNumber(ms) * DAY_MS;
}

/** The instant at `msOfDay` after local midnight of day number `day`. */
export function vnInstantMs(day: number, msOfDay: number): number {
  return day * DAY_MS + msOfDay - VN_OFFSET_MS;
}

export function weekdayOfDayNumber(day: number): Weekday {
  // 1970-01-01 was a Thursday.
  return ((((day + 4) % 7) + 7) % 7) as Weekday;
}

export function isoFromDayNumber(day: number): string {
  const d = new Date(day * DAY_MS);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number of an ISO date `YYYY-MM-DD`, or null when the text is not a real calendar date. */
export function tryDayNumberFromIso(iso: string): number | null {
  const m = ISO_DATE.exec(iso);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  return utcMs(y, mo, d, 0, 0, 0, 0) / DAY_MS;
}

export function dayNumberFromIso(iso: string): number {
  const n = tryDayNumberFromIso(iso);
  if (n === null) throw new RangeError(`not an ISO date (YYYY-MM-DD): ${JSON.stringify(iso)}`);
  return n;
}

export function isIsoDate(text: string): boolean {
  return tryDayNumberFromIso(text) !== null;
}

export function weekdayOfIso(iso: string): Weekday {
  return weekdayOfDayNumber(dayNumberFromIso(iso));
}

/** The ISO date (`YYYY-MM-DD`) of the instant in Vietnam. */
export function vnIsoDate(instant: Date): string {
  return isoFromDayNumber(vnDayNumber(checkDate(instant)));
}

/** Today's date in Vietnam, ISO (`YYYY-MM-DD`). */
export function todayVn(): string {
  return vnIsoDate(new Date());
}

/** Calendar days from the ISO date `from` to the ISO date `to`: 2024-02-28 → 2024-03-01 is 2 (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dayNumberFromIso(to) - dayNumberFromIso(from);
}

/**
 * ISO 8601 with the +07:00 offset: `2024-02-15T09:00:00+07:00` (milliseconds only when not zero).
 */
export function toIsoVn(instant: Date): string {
  const ms = checkDate(instant);
  const local = new Date(ms + VN_OFFSET_MS);
  const millis = local.getUTCMilliseconds();
  return (
    `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
    `${millis ? `.${pad(millis, 3)}` : ''}+07:00`
  );
}

const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * Parse an instant. Without an offset the text is local time in Asia/Ho_Chi_Minh (`2024-02-07T09:00`,
 * `2024-02-07 09:00:30`, or a bare date `2024-02-07` meaning 00:00); an explicit `Z` or `±HH:MM` is honoured.
 * Throws ValidationError naming `field` on anything else (impossible dates such as 2023-02-29 included).
 */
export function parseInstantVn(text: string, field = 'instant'): Date {
  const bad = () =>
    ValidationError.one(
      field,
      `Thời điểm không hợp lệ: "${text}". Dùng dạng 2024-02-07T09:00 (giờ Việt Nam) hoặc 2024-02-07T09:00+07:00.`,
    );
  if (typeof text !== 'string') throw bad();
  const m = INSTANT.exec(text.trim());
  if (!m) throw bad();
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const h = Number(m[4] ?? 0);
  const mi = Number(m[5] ?? 0);
  const s = Number(m[6] ?? 0);
  const frac = m[7] ? Number(m[7].padEnd(3, '0')) : 0;
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) throw bad();
  let offsetMinutes = VN_OFFSET_MINUTES;
  const zone = m[8];
  if (zone && zone.toUpperCase() !== 'Z') {
    const zm = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
    if (!zm) throw bad();
    const zh = Number(zm[2]);
    const zmin = Number(zm[3]);
    if (zh > 14 || zmin > 59) throw bad();
    offsetMinutes = (zm[1] === '-' ? -1 : 1) * (zh * 60 + zmin);
  } else if (zone) {
    offsetMinutes = 0;
  }
  return new Date(utcMs(y, mo, d, h, mi, s, frac) - offsetMinutes * MINUTE_MS);
}

/** `dd/mm/yyyy`, the vi-VN date format. */
export function formatDateVn(iso: string): string {
  const m = ISO_DATE.exec(iso);
  if (!m) throw new RangeError(`not an ISO date (YYYY-MM-DD): ${JSON.stringify(iso)}`);
  return `${m[3]}/${m[2]}/${m[1]}`;
}

export const VN_WEEKDAY_NAMES: Readonly<Record<Weekday, string>> = {
  0: 'Chủ Nhật',
  1: 'Thứ Hai',
  2: 'Thứ Ba',
  3: 'Thứ Tư',
  4: 'Thứ Năm',
  5: 'Thứ Sáu',
  6: 'Thứ Bảy',
};

function daysInMonth(y: number, m: number): number {
  return new Date(utcMs(y, m + 1, 0, 0, 0, 0, 0)).getUTCDate();
}

/** Date.UTC without its two-digit-year quirk. */
function utcMs(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number {
  const dt = new Date(0);
  dt.setUTCFullYear(y, mo - 1, d);
  dt.setUTCHours(h, mi, s, ms);
  return dt.getTime();
}

function checkDate(instant: Date): number {
  const ms = instant instanceof Date ? instant.getTime() : Number.NaN;
  if (!Number.isFinite(ms)) throw new RangeError('invalid Date');
  return ms;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}
