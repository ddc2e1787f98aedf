import { Readable } from 'node:stream';
import { inArray, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { type Actor, recordAudit } from '../../core/audit/index.js';
import { parseInstantVn, toIsoVn, vnIsoDate, type WorkCalendar } from '../../core/calendar/index.js';
import { isIsoDate } from '../../core/calendar/time.js';
import type { Database, DbOrTx } from '../../core/db/index.js';
import { ValidationError } from '../../core/errors.js';
import { orgUnits } from '../org/schema.js';
import { ClockError, computeClock } from './clock.js';
import { DOSSIER_CODE_PATTERN } from './codes.js';
import { calendarOf } from './commands.js';
import { FIELD_LABELS } from './import-messages.js';
import { CHANNELS, type ClockEvent, type ClockState, STATUS } from './model.js';
import { dossierEvents, dossierSequences, dossiers, procedures } from './schema.js';

/*
 * Import of dossiers exported from another one-stop system (CSV or XLSX), in four steps that the pages follow:
 *   readTable (bytes → header + rows) → suggestMapping (header → fields) → validateImport (rows → prepared dossiers,
 *   rejected rows with their reasons, codes already present) → applyImport (one transaction).
 *
 * Rules (DESIGN principle 7: bad input gets a clear error, nothing is lost):
 * - Every rejected row is reported with its spreadsheet row number (the header row included in the count), the
 *   field and a Vietnamese reason; the valid rows are imported, the rejected ones are not (the pages say so and
 *   offer the rejected rows as CSV with a reason column). The uploaded file itself stays in the file store.
 * - Idempotent on the dossier code: a row whose code already exists is "already imported" — skipped and counted,
 *   never updated. A code repeated inside the file is rejected on every occurrence after the first.
 * - The dossier's events are reconstructed from the instants of the row (received; result_ready or refused at the
 *   finish instant; withdrawn when the status is 7; result_returned at the return instant) and the clock columns
 *   are computed from them by `computeClock`, exactly as for a dossier received here, so statistics treat imported
 *   and native dossiers alike.
 * - The due instant is ALWAYS the one computed from the procedure's time limit and the receiving unit's calendar.
 *   A due date given in the file is only compared (by calendar day in Vietnam): a different day is reported as a
 *   warning and the computed one is stored. Supplements, pauses and extensions of the other system are not in
 *   the file, so they cannot be reconstructed; rows with status 5, 6 or 8 are imported as open with a warning.
 * - Instants are Vietnam local time: `dd/mm/yyyy hh:mm[:ss]`, `hh:mm dd/mm/yyyy`, `dd/mm/yyyy`, ISO 8601 (an
 *   explicit offset is honoured), Excel date cells and Excel serial numbers.
 * - Fees are not imported (fee 0, mode 'exempt'); documents are not imported.
 */

// ---------------------------------------------------------------------------------------------------------------------
// Reading the file

export type TableKind = 'csv' | 'xlsx';

export interface ImportTable {
  /** header texts; an empty header cell is named after its column letter ("Cột C"), repeated names get " (2)" … */
  columns: string[];
  /** the data rows after the header, trimmed, each as long as `columns`; empty rows are kept (row numbering) */
  rows: string[][];
  /** spreadsheet row number of the header (1 unless title rows precede it); data row i is row headerRow + 1 + i */
  headerRow: number;
}

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** What the upload accepts (file-type reports an XLSX without the usual entries as a plain ZIP: tried as XLSX). */
export const IMPORT_MEDIA_TYPES = ['text/csv', XLSX_MEDIA_TYPE, 'application/zip'] as const;
/** Data rows per file: beyond this the file is refused with advice to split it. */
export const MAX_IMPORT_ROWS = 50_000;

/** The reader for a stored file's media type, or null when it is neither CSV nor XLSX. */
export function tableKindOf(mediaType: string): TableKind | null {
  if (mediaType === 'text/csv' || mediaType === 'text/plain') return 'csv';
  if (mediaType === XLSX_MEDIA_TYPE || mediaType === 'application/zip') return 'xlsx';
  return null;
}

/**
 * The header and rows of a CSV (UTF-8, with or without BOM; the delimiter — comma, semicolon or tab — is taken from
 * the header line; quotes as RFC 4180) or of the first non-empty sheet of an XLSX workbook. Cells are trimmed. The
 * header is the first row, unless title rows come first: then it is the first of the first 20 rows in which at
 * least two column names are recognised (see suggestMapping). Throws ValidationError on field `file`.
 */
export async function readTable(buffer: Uint8Array, kind: TableKind): Promise<ImportTable> {
  const matrix = kind === 'csv' ? await readCsv(buffer) : await readXlsx(buffer);
  let last = matrix.length;
  while (last > 0 && matrix[last - 1]!.every((c) => c === '')) last--;
  if (last === 0) throw ValidationError.one('file', 'Tệp không có dữ liệu: không tìm thấy dòng tiêu đề cột');
  const body = matrix.slice(0, last);
  const width = Math.max(...body.map((r) => r.length));
  const padded = body.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ''));
  let header = padded.findIndex((r) => r.some((c) => c !== ''));
  for (let i = header; i < Math.min(padded.length, header + 20); i++) {
    if (Object.keys(suggestMapping(padded[i]!)).length >= 2) {
      header = i;
      break;
    }
  }
  const rows = padded.slice(header + 1);
  if (rows.length > MAX_IMPORT_ROWS)
    throw ValidationError.one('file', `Tệp có ${rows.length} dòng dữ liệu, quá ${MAX_IMPORT_ROWS} dòng; chia thành nhiều tệp nhỏ hơn`);
  const seen = new Map<string, number>();
  const columns = padded[header]!.map((name, i) => {
    const base = name || `Cột ${columnLetter(i)}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} (${n})`;
  });
  return { columns, rows, headerRow: header + 1 };
}

/** A, B, … Z, AA, AB … (0-based index). */
export function columnLetter(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

async function readCsv(buffer: Uint8Array): Promise<string[][]> {
  let bytes = Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw ValidationError.one(
      'file',
      'Tệp CSV không ở bảng mã UTF-8. Trong Excel, chọn Lưu thành (Save As) → "CSV UTF-8 (Comma delimited)" rồi tải lên lại',
    );
  }
  const workbook = new ExcelJS.Workbook();
  try {
    const sheet = await workbook.csv.read(Readable.from([Buffer.from(text, 'utf8')]), {
      // keep every cell as the text written: no number or date guessing (0912… keeps its 0, 1.012753 stays text)
      map: (v: unknown) => v,
      parserOptions: { delimiter: csvDelimiter(text) },
    } as unknown as Parameters<typeof workbook.csv.read>[1]);
    return sheetMatrix(sheet);
  } catch (e) {
    if (e instanceof ValidationError) throw e;
    throw ValidationError.one('file', `Không đọc được tệp CSV: ${(e as Error).message}`);
  }
}

/** The delimiter of the header line: the most frequent of comma, semicolon and tab outside quotes. */
function csvDelimiter(text: string): string {
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch in counts) counts[ch]!++;
  }
  const best = Object.entries(counts).sort((a, b) => b[1] - a[1])[0]!;
  return best[1] > 0 ? best[0] : ',';
}

async function readXlsx(buffer: Uint8Array): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength) as unknown as ArrayBuffer);
  } catch (e) {
    throw ValidationError.one('file', `Không đọc được tệp Excel (.xlsx): ${(e as Error).message}`);
  }
  const sheet = workbook.worksheets.find((s) => s.actualRowCount > 0);
  if (!sheet) throw ValidationError.one('file', 'Tệp Excel không có trang tính nào có dữ liệu');
  return sheetMatrix(sheet);
}

function sheetMatrix(sheet: ExcelJS.Worksheet): string[][] {
  const out: string[][] = [];
  for (let r = 1; r <= sheet.rowCount; r++) {
    const values = sheet.getRow(r).values as unknown[];
    const cells = Array.from({ length: Math.max(values.length - 1, 0) }, (_, i) => cellText(values[i + 1]));
    out.push(cells);
  }
  return out;
}

/** A cell as text: Excel dates (stored as wall-clock UTC by exceljs) as ISO local time, formulas by their result. */
function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return excelDateText(v);
  if (typeof v === 'string') return v.replace(/\u00a0/g, ' ').trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('result' in o) return cellText(o.result);
    if (Array.isArray(o.richText)) return (o.richText as { text?: string }[]).map((p) => p.text ?? '').join('').trim();
    if ('text' in o) return cellText(o.text);
    if ('error' in o) return '';
  }
  return String(v).trim();
}

function excelDateText(d: Date): string {
  if (!Number.isFinite(d.getTime())) return '';
  const t = new Date(Math.round(d.getTime() / 1000) * 1000).toISOString();
  return t.endsWith('T00:00:00.000Z') ? t.slice(0, 10) : t.slice(0, 19);
}

// ---------------------------------------------------------------------------------------------------------------------
// Fields and the mapping of columns to them

/**
 * What a column can be mapped to. `required`: the mapping must name a column (orgUnitCode: unless a default unit is
 * chosen). Labels (vi/en) are in import-messages.ts.
 */
export const TARGET_FIELDS = [
  { key: 'code', required: true },
  { key: 'procedureCode', required: true },
  { key: 'orgUnitCode', required: false },
  { key: 'channel', required: false },
  { key: 'applicantName', required: true },
  { key: 'applicantIdNumber', required: false },
  { key: 'applicantPhone', required: false },
  { key: 'applicantEmail', required: false },
  { key: 'applicantAddress', required: false },
  { key: 'receivedAt', required: true },
  { key: 'dueAt', required: false },
  { key: 'finishedAt', required: false },
  { key: 'status', required: false },
  { key: 'returnedAt', required: false },
  { key: 'outcome', required: false },
] as const;
export type TargetField = (typeof TARGET_FIELDS)[number]['key'];
export const TARGET_FIELD_KEYS: readonly TargetField[] = TARGET_FIELDS.map((f) => f.key);

/** field → 0-based column index of the table; a field absent from the mapping is not in the file. */
export type ImportMapping = Partial<Record<TargetField, number>>;

/** Header names, unaccented and lower case, that suggest each field (see suggestMapping). */
const SYNONYMS: Record<TargetField, readonly string[]> = {
  code: ['ma ho so', 'so ho so', 'ma hs', 'so hs', 'ma ho so tiep nhan', 'so bien nhan', 'dossier code'],
  procedureCode: ['ma tthc', 'ma thu tuc', 'ma thu tuc hanh chinh', 'ma so tthc', 'ma so thu tuc', 'procedure code'],
  orgUnitCode: ['ma don vi', 'don vi', 'don vi tiep nhan', 'don vi giai quyet', 'co quan tiep nhan', 'co quan giai quyet', 'noi tiep nhan', 'org unit'],
  channel: ['kenh', 'kenh nop', 'kenh tiep nhan', 'kenh thuc hien', 'hinh thuc nop', 'hinh thuc tiep nhan', 'hinh thuc nop ho so', 'channel'],
  applicantName: [
    'nguoi nop',
    'ten nguoi nop',
    'ho ten nguoi nop',
    'chu ho so',
    'ten chu ho so',
    'ho ten',
    'ho va ten',
    'to chuc ca nhan',
    'ten to chuc ca nhan',
    'nguoi dang ky',
    'cong dan',
    'applicant',
    'applicant name',
  ],
  applicantIdNumber: ['cccd', 'cmnd', 'so cccd', 'so cmnd', 'so giay to', 'so giay to tuy than', 'can cuoc', 'so dinh danh', 'ma so thue', 'cccd mst', 'id number'],
  applicantPhone: ['dien thoai', 'so dien thoai', 'sdt', 'dt', 'dien thoai lien he', 'phone'],
  applicantEmail: ['email', 'e mail', 'thu dien tu', 'dia chi email'],
  applicantAddress: ['dia chi', 'dia chi nguoi nop', 'dia chi lien he', 'address'],
  receivedAt: [
    'ngay tiep nhan',
    'ngay gio tiep nhan',
    'thoi gian tiep nhan',
    'thoi diem tiep nhan',
    'ngay nhan ho so',
    'ngay nhan',
    'ngay nop',
    'received',
    'received at',
  ],
  dueAt: ['ngay hen tra', 'ngay hen tra ket qua', 'hen tra', 'ngay hen', 'han giai quyet', 'han xu ly', 'due', 'due at'],
  finishedAt: [
    'ngay co ket qua',
    'ngay hoan thanh',
    'ngay xu ly xong',
    'ngay giai quyet xong',
    'ngay ket thuc',
    'ngay hoan thanh xu ly',
    'finished',
    'finished at',
  ],
  status: ['trang thai', 'tinh trang', 'trang thai ho so', 'ma trang thai', 'status'],
  returnedAt: ['ngay tra ket qua', 'ngay tra', 'ngay tra kq', 'returned', 'returned at'],
  outcome: ['ket qua', 'ket qua giai quyet', 'ket qua xu ly', 'outcome'],
};

/** Unaccented, lower case, `đ` → `d`, runs of anything but letters and digits → one space. */
export function normaliseText(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * A guess of the mapping from the header names: a header equal to a known name of a field wins over one that
 * only contains it as whole words ("Ngày có kết quả" → finishedAt, not outcome), longer names over shorter; each
 * column and each field is used once.
 */
export function suggestMapping(columns: readonly string[]): ImportMapping {
  const candidates: { field: TargetField; col: number; score: number }[] = [];
  columns.forEach((name, col) => {
    const h = normaliseText(name);
    if (!h) return;
    for (const field of TARGET_FIELD_KEYS) {
      let best = 0;
      for (const syn of SYNONYMS[field]) {
        if (h === syn) best = Math.max(best, 1000 + syn.length);
        else if (` ${h} `.includes(` ${syn} `)) best = Math.max(best, syn.length);
      }
      if (best > 0) candidates.push({ field, col, score: best });
    }
  });
  candidates.sort((a, b) => b.score - a.score || a.col - b.col);
  const mapping: ImportMapping = {};
  const used = new Set<number>();
  for (const c of candidates) {
    if (mapping[c.field] !== undefined || used.has(c.col)) continue;
    mapping[c.field] = c.col;
    used.add(c.col);
  }
  return mapping;
}

/** Problems of a mapping before any row is read: required fields without a column, columns that do not exist. */
export function mappingProblems(
  mapping: ImportMapping,
  columnCount: number,
  opts: { hasDefaultOrgUnit: boolean },
): { field: TargetField; message: string }[] {
  const out: { field: TargetField; message: string }[] = [];
  for (const f of TARGET_FIELDS) {
    const col = mapping[f.key];
    if (col !== undefined && (!Number.isInteger(col) || col < 0 || col >= columnCount))
      out.push({ field: f.key, message: `Cột đã chọn cho "${FIELD_LABELS[f.key].vi}" không có trong tệp` });
    else if (f.required && col === undefined) out.push({ field: f.key, message: `Chọn cột chứa ${FIELD_LABELS[f.key].vi.toLowerCase()}` });
    else if (f.key === 'orgUnitCode' && col === undefined && !opts.hasDefaultOrgUnit)
      out.push({ field: f.key, message: 'Chọn cột chứa đơn vị tiếp nhận, hoặc chọn một đơn vị tiếp nhận mặc định' });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------------
// Validation

/** A problem of one row. `row` is the spreadsheet row number (header included, 1-based). */
export interface RowProblem {
  row: number;
  field: TargetField;
  message: string;
}

/** A row ready to insert: the dossier's columns, its reconstructed events and the clock computed from them. */
export interface PreparedDossier {
  row: number;
  code: string;
  procedureId: number;
  procedureCode: string;
  procedureName: string;
  orgUnitId: number;
  orgUnitName: string;
  channel: number;
  applicantKind: 'person' | 'organisation';
  applicantName: string;
  applicantIdNumber: string | null;
  applicantPhone: string | null;
  applicantEmail: string | null;
  applicantAddress: string | null;
  receivedAt: Date;
  events: ClockEvent[];
  clock: ClockState;
  /** the due instant written in the file, if any (compared, not stored) */
  givenDueAt: Date | null;
}

export interface ImportValidation {
  valid: PreparedDossier[];
  /** every problem of every rejected row, in row order (a row may have several) */
  rejected: RowProblem[];
  /** number of distinct rejected rows */
  rejectedRows: number;
  /** rows imported with a remark (due date differs, status not reconstructable, contact data doubtful …) */
  warnings: RowProblem[];
  /** rows whose code is already in the system: skipped ("already imported") */
  duplicates: number;
  existing: { row: number; code: string }[];
  /** non-empty data rows read */
  total: number;
}

export interface ValidateOptions {
  /** org unit for rows without a unit (column not mapped or cell empty) */
  defaultOrgUnitId?: number | null;
  /** org units the importing user may act on */
  scope: ReadonlySet<number>;
  /** "now" for the checks against the future; default the current instant */
  now?: Date;
}

const CODE_RE = /^[\p{L}\p{N}._\-/]+$/u;
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const ORGANISATION_NAME = /^(cong ty|cty|tong cong ty|doanh nghiep|dntn|hop tac xa|htx|tap doan|chi nhanh|ubnd|uy ban|truong|benh vien|ngan hang|to chuc|ban quan ly|trung tam|co so|hoi |nha may|xi nghiep)/;
const FUTURE_TOLERANCE_MS = 60_000;

const STATUS_WORDS: [number, string][] = [
  [1, 'moi dang ky'],
  [2, 'duoc tiep nhan'],
  [2, 'da tiep nhan'],
  [2, 'moi tiep nhan'],
  [3, 'khong duoc tiep nhan'],
  [3, 'tu choi tiep nhan'],
  [4, 'dang xu ly'],
  [4, 'dang giai quyet'],
  [5, 'yeu cau bo sung'],
  [5, 'cho bo sung'],
  [6, 'nghia vu tai chinh'],
  [7, 'rut ho so'],
  [7, 'yeu cau rut'],
  [8, 'dung xu ly'],
  [8, 'tam dung'],
  [9, 'da xu ly xong'],
  [9, 'da giai quyet'],
  [9, 'cho tra ket qua'],
  [9, 'da co ket qua'],
  [10, 'da tra ket qua'],
];

/**
 * Check every row against the mapping, the catalogue, the org units in the user's scope and the dossiers already
 * present, and prepare the valid ones (events and clock). Reads only. Throws ValidationError when the mapping
 * itself is incomplete (see mappingProblems); row problems are returned, never thrown.
 */
export async function validateImport(
  db: DbOrTx,
  table: ImportTable,
  mapping: ImportMapping,
  opts: ValidateOptions,
): Promise<ImportValidation> {
  const problems = mappingProblems(mapping, table.columns.length, { hasDefaultOrgUnit: Boolean(opts.defaultOrgUnitId) });
  if (problems.length) throw new ValidationError(problems);
  const now = opts.now ?? new Date();

  const [procRows, unitRows] = await Promise.all([
    db
      .select({
        id: procedures.id,
        code: procedures.code,
        name: procedures.name,
        timeLimitValue: procedures.timeLimitValue,
        timeLimitUnit: procedures.timeLimitUnit,
        validFrom: procedures.validFrom,
        validTo: procedures.validTo,
      })
      .from(procedures),
    db
      .select({ id: orgUnits.id, code: orgUnits.code, name: orgUnits.name, agencyCode: orgUnits.agencyCode, validFrom: orgUnits.validFrom, validTo: orgUnits.validTo })
      .from(orgUnits),
  ]);
  const procsByCode = groupBy(procRows, (p) => p.code.toUpperCase());
  const procsByBase = groupBy(procRows, (p) => baseProcedureCode(p.code));
  const unitsByKey = new Map<string, typeof unitRows>();
  for (const u of unitRows)
    for (const key of new Set([u.code.toLowerCase(), u.agencyCode?.toLowerCase(), normaliseText(u.name)].filter(Boolean) as string[])) {
      const list = unitsByKey.get(key) ?? [];
      list.push(u);
      unitsByKey.set(key, list);
    }
  const defaultUnit = opts.defaultOrgUnitId ? unitRows.find((u) => u.id === opts.defaultOrgUnitId) : undefined;
  if (opts.defaultOrgUnitId && (!defaultUnit || !opts.scope.has(defaultUnit.id)))
    throw ValidationError.one('defaultOrgUnit', 'Đơn vị tiếp nhận mặc định không thuộc phạm vi của bạn');

  // Codes already present, looked up in chunks.
  const cell = (r: string[], f: TargetField) => (mapping[f] === undefined ? '' : (r[mapping[f]!] ?? '').trim());
  const allCodes = [...new Set(table.rows.map((r) => cell(r, 'code')).filter(Boolean))];
  const present = new Set<string>();
  for (let i = 0; i < allCodes.length; i += 1000) {
    const chunk = allCodes.slice(i, i + 1000);
    for (const r of await db.select({ code: dossiers.code }).from(dossiers).where(inArray(dossiers.code, chunk))) present.add(r.code);
  }

  const calendars = new Map<number, WorkCalendar>();
  const calendar = async (unitId: number) => {
    let c = calendars.get(unitId);
    if (!c) {
      c = await calendarOf(db, unitId);
      calendars.set(unitId, c);
    }
    return c;
  };

  const out: ImportValidation = { valid: [], rejected: [], rejectedRows: 0, warnings: [], duplicates: 0, existing: [], total: 0 };
  const firstRowOfCode = new Map<string, number>();

  for (const [i, r] of table.rows.entries()) {
    if (r.every((c) => c.trim() === '')) continue;
    out.total++;
    const row = table.headerRow + 1 + i;
    const errors: RowProblem[] = [];
    const warnings: RowProblem[] = [];
    const reject = (field: TargetField, message: string) => errors.push({ row, field, message });
    const warn = (field: TargetField, message: string) => warnings.push({ row, field, message });

    // Code: required, well-formed, once in the file, not already present.
    const code = cell(r, 'code');
    if (!code) reject('code', 'Thiếu mã hồ sơ');
    else if (code.length > 64) reject('code', 'Mã hồ sơ dài quá 64 ký tự');
    else if (!CODE_RE.test(code)) reject('code', `Mã hồ sơ "${code}" chỉ được gồm chữ, số và các dấu . - _ /`);
    else if (firstRowOfCode.has(code)) reject('code', `Mã hồ sơ ${code} trùng với dòng ${firstRowOfCode.get(code)} trong tệp; chỉ dòng đầu tiên được xét`);
    else {
      firstRowOfCode.set(code, row);
      if (present.has(code)) {
        out.duplicates++;
        out.existing.push({ row, code });
        continue;
      }
    }

    // Instants.
    const received = instantOf(cell(r, 'receivedAt'));
    if (!cell(r, 'receivedAt')) reject('receivedAt', 'Thiếu ngày tiếp nhận');
    else if (!received) reject('receivedAt', badDate(cell(r, 'receivedAt')));
    else if (received.at.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) reject('receivedAt', 'Ngày tiếp nhận ở tương lai');
    const due = optionalInstant(r, 'dueAt');
    let finished = optionalInstant(r, 'finishedAt');
    const returned = optionalInstant(r, 'returnedAt');
    if (due === 'bad') reject('dueAt', badDate(cell(r, 'dueAt')));
    if (finished === 'bad') reject('finishedAt', badDate(cell(r, 'finishedAt')));
    if (returned === 'bad') reject('returnedAt', badDate(cell(r, 'returnedAt')));
    for (const [f, v] of [
      ['finishedAt', finished],
      ['returnedAt', returned],
    ] as const)
      if (v && v !== 'bad' && v.at.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) reject(f, `${FIELD_LABELS[f].vi} ở tương lai`);

    // Procedure valid on the receipt day.
    const procCode = cell(r, 'procedureCode');
    let proc: (typeof procRows)[number] | undefined;
    if (!procCode) reject('procedureCode', 'Thiếu mã thủ tục hành chính');
    else {
      const versions = procsByCode.get(procCode.toUpperCase()) ?? procsByBase.get(baseProcedureCode(procCode)) ?? [];
      if (!versions.length) reject('procedureCode', `Không có thủ tục mã ${procCode} trong danh mục thủ tục hành chính`);
      else if (received) {
        const day = vnIsoDate(received.at);
        proc = versions.find((p) => p.validFrom <= day && (p.validTo === null || day < p.validTo));
        if (!proc) reject('procedureCode', `Thủ tục ${procCode} không có hiệu lực vào ngày tiếp nhận ${formatDay(day)}`);
      }
    }

    // Receiving org unit: the cell (code, agency code or name), else the default; in the user's scope.
    const unitText = cell(r, 'orgUnitCode');
    let unit: (typeof unitRows)[number] | undefined;
    if (unitText) {
      const candidates = unitsByKey.get(unitText.toLowerCase()) ?? unitsByKey.get(normaliseText(unitText)) ?? [];
      const day = received ? vnIsoDate(received.at) : null;
      unit = day ? candidates.find((u) => u.validFrom <= day && (u.validTo === null || day < u.validTo)) : candidates[0];
      if (!candidates.length) reject('orgUnitCode', `Không có đơn vị "${unitText}" (nhập mã đơn vị, mã cơ quan hoặc tên đơn vị)`);
      else if (!unit && day) reject('orgUnitCode', `Đơn vị "${unitText}" không hoạt động vào ngày tiếp nhận ${formatDay(day)}`);
      else if (unit && !opts.scope.has(unit.id)) {
        reject('orgUnitCode', `Đơn vị "${unitText}" không thuộc phạm vi của bạn`);
        unit = undefined;
      }
    } else if (defaultUnit) unit = defaultUnit;
    else reject('orgUnitCode', 'Thiếu đơn vị tiếp nhận và chưa chọn đơn vị mặc định');

    // Channel (default: direct).
    const channelText = cell(r, 'channel');
    const channel = channelText ? channelOf(channelText) : CHANNELS.direct;
    if (channel === null) reject('channel', `Kênh nộp "${channelText}" không rõ; dùng 1 (trực tiếp), 2 (trực tuyến) hoặc 3 (bưu chính)`);

    // Applicant.
    const applicantName = cell(r, 'applicantName').replace(/\s+/g, ' ');
    if (!applicantName) reject('applicantName', 'Thiếu tên người nộp hồ sơ');
    else if (applicantName.length > 200) reject('applicantName', 'Tên người nộp dài quá 200 ký tự');
    let idNumber = cell(r, 'applicantIdNumber').replace(/\s/g, '') || null;
    if (idNumber && /^\d{11}$/.test(idNumber)) idNumber = `0${idNumber}`; // a CCCD whose leading 0 a spreadsheet dropped
    if (idNumber && !/^(\d{9}|\d{12}|\d{10}(-\d{3})?|\d{13})$/.test(idNumber))
      warn('applicantIdNumber', `Số giấy tờ "${idNumber}" không giống CCCD (12 số), CMND (9 số) hay mã số thuế; vẫn lưu như trong tệp`);
    const applicantKind = kindOf(applicantName, idNumber);
    let phone = cell(r, 'applicantPhone').replace(/[\s.\-()]/g, '') || null;
    if (phone && /^[35789]\d{8}$/.test(phone)) phone = `0${phone}`; // a mobile number whose leading 0 was dropped
    if (phone && !/^(0|\+?84)\d{9,10}$/.test(phone))
      warn('applicantPhone', `Số điện thoại "${phone}" không đúng dạng; vẫn lưu như trong tệp (tra cứu dùng 4 số cuối)`);
    let email = cell(r, 'applicantEmail') || null;
    if (email && !EMAIL_RE.test(email)) {
      warn('applicantEmail', `Địa chỉ e-mail "${email}" không đúng; không lưu (vẫn còn trong tệp đã tải lên)`);
      email = null;
    }
    const address = cell(r, 'applicantAddress').replace(/\s+/g, ' ') || null;

    // Status and outcome → how the dossier ended.
    const statusText = cell(r, 'status');
    const status = statusText ? statusOf(statusText) : null;
    if (statusText && status === null) reject('status', `Trạng thái "${statusText}" không rõ; dùng mã trạng thái quốc gia từ 1 đến 10`);
    else if (status === STATUS.registered || status === STATUS.notReceived)
      reject('status', `Hồ sơ ở trạng thái ${status} (${status === 1 ? 'mới đăng ký, chưa tiếp nhận' : 'không được tiếp nhận'}) không phải hồ sơ đã tiếp nhận; không nhập`);
    const outcomeText = cell(r, 'outcome');
    let outcome = outcomeText ? outcomeOf(outcomeText) : null;
    if (outcomeText && outcome === null) reject('outcome', `Kết quả giải quyết "${outcomeText}" không rõ; dùng "đồng ý", "từ chối" hoặc "rút hồ sơ"`);
    if (status === STATUS.withdrawn) outcome = 'withdrawn';

    if (!finished && returned && returned !== 'bad' && status !== STATUS.withdrawn) {
      finished = returned;
      warn('finishedAt', 'Không có ngày có kết quả; lấy ngày trả kết quả làm ngày có kết quả');
    }
    const finishedOk = finished && finished !== 'bad' ? finished : null;
    const returnedOk = returned && returned !== 'bad' ? returned : null;
    if (!finished && (status === STATUS.done || status === STATUS.returned))
      reject('finishedAt', `Trạng thái ${status} (đã giải quyết) cần ngày có kết quả`);
    if (!finished && outcome === 'withdrawn') reject('finishedAt', 'Hồ sơ đã rút cần ngày rút hồ sơ (cột ngày có kết quả hoặc ngày hoàn thành)');
    else if (!finished && outcome) reject('finishedAt', 'Có kết quả giải quyết nhưng thiếu ngày có kết quả');
    if (received && finishedOk && finishedOk.at < received.at) reject('finishedAt', 'Ngày có kết quả trước ngày tiếp nhận');
    if (finishedOk && returnedOk && returnedOk.at < finishedOk.at && outcome !== 'withdrawn')
      reject('returnedAt', 'Ngày trả kết quả trước ngày có kết quả');

    if (errors.length || !received || !proc || !unit || channel === null) {
      if (!errors.length) throw new Error(`row ${row}: rejected without a reason`); // every path above names its field
      out.rejected.push(...errors);
      out.rejectedRows++;
      continue;
    }

    // Events, as a desk would have recorded them.
    const events: ClockEvent[] = [{ kind: 'received', at: received.at, data: { channel, difficultArea: false, imported: true } }];
    if (finishedOk) {
      const kind = outcome === 'withdrawn' ? 'withdrawn' : outcome === 'refused' ? 'refused' : 'result_ready';
      events.push({ kind, at: finishedOk.at, data: { imported: true } });
      if (returnedOk && kind !== 'withdrawn') events.push({ kind: 'result_returned', at: returnedOk.at, data: { imported: true } });
      else if (returnedOk) warn('returnedAt', 'Hồ sơ đã rút: bỏ qua ngày trả kết quả');
    }
    let clock: ClockState;
    try {
      clock = computeClock(events, { value: proc.timeLimitValue, unit: proc.timeLimitUnit }, await calendar(unit.id));
    } catch (e) {
      if (!(e instanceof ClockError || e instanceof RangeError)) throw e;
      reject('receivedAt', `Không dựng lại được quá trình giải quyết: ${e.message}`);
      out.rejected.push(...errors);
      out.rejectedRows++;
      continue;
    }

    // Remarks: what the file says and the reconstruction cannot.
    const givenDue = due && due !== 'bad' ? due : null;
    if (givenDue && vnIsoDate(givenDue.at) !== vnIsoDate(clock.dueAt))
      warn(
        'dueAt',
        `Ngày hẹn trả trong tệp (${formatDay(vnIsoDate(givenDue.at))}) khác ngày hẹn tính theo thời hạn của thủ tục (${formatInstant(clock.dueAt)}); lưu ngày tính theo thời hạn`,
      );
    if (status === STATUS.supplementRequested || status === STATUS.financialObligation || status === STATUS.stopped)
      warn('status', `Trạng thái ${status} (chờ bổ sung, nghĩa vụ tài chính, dừng xử lý) không dựng lại được vì tệp không có thời điểm bắt đầu; nhập như hồ sơ đang xử lý`);
    else if ((status === STATUS.received || status === STATUS.processing) && finishedOk)
      warn('status', `Trạng thái ${status} (đang giải quyết) nhưng có ngày có kết quả; hồ sơ được nhập là đã giải quyết`);
    else if (status === STATUS.returned && !returnedOk) warn('status', 'Trạng thái 10 (đã trả kết quả) nhưng thiếu ngày trả kết quả; nhập là đã giải quyết, chưa trả');

    out.warnings.push(...warnings);
    out.valid.push({
      row,
      code,
      procedureId: proc.id,
      procedureCode: proc.code,
      procedureName: proc.name,
      orgUnitId: unit.id,
      orgUnitName: unit.name,
      channel,
      applicantKind,
      applicantName,
      applicantIdNumber: idNumber,
      applicantPhone: phone,
      applicantEmail: email,
      applicantAddress: address,
      receivedAt: received.at,
      events,
      clock,
      givenDueAt: givenDue?.at ?? null,
    });
  }
  return out;

  function optionalInstant(r: string[], f: TargetField): ParsedInstant | 'bad' | null {
    const text = cell(r, f);
    if (!text) return null;
    return instantOf(text) ?? 'bad';
  }
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = m.get(k) ?? [];
    list.push(it);
    m.set(k, list);
  }
  return m;
}

/** A national code without its province suffix (1.012753.H54 → 1.012753), upper case. */
function baseProcedureCode(code: string): string {
  return code.trim().toUpperCase().replace(/\.[A-Z]\d{2}$/, '');
}

function channelOf(text: string): number | null {
  const t = normaliseText(text);
  if (/^(1|truc tiep|tai quay|tai bo phan mot cua|mot cua|direct|counter)$/.test(t) || t.includes('truc tiep')) return CHANNELS.direct;
  if (/^(2|truc tuyen|online|qua mang|dich vu cong|dvc|cong dich vu cong)/.test(t) || t.includes('truc tuyen')) return CHANNELS.online;
  if (/^(3|buu chinh|bcci|buu dien|postal|qua buu chinh)/.test(t) || t.includes('buu chinh')) return CHANNELS.postal;
  return null;
}

function statusOf(text: string): number | null {
  const t = normaliseText(text);
  const n = /^(\d{1,2})( |$)/.exec(t);
  if (n) {
    const v = Number(n[1]);
    return v >= 1 && v <= 10 ? v : null;
  }
  // longest matching phrase first: "khong duoc tiep nhan" before "duoc tiep nhan"
  const hits = STATUS_WORDS.filter(([, w]) => ` ${t} `.includes(` ${w} `)).sort((a, b) => b[1].length - a[1].length);
  return hits[0]?.[0] ?? null;
}

function outcomeOf(text: string): 'approved' | 'refused' | 'withdrawn' | null {
  const t = normaliseText(text);
  if (/(^| )(rut|withdrawn)( |$)/.test(t)) return 'withdrawn';
  if (/tu choi|khong (dong y|chap thuan|giai quyet|duoc|dat|cap)|refused|rejected/.test(t)) return 'refused';
  if (/dong y|chap thuan|giai quyet|co ket qua|dat|duoc cap|da cap|cap moi|hoan thanh|approved|^ok$/.test(t)) return 'approved';
  return null;
}

function kindOf(name: string, idNumber: string | null): 'person' | 'organisation' {
  if (idNumber && /^(\d{10}(-\d{3})?|\d{13})$/.test(idNumber)) return 'organisation';
  if (idNumber && /^(\d{9}|\d{12})$/.test(idNumber)) return 'person';
  return ORGANISATION_NAME.test(normaliseText(name)) ? 'organisation' : 'person';
}

// ---- instants ----

interface ParsedInstant {
  at: Date;
  /** false for a bare date (00:00 local) */
  hasTime: boolean;
}

const TIME = String.raw`(\d{1,2})\s*[:hg]\s*(\d{2})(?::(\d{2}))?(?:\s*(am|pm|sa|ch))?`;
const DATE = String.raw`(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})`;
const DATE_TIME = new RegExp(`^${DATE}(?:[\\sT,]+(?:luc\\s+)?${TIME})?$`, 'i');
const TIME_DATE = new RegExp(`^${TIME}[\\s,]+(?:ngay\\s+)?${DATE}$`, 'i');

/**
 * An instant written in Vietnam local time, or null: `dd/mm/yyyy hh:mm[:ss]` (also `-` or `.` between the date
 * parts, `08h30`, SA/CH or AM/PM), `hh:mm dd/mm/yyyy` (the receipt form's order), `dd/mm/yyyy`, ISO 8601
 * (`2024-01-09T08:30`, an offset or Z honoured) and Excel serial day numbers. Years 1990–2100.
 */
export function parseImportInstant(text: string): Date | null {
  return instantOf(text)?.at ?? null;
}

function instantOf(raw: string): ParsedInstant | null {
  const text = normaliseSpaces(raw);
  if (!text) return null;
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) {
    try {
      const at = parseInstantVn(text.replace(/\s+/g, ' '));
      return inRange(at) ? { at, hasTime: text.length > 10 } : null;
    } catch {
      return null;
    }
  }
  let m = DATE_TIME.exec(text) ?? DATE_TIME.exec(unaccentKeep(text));
  if (m) return build(m[3]!, m[2]!, m[1]!, m[4], m[5], m[6], m[7]);
  m = TIME_DATE.exec(text) ?? TIME_DATE.exec(unaccentKeep(text));
  if (m) return build(m[7]!, m[6]!, m[5]!, m[1], m[2], m[3], m[4]);
  if (/^\d{5}(\.\d+)?$/.test(text)) {
    const serial = Number(text);
    if (serial >= 25_000 && serial <= 80_000) {
      // Excel day 25569 = 1970-01-01; the serial is local wall-clock time
      const localMs = Math.round(((serial - 25_569) * 86_400_000) / 1000) * 1000;
      const at = new Date(localMs - 7 * 3_600_000);
      return inRange(at) ? { at, hasTime: serial % 1 !== 0 } : null;
    }
  }
  return null;
}

function normaliseSpaces(s: string): string {
  return s.replace(/[\u00a0\u2007\u202f]/g, ' ').replace(/\s+/g, ' ').trim();
}

/** Diacritics removed but punctuation kept ("lúc" → "luc", "ngày" → "ngay"). */
function unaccentKeep(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd');
}

function build(y: string, mo: string, d: string, h?: string, mi?: string, s?: string, ampm?: string): ParsedInstant | null {
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  let hour = h === undefined ? 0 : Number(h);
  const minute = mi === undefined ? 0 : Number(mi);
  const second = s === undefined ? 0 : Number(s);
  const iso = `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  if (!isIsoDate(iso)) return null;
  if (ampm) {
    const pm = /^(pm|ch)$/i.test(ampm);
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || second > 59) return null;
  const at = new Date(Date.UTC(year, month - 1, day, hour, minute, second) - 7 * 3_600_000);
  return inRange(at) ? { at, hasTime: h !== undefined } : null;
}

function inRange(at: Date): boolean {
  const y = new Date(at.getTime() + 7 * 3_600_000).getUTCFullYear();
  return Number.isFinite(at.getTime()) && y >= 1990 && y <= 2100;
}

function badDate(text: string): string {
  return `Ngày "${text}" không đúng; dùng dạng dd/mm/yyyy hh:mm (ví dụ 09/01/2024 08:30), dd/mm/yyyy hoặc yyyy-mm-dd`;
}

/** dd/mm/yyyy of an ISO date. */
function formatDay(iso: string): string {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

/** hh:mm dd/mm/yyyy in Vietnam. */
export function formatInstant(d: Date): string {
  const iso = toIsoVn(d);
  return `${iso.slice(11, 16)} ${formatDay(iso.slice(0, 10))}`;
}

// ---------------------------------------------------------------------------------------------------------------------
// Applying

export interface ImportSource {
  /** the uploaded file's name, written to dossiers.imported_from */
  fileName: string;
  /** SHA-256 of the stored file (the audit entry names it, so the file can be found again) */
  sha256?: string;
  /** from the validation, for the audit entry */
  alreadyImported?: number;
  rejectedRows?: number;
}

export interface ImportResult {
  /** dossiers inserted */
  imported: number;
  /** prepared rows whose code appeared in the meantime (another import, an intake): skipped */
  skipped: number;
  codes: string[];
}

/**
 * Insert the prepared dossiers, their events and clock columns in ONE transaction, advance the daily code
 * sequences past the imported codes (so later intakes never reuse a number) and audit one `dossier.import`
 * summary entry. Any failure rolls everything back. A code inserted by someone else since the validation is
 * skipped (ON CONFLICT DO NOTHING), so importing twice never duplicates.
 */
export async function applyImport(
  database: Database,
  actor: Actor,
  prepared: readonly PreparedDossier[],
  source: ImportSource,
  opts: { batchSize?: number } = {},
): Promise<ImportResult> {
  const batchSize = Math.max(1, opts.batchSize ?? 500);
  const importedFrom = source.fileName.slice(0, 255);
  return database.db.transaction(async (tx) => {
    const inserted: { id: number; code: string; p: PreparedDossier }[] = [];
    for (let i = 0; i < prepared.length; i += batchSize) {
      const batch = prepared.slice(i, i + batchSize);
      const rows = await tx
        .insert(dossiers)
        .values(
          batch.map((p) => ({
            code: p.code,
            procedureId: p.procedureId,
            orgUnitId: p.orgUnitId,
            currentOrgUnitId: p.orgUnitId,
            channel: p.channel,
            applicantKind: p.applicantKind,
            applicantName: p.applicantName,
            applicantIdNumber: p.applicantIdNumber,
            applicantPhone: p.applicantPhone,
            applicantEmail: p.applicantEmail,
            applicantAddress: p.applicantAddress,
            receivedAt: p.receivedAt,
            status: p.clock.status,
            dueAt: p.clock.dueAt,
            extendedDueAt: p.clock.extendedDueAt,
            due766At: p.clock.due766At,
            supplementCount: p.clock.supplementCount,
            finishedAt: p.clock.finishedAt,
            outcome: p.clock.outcome,
            returnedAt: p.clock.returnedAt,
            feeVnd: 0,
            feeMode: 'exempt',
            importedFrom,
          })),
        )
        .onConflictDoNothing({ target: dossiers.code })
        .returning({ id: dossiers.id, code: dossiers.code });
      const byCode = new Map(batch.map((p) => [p.code, p]));
      for (const r of rows) inserted.push({ ...r, p: byCode.get(r.code)! });
    }

    const events = inserted.flatMap(({ id, p }) =>
      p.events.map((e) => ({
        dossierId: id,
        at: e.at,
        kind: e.kind,
        actorId: actor.id,
        actorName: actor.name,
        toOrgUnitId: e.kind === 'received' ? p.orgUnitId : null,
        note: `Nhập từ tệp ${importedFrom}`,
        data: e.data ?? null,
      })),
    );
    for (let i = 0; i < events.length; i += batchSize * 3) await tx.insert(dossierEvents).values(events.slice(i, i + batchSize * 3));

    // Daily sequences: last = greatest(last, the imported number) per agency and day of the code.
    const seq = new Map<string, { agencyCode: string; day: string; last: number }>();
    for (const { code } of inserted) {
      const s = sequenceOfCode(code);
      if (!s) continue;
      const key = `${s.agencyCode}|${s.day}`;
      const cur = seq.get(key);
      if (!cur || cur.last < s.last) seq.set(key, s);
    }
    const seqRows = [...seq.values()];
    for (let i = 0; i < seqRows.length; i += batchSize)
      await tx
        .insert(dossierSequences)
        .values(seqRows.slice(i, i + batchSize))
        .onConflictDoUpdate({
          target: [dossierSequences.agencyCode, dossierSequences.day],
          set: { last: sql`greatest(${dossierSequences.last}, excluded.last)` },
        });

    const units = [...new Set(inserted.map((x) => x.p.orgUnitId))];
    await recordAudit(tx, actor, {
      action: 'dossier.import',
      entity: 'dossier_import',
      entityId: source.sha256 ?? importedFrom,
      orgUnitId: units.length === 1 ? units[0] : null,
      after: {
        file: source.fileName,
        sha256: source.sha256 ?? null,
        imported: inserted.length,
        skippedAtApply: prepared.length - inserted.length,
        alreadyImported: source.alreadyImported ?? null,
        rejectedRows: source.rejectedRows ?? null,
        orgUnitIds: units,
        firstCode: inserted[0]?.code ?? null,
        lastCode: inserted.at(-1)?.code ?? null,
      },
    });
    return { imported: inserted.length, skipped: prepared.length - inserted.length, codes: inserted.map((x) => x.code) };
  });
}

/** Agency, day (ISO) and number of a code in the national format, or null (other formats, impossible dates). */
export function sequenceOfCode(code: string): { agencyCode: string; day: string; last: number } | null {
  if (!DOSSIER_CODE_PATTERN.test(code)) return null;
  const m = /^(.+)-(\d{2})(\d{2})(\d{2})-(\d{4})$/.exec(code);
  if (!m) return null;
  const day = `20${m[2]}-${m[3]}-${m[4]}`;
  const last = Number(m[5]);
  if (!isIsoDate(day) || last < 1) return null;
  return { agencyCode: m[1]!, day, last };
}

// ---------------------------------------------------------------------------------------------------------------------
// The rejected rows as CSV

/**
 * The rejected rows as CSV (UTF-8 with BOM, so Excel opens it correctly): the row number, the original columns
 * and a reason column joining the row's problems. Cells that a spreadsheet would run as a formula get a leading
 * apostrophe.
 */
export function rejectedRowsCsv(table: ImportTable, rejected: readonly RowProblem[]): string {
  const byRow = new Map<number, RowProblem[]>();
  for (const p of rejected) byRow.set(p.row, [...(byRow.get(p.row) ?? []), p]);
  const lines = [['Dòng', ...table.columns, 'Lý do'].map(csvCell).join(',')];
  for (const [row, problems] of [...byRow].sort((a, b) => a[0] - b[0])) {
    const cells = table.rows[row - table.headerRow - 1] ?? [];
    const reason = problems.map((p) => `${FIELD_LABELS[p.field]?.vi ?? p.field}: ${p.message}`).join('; ');
    lines.push([String(row), ...table.columns.map((_, i) => cells[i] ?? ''), reason].map(csvCell).join(','));
  }
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

function csvCell(v: string): string {
  const safe = /^[=@\t\r]/.test(v) || /^[+-][^\d\s]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
