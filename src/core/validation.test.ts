import { describe, expect, it } from 'vitest';
import { normaliseDateInput, parseWholeVnd } from './validation.js';

describe('normaliseDateInput', () => {
  it('accepts ISO and the Vietnamese day-first order', () => {
    expect(normaliseDateInput('2024-01-09')).toBe('2024-01-09');
    expect(normaliseDateInput(' 09/01/2024 ')).toBe('2024-01-09');
    expect(normaliseDateInput('9/1/2024')).toBe('2024-01-09');
    expect(normaliseDateInput('09.01.2024')).toBe('2024-01-09');
  });
  it('leaves anything else for the validator to reject', () => {
    expect(normaliseDateInput('hôm qua')).toBe('hôm qua');
    expect(normaliseDateInput(undefined)).toBe('');
    expect(normaliseDateInput(20240109)).toBe('');
  });
});

describe('parseWholeVnd', () => {
  it('reads whole đồng grouped by dots or spaces, with or without the unit', () => {
    const amounts: [string, number][] = [
      ['1.500.000', 1_500_000],
      [' 1 500 000 đồng ', 1_500_000],
      ['200.000đ', 200_000],
      ['5000 VND', 5000],
      ['0', 0],
      ['999.999.999.999.999', 999_999_999_999_999],
    ];
    for (const [text, amount] of amounts) expect(parseWholeVnd(text), text).toBe(amount);
  });
  it('refuses decimals, signs, words, blanks and more than 15 digits', () => {
    for (const bad of ['1,5', '-1', '+1', '1e6', 'một triệu', '', '   ', 'đồng', '1.000.000.000.000.000']) expect(parseWholeVnd(bad), bad).toBeUndefined();
  });
});
