import { vnIsoDate } from '../../core/calendar/index.js';

/**
 * Dossier code (mã hồ sơ), NĐ 61/2018 Art. 26 and TT 01/2018/TT-VPCP Art. 19:
 * `V1V2V3.Z1Z2.Y1Y2.MX1X2-YYMMDD-XXXX` — the receiving agency's code, the receipt date (Vietnam local) and a
 * 4-digit sequence of that agency and day. The sequence comes from dossier_sequences (see commands.ts).
 */
export const AGENCY_CODE_PATTERN = /^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/;
export const DOSSIER_CODE_PATTERN = /^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}-\d{6}-\d{4}$/;

/** YYMMDD of an instant in Asia/Ho_Chi_Minh (UTC+7, no DST). */
export function vnDayStamp(at: Date): string {
  const local = new Date(at.getTime() + 7 * 3600_000);
  const yy = String(local.getUTCFullYear() % 100).padStart(2, '0');
  const mm = String(local.getUTCMonth() + 1).padStart(2, '0');
  const dd = String(local.getUTCDate()).padStart(2, '0');
  return `${yy}${mm}${dd}`;
}

/** ISO date (YYYY-MM-DD) of an instant in Asia/Ho_Chi_Minh. */
export function vnDate(at: Date): string {
  return vnIsoDate(at);
}

export function formatDossierCode(agencyCode: string, receivedAt: Date, sequence: number): string {
  if (!AGENCY_CODE_PATTERN.test(agencyCode)) throw new Error(`agency code ${agencyCode} does not match V1V2V3.Z1Z2.Y1Y2.MX1X2`);
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 9999) throw new Error(`sequence ${sequence} out of 1–9999`);
  return `${agencyCode}-${vnDayStamp(receivedAt)}-${String(sequence).padStart(4, '0')}`;
}
