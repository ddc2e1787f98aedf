import type { Borders } from 'exceljs';
import { formatDate, formatDateTime, formatNumber, formatPercent } from '../../core/format/index.js';
import { ROMAN } from './stats-messages.js';
import { BIEU06_COLUMNS, type Bieu06Report, type Bieu06Row, type Indicators766 } from './statistics.js';

/**
 * Biểu số 06/VPCP/KSTT as an XLSX workbook, laid out as the template: the form code, the title, the reporting unit
 * and period, two header rows with merged group cells, the column numbers (1)…(13), a row per level and per field,
 * and the totals. Values only (no formulas): every number is computed from the dossier rows. The form's wording is
 * Vietnamese whatever the user's locale, as the official template is.
 */

export interface Bieu06XlsxMeta {
  unitName: string;
  periodLabel: string;
  /** ISO dates of the first and the last day of the period */
  firstDay: string;
  lastDay: string;
  generatedAt: Date;
  /** the field filter's label, if any */
  field?: string;
  /** the procedure filter's label, if any */
  procedure?: string;
  indicators?: Indicators766;
}

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The 13 column headers of the second header row (columns 1–2 span both header rows). */
export const BIEU06_HEADERS = {
  groups: [
    { from: 3, to: 6, text: 'Số hồ sơ nhận giải quyết' },
    { from: 7, to: 10, text: 'Kết quả giải quyết: số hồ sơ đã giải quyết' },
    { from: 11, to: 13, text: 'Số hồ sơ đang giải quyết' },
  ],
  columns: [
    'STT',
    'Lĩnh vực, công việc giải quyết theo cấp',
    'Tổng số',
    'Mới tiếp nhận trực tuyến',
    'Mới tiếp nhận trực tiếp, dịch vụ bưu chính',
    'Từ kỳ trước',
    'Tổng số',
    'Trước hạn',
    'Đúng hạn',
    'Quá hạn',
    'Tổng số',
    'Trong hạn',
    'Quá hạn',
  ],
} as const;

let excelModule: Promise<typeof import('exceljs')> | undefined;

const THIN = { style: 'thin' as const, color: { argb: 'FF000000' } };
const BORDER: Partial<Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const FONT = 'Times New Roman';

export async function bieu06Xlsx(report: Bieu06Report, meta: Bieu06XlsxMeta): Promise<Buffer> {
  // loaded on first use: exceljs is large and only this export needs it
  excelModule ??= import('exceljs');
  const mod = await excelModule;
  const ExcelJS = (mod as unknown as { default?: typeof mod }).default ?? mod;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'tnmt';
  wb.created = meta.generatedAt;
  const ws = wb.addWorksheet('Biểu 06', {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    views: [{ state: 'frozen', ySplit: 6 }],
  });
  ws.columns = [{ width: 6 }, { width: 42 }, ...Array.from({ length: 11 }, () => ({ width: 12 }))];

  const text = (ref: string, value: string, opts: { bold?: boolean; italic?: boolean; size?: number; align?: 'left' | 'center' | 'right' } = {}) => {
    const cell = ws.getCell(ref);
    cell.value = value;
    cell.font = { name: FONT, size: opts.size ?? 12, bold: opts.bold ?? false, italic: opts.italic ?? false };
    cell.alignment = { horizontal: opts.align ?? 'left', vertical: 'middle', wrapText: true };
  };

  // heading
  ws.mergeCells('A1:D1');
  text('A1', 'Biểu số 06/VPCP/KSTT', { bold: true });
  ws.mergeCells('E1:I1');
  text('E1', 'TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI CƠ QUAN, ĐƠN VỊ TRỰC TIẾP GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH', {
    bold: true,
    align: 'center',
  });
  ws.mergeCells('J1:M1');
  text('J1', `Đơn vị báo cáo: ${meta.unitName}`, { align: 'left' });
  ws.mergeCells('A2:D2');
  text('A2', 'Ban hành theo Thông tư số 01/2020/TT-VPCP', { italic: true, size: 11 });
  ws.mergeCells('E2:I2');
  const filters = [meta.field ? `lĩnh vực ${meta.field}` : null, meta.procedure ? `thủ tục ${meta.procedure}` : null].filter(Boolean);
  text(
    'E2',
    `Kỳ báo cáo: ${meta.periodLabel} (từ ngày ${formatDate(meta.firstDay)} đến ngày ${formatDate(meta.lastDay)})${filters.length ? ` — ${filters.join(', ')}` : ''}`,
    { italic: true, align: 'center' },
  );
  ws.mergeCells('J2:M2');
  text('J2', 'Đơn vị tính: Số hồ sơ TTHC', { italic: true });
  ws.getRow(1).height = 48;
  ws.getRow(2).height = 30;

  // two header rows with merged cells, then the column numbers
  const header = (ref: string, value: string) => {
    text(ref, value, { bold: true, align: 'center', size: 11 });
    ws.getCell(ref).border = BORDER;
  };
  ws.mergeCells('A4:A5');
  header('A4', BIEU06_HEADERS.columns[0]);
  ws.mergeCells('B4:B5');
  header('B4', BIEU06_HEADERS.columns[1]);
  for (const g of BIEU06_HEADERS.groups) {
    ws.mergeCells(4, g.from, 4, g.to);
    header(cellRef(4, g.from), g.text);
  }
  for (let c = 3; c <= 13; c++) header(cellRef(5, c), BIEU06_HEADERS.columns[c - 1]!);
  for (let c = 1; c <= 13; c++) {
    const cell = ws.getCell(6, c);
    cell.value = `(${c})`;
    cell.font = { name: FONT, size: 10, italic: true };
    cell.alignment = { horizontal: 'center' };
    cell.border = BORDER;
  }
  ws.getRow(4).height = 36;
  ws.getRow(5).height = 64;

  // body
  let r = 7;
  const put = (no: string, row: Bieu06Row, bold: boolean) => {
    const values: (string | number)[] = [no, row.label, ...BIEU06_COLUMNS.map((k) => row[k])];
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
  report.levels.forEach((block, i) => {
    put(ROMAN[i] ?? String(i + 1), block.level, true);
    for (const [j, f] of block.fields.entries()) put(String(j + 1), f, false);
  });
  put('', report.totals, true);

  // notes: the rates and where the figures come from
  r++;
  const note = (value: string) => {
    ws.mergeCells(r, 1, r, 13);
    text(cellRef(r, 1), value, { italic: true, size: 11 });
    r++;
  };
  note(
    `Tỷ lệ giải quyết đúng hạn và trước hạn ((8)+(9))/(7): ${formatPercent(report.totals.onTimeRate)} (${report.totals.earlyOrOnTime} trên ${report.totals.doneTotal} hồ sơ đã giải quyết).`,
  );
  if (meta.indicators) {
    const i = meta.indicators;
    note(
      `Quyết định 766/QĐ-TTg — 2.1 tỷ lệ đúng hạn: ${formatPercent(i.onTimeRate)} (${i.onTimeDone + i.onTimeOpen}/${i.considered}); ` +
        `2.2 thời gian giải quyết trung bình: ${formatNumber(i.avgWorkingDays, 1)} ngày làm việc (${formatNumber(i.avgCalendarDays, 1)} ngày theo lịch).`,
    );
  }
  note(`Số liệu tính từ hồ sơ trong hệ thống lúc ${formatDateTime(meta.generatedAt)}; không có số nào nhập tay.`);

  return Buffer.from(await wb.xlsx.writeBuffer());
}

function cellRef(row: number, col: number): string {
  return `${String.fromCharCode(64 + col)}${row}`;
}
