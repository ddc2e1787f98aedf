import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq, inArray, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../core/audit/index.js';
import { auditLog } from '../../core/audit/schema.js';
import { createContext, prepareDatabase } from '../../core/boot.js';
import { parseInstantVn } from '../../core/calendar/index.js';
import { loadConfig } from '../../core/config.js';
import type { Database } from '../../core/db/index.js';
import type { AppContext, AppModule } from '../../core/http.js';
import { createTestDatabase } from '../../core/testing/db.js';
import { expectSound } from '../../ui/testing.js';
import { buildApp } from '../../server.js';
import { MODULES } from '../index.js';
import { DEMO_PASSWORD } from '../org/demo.js';
import { findOrgUnitByCode } from '../org/queries.js';
import { seedProcedures } from './catalogue.js';
import { computeClock } from './clock.js';
import { calendarOf, loadEvents, receiveDossier } from './commands.js';
import {
  applyImport,
  type ImportTable,
  type ImportValidation,
  parseImportInstant,
  readTable,
  rejectedRowsCsv,
  sequenceOfCode,
  suggestMapping,
  validateImport,
} from './import.js';
import { registerImportRoutes } from './import-routes.js';
import type { ClockEvent, DossierEventKind } from './model.js';
import { dossierEvents, dossierSequences, dossiers, procedures } from './schema.js';

/*
 * The import of dossiers from another one-stop system, end to end on the engine under test (PGlite, or PostgreSQL
 * with DATABASE_URL): reading CSV/XLSX, the mapping guess, row validation with exact reasons, one-transaction apply,
 * idempotency, clock columns equal to computeClock of the stored events, the code sequences, and the four pages.
 *
 * Fixture (times are Vietnam local; Mỹ Xuyên = PTNMT-947, agency code 000.00.47.H54; procedure 1.013831 is
 * 8 working days at district level):
 *   row 2  valid: received 09/01/2024 08:30, result 15/01 10:00, returned 16/01 09:00, status 10
 *   row 3  valid: online, an organisation whose name has a comma, received 10/01/2024 14:00, open; code with .H54 suffix
 *   row 4  code already present (received natively on 05/01/2024) → already imported, skipped
 *   row 5  procedure 9.999999 not in the catalogue → rejected (procedureCode)
 *   row 6  received "32/01/2024 08:00" → rejected (receivedAt)
 *   row 7  same code as row 2 → rejected (code)
 */

const EXISTING = '000.00.47.H54-240105-0001';
const HEADER = [
  'STT',
  'Mã hồ sơ',
  'Mã TTHC',
  'Đơn vị tiếp nhận',
  'Kênh nộp',
  'Họ tên người nộp',
  'Số điện thoại',
  'Địa chỉ',
  'Ngày tiếp nhận',
  'Ngày hẹn trả',
  'Ngày có kết quả',
  'Ngày trả kết quả',
  'Trạng thái',
];

function fixtureRows(codes: { a: string; b: string; c: string; d: string }): string[][] {
  return [
    ['1', codes.a, '1.013831', 'PTNMT-947', 'Trực tiếp', 'Nguyễn Văn An', '0912345678', 'Số 12, ấp Hòa Phuông, xã Hòa Tú 1', '09/01/2024 08:30', '19/01/2024', '15/01/2024 10:00', '16/01/2024 09:00', '10'],
    ['2', codes.b, '1.013831.H54', 'PTNMT-947', '2', 'Công ty TNHH Phát Đạt, chi nhánh Sóc Trăng', '0299 3822 111', 'Quốc lộ 1A, thị trấn Mỹ Xuyên', '10/01/2024 14:00', '', '', '', '4'],
    ['3', EXISTING, '1.013831', 'PTNMT-947', '1', 'Trần Thị Bé', '0987654321', 'Ấp Châu Thành', '05/01/2024 09:00', '', '', '', '2'],
    ['4', codes.c, '9.999999', 'PTNMT-947', '1', 'Lâm Văn Chín', '0911111111', 'Ấp Hòa Lý', '11/01/2024 09:00', '', '', '', '2'],
    ['5', codes.d, '1.013831', 'PTNMT-947', '1', 'Thạch Thị Sa', '0922222222', 'Ấp Sô La', '32/01/2024 08:00', '', '', '', '2'],
    ['6', codes.a, '1.013831', 'PTNMT-947', '1', 'Nguyễn Văn An', '0912345678', 'Số 12, ấp Hòa Phuông', '09/01/2024 08:30', '', '', '', '2'],
  ];
}

const CODES = {
  a: '000.00.47.H54-240109-0005',
  b: '000.00.47.H54-240110-0002',
  c: 'CT-2024-000004',
  d: 'CT-2024-000005',
};

function csvCell(v: string): string {
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** CSV as Excel's "CSV UTF-8" writes it: BOM, CRLF, quotes only where needed (plus one quoted header). */
function fixtureCsv(codes = CODES): Buffer {
  const lines = [HEADER.map((h, i) => (i === 7 ? `"${h}"` : csvCell(h))), ...fixtureRows(codes).map((r) => r.map(csvCell))].map((l) => l.join(','));
  return Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`, 'utf8');
}

async function fixtureXlsx(opts: { typedCells?: boolean } = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Hồ sơ');
  ws.addRow(HEADER);
  for (const r of fixtureRows(CODES)) {
    if (!opts.typedCells) {
      ws.addRow(r);
      continue;
    }
    // As a spreadsheet user would type it: dates as date cells (wall-clock), the phone as a number, STT as a number.
    const typed: unknown[] = [...r];
    typed[0] = Number(r[0]);
    const phone = r[6]!.replace(/\s/g, '');
    if (/^0[35789]\d{8}$/.test(phone)) typed[6] = Number(phone);
    for (const i of [8, 9, 10, 11]) {
      const m = /^(\d{2})\/(\d{2})\/(\d{4})(?: (\d{2}):(\d{2}))?$/.exec(r[i]!);
      if (m && Number(m[1]) <= 31 && Number(m[1]) !== 32) typed[i] = new Date(Date.UTC(+m[3]!, +m[2]! - 1, +m[1]!, +(m[4] ?? 0), +(m[5] ?? 0)));
    }
    ws.addRow(typed);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const vn = (s: string) => parseInstantVn(s);

let database: Database;
let app: FastifyInstance;
let ctx: AppContext;
let admin: Actor;
let scope: ReadonlySet<number>;
let mx: number;

beforeAll(async () => {
  database = await createTestDatabase();
  // Reference data and the demo users (not the demo dossiers: this file wants a known set of codes).
  const modules = MODULES.map((m) => (m.name === 'dossiers' ? { ...m, demo: undefined } : m));
  await prepareDatabase(database, modules, { demo: true });
  await seedProcedures(database);
  const config = loadConfig({ dataDir: mkdtempSync(join(tmpdir(), 'tnmt-import-')), logLevel: 'silent', sessionSecret: 'x'.repeat(40) }, {});
  ctx = createContext(database, config);
  const extra: AppModule = {
    name: 'dossier-import-test',
    register(a, c) {
      // the dossiers module may already register these routes; add them only when it does not
      if (!a.routeTable.some((r) => r.url === '/ho-so/nhap')) registerImportRoutes(a, c);
    },
  };
  app = await buildApp(ctx, { modules: [...modules, extra], logger: false });
  await app.ready();
  const [u] = await database.query<{ id: number }>(`SELECT id FROM users WHERE username = 'admin'`);
  admin = { id: u!.id, name: 'admin' };
  const stnmt = await findOrgUnitByCode(database.db, 'STNMT', '2024-01-01');
  mx = (await findOrgUnitByCode(database.db, 'PTNMT-947', '2024-01-01'))!.id;
  const { orgScopeOf } = await import('../org/queries.js');
  scope = new Set(await orgScopeOf(database.db, stnmt!.id));
  // the dossier already in the system: received natively at the Mỹ Xuyên desk on 05/01/2024
  const [proc] = await database.db.select().from(procedures).where(eq(procedures.code, '1.013831'));
  const existing = await receiveDossier(database, admin, {
    procedureId: proc!.id,
    orgUnitId: mx,
    channel: 1,
    applicantKind: 'person',
    applicantName: 'Trần Thị Bé',
    applicantPhone: '0987654321',
    documents: [{ name: 'Đơn đăng ký biến động', form: 'original', quantity: 1 }],
    receivedAt: vn('2024-01-05T09:00'),
  });
  expect(existing.code).toBe(EXISTING);
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

const byRow = (v: ImportValidation) =>
  v.rejected.map((p) => ({ row: p.row, field: p.field })).sort((a, b) => a.row - b.row);

async function validateFile(table: ImportTable, defaultOrgUnitId?: number) {
  return validateImport(database.db, table, suggestMapping(table.columns), { scope, defaultOrgUnitId });
}

describe('reading and mapping', () => {
  it('reads a CSV with BOM, quoted commas and CRLF; guesses the mapping from Vietnamese headers', async () => {
    const table = await readTable(fixtureCsv(), 'csv');
    expect(table.columns).toEqual(HEADER);
    expect(table.headerRow).toBe(1);
    expect(table.rows).toHaveLength(6);
    expect(table.rows[1]![5]).toBe('Công ty TNHH Phát Đạt, chi nhánh Sóc Trăng');
    expect(table.rows[0]![6]).toBe('0912345678');
    expect(suggestMapping(table.columns)).toEqual({
      code: 1,
      procedureCode: 2,
      orgUnitCode: 3,
      channel: 4,
      applicantName: 5,
      applicantPhone: 6,
      applicantAddress: 7,
      receivedAt: 8,
      dueAt: 9,
      finishedAt: 10,
      returnedAt: 11,
      status: 12,
    });
    expect(suggestMapping(['Số hồ sơ', 'Ngày hoàn thành', 'Kết quả giải quyết', 'SĐT', 'CCCD/MST', 'Ngày, giờ tiếp nhận'])).toEqual({
      code: 0,
      finishedAt: 1,
      outcome: 2,
      applicantPhone: 3,
      applicantIdNumber: 4,
      receivedAt: 5,
    });
  });

  it('reads a semicolon CSV, finds the header under title rows, refuses a non-UTF-8 file', async () => {
    const text = 'DANH SÁCH HỒ SƠ;;\nnăm 2024;;\nMã hồ sơ;Ngày tiếp nhận;Họ tên\nA-1;09/01/2024;"Lê; Văn"\n';
    const table = await readTable(Buffer.from(text), 'csv');
    expect(table.headerRow).toBe(3);
    expect(table.columns).toEqual(['Mã hồ sơ', 'Ngày tiếp nhận', 'Họ tên']);
    expect(table.rows).toEqual([['A-1', '09/01/2024', 'Lê; Văn']]);
    await expect(readTable(Buffer.from([0x4d, 0xe3, 0x20, 0x68, 0xf4]), 'csv')).rejects.toThrow(/UTF-8/);
    await expect(readTable(Buffer.from('\ufeff\r\n'), 'csv')).rejects.toThrow(/không có dữ liệu/);
  });

  it('parses the instants of Vietnamese exports in Vietnam time', () => {
    const at = vn('2024-01-09T08:30').getTime();
    for (const s of ['09/01/2024 08:30', '9/1/2024 8:30', '08:30 09/01/2024', '09-01-2024 08h30', '2024-01-09T08:30', '2024-01-09 08:30:00', '2024-01-09T01:30:00Z', '09/01/2024 8:30 SA'])
      expect(parseImportInstant(s)?.getTime(), s).toBe(at);
    expect(parseImportInstant('09/01/2024')?.getTime()).toBe(vn('2024-01-09T00:00').getTime());
    expect(parseImportInstant('09/01/2024 02:30 PM')?.getTime()).toBe(vn('2024-01-09T14:30').getTime());
    expect(parseImportInstant('45300.5')?.getTime()).toBe(vn('2024-01-09T12:00').getTime());
    for (const bad of ['32/01/2024', '29/02/2023', '09/13/2024', '2024-02-30', 'hôm qua', '09/01/24', '25:00 09/01/2024']) expect(parseImportInstant(bad), bad).toBeNull();
  });
});

describe('validate and apply a file', () => {
  let csvTable: ImportTable;
  let first: ImportValidation;

  it('counts 2 valid, 1 already imported, 3 rejected rows, each named with its row and reason', async () => {
    csvTable = await readTable(fixtureCsv(), 'csv');
    first = await validateFile(csvTable);
    expect(first.total).toBe(6);
    expect(first.valid.map((p) => [p.row, p.code])).toEqual([
      [2, CODES.a],
      [3, CODES.b],
    ]);
    expect(first.duplicates).toBe(1);
    expect(first.existing).toEqual([{ row: 4, code: EXISTING }]);
    expect(first.rejectedRows).toBe(3);
    expect(byRow(first)).toEqual([
      { row: 5, field: 'procedureCode' },
      { row: 6, field: 'receivedAt' },
      { row: 7, field: 'code' },
    ]);
    const msg = (row: number) => first.rejected.find((p) => p.row === row)!.message;
    expect(msg(5)).toBe('Không có thủ tục mã 9.999999 trong danh mục thủ tục hành chính');
    expect(msg(6)).toContain('Ngày "32/01/2024 08:00" không đúng');
    expect(msg(7)).toBe(`Mã hồ sơ ${CODES.a} trùng với dòng 2 trong tệp; chỉ dòng đầu tiên được xét`);

    const [a, b] = first.valid;
    expect(a!.receivedAt.getTime()).toBe(vn('2024-01-09T08:30').getTime());
    expect(a!.events.map((e) => e.kind)).toEqual(['received', 'result_ready', 'result_returned']);
    expect(a!.clock.status).toBe(10);
    expect(a!.clock.outcome).toBe('approved');
    expect(b!.applicantKind).toBe('organisation');
    expect(b!.channel).toBe(2);
    expect(b!.procedureCode).toBe('1.013831');
    expect(b!.events.map((e) => e.kind)).toEqual(['received']);
    expect(b!.clock.status).toBe(2);
    expect(b!.clock.finishedAt).toBeNull();
    // the due date of the file (19/01) is the computed day: no warning for row 2
    expect(first.warnings.filter((w) => w.field === 'dueAt')).toEqual([]);
  });

  it('reads the same content from XLSX — as text cells, and with date, number and phone cells', async () => {
    const textTable = await readTable(await fixtureXlsx(), 'xlsx');
    expect(textTable).toEqual(csvTable);
    const typedTable = await readTable(await fixtureXlsx({ typedCells: true }), 'xlsx');
    for (const [t, v] of [
      [textTable, await validateFile(textTable)],
      [typedTable, await validateFile(typedTable)],
    ] as const) {
      expect(t.columns).toEqual(HEADER);
      expect(v.valid.map((p) => [p.row, p.code, p.receivedAt.toISOString(), p.clock.dueAt.toISOString(), p.applicantPhone])).toEqual(
        first.valid.map((p) => [p.row, p.code, p.receivedAt.toISOString(), p.clock.dueAt.toISOString(), p.applicantPhone]),
      );
      expect(v.duplicates).toBe(1);
      expect(byRow(v)).toEqual(byRow(first));
    }
  });

  it('applies the valid rows in one transaction: dossiers, events, imported_from, sequences, one audit entry', async () => {
    const before = await database.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'dossier.import'`);
    const result = await applyImport(database, admin, first.valid, {
      fileName: 'ho-so-my-xuyen.csv',
      sha256: 'a'.repeat(64),
      alreadyImported: first.duplicates,
      rejectedRows: first.rejectedRows,
    });
    expect(result).toEqual({ imported: 2, skipped: 0, codes: [CODES.a, CODES.b] });
    const rows = await database.db.select().from(dossiers).where(inArray(dossiers.code, [CODES.a, CODES.b]));
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(r.importedFrom).toBe('ho-so-my-xuyen.csv');
      expect(r.orgUnitId).toBe(mx);
    }
    const a = rows.find((r) => r.code === CODES.a)!;
    expect(a.status).toBe(10);
    expect(a.finishedAt!.getTime()).toBe(vn('2024-01-15T10:00').getTime());
    expect(a.returnedAt!.getTime()).toBe(vn('2024-01-16T09:00').getTime());
    expect(a.applicantAddress).toBe('Số 12, ấp Hòa Phuông, xã Hòa Tú 1');
    const after = await database.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'dossier.import'`);
    expect(after[0]!.n - before[0]!.n).toBe(1);
    const [entry] = await database.db.select().from(auditLog).where(eq(auditLog.action, 'dossier.import'));
    expect(entry!.entityId).toBe('a'.repeat(64));
    expect(entry!.after).toMatchObject({ file: 'ho-so-my-xuyen.csv', imported: 2, alreadyImported: 1, rejectedRows: 3 });
    // sequences: 240109 advanced to 5 (the imported code's number), 240110 to 2
    const seq = await database.db.select().from(dossierSequences).where(eq(dossierSequences.agencyCode, '000.00.47.H54'));
    const last = Object.fromEntries(seq.map((s) => [s.day, s.last]));
    expect(last).toMatchObject({ '2024-01-05': 1, '2024-01-09': 5, '2024-01-10': 2 });
  });

  it('is idempotent: the same file again imports nothing', async () => {
    const again = await validateFile(await readTable(fixtureCsv(), 'csv'));
    expect(again.valid).toHaveLength(0);
    expect(again.duplicates).toBe(3);
    expect(again.existing.map((e) => e.row)).toEqual([2, 3, 4]);
    expect(again.rejectedRows).toBe(3);
    const res = await applyImport(database, admin, again.valid, { fileName: 'ho-so-my-xuyen.csv' });
    expect(res.imported).toBe(0);
    // and prepared rows whose code appeared meanwhile are skipped, not duplicated
    const stale = await applyImport(database, admin, first.valid, { fileName: 'ho-so-my-xuyen.csv' });
    expect(stale).toEqual({ imported: 0, skipped: 2, codes: [] });
    const n = await database.query<{ n: number }>(`SELECT count(*)::int AS n FROM dossiers WHERE code = $1`, [CODES.a]);
    expect(n[0]!.n).toBe(1);
  });

  it('stores clock columns equal to computeClock of the stored events', async () => {
    const rows = await database.db.select().from(dossiers).where(inArray(dossiers.code, [CODES.a, CODES.b]));
    for (const d of rows) {
      const events = await loadEvents(database.db, d.id);
      const [proc] = await database.db.select().from(procedures).where(eq(procedures.id, d.procedureId));
      const clock = computeClock(
        events.map((e): ClockEvent => ({ kind: e.kind as DossierEventKind, at: e.at, data: e.data })),
        { value: proc!.timeLimitValue, unit: proc!.timeLimitUnit },
        await calendarOf(database.db, d.orgUnitId),
      );
      expect({
        status: d.status,
        dueAt: d.dueAt.toISOString(),
        due766At: d.due766At.toISOString(),
        extendedDueAt: d.extendedDueAt,
        supplementCount: d.supplementCount,
        finishedAt: d.finishedAt?.toISOString() ?? null,
        outcome: d.outcome,
        returnedAt: d.returnedAt?.toISOString() ?? null,
      }).toEqual({
        status: clock.status,
        dueAt: clock.dueAt.toISOString(),
        due766At: clock.due766At.toISOString(),
        extendedDueAt: clock.extendedDueAt,
        supplementCount: clock.supplementCount,
        finishedAt: clock.finishedAt?.toISOString() ?? null,
        outcome: clock.outcome,
        returnedAt: clock.returnedAt?.toISOString() ?? null,
      });
      expect(events[0]!.kind).toBe('received');
      expect(events[0]!.actorName).toBe('admin');
    }
  });

  it('counts imported dossiers in a "done in period" query like native ones', async () => {
    const rows = await database.query<{ done: number; early: number; open: number }>(
      `SELECT count(*) FILTER (WHERE finished_at >= $2 AND finished_at < $3)::int AS done,
              count(*) FILTER (WHERE finished_at >= $2 AND finished_at < $3 AND finished_at <= due_at)::int AS early,
              count(*) FILTER (WHERE received_at < $3 AND (finished_at IS NULL OR finished_at >= $3))::int AS open
         FROM dossiers WHERE org_unit_id = $1`,
      [mx, vn('2024-01-01T00:00').toISOString(), vn('2024-02-01T00:00').toISOString()],
    );
    // done: the imported row 2; open at the end of January: the imported row 3 and the native dossier
    expect(rows[0]).toEqual({ done: 1, early: 1, open: 2 });
  });

  it('makes later native intakes continue after an imported code of the same agency and day', async () => {
    const [proc] = await database.db.select().from(procedures).where(eq(procedures.code, '1.013831'));
    const d = await receiveDossier(database, admin, {
      procedureId: proc!.id,
      orgUnitId: mx,
      channel: 1,
      applicantKind: 'person',
      applicantName: 'Sơn Thị Mai',
      applicantPhone: '0933333333',
      documents: [{ name: 'Đơn', form: 'original', quantity: 1 }],
      receivedAt: vn('2024-01-09T15:00'),
    });
    expect(d.code).toBe('000.00.47.H54-240109-0006');
    expect(sequenceOfCode(CODES.a)).toEqual({ agencyCode: '000.00.47.H54', day: '2024-01-09', last: 5 });
    expect(sequenceOfCode('000.00.47.H54-241332-0001')).toBeNull();
    expect(sequenceOfCode('CT-2024-000004')).toBeNull();
  });

  it('writes nothing when the apply fails half-way (the transaction rolls back)', async () => {
    const codes = { a: '000.00.47.H54-240201-0007', b: '000.00.47.H54-240202-0008', c: 'X-1', d: 'X-2' };
    const v = await validateFile(await readTable(fixtureCsv(codes), 'csv'));
    expect(v.valid.map((p) => p.code)).toEqual([codes.a, codes.b]);
    const broken = v.valid.map((p, i) => (i === 1 ? { ...p, procedureId: 999_999 } : p));
    const audits = await database.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'dossier.import'`);
    await expect(applyImport(database, admin, broken, { fileName: 'loi.csv' }, { batchSize: 1 })).rejects.toThrow();
    const left = await database.db.select({ id: dossiers.id }).from(dossiers).where(inArray(dossiers.code, [codes.a, codes.b]));
    expect(left).toEqual([]);
    const ev = await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(dossierEvents)
      .where(sql`${dossierEvents.note} = 'Nhập từ tệp loi.csv'`);
    expect(ev[0]!.n).toBe(0);
    const seq = await database.db
      .select()
      .from(dossierSequences)
      .where(and(eq(dossierSequences.agencyCode, '000.00.47.H54'), eq(dossierSequences.day, '2024-02-01')));
    expect(seq).toEqual([]);
    const audits2 = await database.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'dossier.import'`);
    expect(audits2[0]!.n).toBe(audits[0]!.n);
  });
});

describe('row rules', () => {
  const table = (rows: string[][], columns = ['Mã hồ sơ', 'Mã TTHC', 'Họ tên', 'Ngày tiếp nhận', 'Ngày có kết quả', 'Trạng thái', 'Ngày hẹn trả', 'Kênh', 'Email']): ImportTable => ({
    columns,
    rows: rows.map((r) => columns.map((_, i) => r[i] ?? '')),
    headerRow: 1,
  });

  it('uses the default unit, checks scope, warns on a different due date, reconstructs withdrawals', async () => {
    const t = table([
      ['R-1', '1.013831', 'A', '01/02/2024 09:00', '02/02/2024 10:00', '7'],
      ['R-2', '1.013831', 'B', '01/02/2024 09:00', '', '', '05/02/2024'],
      ['R-3', '1.013831', 'C', '01/02/2024 09:00', '', '9'],
      ['R-4', '1.013831', 'D', '01/02/2024 09:00', '', '5', '', 'fax'],
      ['R-5', '1.013831', 'E', '01/02/2024 09:00', '', '', '', '', 'khong-phai-email'],
      ['R-6', '1.013831', 'F', '01/02/2099 09:00'],
      ['R 7', '1.013831', 'G', '01/02/2024 09:00'],
      ['', '1.013831', '', ''],
      [],
    ]);
    const v = await validateFile(t, mx);
    expect(v.total).toBe(8);
    expect(v.valid.map((p) => p.code)).toEqual(['R-1', 'R-2', 'R-5']);
    const w = v.valid[0]!;
    expect(w.events.map((e) => e.kind)).toEqual(['received', 'withdrawn']);
    expect(w.clock.status).toBe(7);
    expect(w.clock.outcome).toBe('withdrawn');
    expect(v.warnings.map((x) => [x.row, x.field])).toEqual([
      [3, 'dueAt'],
      [6, 'applicantEmail'],
    ]);
    expect(v.valid[2]!.applicantEmail).toBeNull();
    expect(v.rejected.map((x) => [x.row, x.field])).toEqual([
      [4, 'finishedAt'],
      [5, 'channel'],
      [7, 'receivedAt'],
      [8, 'code'],
      [9, 'code'],
      [9, 'receivedAt'],
      [9, 'applicantName'],
    ]);
    expect(v.rejectedRows).toBe(5);

    // a unit outside the importer's scope, and no unit at all
    const outside = new Set([mx + 1_000_000]);
    await expect(validateImport(database.db, t, suggestMapping(t.columns), { scope: outside, defaultOrgUnitId: mx })).rejects.toThrow(/phạm vi/);
    await expect(validateImport(database.db, t, suggestMapping(t.columns), { scope })).rejects.toThrow(/đơn vị tiếp nhận mặc định/);
    const withUnit = table([['U-1', '1.013831', 'A', '01/02/2024 09:00', '', '', '', '', '', 'PTNMT-943']], [...t.columns, 'Đơn vị']);
    const mxScope = new Set([mx]);
    const u = await validateImport(database.db, withUnit, suggestMapping(withUnit.columns), { scope: mxScope });
    expect(u.rejected.map((x) => x.message)).toEqual(['Đơn vị "PTNMT-943" không thuộc phạm vi của bạn']);
  });

  it('lists the rejected rows as CSV with the original cells and a reason column', async () => {
    const t = await readTable(fixtureCsv({ a: 'Z-1', b: 'Z-2', c: 'Z-3', d: 'Z-4' }), 'csv');
    const v = await validateFile(t);
    const csv = rejectedRowsCsv(t, v.rejected);
    expect(csv.startsWith('\ufeffDòng,STT,Mã hồ sơ')).toBe(true);
    const lines = csv.trim().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]!.endsWith(',Lý do')).toBe(true);
    expect(lines[1]!.startsWith('5,4,Z-3,9.999999,')).toBe(true);
    expect(lines[1]).toContain('Mã thủ tục hành chính: Không có thủ tục mã 9.999999');
    expect(lines[3]).toContain('"Số 12, ấp Hòa Phuông"');
  });
});

// ---- the pages ----

/** A browser-like client that can also post multipart forms (the shared TestClient cannot). */
class Browser {
  private cookies = new Map<string, string>();
  csrf = '';
  constructor(
    private readonly server: FastifyInstance,
    private readonly ip: string,
  ) {}
  private keep(res: LightMyRequestResponse) {
    for (const c of res.cookies) this.cookies.set(c.name, c.value);
    const m = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (m) this.csrf = m[1]!;
    return res;
  }
  private headers() {
    return { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
  }
  async get(url: string) {
    return this.keep(await this.server.inject({ method: 'GET', url, remoteAddress: this.ip, headers: this.headers() }));
  }
  async post(url: string, form: [string, string][]) {
    const body = new URLSearchParams([['_csrf', this.csrf], ...form]).toString();
    return this.keep(
      await this.server.inject({
        method: 'POST',
        url,
        remoteAddress: this.ip,
        headers: { ...this.headers(), 'content-type': 'application/x-www-form-urlencoded' },
        payload: body,
      }),
    );
  }
  async upload(url: string, name: string, data: Buffer, type: string) {
    const boundary = '----tnmt-test-boundary';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`),
      data,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const sep = url.includes('?') ? '&' : '?';
    return this.keep(
      await this.server.inject({
        method: 'POST',
        url: `${url}${sep}_csrf=${encodeURIComponent(this.csrf)}`,
        remoteAddress: this.ip,
        headers: { ...this.headers(), 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload,
      }),
    );
  }
  async signIn(username: string) {
    await this.get('/dang-nhap');
    const res = await this.post('/dang-nhap', [
      ['username', username],
      ['password', DEMO_PASSWORD],
    ]);
    expect(res.statusCode).toBe(303);
    await this.get('/');
  }
}

const hiddenFields = (html: string): [string, string][] =>
  [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].filter((m) => m[1] !== '_csrf').map((m) => [m[1]!, m[2]!]);

describe('pages /ho-so/nhap', () => {
  const codes = { a: '000.00.47.H54-240301-0003', b: '000.00.47.H54-240302-0001', c: 'W-3', d: 'W-4' };

  it('upload → mapping → preview → import, as admin, without JavaScript', async () => {
    const b = new Browser(app, '10.1.0.1');
    await b.signIn('admin');
    const start = await b.get('/ho-so/nhap');
    expect(start.statusCode).toBe(200);
    expect(start.body).toContain('enctype="multipart/form-data"');
    expect(start.body).toContain('type="file"');
    expectSound(start.body);

    // a file that is not CSV/XLSX is refused with the reason, on the same page
    const pdf = await b.upload('/ho-so/nhap', 'x.pdf', Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n'), 'application/pdf');
    expect(pdf.statusCode).toBe(400);
    expect(pdf.body).toContain('govuk-error-summary');
    expect(pdf.body).toContain('Loại tệp không được chấp nhận');

    // a CSV saved in a legacy code page gets the advice to save it as UTF-8
    const latin = await b.upload('/ho-so/nhap', 'cu.csv', Buffer.from([0x4d, 0xe3, 0x2c, 0x68, 0xf4, 0x0a]), 'text/csv');
    expect(latin.statusCode).toBe(400);
    expect(latin.body).toContain('CSV UTF-8');
    // a readable type without data is kept in the file store (quarantined) and the failure is audited with the reason
    const empty = Buffer.from('\r\n \r\n', 'utf8');
    const noData = await b.upload('/ho-so/nhap', 'trong.csv', empty, 'text/csv');
    expect(noData.statusCode).toBe(400);
    expect(noData.body).toContain('Tệp không có dữ liệu');
    const failed = await database.db.select().from(auditLog).where(and(eq(auditLog.action, 'dossier.import'), eq(auditLog.outcome, 'failed')));
    expect(failed).toHaveLength(1);
    expect(failed[0]!.detail).toContain('trong.csv: Tệp không có dữ liệu');
    expect(await ctx.files.exists(failed[0]!.entityId!)).toBe(true);

    const up = await b.upload('/ho-so/nhap', 'ho-so-thang-3.xlsx', await fixtureXlsxWith(codes), 'application/octet-stream');
    expect(up.statusCode).toBe(303);
    const mapUrl = up.headers.location as string;
    expect(mapUrl).toMatch(/^\/ho-so\/nhap\/[0-9a-f]{64}$/);
    const sha = mapUrl.split('/').pop()!;
    expect(await ctx.files.exists(sha)).toBe(true);

    const mapping = await b.get(mapUrl);
    expect(mapping.statusCode).toBe(200);
    expect(mapping.body).toContain('name="f_code"');
    expect(mapping.body).toMatch(/<select[^>]*name="f_code"[\s\S]*?<option value="1" selected/);
    expect(mapping.body).toMatch(/<select[^>]*name="f_receivedAt"[\s\S]*?<option value="8" selected/);
    expectSound(mapping.body);

    // a missing required column answers with the mapping page and an error summary
    const q = new URLSearchParams(Object.entries(suggestMapping(HEADER)).map(([k, v]) => [`f_${k}`, String(v)]));
    const noCode = new URLSearchParams(q);
    noCode.set('f_code', '');
    const bad = await b.get(`${mapUrl}/xem-truoc?${noCode}`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#f_code"');
    expectSound(bad.body);

    const preview = await b.get(`${mapUrl}/xem-truoc?${q}`);
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('Nhập 2 hồ sơ');
    expect(preview.body).toContain('Không có thủ tục mã 9.999999');
    expect(preview.body).toContain('trùng với dòng 2');
    expect(preview.body).toContain(`/ho-so/nhap/${sha}/loi.csv?`);
    expect(preview.body).toContain('3 dòng bị từ chối sẽ không được nhập');
    expect(preview.body).toContain(codes.a);
    expectSound(preview.body);

    const csv = await b.get(`${mapUrl}/loi.csv?${q}`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('Lý do');
    expect(csv.body.split('\r\n').filter(Boolean)).toHaveLength(4);

    const fields = hiddenFields(preview.body);
    expect(fields).toContainEqual(['expected', '2']);
    // a stale preview (the count changed) is shown again instead of importing
    const stale = await b.post(mapUrl, fields.map(([k, v]) => [k, k === 'expected' ? '5' : v] as [string, string]));
    expect(stale.statusCode).toBe(409);
    const done = await b.post(mapUrl, fields);
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`/ho-so/nhap/${sha}/ket-qua`);
    const result = await b.get(done.headers.location as string);
    expect(result.statusCode).toBe(200);
    expect(result.body).toContain('Đã nhập 2 hồ sơ');
    expectSound(result.body);
    const rows = await database.db.select().from(dossiers).where(inArray(dossiers.code, [codes.a, codes.b]));
    expect(rows.map((r) => r.importedFrom)).toEqual(['ho-so-thang-3.xlsx', 'ho-so-thang-3.xlsx']);

    // the same file again: nothing left to import
    const again = await b.get(`${mapUrl}/xem-truoc?${q}`);
    expect(again.body).toContain('Không có hồ sơ nào để nhập');
    expect(again.body).not.toContain('Nhập 0 hồ sơ');
  });

  it('refuses everyone but admins (403)', async () => {
    const b = new Browser(app, '10.1.0.2');
    await b.signIn('lanhdao');
    expect((await b.get('/ho-so/nhap')).statusCode).toBe(403);
    expect((await b.upload('/ho-so/nhap', 'a.csv', fixtureCsv(), 'text/csv')).statusCode).toBe(403);
    expect((await b.get(`/ho-so/nhap/${'a'.repeat(64)}`)).statusCode).toBe(403);
    const c = new Browser(app, '10.1.0.3');
    await c.signIn('motcua.mx');
    expect((await c.get('/ho-so/nhap')).statusCode).toBe(403);
  });
});

async function fixtureXlsxWith(codes: { a: string; b: string; c: string; d: string }): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Hồ sơ');
  ws.addRow(HEADER);
  for (const r of fixtureRows(codes)) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
