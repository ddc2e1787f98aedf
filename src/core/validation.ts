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
