import { ValidationError } from '../errors.js';
import { CALENDAR_DAY_KINDS, type CalendarDayInput, type CalendarDayKind } from './data.js';
import { deriveStatutoryDaysOff } from './holidays.js';
import {
  DAY_MS,
  HOUR_MS,
  isoFromDayNumber,
  MINUTE_MS,
  tryDayNumberFromIso,
  vnDayNumber,
  vnInstantMs,
  vnMsOfDay,
  type Weekday,
  weekdayOfDayNumber,
} from './time.js';

/**
 * Working time over an immutable calendar. All functions are pure.
 *
 * - A day is a working day when it is listed as a working day (a swapped Saturday), otherwise when it is a
 *   Monday–Friday that is not listed as a day off. For a year with no listed day at all, the statutory holidays
 *   are derived from the law (holidays.ts) instead.
 * - Office hours are half-open intervals [start, end) of local time in Asia/Ho_Chi_Minh (UTC+7, no DST);
 *   default 07:00–11:30 and 13:30–17:00. A working day is their total: 8 working hours by default.
 * - Adding working time starts from the receipt instant, or from the next opening when the office is closed
 *   (lunch → 13:30 the same day; after 17:00, on a weekend or holiday → 07:00 of the next working day; before
 *   07:00 on a working day → 07:00 the same day).
 * - End-of-interval choice: an addition that uses up exactly the rest of an interval returns the END of that
 *   interval (11:30, 17:00), not the next opening. "Due 17:00 on 15/02" is what the one-stop desk writes on a
 *   receipt, and it keeps the due date on the day the time runs out (the result never moves to a later day only
 *   because the count ended on the closing bell).
 */

/** [start, end] as "HH:MM", local time; end may be "24:00". */
export type OfficeInterval = readonly [string, string];
export type OfficeHours = readonly OfficeInterval[];

export const DEFAULT_OFFICE_HOURS: OfficeHours = Object.freeze([
  Object.freeze(['07:00', '11:30'] as const),
  Object.freeze(['13:30', '17:00'] as const),
]);

export interface CalendarEntry {
  readonly kind: CalendarDayKind;
  readonly name: string;
  readonly source: string | null;
}

export interface WorkCalendar {
  /** weekdays (and possibly weekend days) that are off, ISO dates */
  readonly daysOff: ReadonlySet<string>;
  /** weekend days that are worked (swapped Saturdays), ISO dates */
  readonly workingDays: ReadonlySet<string>;
  /** name and source of every listed day */
  readonly entries: ReadonlyMap<string, CalendarEntry>;
  /** years with at least one listed day; other years use the derived statutory holidays */
  readonly coveredYears: ReadonlySet<number>;
  readonly officeHours: OfficeHours;
  /** office hours as milliseconds after local midnight, sorted, non-overlapping */
  readonly intervals: readonly { readonly start: number; readonly end: number }[];
  /** length of a working day in milliseconds (sum of the intervals; 8 h by default) */
  readonly dayMs: number;
}

/** Build a calendar from calendar_days rows (or the shipped data). Later rows for the same day win. */
export function createWorkCalendar(
  rows: Iterable<CalendarDayInput>,
  officeHours: OfficeHours = DEFAULT_OFFICE_HOURS,
): WorkCalendar {
  const entries = new Map<string, CalendarEntry>();
  for (const r of rows) {
    if (tryDayNumberFromIso(r.day) === null) throw new RangeError(`calendar row with a bad day: ${r.day}`);
    if (!CALENDAR_DAY_KINDS.includes(r.kind)) throw new RangeError(`calendar row ${r.day} with a bad kind: ${r.kind}`);
    entries.set(r.day, Object.freeze({ kind: r.kind, name: r.name, source: r.source ?? null }));
  }
  const daysOff = new Set<string>();
  const workingDays = new Set<string>();
  const coveredYears = new Set<number>();
  for (const [day, e] of entries) {
    (e.kind === 'day_off' ? daysOff : workingDays).add(day);
    coveredYears.add(Number(day.slice(0, 4)));
  }
  const intervals = parseOfficeHours(officeHours);
  return Object.freeze({
    daysOff,
    workingDays,
    entries,
    coveredYears,
    officeHours: Object.freeze(intervals.map((i) => Object.freeze([hhmm(i.start), hhmm(i.end)] as const))),
    intervals: Object.freeze(intervals.map((i) => Object.freeze(i))),
    dayMs: intervals.reduce((s, i) => s + i.end - i.start, 0),
  });
}

/** The same days with other office hours (an org unit's own hours). */
export function withOfficeHours(cal: WorkCalendar, officeHours: OfficeHours): WorkCalendar {
  const rows = [...cal.entries].map(([day, e]) => ({ day, ...e }));
  return createWorkCalendar(rows, officeHours);
}

/**
 * Validate office hours: at least one interval, "HH:MM" (end may be 24:00), start before end, no overlaps.
 * Returns the intervals in milliseconds after midnight, sorted. Throws ValidationError on field `officeHours`.
 */
export function parseOfficeHours(officeHours: OfficeHours): { start: number; end: number }[] {
  const bad = (message: string) => ValidationError.one('officeHours', message);
  if (!Array.isArray(officeHours) || officeHours.length === 0) {
    throw bad('Cần ít nhất một khoảng giờ làm việc, ví dụ 07:00–11:30.');
  }
  const out = officeHours.map((pair) => {
    if (!Array.isArray(pair) || pair.length !== 2) throw bad('Mỗi khoảng giờ làm việc gồm giờ bắt đầu và giờ kết thúc.');
    const start = parseHhmm(pair[0]);
    const end = parseHhmm(pair[1]);
    if (start === null || end === null) {
      throw bad(`Giờ không hợp lệ: "${pair[0]}–${pair[1]}" (dạng HH:MM, ví dụ 07:00).`);
    }
    if (start >= end) throw bad(`Giờ bắt đầu phải trước giờ kết thúc: "${pair[0]}–${pair[1]}".`);
    return { start, end };
  });
  out.sort((a, b) => a.start - b.start);
  for (let i = 1; i < out.length; i++) {
    if (out[i]!.start < out[i - 1]!.end) throw bad('Các khoảng giờ làm việc không được chồng lên nhau.');
  }
  return out;
}

function parseHhmm(text: unknown): number | null {
  if (typeof text !== 'string') return null;
  const m = /^(\d{2}):(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const mi = Number(m[2]);
  if (mi > 59 || h > 24 || (h === 24 && mi !== 0)) return null;
  return (h * 60 + mi) * MINUTE_MS;
}

function hhmm(ms: number): string {
  const minutes = Math.round(ms / MINUTE_MS);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** The derived statutory days off of a year not covered by the calendar rows, as a set of ISO dates. */
const derivedSets = new Map<number, ReadonlySet<string>>();
function derivedDaysOff(year: number): ReadonlySet<string> {
  let s = derivedSets.get(year);
  if (!s) {
    s = new Set(deriveStatutoryDaysOff(year).map((d) => d.day));
    derivedSets.set(year, s);
  }
  return s;
}

function isWeekend(wd: Weekday): boolean {
  return wd === 0 || wd === 6;
}

function isWorkingIso(cal: WorkCalendar, iso: string, wd: Weekday): boolean {
  if (cal.workingDays.has(iso)) return true;
  if (cal.daysOff.has(iso)) return false;
  if (isWeekend(wd)) return false;
  const year = Number(iso.slice(0, 4));
  if (!cal.coveredYears.has(year) && year >= 1900 && year <= 2100) return !derivedDaysOff(year).has(iso);
  return true;
}

function isWorkingDayNumber(cal: WorkCalendar, day: number): boolean {
  return isWorkingIso(cal, isoFromDayNumber(day), weekdayOfDayNumber(day));
}

/** Whether the ISO date (YYYY-MM-DD) is a working day. Throws RangeError on a malformed date. */
export function isWorkingDay(cal: WorkCalendar, isoDate: string): boolean {
  const n = tryDayNumberFromIso(isoDate);
  if (n === null) throw new RangeError(`not an ISO date (YYYY-MM-DD): ${JSON.stringify(isoDate)}`);
  return isWorkingDayNumber(cal, n);
}

/** Whether the office is open at the instant (working day, inside an interval [start, end)). */
export function isInOfficeHours(cal: WorkCalendar, instant: Date): boolean {
  const t = ms(instant);
  if (!isWorkingDayNumber(cal, vnDayNumber(t))) return false;
  const m = vnMsOfDay(t);
  return cal.intervals.some((i) => m >= i.start && m < i.end);
}

/** Longest run of consecutive non-working days tolerated before giving up (guards against a broken calendar). */
const MAX_CLOSED_DAYS = 366;

/** The instant itself when the office is open at it, otherwise the start of the next office interval. */
export function nextOpening(cal: WorkCalendar, instant: Date): Date {
  const t = ms(instant);
  let day = vnDayNumber(t);
  let cursor = vnMsOfDay(t);
  for (let closed = 0; closed <= MAX_CLOSED_DAYS; day++, cursor = 0) {
    if (!isWorkingDayNumber(cal, day)) {
      closed++;
      continue;
    }
    for (const i of cal.intervals) {
      if (cursor < i.end) return new Date(vnInstantMs(day, Math.max(cursor, i.start)));
    }
  }
  throw new RangeError(`no working day within ${MAX_CLOSED_DAYS} days of ${instant.toISOString()}`);
}

/**
 * The instant `hours` working hours after `from` (fractions allowed; 0 gives the opening the clock starts
 * from). Counting starts at `from` when the office is open, else at the next opening. When the time runs out
 * exactly at the end of an interval, the result is that end (11:30, 17:00), not the next opening.
 */
export function addWorkingHours(cal: WorkCalendar, from: Date, hours: number): Date {
  if (typeof hours !== 'number' || !Number.isFinite(hours) || hours < 0) {
    throw new RangeError(`working hours must be a finite number ≥ 0, got ${hours}`);
  }
  let remaining = Math.round(hours * HOUR_MS);
  const t = ms(from);
  let day = vnDayNumber(t);
  let cursor = vnMsOfDay(t);
  for (let closed = 0; closed <= MAX_CLOSED_DAYS; day++, cursor = 0) {
    if (!isWorkingDayNumber(cal, day)) {
      closed++;
      continue;
    }
    closed = 0;
    if (cursor === 0 && remaining > cal.dayMs) {
      remaining -= cal.dayMs;
      continue;
    }
    for (const i of cal.intervals) {
      const start = Math.max(cursor, i.start);
      if (start >= i.end) continue;
      const available = i.end - start;
      if (remaining <= available) return new Date(vnInstantMs(day, start + remaining));
      remaining -= available;
    }
  }
  throw new RangeError(`no working day within ${MAX_CLOSED_DAYS} days`);
}

/** N working days = N × (length of a working day, 8 h by default) working hours, counted from the receipt. */
export function addWorkingDays(cal: WorkCalendar, from: Date, days: number): Date {
  if (typeof days !== 'number' || !Number.isFinite(days) || days < 0) {
    throw new RangeError(`working days must be a finite number ≥ 0, got ${days}`);
  }
  return addWorkingHours(cal, from, (days * cal.dayMs) / HOUR_MS);
}

export interface WorkingTime {
  minutes: number;
  hours: number;
  /** in working days of the calendar's length (8 h by default) */
  days: number;
}

/** Working time from a to b (0 when b ≤ a). */
export function workingTimeBetween(cal: WorkCalendar, a: Date, b: Date): WorkingTime {
  const ta = ms(a);
  const tb = ms(b);
  let total = 0;
  if (tb > ta) {
    const firstDay = vnDayNumber(ta);
    const lastDay = vnDayNumber(tb);
    for (let day = firstDay; day <= lastDay; day++) {
      if (!isWorkingDayNumber(cal, day)) continue;
      const lo = day === firstDay ? vnMsOfDay(ta) : 0;
      const hi = day === lastDay ? vnMsOfDay(tb) : DAY_MS;
      for (const i of cal.intervals) {
        const s = Math.max(lo, i.start);
        const e = Math.min(hi, i.end);
        if (e > s) total += e - s;
      }
    }
  }
  return { minutes: total / MINUTE_MS, hours: total / HOUR_MS, days: total / cal.dayMs };
}

export interface CalendarSummaryEntry {
  /** ISO date */
  day: string;
  weekday: Weekday;
  kind: CalendarDayKind;
  name: string;
  source: string | null;
  /** true when derived from the law because the year has no published schedule in the calendar */
  derived: boolean;
}

/**
 * The exceptions of a year, sorted by date: weekdays that are off (holidays, compensatory days, Government
 * days off) and weekend days that are worked (swapped Saturdays).
 */
export function calendarYearSummary(cal: WorkCalendar, year: number): CalendarSummaryEntry[] {
  if (!Number.isInteger(year)) throw new RangeError(`year must be an integer, got ${year}`);
  const prefix = `${String(year).padStart(4, '0')}-`;
  const out: CalendarSummaryEntry[] = [];
  if (cal.coveredYears.has(year)) {
    for (const [day, e] of cal.entries) {
      if (!day.startsWith(prefix)) continue;
      const weekday = weekdayOfDayNumber(tryDayNumberFromIso(day)!);
      if ((e.kind === 'day_off') === isWeekend(weekday)) continue;
      out.push({ day, weekday, kind: e.kind, name: e.name, source: e.source, derived: false });
    }
  } else {
    for (const d of deriveStatutoryDaysOff(year)) {
      const weekday = weekdayOfDayNumber(tryDayNumberFromIso(d.day)!);
      if (isWeekend(weekday)) continue;
      out.push({ day: d.day, weekday, kind: 'day_off', name: d.name, source: d.source, derived: true });
    }
  }
  return out.sort((x, y) => (x.day < y.day ? -1 : x.day > y.day ? 1 : 0));
}

function ms(instant: Date): number {
  const t = instant instanceof Date ? instant.getTime() : Number.NaN;
  if (!Number.isFinite(t)) throw new RangeError('invalid Date');
  return t;
}
