import { describe, expect, it } from 'vitest';
import { normaliseDateInput } from './validation.js';

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
