/**
 * Input normalisation shared by forms. Browsers without a date picker send what the person typed, often in the
 * Vietnamese order dd/mm/yyyy; forms accept that as well as ISO yyyy-mm-dd. Anything else is returned unchanged
 * so the command's validation can name the field.
 */
export function normaliseDateInput(value: unknown): string {
  const s = typeof value === 'string' ? value.trim() : '';
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (!m) return s;
  return `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
}

/**
 * A whole amount of đồng as people type it: digits grouped by dots or spaces (vi-VN, "1.500.000"), optionally
 * followed by the unit ("1 500 000 đồng", "200.000đ", "5000 VND"). Undefined for anything else: a comma is the
 * decimal sign in Vietnamese, so "1,5" is not an amount of whole đồng; nor is a negative number or more than 15 digits.
 */
export function parseWholeVnd(text: string): number | undefined {
  const digits = text
    .trim()
    .replace(/\s*(đồng|đ|vnd)$/i, '')
    .replace(/[.\s]/g, '');
  return /^\d{1,15}$/.test(digits) ? Number(digits) : undefined;
}
