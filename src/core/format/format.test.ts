import { afterEach, describe, expect, it } from 'vitest';
import {
  compareVi,
  EMPTY,
  formatArea,
  formatDate,
  formatDateTime,
  formatHectares,
  formatInteger,
  formatMoneyVnd,
  formatNumber,
  formatPercent,
  formatVnd,
  percentOf,
  placeDateLine,
  sortVi,
  weekdayName,
} from './index.js';

describe('formatInteger', () => {
  it('groups thousands with a dot in Vietnamese and a comma in English', () => {
    expect(formatInteger(25628)).toBe('25.628');
    expect(formatInteger(25628, 'vi')).toBe('25.628');
    expect(formatInteger(25628, 'en')).toBe('25,628');
    expect(formatInteger(1_234_567)).toBe('1.234.567');
    expect(formatInteger(999)).toBe('999');
    expect(formatInteger(0)).toBe('0');
  });

  it('uses plain ASCII characters (no no-break spaces, no U+2212)', () => {
    expect(formatInteger(25628)).toMatch(/^[0-9.]+$/);
    expect(formatInteger(-25628)).toBe('-25.628');
  });

  it('rounds half away from zero and never prints -0', () => {
    expect(formatInteger(2.5)).toBe('3');
    expect(formatInteger(-2.5)).toBe('-3');
    expect(formatInteger(-0.4)).toBe('0');
  });

  it('accepts bigint and shows missing values as a dash', () => {
    expect(formatInteger(12_345_678_901_234_567_890n)).toBe('12.345.678.901.234.567.890');
    expect(formatInteger(null)).toBe('—');
    expect(formatInteger(undefined)).toBe('—');
    expect(formatInteger(Number.NaN)).toBe('—');
    expect(EMPTY).toBe('—');
  });
});

describe('formatNumber', () => {
  it('uses a decimal comma in Vietnamese', () => {
    expect(formatNumber(Math.PI, 2)).toBe('3,14');
    expect(formatNumber(Math.PI, 2, 'en')).toBe('3.14');
    expect(formatNumber(1234.5, 1)).toBe('1.234,5');
    expect(formatNumber(1234.5, 1, 'en')).toBe('1,234.5');
  });

  it('keeps the requested number of decimals', () => {
    expect(formatNumber(3, 2)).toBe('3,00');
    expect(formatNumber(2.5, 0)).toBe('3');
    expect(formatNumber(-0.001, 2)).toBe('0,00');
  });

  it('shows up to three decimals when no digit count is given', () => {
    expect(formatNumber(Math.PI)).toBe('3,142');
    expect(formatNumber(3.1)).toBe('3,1');
    expect(formatNumber(3)).toBe('3');
  });

  it('rejects a bad digit count and shows null as a dash', () => {
    expect(() => formatNumber(1, -1)).toThrow(RangeError);
    expect(() => formatNumber(1, 1.5)).toThrow(RangeError);
    expect(formatNumber(null, 2)).toBe('—');
  });
});

describe('percentOf and formatPercent', () => {
  it('shows one decimal, no space before %', () => {
    expect(formatPercent(25157 / 25628)).toBe('98,2%');
    expect(formatPercent(353 / 354)).toBe('99,7%');
    expect(formatPercent(25157 / 25628, 1, 'en')).toBe('98.2%');
    expect(formatPercent(1)).toBe('100,0%');
    expect(formatPercent(0)).toBe('0,0%');
  });

  it('takes another number of decimals', () => {
    expect(formatPercent(25157 / 25628, 0)).toBe('98%');
    expect(formatPercent(25157 / 25628, 2)).toBe('98,16%');
    expect(formatPercent(12.5)).toBe('1.250,0%');
  });

  it('rounds at the boundary', () => {
    expect(formatPercent(0.9995)).toBe('100,0%');
    expect(formatPercent(0.99949)).toBe('99,9%');
    expect(formatPercent(0.00049)).toBe('0,0%');
    expect(formatPercent(-0.0001)).toBe('0,0%');
  });

  it('percentOf gives a ratio, or null when the whole is 0', () => {
    expect(percentOf(25157, 25628)).toBe(25157 / 25628);
    expect(percentOf(1, 4)).toBe(0.25);
    expect(percentOf(5, 0)).toBeNull();
    expect(percentOf(0, 0)).toBeNull();
    expect(percentOf(null, 10)).toBeNull();
    expect(formatPercent(percentOf(25157, 25628))).toBe('98,2%');
    expect(formatPercent(percentOf(5, 0))).toBe('—');
    expect(formatPercent(null)).toBe('—');
    expect(formatPercent(undefined, 1, 'en')).toBe('—');
  });
});

describe('formatMoneyVnd', () => {
  it('uses tỷ and triệu with one decimal', () => {
    expect(formatMoneyVnd(1_712_500_000)).toBe('1,7 tỷ đồng');
    expect(formatMoneyVnd(651_200_000)).toBe('651,2 triệu đồng');
    expect(formatMoneyVnd(1_234_500_000_000)).toBe('1.234,5 tỷ đồng');
    expect(formatMoneyVnd(12_000_000_000_000)).toBe('12.000 tỷ đồng');
  });

  it('shows amounts below one million exactly', () => {
    expect(formatMoneyVnd(850_000)).toBe('850.000 đồng');
    expect(formatMoneyVnd(999_999)).toBe('999.999 đồng');
    expect(formatMoneyVnd(0)).toBe('0 đồng');
    expect(formatMoneyVnd(500)).toBe('500 đồng');
  });

  it('rounds half away from zero on the exact amount', () => {
    expect(formatMoneyVnd(1_750_000_000)).toBe('1,8 tỷ đồng');
    expect(formatMoneyVnd(1_749_999_999)).toBe('1,7 tỷ đồng');
    expect(formatMoneyVnd(651_250_000)).toBe('651,3 triệu đồng');
    expect(formatMoneyVnd(651_249_999)).toBe('651,2 triệu đồng');
    expect(formatMoneyVnd(1_050_000)).toBe('1,1 triệu đồng');
    // (1.15).toFixed(1) is '1.1' because 1.15 is stored as 1.14999…; integer arithmetic is not fooled.
    expect(formatMoneyVnd(1_150_000_000)).toBe('1,2 tỷ đồng');
    expect(formatMoneyVnd(1_450_000_000)).toBe('1,5 tỷ đồng');
    expect(formatMoneyVnd(4_350_000_000)).toBe('4,4 tỷ đồng');
    expect(formatMoneyVnd(2_350_000_000)).toBe('2,4 tỷ đồng');
    expect(formatMoneyVnd(150_000_000)).toBe('150 triệu đồng');
    // Math.round(-17.5) is -17; half away from zero gives -18.
    expect(formatMoneyVnd(-1_750_000_000)).toBe('-1,8 tỷ đồng');
    expect(formatMoneyVnd(-651_250_000)).toBe('-651,3 triệu đồng');
  });

  it('drops a trailing ,0', () => {
    expect(formatMoneyVnd(1_000_000_000)).toBe('1 tỷ đồng');
    expect(formatMoneyVnd(1_000_000)).toBe('1 triệu đồng');
    expect(formatMoneyVnd(1_040_000_000)).toBe('1 tỷ đồng');
    expect(formatMoneyVnd(2_960_000_000)).toBe('3 tỷ đồng');
  });

  it('moves to tỷ when triệu round up to 1 000', () => {
    expect(formatMoneyVnd(999_949_999)).toBe('999,9 triệu đồng');
    expect(formatMoneyVnd(999_950_000)).toBe('1 tỷ đồng');
  });

  it('speaks English', () => {
    expect(formatMoneyVnd(1_712_500_000, 'en')).toBe('1.7 billion VND');
    expect(formatMoneyVnd(651_200_000, 'en')).toBe('651.2 million VND');
    expect(formatMoneyVnd(850_000, 'en')).toBe('VND 850,000');
    expect(formatMoneyVnd(1_234_500_000_000, 'en')).toBe('1,234.5 billion VND');
    expect(formatMoneyVnd(1_000_000_000, 'en')).toBe('1 billion VND');
  });

  it('accepts bigint, rounds fractional đồng and shows null as a dash', () => {
    expect(formatMoneyVnd(1_750_000_000n)).toBe('1,8 tỷ đồng');
    expect(formatMoneyVnd(123_456_789_012_345_678_901n)).toBe('123.456.789.012,3 tỷ đồng');
    expect(formatMoneyVnd(849_999.5)).toBe('850.000 đồng');
    expect(formatMoneyVnd(null)).toBe('—');
    expect(formatMoneyVnd(Number.POSITIVE_INFINITY)).toBe('—');
  });
});

describe('formatVnd', () => {
  it('shows the exact amount', () => {
    expect(formatVnd(651_200_000)).toBe('651.200.000 đồng');
    expect(formatVnd(651_200_000, 'en')).toBe('VND 651,200,000');
    expect(formatVnd(850_000)).toBe('850.000 đồng');
    expect(formatVnd(-850_000)).toBe('-850.000 đồng');
    expect(formatVnd(1_712_500_000n)).toBe('1.712.500.000 đồng');
    expect(formatVnd(null)).toBe('—');
  });
});

describe('formatDate and formatDateTime', () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });

  it('formats dd/MM/yyyy in Vietnamese and d MMM yyyy in English', () => {
    expect(formatDate('2024-01-09')).toBe('09/01/2024');
    expect(formatDate('2024-01-09', 'en')).toBe('9 Jan 2024');
    expect(formatDate('2023-12-25')).toBe('25/12/2023');
    expect(formatDate('2023-12-25', 'en')).toBe('25 Dec 2023');
  });

  it('uses Vietnam time for instants near midnight UTC', () => {
    const instant = new Date('2024-01-08T17:30:00Z');
    expect(formatDate(instant)).toBe('09/01/2024');
    expect(formatDate(instant, 'en')).toBe('9 Jan 2024');
    expect(formatDateTime(instant)).toBe('09/01/2024 00:30');
    expect(formatDate(new Date('2024-01-08T16:59:59Z'))).toBe('08/01/2024');
    expect(formatDate(new Date('2024-01-08T17:00:00Z'))).toBe('09/01/2024');
    expect(formatDate('2024-01-08T17:30:00Z')).toBe('09/01/2024');
    expect(formatDate('2024-01-09T00:30:00+07:00')).toBe('09/01/2024');
  });

  it('does not depend on the process time zone', () => {
    process.env.TZ = 'America/Los_Angeles';
    expect(formatDate(new Date('2024-01-08T17:30:00Z'))).toBe('09/01/2024');
    expect(formatDate('2024-01-09')).toBe('09/01/2024');
    expect(weekdayName('2024-01-09')).toBe('Thứ Ba');
    process.env.TZ = 'Pacific/Kiritimati';
    expect(formatDate(new Date('2024-01-09T16:59:00Z'))).toBe('09/01/2024');
    expect(formatDate('2024-01-09')).toBe('09/01/2024');
  });

  it('formats date and 24-hour time', () => {
    expect(formatDateTime(new Date('2024-01-09T07:05:00Z'))).toBe('09/01/2024 14:05');
    expect(formatDateTime(new Date('2024-01-09T07:05:00Z'), 'en')).toBe('9 Jan 2024, 14:05');
    expect(formatDateTime(new Date('2024-01-09T16:59:00Z'))).toBe('09/01/2024 23:59');
    expect(formatDateTime('2024-01-09')).toBe('09/01/2024 00:00');
  });

  it('shows null as a dash and rejects invalid dates', () => {
    expect(formatDate(null)).toBe('—');
    expect(formatDateTime(undefined)).toBe('—');
    expect(() => formatDate(new Date('nonsense'))).toThrow(RangeError);
    expect(() => formatDate('2024-02-30')).toThrow(RangeError);
    expect(() => formatDate('2024-13-01')).toThrow(RangeError);
    expect(() => formatDate('09/01/2024')).toThrow(RangeError);
    // A timestamp without an offset would depend on the process time zone.
    expect(() => formatDate('2024-01-09T10:00:00')).toThrow(RangeError);
    expect(formatDate('2024-02-29')).toBe('29/02/2024');
  });
});

describe('placeDateLine (Decree 30/2020/NĐ-CP)', () => {
  it('pads days below 10 and months 1 and 2 only', () => {
    expect(placeDateLine('Sóc Trăng', '2024-01-09')).toBe('Sóc Trăng, ngày 09 tháng 01 năm 2024');
    expect(placeDateLine('Sóc Trăng', '2024-03-15')).toBe('Sóc Trăng, ngày 15 tháng 3 năm 2024');
    expect(placeDateLine('Sóc Trăng', '2023-12-05')).toBe('Sóc Trăng, ngày 05 tháng 12 năm 2023');
    expect(placeDateLine('Sóc Trăng', '2025-02-28')).toBe('Sóc Trăng, ngày 28 tháng 02 năm 2025');
    expect(placeDateLine('Sóc Trăng', '2024-10-01')).toBe('Sóc Trăng, ngày 01 tháng 10 năm 2024');
    expect(placeDateLine('Sóc Trăng', '2024-11-30')).toBe('Sóc Trăng, ngày 30 tháng 11 năm 2024');
  });

  it('uses the date in Vietnam', () => {
    expect(placeDateLine('Sóc Trăng', new Date('2024-01-08T17:30:00Z'))).toBe('Sóc Trăng, ngày 09 tháng 01 năm 2024');
  });

  it('has an English form', () => {
    expect(placeDateLine('Sóc Trăng', '2024-01-09', 'en')).toBe('Sóc Trăng, 9 January 2024');
  });
});

describe('weekdayName', () => {
  it('names every day of the week', () => {
    expect(weekdayName('2024-01-08')).toBe('Thứ Hai');
    expect(weekdayName('2024-01-09')).toBe('Thứ Ba');
    expect(weekdayName('2024-01-10')).toBe('Thứ Tư');
    expect(weekdayName('2024-01-11')).toBe('Thứ Năm');
    expect(weekdayName('2024-01-12')).toBe('Thứ Sáu');
    expect(weekdayName('2024-01-13')).toBe('Thứ Bảy');
    expect(weekdayName('2024-01-14')).toBe('Chủ nhật');
    expect(weekdayName('2024-01-14', 'en')).toBe('Sunday');
    expect(weekdayName('2024-01-08', 'en')).toBe('Monday');
  });

  it('uses the day in Vietnam', () => {
    // Monday 17:30 UTC is Tuesday 00:30 in Vietnam.
    expect(weekdayName(new Date('2024-01-08T17:30:00Z'))).toBe('Thứ Ba');
  });
});

describe('formatArea and formatHectares', () => {
  it('shows small areas in m²', () => {
    expect(formatArea(1234.5)).toBe('1.234,5 m²');
    expect(formatArea(1234.5, 'en')).toBe('1,234.5 m²');
    expect(formatArea(500)).toBe('500 m²');
    expect(formatArea(9999.9)).toBe('9.999,9 m²');
    expect(formatArea(0)).toBe('0 m²');
  });

  it('shows areas from 10 000 m² in hectares with up to two decimals', () => {
    expect(formatArea(123_456)).toBe('12,35 ha');
    expect(formatArea(123_456, 'en')).toBe('12.35 ha');
    expect(formatArea(10_000)).toBe('1 ha');
    expect(formatArea(125_000)).toBe('12,5 ha');
    expect(formatArea(120_000)).toBe('12 ha');
    expect(formatArea(9999.96)).toBe('1 ha');
    expect(formatArea(12_345_678_900)).toBe('1.234.567,89 ha');
  });

  it('formats hectares', () => {
    expect(formatHectares(12.3456)).toBe('12,35 ha');
    expect(formatHectares(12.3)).toBe('12,3 ha');
    expect(formatHectares(12)).toBe('12 ha');
    expect(formatHectares(1234.5)).toBe('1.234,5 ha');
    expect(formatHectares(1234.5, 'en')).toBe('1,234.5 ha');
    expect(formatHectares(null)).toBe('—');
    expect(formatArea(null)).toBe('—');
  });
});

describe('compareVi and sortVi', () => {
  it('sorts in Vietnamese order', () => {
    expect(['Đắk Lắk', 'Đà Lạt', 'Dĩ An'].sort(compareVi)).toEqual(['Dĩ An', 'Đà Lạt', 'Đắk Lắk']);
    expect(sortVi(['Đắk Lắk', 'Zeta', 'Đà Lạt', 'An Giang', 'Dĩ An', 'Ea Kar'])).toEqual([
      'An Giang',
      'Dĩ An',
      'Đà Lạt',
      'Đắk Lắk',
      'Ea Kar',
      'Zeta',
    ]);
    expect(compareVi('Dĩ An', 'Đà Lạt')).toBeLessThan(0);
    expect(compareVi('Đà Lạt', 'Đà Lạt')).toBe(0);
  });

  it('sorts by a key without changing the input, stably', () => {
    const places = [
      { name: 'Đắk Lắk', id: 1 },
      { name: 'Đà Lạt', id: 2 },
      { name: 'Dĩ An', id: 3 },
      { name: 'Đà Lạt', id: 4 },
    ];
    expect(sortVi(places, 'name').map((p) => p.id)).toEqual([3, 2, 4, 1]);
    expect(sortVi(places, (p) => p.name).map((p) => p.id)).toEqual([3, 2, 4, 1]);
    expect(places.map((p) => p.id)).toEqual([1, 2, 3, 4]);
  });
});
