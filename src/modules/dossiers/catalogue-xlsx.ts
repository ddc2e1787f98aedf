import ExcelJS from 'exceljs';
import { type Actor, recordAudit } from '../../core/audit/index.js';
import type { Database, DbOrTx } from '../../core/db/index.js';
import { type FieldError, ValidationError } from '../../core/errors.js';
import { normaliseDateInput } from '../../core/validation.js';
import {
  applyProcedureVersion,
  listProcedures,
  type ProcedureRecord,
  type ProcedureVersionInput,
  planProcedureVersion,
  sameContent,
  type ValidProcedureInput,
  validateProcedureInput,
  type VersionPlan,
} from './catalogue.js';
import { DOCUMENT_FORM_LABELS, FIELD_LABELS, LEVEL_LABELS, STEP_ACTOR_LABELS, UNIT_LABELS } from './catalogue-messages.js';
import type { ProcedureStep, RequiredDocument } from './schema.js';

/*
 * The catalogue as a spreadsheet, one row per procedure version, for the department to review and edit in Excel or
 * LibreOffice and load back. The file is the interface: the header labels, the column order and the Vietnamese
 * words for fields, levels, units, actors and forms (catalogue-messages.ts) are read back exactly as written.
 *
 * Import is all-or-nothing: every row is parsed and checked, each problem is reported with its row number, and only
 * when no row is rejected are the changed rows written, in one transaction, as new versions.
 */

export const CATALOGUE_SHEET = 'Danh mục TTHC';
const GUIDE_SHEET = 'Hướng dẫn';
export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type ColumnKey =
  | 'code'
  | 'name'
  | 'field'
  | 'level'
  | 'handlingOrgUnit'
  | 'timeLimitValue'
  | 'timeLimitUnit'
  | 'difficultAreaExtraDays'
  | 'feeVnd'
  | 'feeNote'
  | 'legalBasis'
  | 'requiredDocuments'
  | 'steps'
  | 'validFrom';

/** The layout: key (= the field name in validation errors), header, width, wrapped text. */
const COLUMNS: readonly { key: ColumnKey; header: string; width: number; wrap?: boolean }[] = [
  { key: 'code', header: 'Mã thủ tục', width: 14 },
  { key: 'name', header: 'Tên thủ tục', width: 60, wrap: true },
  { key: 'field', header: 'Lĩnh vực', width: 16 },
  { key: 'level', header: 'Cấp thực hiện', width: 14 },
  { key: 'handlingOrgUnit', header: 'Mã đơn vị giải quyết', width: 14 },
  { key: 'timeLimitValue', header: 'Thời hạn', width: 10 },
  { key: 'timeLimitUnit', header: 'Đơn vị thời hạn', width: 16 },
  { key: 'difficultAreaExtraDays', header: 'Cộng thêm vùng khó khăn (ngày)', width: 14 },
  { key: 'feeVnd', header: 'Phí, lệ phí (đồng)', width: 14 },
  { key: 'feeNote', header: 'Ghi chú phí', width: 36, wrap: true },
  { key: 'legalBasis', header: 'Căn cứ pháp lý', width: 48, wrap: true },
  { key: 'requiredDocuments', header: 'Thành phần hồ sơ', width: 80, wrap: true },
  { key: 'steps', header: 'Quy trình nội bộ', width: 80, wrap: true },
  { key: 'validFrom', header: 'Hiệu lực từ', width: 13 },
];

/** Vietnamese names of the columns, for messages ("Dòng 5, cột Thời hạn: …"). */
export const COLUMN_HEADERS: Record<string, string> = Object.fromEntries(COLUMNS.map((c) => [c.key, c.header]));

// ---------------------------------------------------------------------------------------------------------------------
// Words ↔ codes

/** Lower case, no diacritics (đ → d), single spaces: how cells are compared with the expected words. */
function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Reads a word back to its code: the Vietnamese label, the English one or the code itself, diacritics optional. */
function lookup<K extends string>(labels: Record<K, { vi: string; en: string }>, cell: string): K | null {
  const f = fold(cell);
  for (const [key, l] of Object.entries(labels) as [K, { vi: string; en: string }][]) {
    if (f === fold(key) || f === fold(l.vi) || f === fold(l.en)) return key;
  }
  return null;
}

const vi = <K extends string>(labels: Record<K, { vi: string; en: string }>, key: string): string =>
  (labels as Record<string, { vi: string }>)[key]?.vi ?? key;

/** 0.5 → "0,5" (the Vietnamese decimal comma, as Excel shows it in a vi-VN locale). */
const decimal = (n: number): string => String(n).replace('.', ',');

export function formatDocuments(docs: readonly RequiredDocument[]): string {
  return docs.map((d) => `${d.name} (${vi(DOCUMENT_FORM_LABELS, d.form)} × ${d.quantity})`).join('; ');
}

export function formatSteps(steps: readonly ProcedureStep[]): string {
  return steps.map((s) => `${s.name} [${vi(STEP_ACTOR_LABELS, s.actor)}] ${decimal(s.limitValue)} ${vi(UNIT_LABELS, s.limitUnit)}`).join('; ');
}

const DOCUMENT_PART = /^(.+?)\s*\(([^()]+?)\s*[×xX*]\s*(\d+)\s*\)$/;
const STEP_PART = /^(.+?)\s*\[([^\]]+)\]\s*([0-9]+(?:[.,][0-9]+)?)\s+(.+)$/;

function parseDocuments(cell: string, errors: FieldError[]): RequiredDocument[] {
  const out: RequiredDocument[] = [];
  for (const part of cell.split(';').map((p) => p.trim()).filter(Boolean)) {
    const m = DOCUMENT_PART.exec(part);
    const form = m ? lookup(DOCUMENT_FORM_LABELS, m[2]!) : null;
    if (!m || !form) {
      errors.push({
        field: 'requiredDocuments',
        message: `Thành phần hồ sơ '${part}' phải có dạng 'tên giấy tờ (bản chính × 1)'; loại bản là bản chính, bản sao hoặc bản chính hoặc bản sao`,
      });
      continue;
    }
    out.push({ name: m[1]!.trim(), form, quantity: Number(m[3]) });
  }
  return out;
}

function parseSteps(cell: string, errors: FieldError[]): ProcedureStep[] {
  const out: ProcedureStep[] = [];
  for (const part of cell.split(';').map((p) => p.trim()).filter(Boolean)) {
    const m = STEP_PART.exec(part);
    const actor = m ? lookup(STEP_ACTOR_LABELS, m[2]!) : null;
    const unit = m ? lookup(UNIT_LABELS, m[4]!) : null;
    if (!m || !actor || !unit) {
      errors.push({
        field: 'steps',
        message: `Bước '${part}' phải có dạng 'tên công việc [một cửa | chuyên viên | lãnh đạo | cơ quan khác] 0,5 ngày làm việc'`,
      });
      continue;
    }
    out.push({ name: m[1]!.trim(), actor, limitValue: Number(m[3]!.replace(',', '.')), limitUnit: unit });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------------
// Export

function utcDate(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

/** The catalogue in force on `date` as an XLSX file: a header row (bold, frozen, filterable) and one row per procedure. */
export async function exportCatalogueXlsx(db: DbOrTx, date: string): Promise<Buffer> {
  const rows = await listProcedures(db, { date });
  const wb = new ExcelJS.Workbook();
  wb.creator = 'tnmt';
  const ws = wb.addWorksheet(CATALOGUE_SHEET, { views: [{ state: 'frozen', xSplit: 1, ySplit: 1 }] });
  ws.columns = COLUMNS.map((c) => ({ key: c.key, header: c.header, width: c.width }));
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', wrapText: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8E8E8' } };
  for (const p of rows) ws.addRow(rowValues(p));
  for (const [i, c] of COLUMNS.entries()) {
    const column = ws.getColumn(i + 1);
    column.alignment = { vertical: 'top', wrapText: c.wrap ?? false };
    if (c.key === 'validFrom') column.numFmt = 'dd/mm/yyyy';
    if (c.key === 'feeVnd') column.numFmt = '#,##0';
    if (c.key === 'code' || c.key === 'handlingOrgUnit') column.numFmt = '@';
  }
  header.alignment = { vertical: 'middle', wrapText: true };
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: COLUMNS.length } };
  addGuide(wb);
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

function rowValues(p: ProcedureRecord): Record<ColumnKey, string | number | Date | null> {
  return {
    code: p.code,
    name: p.name,
    field: vi(FIELD_LABELS, p.field),
    level: vi(LEVEL_LABELS, p.level),
    handlingOrgUnit: p.handlingOrgUnitCode,
    timeLimitValue: p.timeLimitValue,
    timeLimitUnit: vi(UNIT_LABELS, p.timeLimitUnit),
    difficultAreaExtraDays: p.difficultAreaExtraDays,
    feeVnd: p.feeVnd,
    feeNote: p.feeNote,
    legalBasis: p.legalBasis,
    requiredDocuments: formatDocuments(p.requiredDocuments),
    steps: formatSteps(p.steps),
    validFrom: utcDate(p.validFrom),
  };
}

/** A second sheet listing the accepted words, so whoever edits the file knows what the import reads. */
function addGuide(wb: ExcelJS.Workbook) {
  const ws = wb.addWorksheet(GUIDE_SHEET);
  ws.columns = [
    { header: 'Cột', key: 'column', width: 30 },
    { header: 'Giá trị được chấp nhận', key: 'values', width: 100 },
  ];
  ws.getRow(1).font = { bold: true };
  const words = (labels: Record<string, { vi: string }>) => Object.values(labels).map((l) => l.vi).join(' | ');
  ws.addRows([
    { column: 'Mã thủ tục', values: 'Mã quốc gia 1.012784 (có thể thêm mã tỉnh: 1.012784.H54) hoặc mã địa phương L.XXX' },
    { column: 'Lĩnh vực', values: words(FIELD_LABELS) },
    { column: 'Cấp thực hiện', values: words(LEVEL_LABELS) },
    { column: 'Mã đơn vị giải quyết', values: 'Mã đơn vị (ví dụ STNMT); để trống nếu mỗi đơn vị cùng cấp giải quyết hồ sơ trên địa bàn của mình' },
    { column: 'Đơn vị thời hạn', values: words(UNIT_LABELS) },
    { column: 'Thành phần hồ sơ', values: `tên giấy tờ (loại bản × số lượng); …  — loại bản: ${words(DOCUMENT_FORM_LABELS)}` },
    { column: 'Quy trình nội bộ', values: `tên công việc [người thực hiện] thời hạn đơn vị; …  — người thực hiện: ${words(STEP_ACTOR_LABELS)}` },
    { column: 'Hiệu lực từ', values: 'Ngày bắt đầu hiệu lực (dd/mm/yyyy). Sửa một dòng thì đặt ngày mới, sau ngày của phiên bản hiện hành.' },
  ]);
}

// ---------------------------------------------------------------------------------------------------------------------
// Import

export interface ImportRejection {
  /** row number in the sheet (the header is row 1) */
  row: number;
  /** the field in error (column key) */
  field: string;
  /** "Dòng 5: mã thủ tục '1.01' không đúng định dạng …" */
  message: string;
}

export interface ImportResult {
  /** new versions written (new codes included) */
  created: number;
  /** rows equal to an existing version, skipped */
  unchanged: number;
  /** every problem found; when not empty nothing was written */
  rejected: ImportRejection[];
}

interface ParsedRow {
  row: number;
  input: ProcedureVersionInput;
  errors: FieldError[];
}

/** The text of a cell whatever Excel stored: rich text, hyperlink, formula result, number, date. */
function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('').trim();
    if ('text' in v) return String(v.text).trim();
    if ('result' in v) return v.result === undefined || v.result === null ? '' : cellText(v.result as ExcelJS.CellValue);
    if ('error' in v) return '';
    return '';
  }
  return String(v).trim();
}

/** A number from a cell: numbers as they are, text with a decimal comma or (for `grouped`) dot-grouped thousands. */
function cellNumber(v: ExcelJS.CellValue, grouped: boolean): number | null {
  if (typeof v === 'number') return v;
  if (v && typeof v === 'object' && 'result' in v && typeof v.result === 'number') return v.result;
  const s = cellText(v).replace(/\s/g, '');
  if (!s) return null;
  if (grouped && /^\d{1,3}(\.\d{3})+$/.test(s)) return Number(s.replace(/\./g, ''));
  return /^-?\d+([.,]\d+)?$/.test(s) ? Number(s.replace(',', '.')) : Number.NaN;
}

/** A date from a cell: a real date cell, an Excel serial number, yyyy-mm-dd or dd/mm/yyyy text. */
function cellDate(v: ExcelJS.CellValue): string {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'number' && v > 0 && v < 100000) return new Date(Date.UTC(1899, 11, 30) + Math.round(v) * 86400000).toISOString().slice(0, 10);
  return normaliseDateInput(cellText(v));
}

async function readWorkbook(data: Uint8Array): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as ExcelJS.Buffer);
  } catch {
    throw ValidationError.one('file', 'Tệp không đọc được: hãy tải lên tệp Excel .xlsx (tải danh mục về để có tệp mẫu)');
  }
  const ws = wb.getWorksheet(CATALOGUE_SHEET) ?? wb.worksheets[0];
  if (!ws) throw ValidationError.one('file', 'Tệp không có trang tính nào');
  const header = ws.getRow(1);
  for (const [i, c] of COLUMNS.entries()) {
    const found = cellText(header.getCell(i + 1).value);
    if (fold(found) !== fold(c.header))
      throw ValidationError.one('file', `Dòng tiêu đề không đúng mẫu: cột ${i + 1} phải là '${c.header}'${found ? `, không phải '${found}'` : ''}`);
  }
  return ws;
}

/** Parses the data rows (2…); rows with no value at all are skipped. */
function parseRows(ws: ExcelJS.Worksheet): ParsedRow[] {
  const out: ParsedRow[] = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const cell = (key: ColumnKey) => row.getCell(COLUMNS.findIndex((c) => c.key === key) + 1).value;
    if (COLUMNS.every((_, i) => cellText(row.getCell(i + 1).value) === '')) continue;
    const errors: FieldError[] = [];
    const word = <K extends string>(key: ColumnKey, labels: Record<K, { vi: string; en: string }>): string => {
      const t = cellText(cell(key));
      return t ? (lookup(labels, t) ?? t) : '';
    };
    const num = (key: ColumnKey, grouped: boolean, whenEmpty: number | null): number => {
      const n = cellNumber(cell(key), grouped);
      if (n === null) return whenEmpty ?? Number.NaN;
      return n;
    };
    const input: ProcedureVersionInput = {
      code: cellText(cell('code')),
      name: cellText(cell('name')),
      field: word('field', FIELD_LABELS),
      level: word('level', LEVEL_LABELS),
      handlingOrgUnitCode: cellText(cell('handlingOrgUnit')) || null,
      timeLimitValue: num('timeLimitValue', false, null),
      timeLimitUnit: word('timeLimitUnit', UNIT_LABELS),
      difficultAreaExtraDays: num('difficultAreaExtraDays', false, 0),
      feeVnd: num('feeVnd', true, 0),
      feeNote: cellText(cell('feeNote')) || null,
      legalBasis: cellText(cell('legalBasis')),
      requiredDocuments: parseDocuments(cellText(cell('requiredDocuments')), errors),
      steps: parseSteps(cellText(cell('steps')), errors),
      validFrom: cellDate(cell('validFrom')),
    };
    // The same-day unit needs no value: an empty cell means 0.
    if (input.timeLimitUnit === 'same_day' && Number.isNaN(input.timeLimitValue) && cellText(cell('timeLimitValue')) === '') input.timeLimitValue = 0;
    out.push({ row: r, input, errors });
  }
  return out;
}

const lowerFirst = (s: string) => s.charAt(0).toLocaleLowerCase('vi') + s.slice(1);
const rejection = (row: number, e: FieldError): ImportRejection => ({ row, field: e.field, message: `Dòng ${row}: ${lowerFirst(e.message)}` });

/**
 * Imports a catalogue file laid out as `exportCatalogueXlsx` writes it. Each row is compared with the code's
 * versions: equal to the version starting on the same date or to the latest version → unchanged; otherwise a new
 * version from the row's date, which must be after the latest version's. All rows are checked first; if any is
 * rejected nothing is written (the attempt is audited as failed). Otherwise the new versions are written in one
 * transaction with their audit entries. A file that is not a readable catalogue throws ValidationError('file').
 */
export async function importCatalogueXlsx(database: Database, actor: Actor, data: Uint8Array): Promise<ImportResult> {
  const ws = await readWorkbook(data);
  const parsed = parseRows(ws);
  if (parsed.length === 0) throw ValidationError.one('file', 'Tệp không có dòng thủ tục nào');

  const rejected: ImportRejection[] = [];
  const candidates: { row: number; value: ValidProcedureInput }[] = [];
  const firstRowOf = new Map<string, number>();
  for (const p of parsed) {
    const { value, errors } = validateProcedureInput(p.input);
    const problems = [...p.errors, ...errors];
    const earlier = value.code ? firstRowOf.get(value.code) : undefined;
    if (earlier !== undefined) problems.push({ field: 'code', message: `Mã thủ tục '${value.code}' trùng với dòng ${earlier}` });
    else if (value.code) firstRowOf.set(value.code, p.row);
    if (problems.length) rejected.push(...problems.map((e) => rejection(p.row, e)));
    else candidates.push({ row: p.row, value });
  }

  const result = await database.db.transaction(async (tx) => {
    const plans: { row: number; plan: VersionPlan }[] = [];
    let unchanged = 0;
    for (const c of candidates) {
      const plan = await planProcedureVersion(tx, c.value);
      if ((plan.sameDate && sameContent(c.value, plan.sameDate)) || (plan.latest && sameContent(c.value, plan.latest))) {
        unchanged++;
        continue;
      }
      if (plan.problems.length) rejected.push(...plan.problems.map((e) => rejection(c.row, e)));
      else plans.push({ row: c.row, plan });
    }
    if (rejected.length) return { created: 0, unchanged: 0, rejected };
    for (const { row, plan } of plans) await applyProcedureVersion(tx, actor, plan, `nhập từ tệp XLSX, dòng ${row}`);
    await recordAudit(tx, actor, {
      action: 'procedure.import',
      entity: 'procedure',
      detail: `${plans.length} phiên bản mới, ${unchanged} không đổi, ${parsed.length} dòng`,
    });
    return { created: plans.length, unchanged, rejected: [] };
  });

  if (result.rejected.length) {
    result.rejected.sort((a, b) => a.row - b.row);
    await recordAudit(database.db, actor, {
      action: 'procedure.import',
      entity: 'procedure',
      outcome: 'failed',
      detail: `${result.rejected.length} lỗi ở ${new Set(result.rejected.map((r) => r.row)).size} dòng; không nhập dòng nào`,
    });
  }
  return result;
}
