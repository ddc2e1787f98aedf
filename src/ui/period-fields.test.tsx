import { describe, expect, test } from 'vitest';
import { periodOf } from '../core/period.js';
import { PeriodFields, TableFilter } from './index.js';
import { attr, en, expectSound, html, tagById, vi } from './testing.js';

const none = () => undefined;

describe('PeriodFields', () => {
  test('year, quarter and month selects and the two day fields; the year list spans the records, the period and this year', () => {
    const out = html(<PeriodFields values={{ year: '2023', quarter: '2' }} period={periodOf({ year: 2023, quarter: 2 })} years={{ first: 2021, last: 2022 }} error={none} thisYear={2025} t={vi} />);
    for (const id of ['nam', 'quy', 'thang', 'tu', 'den']) expect(attr(tagById(out, id), 'name')).toBe(id);
    expect(out).toContain('<label class="govuk-label" for="nam">Năm</label>');
    expect(out).toContain('<label class="govuk-label" for="tu">Hoặc từ ngày</label>');
    expect(out).toContain('<label class="govuk-label" for="den">đến ngày</label>');
    const years = [...out.matchAll(/<option value="(\d{4})"/g)].map((m) => m[1]);
    expect(years).toEqual(['2025', '2024', '2023', '2022', '2021']);
    expect(out).toContain('<option value="2023" selected>2023</option>');
    expect(out).toContain('<option value>Cả năm</option>');
    expect(out).toContain('<option value="2" selected>Quý II</option>');
    expect(out).toContain('<option value="12">Tháng 12</option>');
    expectSound(out);
  });

  test('a range of days leaves the year empty ("—"); errors go to their field; English quarters are numbers', () => {
    const out = html(
      <TableFilter action="/thong-ke" t={en}>
        <PeriodFields values={{ from: '2023-01-01', to: '2022-12-31' }} years={null} error={(f) => (f === 'to' ? 'Too early' : undefined)} thisYear={2024} t={en} />
      </TableFilter>,
    );
    expect(out).toContain('<option value selected>—</option>');
    expect(out).toContain('<option value="1">Quarter 1</option>');
    expect(attr(tagById(out, 'tu'), 'value')).toBe('2023-01-01');
    expect(attr(tagById(out, 'den'), 'aria-describedby')).toBe('den-hint den-error');
    expect(out).toContain('<span class="govuk-visually-hidden">Error:</span> Too early');
    expect(attr(tagById(out, 'nam'), 'aria-describedby')).toBeUndefined();
    expectSound(out);
  });
});
