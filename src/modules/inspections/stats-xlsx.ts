import type { Borders } from 'exceljs';
import { formatDate, formatDateTime } from '../../core/format/index.js';
import { asSentence, type InspectionGroupBy, MEASURES, type StatsRow } from './statistics.js';

/**
 * The inspection statistics as an XLSX workbook: one sheet with a title, the filter (unit, period, field, level,
 * grouping) in the header, a header row, a row per group and the totals, then the review sentences. Every figure is
 * a numeric cell (money in whole đồng with a thousands format), computed from the records; no formulas. The wording is
 * Vietnamese whatever the user's locale, as the department's reports are.
 */

export interface InspectionXlsxMeta {
  unitName: string;
  periodLabel: string;
  firstDay: string;
  lastDay: string;
  generatedAt: Date;
  groupBy: InspectionGroupBy;
  /** labels of the field and level filters, if any */
  field?: string;
  level?: string;
  /** review sentences by level (clauses, as reviewSentence returns them) */
  sentences?: readonly string[];
}

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const SHEET_TITLE = 'THỐNG KÊ THANH TRA, KIỂM TRA VÀ XỬ LÝ VI PHẠM HÀNH CHÍNH';

const GROUP_HEADER: Record<InspectionGroupBy, string> = { level: 'Cấp', field: 'Lĩnh vực', org_unit: 'Đơn vị', month: 'Tháng' };

/** Header of the numeric columns, in MEASURES order. */
export const MEASURE_HEADERS = [
  'Số cuộc thanh tra, kiểm tra',
  'Số lượt đối tượng được thanh tra, kiểm tra',
  'Số trường hợp vi phạm',
  'Số quyết định xử phạt',
  'Tiền phạt theo quyết định (đồng)',
  'Tiền phạt đã thu (đồng)',
] as const;

/** Row of the column header (1-based); data rows follow it. */
export const HEADER_ROW = 6;

let excelModule: Promise<typeof import('exceljs')> | undefined;
const THIN = { style: 'thin' as const, color: { argb: 'FF000000' } };
const BORDER: Partial<Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const FONT = 'Times New Roman';

export async function inspectionStatsXlsx(rows: readonly StatsRow[], totals: StatsRow, meta: InspectionXlsxMeta): Promise<Buffer> {
  // loaded on first use: exceljs is large and only the exports need it
  excelModule ??= import('exceljs');
  const mod = await excelModule;
  const ExcelJS = (mod as unknown as { default?: typeof mod }).default ?? mod;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'tnmt';
  wb.created = meta.generatedAt;
  const ws = wb.addWorksheet('Thanh tra, kiểm tra', {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    views: [{ state: 'frozen', ySplit: HEADER_ROW }],
  });
  ws.columns = [{ width: 6 }, { width: 40 }, { width: 14 }, { width: 18 }, { width: 14 }, { width: 14 }, { width: 20 }, { width: 20 }];
  const lastCol = 2 + MEASURES.length;

  const line = (row: number, value: string, opts: { bold?: boolean; italic?: boolean; size?: number; align?: 'left' | 'center' } = {}) => {
    ws.mergeCells(row, 1, row, lastCol);
    const cell = ws.getCell(row, 1);
    cell.value = value;
    cell.font = { name: FONT, size: opts.size ?? 12, bold: opts.bold ?? false, italic: opts.italic ?? false };
    cell.alignment = { horizontal: opts.align ?? 'left', vertical: 'middle', wrapText: true };
  };
  line(1, SHEET_TITLE, { bold: true, size: 14, align: 'center' });
  line(2, `Đơn vị: ${meta.unitName}`, { align: 'center' });
  line(3, `Kỳ báo cáo: ${meta.periodLabel} (từ ngày ${formatDate(meta.firstDay)} đến ngày ${formatDate(meta.lastDay)})`, { italic: true, align: 'center' });
  line(4, `Lĩnh vực: ${meta.field ?? 'tất cả'}; cấp: ${meta.level ?? 'tất cả'}; nhóm theo: ${GROUP_HEADER[meta.groupBy].toLowerCase()}`, {
    italic: true,
    align: 'center',
  });
  ws.getRow(1).height = 30;

  const headers = ['STT', GROUP_HEADER[meta.groupBy], ...MEASURE_HEADERS];
  headers.forEach((h, i) => {
    const cell = ws.getCell(HEADER_ROW, i + 1);
    cell.value = h;
    cell.font = { name: FONT, size: 11, bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = BORDER;
  });
  ws.getRow(HEADER_ROW).height = 48;

  let r = HEADER_ROW + 1;
  const put = (no: string | number, row: StatsRow, bold: boolean) => {
    const values: (string | number)[] = [no, row.label, ...MEASURES.map((m) => row[m])];
    values.forEach((v, i) => {
      const cell = ws.getCell(r, i + 1);
      cell.value = v;
      cell.font = { name: FONT, size: 12, bold };
      cell.border = BORDER;
      cell.alignment = i === 1 ? { horizontal: 'left', wrapText: true } : { horizontal: i === 0 ? 'center' : 'right' };
      if (i >= 2) cell.numFmt = '#,##0';
    });
    r++;
  };
  for (const [i, row] of rows.entries()) put(i + 1, row, false);
  put('', totals, true);

  r++;
  for (const s of meta.sentences ?? []) {
    line(r, asSentence(s), { size: 12 });
    ws.getRow(r).height = 32;
    r++;
  }
  line(r, `Số liệu tính từ hồ sơ thanh tra, kiểm tra, quyết định xử phạt và chứng từ nộp phạt trong hệ thống lúc ${formatDateTime(meta.generatedAt)}; không có số nào nhập tay.`, {
    italic: true,
    size: 11,
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
