import { and, asc, eq, gte, lte, sql } from 'drizzle-orm';
import type { Database, DbOrTx } from '../db/index.js';
import { type FieldError, ValidationError } from '../errors.js';
import { CALENDAR_DAY_KINDS, type CalendarDayInput, type CalendarDayKind, shippedCalendarDays } from './data.js';
import { deriveStatutoryDaysOff } from './holidays.js';
import { calendarDays } from './schema.js';
import { tryDayNumberFromIso, weekdayOfDayNumber } from './time.js';
import { createWorkCalendar, DEFAULT_OFFICE_HOURS, type OfficeHours, type WorkCalendar } from './work-calendar.js';

/**
 * calendar_days in the database: load into a WorkCalendar, seed the shipped 2023–2026 data, and the admin's
 * edit commands. The commands take a Drizzle database or transaction; the caller audits them.
 */

export type CalendarDayRow = typeof calendarDays.$inferSelect;

function drizzleOf(db: DbOrTx | Database): DbOrTx {
  return 'engine' in db && 'copyRows' in db ? db.db : (db as DbOrTx);
}

/** Read calendar_days into a WorkCalendar with the given office hours (the org unit's; default 07:00–17:00). */
export async function loadWorkCalendar(
  db: DbOrTx | Database,
  officeHours: OfficeHours = DEFAULT_OFFICE_HOURS,
): Promise<WorkCalendar> {
  const rows = await drizzleOf(db)
    .select({ day: calendarDays.day, kind: calendarDays.kind, name: calendarDays.name, source: calendarDays.source })
    .from(calendarDays)
    .orderBy(asc(calendarDays.day));
  return createWorkCalendar(
    rows.filter((r): r is typeof r & { kind: CalendarDayKind } => isKind(r.kind)),
    officeHours,
  );
}

/** Insert the shipped 2023–2026 days; days already present are kept as they are. Returns the rows inserted. */
export async function seedCalendar(db: DbOrTx | Database): Promise<number> {
  const rows = shippedCalendarDays().map((d) => ({ day: d.day, kind: d.kind, name: d.name, source: d.source ?? null }));
  const inserted = await drizzleOf(db)
    .insert(calendarDays)
    .values(rows)
    .onConflictDoNothing({ target: calendarDays.day })
    .returning({ id: calendarDays.id });
  return inserted.length;
}

/**
 * A year is governed either by its stored days (the published schedule) or, when it has none, by the days the
 * Labor Code gives. Before an admin's first edit of an uncovered year, its derived weekday holidays are stored
 * so that one added swap does not silently drop the year's holidays. Returns the rows inserted (0 if covered).
 */
export async function seedDerivedYear(db: DbOrTx | Database, year: number): Promise<number> {
  const d = drizzleOf(db);
  const existing = await d
    .select({ n: sql<number>`count(*)::int` })
    .from(calendarDays)
    .where(and(gte(calendarDays.day, `${year}-01-01`), lte(calendarDays.day, `${year}-12-31`)));
  if ((existing[0]?.n ?? 0) > 0) return 0;
  const rows = deriveStatutoryDaysOff(year)
    .filter((x) => {
      const wd = weekdayOfDayNumber(tryDayNumberFromIso(x.day)!);
      return wd !== 0 && wd !== 6;
    })
    .map((x) => ({ day: x.day, kind: 'day_off' as const, name: x.name, source: x.source }));
  if (!rows.length) return 0;
  const inserted = await d.insert(calendarDays).values(rows).onConflictDoNothing().returning({ id: calendarDays.id });
  return inserted.length;
}

/**
 * Check an admin's entry. Rules: `day` is a real ISO date; `kind` is day_off or working_day; a working_day is a
 * Saturday or Sunday (a swap); a day_off is a Monday–Friday (weekends are off anyway); `name` is required.
 * Throws ValidationError listing every bad field, messages in Vietnamese. Returns the trimmed entry.
 */
export function validateCalendarDay(input: {
  day?: unknown;
  kind?: unknown;
  name?: unknown;
  source?: unknown;
}): CalendarDayInput & { source: string | null } {
  const errors: FieldError[] = [];
  const day = typeof input.day === 'string' ? input.day.trim() : '';
  const n = tryDayNumberFromIso(day);
  if (n === null) {
    errors.push({ field: 'day', message: 'Ngày không hợp lệ: nhập ngày có thật theo dạng YYYY-MM-DD, ví dụ 2024-05-04.' });
  }
  const kind = typeof input.kind === 'string' ? input.kind.trim() : '';
  if (!isKind(kind)) {
    errors.push({ field: 'kind', message: 'Loại ngày phải là "day_off" (ngày nghỉ) hoặc "working_day" (ngày làm bù).' });
  } else if (n !== null) {
    const wd = weekdayOfDayNumber(n);
    const weekend = wd === 0 || wd === 6;
    if (kind === 'working_day' && !weekend) {
      errors.push({ field: 'day', message: 'Ngày làm bù phải là Thứ Bảy hoặc Chủ Nhật.' });
    }
    if (kind === 'day_off' && weekend) {
      errors.push({
        field: 'day',
        message: 'Ngày nghỉ phải là một ngày từ Thứ Hai đến Thứ Sáu (Thứ Bảy và Chủ Nhật đã là ngày nghỉ).',
      });
    }
  }
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  if (!name) errors.push({ field: 'name', message: 'Tên ngày (lý do nghỉ hoặc làm bù) là bắt buộc.' });
  else if (name.length > 500) errors.push({ field: 'name', message: 'Tên ngày dài tối đa 500 ký tự.' });
  let source: string | null = null;
  if (input.source !== undefined && input.source !== null) {
    if (typeof input.source !== 'string') errors.push({ field: 'source', message: 'Nguồn phải là văn bản.' });
    else source = input.source.trim() || null;
  }
  if (errors.length) throw new ValidationError(errors);
  return { day, kind: kind as CalendarDayKind, name, source };
}

/**
 * Add or replace the entry of one day (validated, see validateCalendarDay). Returns the row before (null when
 * new) and after, for the caller's audit record.
 */
export async function setCalendarDay(
  db: DbOrTx | Database,
  input: { day: string; kind: CalendarDayKind | string; name: string; source?: string | null },
): Promise<{ before: CalendarDayRow | null; after: CalendarDayRow }> {
  const v = validateCalendarDay(input);
  const d = drizzleOf(db);
  const [before] = await d.select().from(calendarDays).where(eq(calendarDays.day, v.day));
  const [after] = await d
    .insert(calendarDays)
    .values({ day: v.day, kind: v.kind, name: v.name, source: v.source })
    .onConflictDoUpdate({
      target: calendarDays.day,
      set: { kind: v.kind, name: v.name, source: v.source, updatedAt: sql`now()` },
    })
    .returning();
  return { before: before ?? null, after: after! };
}

/** Remove the entry of one day (the day falls back to the weekly pattern). Returns the removed row, or null. */
export async function removeCalendarDay(db: DbOrTx | Database, day: string): Promise<CalendarDayRow | null> {
  const d = typeof day === 'string' ? day.trim() : '';
  if (tryDayNumberFromIso(d) === null) {
    throw ValidationError.one('day', 'Ngày không hợp lệ: nhập ngày có thật theo dạng YYYY-MM-DD, ví dụ 2024-05-04.');
  }
  const [removed] = await drizzleOf(db).delete(calendarDays).where(eq(calendarDays.day, d)).returning();
  return removed ?? null;
}

/** The rows of one year, sorted by day. */
export async function listCalendarYear(db: DbOrTx | Database, year: number): Promise<CalendarDayRow[]> {
  if (!Number.isInteger(year) || year < 1900 || year > 2100) {
    throw ValidationError.one('year', 'Năm phải là số nguyên từ 1900 đến 2100.');
  }
  return drizzleOf(db)
    .select()
    .from(calendarDays)
    .where(and(gte(calendarDays.day, `${year}-01-01`), lte(calendarDays.day, `${year}-12-31`)))
    .orderBy(asc(calendarDays.day));
}

function isKind(kind: string): kind is CalendarDayKind {
  return (CALENDAR_DAY_KINDS as readonly string[]).includes(kind);
}
