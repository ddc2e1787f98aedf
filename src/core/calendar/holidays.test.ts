import { describe, expect, it } from 'vitest';
import { shippedCalendarDays, shippedDaysOffAll } from './data.js';
import { deriveStatutoryDaysOff, hungKingsDay, lunarNewYear } from './holidays.js';
import { weekdayOfIso } from './time.js';

describe('lunar holidays (@dqcai/vn-lunar) against the shipped data', () => {
  const shippedOff = new Map(shippedDaysOffAll().map((d) => [d.day, d.name]));

  it.each([
    [2023, '2023-01-22'],
    [2024, '2024-02-10'],
    [2025, '2025-01-29'],
    [2026, '2026-02-17'],
  ])('Tết mùng 1 of %i is %s, a day off in the shipped data named after it', (year, expected) => {
    expect(lunarNewYear(year)).toBe(expected);
    const name = shippedOff.get(expected);
    expect(name).toMatch(/^Tết Nguyên đán/);
    // the shipped name states mùng 1 as dd/mm
    expect(name).toContain(`mùng 1 = ${expected.slice(8, 10)}/${expected.slice(5, 7)}`);
  });

  it('Giỗ Tổ Hùng Vương 2024 is 18/04, as shipped', () => {
    expect(hungKingsDay(2024)).toBe('2024-04-18');
    expect(shippedOff.get('2024-04-18')).toMatch(/Giỗ Tổ Hùng Vương/);
  });

  it('Giỗ Tổ of the other shipped years is among their days off', () => {
    expect(hungKingsDay(2023)).toBe('2023-04-29');
    expect(hungKingsDay(2025)).toBe('2025-04-07');
    expect(hungKingsDay(2026)).toBe('2026-04-26');
    for (const y of [2023, 2025, 2026]) expect(shippedOff.has(hungKingsDay(y))).toBe(true);
  });
});

describe('derived statutory days off (Labor Code 2019 art. 111–112)', () => {
  it('2023 outside Tết matches the published schedule (compensatory days included)', () => {
    const derived = deriveStatutoryDaysOff(2023)
      .map((d) => d.day)
      .filter((d) => !d.startsWith('2023-01-2') && weekdayOfIso(d) % 6 !== 0);
    const shipped = shippedCalendarDays()
      .filter((d) => d.kind === 'day_off' && d.day.startsWith('2023-') && !d.day.startsWith('2023-01-2'))
      .map((d) => d.day);
    expect(derived).toEqual(shipped);
    expect(shipped).toEqual(['2023-01-02', '2023-05-01', '2023-05-02', '2023-05-03', '2023-09-01', '2023-09-04']);
  });

  it('2027 by hand: Tết Đinh Mùi mùng 1 = Sat 06/02, 5 days from 05/02, two compensatory days', () => {
    const days = deriveStatutoryDaysOff(2027);
    const map = new Map(days.map((d) => [d.day, d.name]));
    expect([...map.keys()]).toEqual([
      '2027-01-01',
      '2027-02-05',
      '2027-02-06',
      '2027-02-07',
      '2027-02-08',
      '2027-02-09',
      '2027-02-10',
      '2027-02-11',
      '2027-04-16',
      '2027-04-30',
      '2027-05-01',
      '2027-05-03',
      '2027-09-01',
      '2027-09-02',
    ]);
    expect(map.get('2027-02-06')).toBe('Tết Nguyên đán Đinh Mùi (mùng 1 = 06/02)');
    expect(map.get('2027-02-10')).toMatch(/^Nghỉ bù Tết Nguyên đán/);
    // 1/5/2027 is a Saturday: compensatory Monday 3/5
    expect(map.get('2027-05-03')).toBe('Nghỉ bù Ngày Quốc tế Lao động (1/5)');
  });

  it('takes 3/9 as the day adjacent to Quốc khánh when 2/9 is a Monday', () => {
    // 2/9/2030 is a Monday
    const days = deriveStatutoryDaysOff(2030).map((d) => d.day);
    expect(days).toContain('2030-09-03');
    expect(days).toContain('2030-09-02');
  });

  it('refuses years outside 1900–2100', () => {
    expect(() => deriveStatutoryDaysOff(1899)).toThrow(RangeError);
    expect(() => deriveStatutoryDaysOff(2024.5)).toThrow(RangeError);
  });
});
