import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.js';
import { shippedCalendarDays } from './data.js';
import { parseInstantVn as at, toIsoVn } from './time.js';
import {
  addWorkingDays,
  addWorkingHours,
  calendarYearSummary,
  createWorkCalendar,
  isInOfficeHours,
  isWorkingDay,
  nextOpening,
  parseOfficeHours,
  withOfficeHours,
  workingTimeBetween,
} from './work-calendar.js';

// Every expected value below is computed by hand from the published schedule and 07:00–11:30, 13:30–17:00.
const cal = createWorkCalendar(shippedCalendarDays());
const plusHours = (from: string, h: number) => toIsoVn(addWorkingHours(cal, at(from), h));
const plusDays = (from: string, d: number) => toIsoVn(addWorkingDays(cal, at(from), d));

describe('working days', () => {
  it('Tết 2024: 08–14/02 off, 07/02 and 15/02 worked', () => {
    expect(isWorkingDay(cal, '2024-02-07')).toBe(true);
    for (const d of ['08', '09', '10', '11', '12', '13', '14']) expect(isWorkingDay(cal, `2024-02-${d}`)).toBe(false);
    expect(isWorkingDay(cal, '2024-02-15')).toBe(true);
  });

  it('the 2024 swap: Monday 29/04 off, Saturday 04/05 worked, Sunday 05/05 off', () => {
    expect(isWorkingDay(cal, '2024-04-26')).toBe(true);
    expect(isWorkingDay(cal, '2024-04-29')).toBe(false);
    expect(isWorkingDay(cal, '2024-04-30')).toBe(false);
    expect(isWorkingDay(cal, '2024-05-01')).toBe(false);
    expect(isWorkingDay(cal, '2024-05-02')).toBe(true);
    expect(isWorkingDay(cal, '2024-05-04')).toBe(true);
    expect(isWorkingDay(cal, '2024-05-05')).toBe(false);
    expect(isWorkingDay(cal, '2024-04-18')).toBe(false); // Giỗ Tổ
  });

  it('Tết 2025: 25/01–02/02 off, Saturday 08/02 worked', () => {
    expect(isWorkingDay(cal, '2025-01-24')).toBe(true);
    for (let d = 25; d <= 31; d++) expect(isWorkingDay(cal, `2025-01-${d}`)).toBe(false);
    expect(isWorkingDay(cal, '2025-02-01')).toBe(false);
    expect(isWorkingDay(cal, '2025-02-02')).toBe(false);
    expect(isWorkingDay(cal, '2025-02-03')).toBe(true);
    expect(isWorkingDay(cal, '2025-02-08')).toBe(true);
    expect(isWorkingDay(cal, '2025-02-15')).toBe(false); // an ordinary Saturday
  });

  it('ordinary weekdays work, weekends do not', () => {
    expect(isWorkingDay(cal, '2024-03-05')).toBe(true);
    expect(isWorkingDay(cal, '2024-03-09')).toBe(false);
    expect(isWorkingDay(cal, '2024-03-10')).toBe(false);
  });

  it('derives the statutory holidays of a year with no published schedule (2027)', () => {
    expect(isWorkingDay(cal, '2027-01-01')).toBe(false);
    expect(isWorkingDay(cal, '2027-02-04')).toBe(true);
    expect(isWorkingDay(cal, '2027-02-05')).toBe(false); // last day of the lunar year
    expect(isWorkingDay(cal, '2027-02-11')).toBe(false); // compensatory
    expect(isWorkingDay(cal, '2027-02-12')).toBe(true);
    expect(isWorkingDay(cal, '2027-04-16')).toBe(false); // Giỗ Tổ
  });

  it('rejects a malformed date', () => {
    expect(() => isWorkingDay(cal, '2024-02-30')).toThrow(RangeError);
    expect(() => isWorkingDay(cal, '15/02/2024')).toThrow(RangeError);
  });
});

describe('office hours', () => {
  it('are half-open intervals on working days', () => {
    expect(isInOfficeHours(cal, at('2024-03-05T06:59'))).toBe(false);
    expect(isInOfficeHours(cal, at('2024-03-05T07:00'))).toBe(true);
    expect(isInOfficeHours(cal, at('2024-03-05T11:29:59'))).toBe(true);
    expect(isInOfficeHours(cal, at('2024-03-05T11:30'))).toBe(false);
    expect(isInOfficeHours(cal, at('2024-03-05T13:30'))).toBe(true);
    expect(isInOfficeHours(cal, at('2024-03-05T17:00'))).toBe(false);
    expect(isInOfficeHours(cal, at('2024-03-09T10:00'))).toBe(false); // Saturday
    expect(isInOfficeHours(cal, at('2024-05-04T10:00'))).toBe(true); // swapped Saturday
    expect(isInOfficeHours(cal, at('2024-02-12T10:00'))).toBe(false); // Tết
    expect(isInOfficeHours(cal, at('2024-03-05T03:00Z'))).toBe(true); // 10:00 in Vietnam
  });

  it('nextOpening: the instant itself when open, else the next start', () => {
    expect(toIsoVn(nextOpening(cal, at('2024-03-05T09:15')))).toBe('2024-03-05T09:15:00+07:00');
    expect(toIsoVn(nextOpening(cal, at('2024-03-05T12:00')))).toBe('2024-03-05T13:30:00+07:00');
    expect(toIsoVn(nextOpening(cal, at('2024-03-05T11:30')))).toBe('2024-03-05T13:30:00+07:00');
    expect(toIsoVn(nextOpening(cal, at('2024-03-05T05:00')))).toBe('2024-03-05T07:00:00+07:00');
    expect(toIsoVn(nextOpening(cal, at('2024-03-05T17:00')))).toBe('2024-03-06T07:00:00+07:00');
    expect(toIsoVn(nextOpening(cal, at('2024-03-08T18:00')))).toBe('2024-03-11T07:00:00+07:00');
    expect(toIsoVn(nextOpening(cal, at('2024-02-07T17:30')))).toBe('2024-02-15T07:00:00+07:00');
    expect(toIsoVn(nextOpening(cal, at('2024-05-03T17:30')))).toBe('2024-05-04T07:00:00+07:00');
  });

  it('can be an org unit’s own, validated', () => {
    const unit = withOfficeHours(cal, [
      ['13:00', '17:00'],
      ['07:30', '11:30'],
    ]);
    expect(unit.officeHours).toEqual([
      ['07:30', '11:30'],
      ['13:00', '17:00'],
    ]);
    expect(unit.dayMs).toBe(8 * 3_600_000);
    expect(isWorkingDay(unit, '2024-05-04')).toBe(true);
    expect(toIsoVn(addWorkingHours(unit, at('2024-03-05T11:00'), 1))).toBe('2024-03-05T13:30:00+07:00');
    // a unit with a 9-hour day: one working day is its whole day
    const long = createWorkCalendar([], [['07:00', '16:00']]);
    expect(toIsoVn(addWorkingDays(long, at('2024-03-05T10:00'), 1))).toBe('2024-03-06T10:00:00+07:00');
    for (const bad of [[], [['7:00', '11:30']], [['11:30', '07:00']], [['07:00', '12:00'], ['11:00', '17:00']], [['07:00', '24:30']]]) {
      try {
        parseOfficeHours(bad as never);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(ValidationError);
        expect((e as ValidationError).fields[0]?.field).toBe('officeHours');
      }
    }
  });
});

describe('adding working time', () => {
  it('the example: 2024-02-07 09:00 + 1 working day = 2024-02-15 09:00 (Tết 08–14/02)', () => {
    expect(plusDays('2024-02-07T09:00', 1)).toBe('2024-02-15T09:00:00+07:00');
    expect(plusHours('2024-02-07T09:00', 8)).toBe('2024-02-15T09:00:00+07:00');
  });

  it('hour-valued limits inside one day, across lunch', () => {
    // 10:00–11:30 is 1.5 h, then 13:30 + 2.5 h
    expect(plusHours('2024-03-05T10:00', 4)).toBe('2024-03-05T16:00:00+07:00');
    expect(plusHours('2024-03-05T10:00', 3.5)).toBe('2024-03-05T15:30:00+07:00');
    expect(plusHours('2024-03-05T10:00', 1)).toBe('2024-03-05T11:00:00+07:00');
    expect(plusHours('2024-03-05T10:00', 0.25)).toBe('2024-03-05T10:15:00+07:00');
  });

  it('a receipt during lunch counts from 13:30', () => {
    expect(plusHours('2024-03-05T12:00', 1)).toBe('2024-03-05T14:30:00+07:00');
    expect(plusHours('2024-03-05T12:00', 0)).toBe('2024-03-05T13:30:00+07:00');
    // 13:30–17:00 is 3.5 h, then 07:00 + 4.5 h = 11:30: the end of the morning interval (see the end rule)
    expect(plusDays('2024-03-05T12:15', 1)).toBe('2024-03-06T11:30:00+07:00');
  });

  it('a receipt after 17:00 counts from 07:00 of the next working day', () => {
    expect(plusHours('2024-03-05T18:00', 2)).toBe('2024-03-06T09:00:00+07:00');
    expect(plusHours('2024-03-08T17:30', 1)).toBe('2024-03-11T08:00:00+07:00'); // Friday → Monday
    expect(plusDays('2024-03-05T17:00', 1)).toBe('2024-03-06T17:00:00+07:00');
    expect(plusDays('2024-05-03T17:30', 1)).toBe('2024-05-04T17:00:00+07:00'); // → swapped Saturday
  });

  it('a receipt on a holiday or a weekend counts from 07:00 of the next working day', () => {
    expect(plusHours('2024-02-09T10:00', 1)).toBe('2024-02-15T08:00:00+07:00');
    expect(plusHours('2024-03-09T10:00', 4)).toBe('2024-03-11T11:00:00+07:00');
    expect(plusHours('2024-04-29T06:00', 1)).toBe('2024-05-02T08:00:00+07:00');
  });

  it('a receipt before 07:00 on a working day counts from 07:00 the same day', () => {
    expect(plusHours('2024-03-05T06:00', 1)).toBe('2024-03-05T08:00:00+07:00');
    expect(plusDays('2024-03-05T00:00', 1)).toBe('2024-03-05T17:00:00+07:00');
  });

  it('ends at the end of an interval when the time runs out exactly there (17:00, 11:30)', () => {
    expect(plusHours('2024-03-05T07:00', 8)).toBe('2024-03-05T17:00:00+07:00');
    expect(plusDays('2024-03-05T07:00', 1)).toBe('2024-03-05T17:00:00+07:00');
    expect(plusHours('2024-03-05T09:00', 2.5)).toBe('2024-03-05T11:30:00+07:00');
    expect(plusHours('2024-03-05T14:00', 3)).toBe('2024-03-05T17:00:00+07:00');
    // Friday before Tết 2025: the due time stays on Friday at 17:00, not after the holiday
    expect(plusHours('2025-01-24T16:00', 1)).toBe('2025-01-24T17:00:00+07:00');
    expect(plusHours('2025-01-24T16:00', 1.5)).toBe('2025-02-03T07:30:00+07:00');
  });

  it('working days across weekends, swaps and Tết', () => {
    expect(plusDays('2024-03-08T09:00', 1)).toBe('2024-03-11T09:00:00+07:00');
    expect(plusDays('2024-05-03T09:00', 1)).toBe('2024-05-04T09:00:00+07:00');
    expect(plusDays('2024-04-26T09:00', 1)).toBe('2024-05-02T09:00:00+07:00');
    expect(plusDays('2025-01-24T09:00', 1)).toBe('2025-02-03T09:00:00+07:00');
    expect(plusDays('2025-02-07T09:00', 1)).toBe('2025-02-08T09:00:00+07:00');
    expect(plusDays('2024-03-05T10:00', 0.5)).toBe('2024-03-05T16:00:00+07:00');
    // 15 working days from Mon 01/04/2024: 02–05, 08–12, 15–17, (18/04 Giỗ Tổ off), 19, 22, 23
    expect(plusDays('2024-04-01T09:00', 15)).toBe('2024-04-23T09:00:00+07:00');
    // from Mon 15/04: 16, 17, 19, 22–26 (8), 29/04–01/05 off, 02, 03 (10), Sat 04/05 worked (11)
    expect(plusDays('2024-04-15T09:00', 10)).toBe('2024-05-03T09:00:00+07:00');
    expect(plusDays('2024-04-15T09:00', 11)).toBe('2024-05-04T09:00:00+07:00');
    expect(plusDays('2024-04-15T09:00', 12)).toBe('2024-05-06T09:00:00+07:00');
    // into a derived year: 2026-12-31 (Thu) + 2 → skips 01/01/2027 (Fri) and the weekend
    expect(plusDays('2026-12-31T09:00', 2)).toBe('2027-01-05T09:00:00+07:00');
  });

  it('rejects negative, non-finite and non-numeric amounts', () => {
    expect(() => addWorkingHours(cal, at('2024-03-05T09:00'), -1)).toThrow(RangeError);
    expect(() => addWorkingHours(cal, at('2024-03-05T09:00'), Number.NaN)).toThrow(RangeError);
    expect(() => addWorkingDays(cal, at('2024-03-05T09:00'), Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => addWorkingDays(cal, new Date('x'), 1)).toThrow(RangeError);
  });
});

describe('workingTimeBetween', () => {
  it('across a weekend: Fri 15:00 → Mon 09:00 = 4 h', () => {
    expect(workingTimeBetween(cal, at('2024-03-08T15:00'), at('2024-03-11T09:00'))).toEqual({
      minutes: 240,
      hours: 4,
      days: 0.5,
    });
  });

  it('across lunch: 11:00 → 14:00 = 60 min', () => {
    expect(workingTimeBetween(cal, at('2024-03-05T11:00'), at('2024-03-05T14:00')).minutes).toBe(60);
    expect(workingTimeBetween(cal, at('2024-03-05T12:00'), at('2024-03-05T13:00')).minutes).toBe(0);
  });

  it('across Tết 2024 and a swapped Saturday', () => {
    expect(workingTimeBetween(cal, at('2024-02-07T09:00'), at('2024-02-15T09:00')).hours).toBe(8);
    expect(workingTimeBetween(cal, at('2024-05-03T00:00'), at('2024-05-06T00:00')).hours).toBe(16);
  });

  it('is 0 when b ≤ a', () => {
    expect(workingTimeBetween(cal, at('2024-03-05T14:00'), at('2024-03-05T11:00')).minutes).toBe(0);
    expect(workingTimeBetween(cal, at('2024-03-05T14:00'), at('2024-03-05T14:00')).minutes).toBe(0);
  });

  it('inverts addWorkingHours from an open instant', () => {
    for (const [from, h] of [
      ['2024-02-07T09:00', 8],
      ['2024-04-26T10:10', 13.25],
      ['2025-01-20T16:45', 40],
      ['2024-03-05T07:00', 8],
    ] as const) {
      const due = addWorkingHours(cal, at(from), h);
      expect(workingTimeBetween(cal, at(from), due).hours).toBeCloseTo(h, 9);
    }
  });
});

describe('calendarYearSummary', () => {
  it('lists 2024’s weekday days off and worked Saturdays, sorted, with names', () => {
    const s = calendarYearSummary(cal, 2024);
    expect(s.map((e) => `${e.day} ${e.kind}`)).toEqual([
      '2024-01-01 day_off',
      '2024-02-08 day_off',
      '2024-02-09 day_off',
      '2024-02-12 day_off',
      '2024-02-13 day_off',
      '2024-02-14 day_off',
      '2024-04-18 day_off',
      '2024-04-29 day_off',
      '2024-04-30 day_off',
      '2024-05-01 day_off',
      '2024-05-04 working_day',
      '2024-09-02 day_off',
      '2024-09-03 day_off',
    ]);
    expect(s[0]).toMatchObject({ weekday: 1, name: 'Tết Dương lịch', derived: false });
    expect(s[10]).toMatchObject({ weekday: 6, name: 'Làm bù cho Thứ Hai 29/04/2024' });
  });

  it('derives a year with no published schedule', () => {
    const s = calendarYearSummary(cal, 2027);
    expect(s.every((e) => e.derived && e.kind === 'day_off' && e.weekday >= 1 && e.weekday <= 5)).toBe(true);
    expect(s.map((e) => e.day)).toContain('2027-04-16');
  });
});

describe('the calendar object', () => {
  it('is frozen and built from rows', () => {
    expect(Object.isFrozen(cal)).toBe(true);
    expect(cal.dayMs).toBe(8 * 3_600_000);
    expect(cal.workingDays.has('2025-04-26')).toBe(true);
    expect([...cal.coveredYears].sort()).toEqual([2023, 2024, 2025, 2026]);
    expect(() => createWorkCalendar([{ day: '2024-02-30', kind: 'day_off', name: 'x' }])).toThrow(RangeError);
  });
});
