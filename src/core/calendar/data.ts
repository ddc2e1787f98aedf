// The shipped civil-service calendar 2023–2026: days off and swapped working Saturdays.
// Copied from shared/calendar/vn-civil-service-calendar.json (research/dossiers.md §4 lists the full URLs).
// Sources cited inside, per entry: Labor Code 45/2019/QH14 art. 111–112; VPCP 8056/VPCP-KGVX 01/12/2022 (2023);
// bnews.vn 288433 (2023); sucsongtre.vn (2024); VPCP 2450/VPCP-KGVX 12/04/2024 (2024 swap);
// VPCP 8726/VPCP-KGVX 26/11/2024 (Tết 2025); thoidai.com.vn 209915 (2025); VPCP 12729/VPCP-KGVX 25/12/2025
// (Tết Dương lịch 2026); congan.com.vn 388656 (Tết 2026); thanhnien.vn 185260223083506397 and
// 185251002114917158 (2026; Quốc khánh 2026 is a proposal, UNVERIFIED). Giỗ Tổ 2024 is computed from the lunar
// calendar. The project reads only this copy, never ../shared.
import raw from './vn-civil-service-calendar.json' with { type: 'json' };
import { weekdayOfIso } from './time.js';

export type CalendarDayKind = 'day_off' | 'working_day';
export const CALENDAR_DAY_KINDS: readonly CalendarDayKind[] = ['day_off', 'working_day'];

/** One exception to the weekly pattern, as stored in calendar_days. */
export interface CalendarDayInput {
  /** ISO date YYYY-MM-DD */
  day: string;
  kind: CalendarDayKind;
  name: string;
  source?: string | null;
}

interface RawEntry {
  name: string;
  source: string;
  verified?: string;
}
interface RawYear {
  days_off: (RawEntry & { dates: string[] })[];
  working_saturdays: (RawEntry & { date: string })[];
}

const years = raw.years as Record<string, RawYear>;

/** Years the shipped data covers. */
export const SHIPPED_YEARS: readonly number[] = Object.freeze(Object.keys(years).map(Number).sort());

function sourceOf(e: RawEntry): string {
  return e.verified && e.verified !== 'secondary' ? `${e.source} [${e.verified}]` : e.source;
}

/**
 * The shipped rows, sorted by day: weekday days off and working Saturdays. Days off that fall on a weekend are
 * left out: weekends are off anyway, and calendar_days only holds exceptions to the weekly pattern.
 */
export function shippedCalendarDays(): CalendarDayInput[] {
  const out: CalendarDayInput[] = [];
  for (const y of Object.values(years)) {
    for (const e of y.days_off) {
      for (const day of e.dates) {
        const wd = weekdayOfIso(day);
        if (wd === 0 || wd === 6) continue;
        out.push({ day, kind: 'day_off', name: e.name, source: sourceOf(e) });
      }
    }
    for (const e of y.working_saturdays) {
      out.push({ day: e.date, kind: 'working_day', name: e.name, source: sourceOf(e) });
    }
  }
  return out.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
}

/** Every date the shipped data lists as a day off (weekends included), for tests and audits of the data. */
export function shippedDaysOffAll(): { day: string; name: string }[] {
  return Object.values(years).flatMap((y) => y.days_off.flatMap((e) => e.dates.map((day) => ({ day, name: e.name }))));
}
