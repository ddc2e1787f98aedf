import { describe, expect, test } from 'vitest';
import { type Column, Pagination, Select, Table, TableFilter, Tag, TextInput, hrefWith, pageItems, paramsOf, splitUrl } from './index.js';
import { attr, en, expectSound, html, tagById, tags, vi } from './testing.js';

interface Dossier {
  code: string;
  applicant: string;
  received: Date;
  count: number;
  late: boolean;
  note: string | null;
}

const rows: Dossier[] = [
  { code: 'HS-001', applicant: 'Công ty <TNHH> A', received: new Date('2024-01-09T03:00:00Z'), count: 25628, late: false, note: null },
  { code: 'HS-002', applicant: 'Hộ ông Lâm', received: new Date('2024-02-01T03:00:00Z'), count: 3.5, late: true, note: 'x' },
];

const columns: Column<Dossier>[] = [
  { key: 'code', label: 'Mã hồ sơ', sortable: true, render: (r) => <a href={`/ho-so/${r.code}`}>{r.code}</a> },
  { key: 'applicant', label: 'Người nộp', sortable: true },
  { key: 'received', label: 'Ngày nhận', sortable: true },
  { key: 'count', label: 'Số lượng', numeric: true, sortable: true },
  { key: 'late', label: 'Quá hạn' },
  { key: 'note', label: 'Ghi chú', render: (r) => (r.note ? <Tag colour="red">{r.note}</Tag> : '—') },
];

describe('Table', () => {
  const out = html(
    <Table
      caption="Hồ sơ đã tiếp nhận"
      columns={columns}
      rows={rows}
      basePath="/ho-so"
      query={{ q: 'đất', sort: 'applicant', dir: 'asc', page: '3' }}
      t={vi}
    />,
  );

  test('caption labels a focusable scroll region; headers are scoped', () => {
    expect(out).toMatch(/^<section class="tnmt-table-wrapper" aria-labelledby="table-caption" tabindex="0"><table class="govuk-table" id="table"><caption id="table-caption" class="govuk-table__caption govuk-table__caption--m">Hồ sơ đã tiếp nhận<\/caption>/);
    expect(tags(out, '<th scope="col"')).toHaveLength(6);
    expectSound(out);
  });

  test('sortable headers link to the opposite direction, keep filters, drop page; aria-sort on the sorted column', () => {
    const headers = tags(out, '<th\\b');
    expect(attr(headers[1] ?? '', 'aria-sort')).toBe('ascending');
    expect(attr(headers[0] ?? '', 'aria-sort')).toBe('none');
    expect(attr(headers[4] ?? '', 'aria-sort')).toBeUndefined();
    const links = tags(out, '<a class="govuk-link tnmt-sort-link"');
    expect(links.map((l) => attr(l, 'href'))).toEqual([
      '/ho-so?q=%C4%91%E1%BA%A5t&amp;sort=code&amp;dir=asc',
      '/ho-so?q=%C4%91%E1%BA%A5t&amp;sort=applicant&amp;dir=desc',
      '/ho-so?q=%C4%91%E1%BA%A5t&amp;sort=received&amp;dir=asc',
      '/ho-so?q=%C4%91%E1%BA%A5t&amp;sort=count&amp;dir=asc',
    ]);
    expect(out).toMatch(/>Người <span class="tnmt-nowrap">nộp<svg class="tnmt-sort-link__icon"[\s\S]*?<\/svg><\/span><span class="govuk-visually-hidden"> \(sắp xếp giảm dần\)<\/span><\/a>/);
    expect(out).toContain('class="govuk-table__header govuk-table__header--numeric"');
  });

  test('default cell formatting follows vi-VN; render() output and text are escaped', () => {
    expect(out).toContain('<td class="govuk-table__cell govuk-table__cell--numeric">25.628</td>');
    expect(out).toContain('<td class="govuk-table__cell govuk-table__cell--numeric">3,5</td>');
    expect(out).toContain('>09/01/2024</td>');
    expect(out).toContain('>Công ty &lt;TNHH> A</td>');
    expect(out).toContain('<td class="govuk-table__cell">Không</td>');
    expect(out).toContain('<td class="govuk-table__cell">Có</td>');
    expect(out).toContain('<a href="/ho-so/HS-001">HS-001</a>');
    expect(out).toContain('<strong class="govuk-tag govuk-tag--red">x</strong>');
  });

  test('descending sort and English numbers', () => {
    const desc = html(
      <Table caption="c" columns={columns} rows={rows} basePath="/ho-so" query={{ sort: 'count', dir: 'desc' }} t={en} />,
    );
    const headers = tags(desc, '<th\\b');
    expect(attr(headers[3] ?? '', 'aria-sort')).toBe('descending');
    expect(desc).toContain('href="/ho-so?sort=count&amp;dir=asc"');
    expect(desc).toContain('>25,628</td>');
    expect(desc).toContain('(sort ascending)');
  });

  test('defaultSort marks the server default order; no links without basePath', () => {
    const d = html(<Table caption="c" columns={columns} rows={rows} basePath="/x" defaultSort={{ key: 'received', dir: 'desc' }} t={vi} />);
    expect(attr(tags(d, '<th\\b')[2] ?? '', 'aria-sort')).toBe('descending');
    const plain = html(<Table caption="c" columns={columns} rows={rows} t={vi} />);
    expect(plain).not.toContain('tnmt-sort-link');
    expect(plain).not.toContain('aria-sort');
  });

  test('no rows: an empty state inside the table', () => {
    const empty = html(
      <Table
        caption="Hồ sơ"
        columns={columns}
        rows={[]}
        empty={{ body: 'Không có hồ sơ nào khớp bộ lọc.', action: { href: '/ho-so', label: 'Xóa bộ lọc' } }}
        t={vi}
      />,
    );
    expect(empty).toMatch(/<tbody class="govuk-table__body"><tr class="govuk-table__row"><td class="govuk-table__cell tnmt-table__empty" colspan="6"><div class="tnmt-empty-state"><p class="govuk-body govuk-!-font-weight-bold tnmt-empty-state__title">Không có dữ liệu<\/p>/);
    expect(empty).toContain('Không có hồ sơ nào khớp bộ lọc.');
    expect(empty).toContain('<a class="govuk-link" href="/ho-so">Xóa bộ lọc</a>');
  });

  test('nowrap columns', () => {
    const n = html(<Table caption="c" columns={[{ key: 'code', label: 'Mã', nowrap: true }]} rows={rows} t={vi} />);
    expect(n).toContain('<td class="govuk-table__cell tnmt-nowrap">HS-001</td>');
  });

  test('a column of row actions keeps its header for screen readers only', () => {
    const a = html(
      <Table caption="c" columns={[{ key: 'code', label: 'Mã' }, { key: 'actions', label: 'Thao tác', labelHidden: true, render: () => 'Xóa' }]} rows={rows} t={vi} />,
    );
    expect(a).toContain('<th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">Thao tác</span></th>');
    expectSound(a);
  });

  test('first cell as row header; hidden caption; custom id', () => {
    const t2 = html(<Table id="bang-2" caption="Chỉ số" captionHidden firstCellIsHeader columns={columns.slice(1, 2)} rows={rows} t={vi} />);
    expect(t2).toContain('<th scope="row" class="govuk-table__header">Hộ ông Lâm</th>');
    expect(t2).toContain('<caption id="bang-2-caption" class="govuk-table__caption govuk-visually-hidden">');
    expectSound(t2);
  });
});

describe('Pagination', () => {
  test('page items with ellipses', () => {
    expect(pageItems(1, 1)).toEqual([1]);
    expect(pageItems(1, 5)).toEqual([1, 2, '…', 5]);
    expect(pageItems(3, 5)).toEqual([1, 2, 3, 4, 5]);
    expect(pageItems(7, 42)).toEqual([1, '…', 6, 7, 8, '…', 42]);
    expect(pageItems(42, 42)).toEqual([1, '…', 41, 42]);
    expect(pageItems(4, 7)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(pageItems(5, 10)).toEqual([1, '…', 4, 5, 6, '…', 10]);
  });

  test('nothing for a single page', () => {
    expect(html(<Pagination page={1} pageCount={1} basePath="/x" t={vi} />)).toBe('');
    expect(html(<Pagination page={1} pageCount={0} basePath="/x" t={vi} />)).toBe('');
  });

  test('links keep the query, mark the current page, previous/next in Vietnamese', () => {
    const out = html(<Pagination page={7} pageCount={42} basePath="/ho-so" query={{ q: 'a b', sort: 'code', page: '7' }} t={vi} />);
    expect(out).toMatch(/^<nav class="govuk-pagination" aria-label="Phân trang">/);
    expect(out).toContain('<a class="govuk-link govuk-pagination__link" href="/ho-so?q=a+b&amp;sort=code&amp;page=6" rel="prev">');
    expect(out).toContain('<span class="govuk-pagination__link-title">Trang trước</span>');
    expect(out).toContain('<span class="govuk-pagination__link-title">Trang sau</span>');
    expect(out).toContain('href="/ho-so?q=a+b&amp;sort=code&amp;page=8" rel="next"');
    expect(out).toContain('<a class="govuk-link govuk-pagination__link" href="/ho-so?q=a+b&amp;sort=code" aria-label="Trang 1">1</a>');
    expect(out).toContain('<li class="govuk-pagination__item govuk-pagination__item--current"><a class="govuk-link govuk-pagination__link" href="/ho-so?q=a+b&amp;sort=code&amp;page=7" aria-label="Trang 7" aria-current="page">7</a></li>');
    expect(out.match(/govuk-pagination__item--ellipsis/g)).toHaveLength(2);
    expect(tags(out, '<a class="govuk-link govuk-pagination__link"')).toHaveLength(7);
  });

  test('first and last pages have no previous / next link; English hidden text; page is clamped', () => {
    const first = html(<Pagination page={1} pageCount={3} basePath="/x" t={en} />);
    expect(first).not.toContain('rel="prev"');
    expect(first).toContain('Next<span class="govuk-visually-hidden"> page</span>');
    expect(first).toContain('aria-label="Page 2"');
    const last = html(<Pagination page={99} pageCount={3} basePath="/x" t={vi} />);
    expect(last).not.toContain('rel="next"');
    expect(last).toContain('href="/x?page=3" aria-label="Trang 3" aria-current="page"');
  });
});

describe('TableFilter', () => {
  test('GET search form with fields, kept sort, no page, clear link', () => {
    const out = html(
      <TableFilter action="/ho-so" keep={{ sort: 'code', dir: 'desc', page: '4' }} t={vi}>
        <TextInput name="q" label="Từ khóa" value="đất" t={vi} />
        <Select name="trang-thai" label="Trạng thái" emptyOption="Tất cả" options={[{ value: 'qua-han', label: 'Quá hạn' }]} value="qua-han" t={vi} />
      </TableFilter>,
    );
    const form = tagById(out, 'filter');
    expect(attr(form, 'method')).toBe('get');
    expect(attr(form, 'action')).toBe('/ho-so');
    expect(attr(form, 'role')).toBe('search');
    expect(attr(form, 'aria-labelledby')).toBe('filter-title');
    expect(out).toContain('<h2 class="govuk-heading-s tnmt-filter__title" id="filter-title">Lọc danh sách</h2>');
    expect(out).toContain('<input type="hidden" name="sort" value="code"/>');
    expect(out).toContain('<input type="hidden" name="dir" value="desc"/>');
    expect(out).not.toContain('name="page"');
    expect(out).toContain('>Lọc</button>');
    expect(out).toContain('<a class="govuk-link" href="/ho-so?sort=code&amp;dir=desc">Xóa bộ lọc</a>');
    expect(attr(form, 'hx-get')).toBeUndefined();
    expectSound(out);
  });

  test('htmx enhancement and inactive filter', () => {
    const out = html(
      <TableFilter action="/ho-so" hxTarget="#ket-qua" active={false} t={en}>
        <TextInput name="q" label="Keyword" t={en} />
      </TableFilter>,
    );
    const form = tagById(out, 'filter');
    expect(attr(form, 'hx-get')).toBe('/ho-so');
    expect(attr(form, 'hx-target')).toBe('#ket-qua');
    expect(attr(form, 'hx-select')).toBe('#ket-qua');
    expect(attr(form, 'hx-push-url')).toBe('true');
    expect(out).not.toContain('Clear filters');
    expect(out).toContain('Filter the list');
  });
});

describe('url helpers', () => {
  test('hrefWith merges, removes empty values, repeats arrays', () => {
    expect(hrefWith('/a', {}, {})).toBe('/a');
    expect(hrefWith('/a', { x: '1', y: '' }, { z: '2' })).toBe('/a?x=1&z=2');
    expect(hrefWith('/a', { x: ['1', '2'] }, { x: undefined })).toBe('/a');
    expect(hrefWith('/a', { t: ['1', '2'] })).toBe('/a?t=1&t=2');
  });
  test('splitUrl', () => {
    expect(splitUrl('/a?x=1&x=2&y=%C4%91#h')).toEqual({ path: '/a', query: { x: ['1', '2'], y: 'đ' } });
    expect(splitUrl('/b')).toEqual({ path: '/b', query: {} });
  });
  test('paramsOf reads named parameters under their keys, the first of repeated ones', () => {
    expect(paramsOf({ nam: '2023', quy: ['2', '3'], khac: 'x', 'don-vi': '' }, { year: 'nam', quarter: 'quy', unit: 'don-vi', field: 'linh-vuc' })).toEqual({
      year: '2023',
      quarter: '2',
      unit: '',
    });
  });
});
