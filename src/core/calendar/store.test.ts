import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/index.js';
import { ValidationError } from '../errors.js';
import { createTestDatabase } from '../testing/db.js';
import { shippedCalendarDays } from './data.js';
import {
  listCalendarYear,
  loadWorkCalendar,
  removeCalendarDay,
  seedCalendar,
  setCalendarDay,
  validateCalendarDay,
} from './store.js';
import { parseInstantVn, toIsoVn } from './time.js';
import { addWorkingDays, isWorkingDay } from './work-calendar.js';

function fieldsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e.fields.map((f) => f.field);
    throw e;
  }
  throw new Error('expected a ValidationError');
}

async function fieldsOfAsync(p: Promise<unknown>): Promise<ValidationError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error('expected a ValidationError');
}

describe('calendar_days in the database', () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.close());

  it('seeds the shipped 2023–2026 data once, then loads it into a working calendar', async () => {
    expect(database.engine).toBe(process.env.DATABASE_URL ? 'postgres' : 'pglite');
    const shipped = shippedCalendarDays();
    expect(await seedCalendar(database)).toBe(shipped.length);
    expect(await seedCalendar(database)).toBe(0);
    const cal = await loadWorkCalendar(database);
    expect(cal.entries.size).toBe(shipped.length);
    expect(isWorkingDay(cal, '2024-02-14')).toBe(false);
    expect(isWorkingDay(cal, '2024-02-15')).toBe(true);
    expect(isWorkingDay(cal, '2024-04-29')).toBe(false);
    expect(isWorkingDay(cal, '2024-05-04')).toBe(true);
    expect(isWorkingDay(cal, '2025-02-08')).toBe(true);
    expect(isWorkingDay(cal, '2025-01-27')).toBe(false);
    expect(toIsoVn(addWorkingDays(cal, parseInstantVn('2024-02-07T09:00'), 1))).toBe('2024-02-15T09:00:00+07:00');
    // the Drizzle handle works as well as the Database
    const again = await loadWorkCalendar(database.db, [['07:30', '17:00']]);
    expect(again.entries.size).toBe(shipped.length);
    expect(again.officeHours).toEqual([['07:30', '17:00']]);
  });

  it('lists a year as rows with ISO dates, sorted', async () => {
    const rows = await listCalendarYear(database.db, 2024);
    expect(rows.map((r) => r.day)).toEqual([
      '2024-01-01',
      '2024-02-08',
      '2024-02-09',
      '2024-02-12',
      '2024-02-13',
      '2024-02-14',
      '2024-04-18',
      '2024-04-29',
      '2024-04-30',
      '2024-05-01',
      '2024-05-04',
      '2024-09-02',
      '2024-09-03',
    ]);
    expect(rows[10]).toMatchObject({ kind: 'working_day', source: 'VPCP 2450/VPCP-KGVX 12/04/2024' });
    expect(rows[0]?.updatedAt).toBeInstanceOf(Date);
    expect((await fieldsOfAsync(listCalendarYear(database.db, 1800))).fields[0]?.field).toBe('year');
  });

  it('sets, replaces and removes a day inside a transaction', async () => {
    const first = await database.db.transaction((tx) =>
      setCalendarDay(tx, { day: '2027-01-09', kind: 'working_day', name: 'Làm bù cho Thứ Sáu 01/01/2027', source: 'VPCP' }),
    );
    expect(first.before).toBeNull();
    expect(first.after).toMatchObject({ day: '2027-01-09', kind: 'working_day', source: 'VPCP' });
    const second = await database.db.transaction((tx) =>
      setCalendarDay(tx, { day: '2027-01-09', kind: 'working_day', name: '  Làm bù (sửa)  ' }),
    );
    expect(second.before?.name).toBe('Làm bù cho Thứ Sáu 01/01/2027');
    expect(second.after).toMatchObject({ id: first.after.id, name: 'Làm bù (sửa)', source: null });
    await setCalendarDay(database, { day: '2027-01-08', kind: 'day_off', name: 'Nghỉ hoán đổi' });

    const cal = await loadWorkCalendar(database);
    expect(isWorkingDay(cal, '2027-01-09')).toBe(true);
    expect(isWorkingDay(cal, '2027-01-08')).toBe(false);
    expect((await listCalendarYear(database, 2027)).map((r) => r.day)).toEqual(['2027-01-08', '2027-01-09']);

    expect((await removeCalendarDay(database.db, '2027-01-09'))?.name).toBe('Làm bù (sửa)');
    expect(await removeCalendarDay(database.db, '2027-01-09')).toBeNull();
    await removeCalendarDay(database.db, '2027-01-08');
    const after = await loadWorkCalendar(database);
    expect(isWorkingDay(after, '2027-01-09')).toBe(false);
    expect(isWorkingDay(after, '2027-01-08')).toBe(true);
    expect(isWorkingDay(after, '2027-01-01')).toBe(false); // back to the derived statutory holidays
  });

  it('refuses bad entries, naming the field, in Vietnamese, and writes nothing', async () => {
    const e = await fieldsOfAsync(setCalendarDay(database.db, { day: '2024-02-30', kind: 'day_off', name: 'x' }));
    expect(e.fields).toEqual([{ field: 'day', message: expect.stringMatching(/Ngày không hợp lệ/) }]);
    const sat = await fieldsOfAsync(setCalendarDay(database.db, { day: '2024-03-09', kind: 'day_off', name: 'x' }));
    expect(sat.fields).toEqual([{ field: 'day', message: expect.stringMatching(/Thứ Hai đến Thứ Sáu/) }]);
    const mon = await fieldsOfAsync(setCalendarDay(database.db, { day: '2024-03-11', kind: 'working_day', name: 'x' }));
    expect(mon.fields).toEqual([{ field: 'day', message: expect.stringMatching(/Thứ Bảy hoặc Chủ Nhật/) }]);
    const noName = await fieldsOfAsync(setCalendarDay(database.db, { day: '2024-03-11', kind: 'day_off', name: '  ' }));
    expect(noName.fields).toEqual([{ field: 'name', message: expect.stringMatching(/bắt buộc/) }]);
    expect(fieldsOf(() => validateCalendarDay({ day: '09/03/2024', kind: 'holiday', name: '' }))).toEqual([
      'day',
      'kind',
      'name',
    ]);
    expect(fieldsOf(() => validateCalendarDay({ day: '2024-03-11', kind: 'day_off', name: 'x', source: 5 }))).toEqual([
      'source',
    ]);
    await expect(removeCalendarDay(database.db, '2024-3-1')).rejects.toBeInstanceOf(ValidationError);
    expect(await listCalendarYear(database.db, 2024)).toHaveLength(13);
  });
});
