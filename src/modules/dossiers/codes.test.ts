import { describe, expect, it } from 'vitest';
import { DOSSIER_CODE_PATTERN, formatDossierCode, vnDayStamp } from './codes.js';

describe('dossier codes', () => {
  it('follow V1V2V3.Z1Z2.Y1Y2.MX1X2-YYMMDD-XXXX with the Vietnam-local date', () => {
    // 2024-01-08T17:30Z is 09/01/2024 00:30 in Vietnam
    const code = formatDossierCode('000.00.21.H54', new Date('2024-01-08T17:30:00Z'), 7);
    expect(code).toBe('000.00.21.H54-240109-0007');
    expect(DOSSIER_CODE_PATTERN.test(code)).toBe(true);
    expect(vnDayStamp(new Date('2023-12-31T16:59:59Z'))).toBe('231231');
  });
  it('refuses a malformed agency code or sequence', () => {
    expect(() => formatDossierCode('H54', new Date(), 1)).toThrow(/agency code/);
    expect(() => formatDossierCode('000.00.21.H54', new Date(), 10000)).toThrow(/sequence/);
  });
});
