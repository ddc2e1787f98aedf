import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.js';
import { daysBetween, formatDateVn, isIsoDate, parseInstantVn, todayVn, toIsoVn, vnIsoDate, weekdayOfIso } from './time.js';

describe('instants in Asia/Ho_Chi_Minh', () => {
  it('reads local time without an offset as UTC+7', () => {
    expect(parseInstantVn('2024-02-07T09:00').toISOString()).toBe('2024-02-07T02:00:00.000Z');
    expect(parseInstantVn('2024-02-07 09:00:30').toISOString()).toBe('2024-02-07T02:00:30.000Z');
    expect(parseInstantVn(' 2024-02-07T09:00:00.5 ').toISOString()).toBe('2024-02-07T02:00:00.500Z');
    expect(parseInstantVn('2024-02-07').toISOString()).toBe('2024-02-06T17:00:00.000Z');
  });

  it('honours an explicit offset or Z', () => {
    expect(parseInstantVn('2024-02-07T09:00+07:00').toISOString()).toBe('2024-02-07T02:00:00.000Z');
    expect(parseInstantVn('2024-02-07T02:00Z').toISOString()).toBe('2024-02-07T02:00:00.000Z');
    expect(parseInstantVn('2024-02-07T09:00:00+0900').toISOString()).toBe('2024-02-07T00:00:00.000Z');
    expect(parseInstantVn('2024-02-06T20:00-05:00').toISOString()).toBe('2024-02-07T01:00:00.000Z');
  });

  it.each([
    '',
    'hôm qua',
    '2024-02-30T09:00',
    '2023-02-29',
    '2024-13-01T09:00',
    '2024-02-07T24:00',
    '2024-02-07T09:60',
    '2024-02-07T09',
    '07/02/2024 09:00',
    '2024-02-07T09:00+25:00',
  ])('rejects %j with a ValidationError naming the field', (text) => {
    try {
      parseInstantVn(text, 'receivedAt');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).fields[0]?.field).toBe('receivedAt');
      expect((e as ValidationError).message).toMatch(/Thời điểm không hợp lệ/);
    }
  });

  it('writes ISO 8601 with +07:00', () => {
    expect(toIsoVn(new Date('2024-02-15T02:00:00Z'))).toBe('2024-02-15T09:00:00+07:00');
    expect(toIsoVn(new Date('2023-12-31T17:00:00Z'))).toBe('2024-01-01T00:00:00+07:00');
    expect(toIsoVn(new Date('2024-02-15T02:00:00.250Z'))).toBe('2024-02-15T09:00:00.250+07:00');
    expect(toIsoVn(parseInstantVn('2024-02-07T09:00'))).toBe('2024-02-07T09:00:00+07:00');
    expect(() => toIsoVn(new Date('x'))).toThrow(RangeError);
  });

  it('knows the Vietnamese date of an instant, weekdays and the dd/mm/yyyy format', () => {
    expect(vnIsoDate(new Date('2024-02-14T17:00:00Z'))).toBe('2024-02-15');
    expect(vnIsoDate(new Date('2024-02-14T16:59:59Z'))).toBe('2024-02-14');
    expect(weekdayOfIso('2024-05-04')).toBe(6);
    expect(weekdayOfIso('2024-04-29')).toBe(1);
    expect(weekdayOfIso('1969-12-31')).toBe(3);
    expect(formatDateVn('2024-01-09')).toBe('09/01/2024');
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
  });
});

describe('days', () => {
  it('counts calendar days between ISO dates, across a leap day and a year end', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2023-12-31', '2024-01-01')).toBe(1);
    expect(daysBetween('2025-04-12', '2025-04-12')).toBe(0);
    expect(daysBetween('2025-04-12', '2025-04-02')).toBe(-10);
    expect(() => daysBetween('2023-02-29', '2023-03-01')).toThrow(RangeError);
  });
  it('today is the Vietnamese calendar day of now', () => {
    const before = vnIsoDate(new Date());
    const today = todayVn();
    expect([before, vnIsoDate(new Date())]).toContain(today);
  });
});
