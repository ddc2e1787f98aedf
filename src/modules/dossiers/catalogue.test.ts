import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../core/audit/index.js';
import { ValidationError } from '../../core/errors.js';
import { TestClient, type TestApp, createTestApp } from '../../core/testing/app.js';
import { buildApp } from '../../server.js';
import { MODULES } from '../index.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../org/demo.js';
import { createUser } from '../org/user-commands.js';
import {
  createProcedureVersion,
  getProcedure,
  listProcedures,
  listProcedureVersions,
  type ProcedureVersionInput,
  procedureValidOn,
  seedProcedures,
  stepsTotal,
} from './catalogue.js';
import { SEED_PROCEDURES } from './catalogue-data.js';
import { CATALOGUE_SHEET, exportCatalogueXlsx, importCatalogueXlsx, XLSX_CONTENT_TYPE } from './catalogue-xlsx.js';
import { registerCatalogueRoutes } from './catalogue-routes.js';

const CODES = [
  'L.DD-DKLD',
  '1.013978',
  '1.012753',
  '1.013831',
  '1.013833',
  '1.012784',
  '1.012783',
  '1.012786',
  '1.012790',
  '1.013992',
  '1.011441',
  '1.012789',
  '1.012812',
  '1.012805',
  'L.MT-DTM',
  'L.MT-GPMT',
];

/** XLSX columns (1-based), as catalogue-xlsx.ts lays them out. */
const COL = { code: 1, name: 2, field: 3, level: 4, unit: 5, limit: 6, limitUnit: 7, extra: 8, fee: 9, feeNote: 10, legal: 11, docs: 12, steps: 13, validFrom: 14 };

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase();

describe('procedure catalogue', () => {
  let t: TestApp;
  /** the app under test: the standard one when a module already registers the catalogue, else one with it added */
  let app: FastifyInstance;
  let ownApp: FastifyInstance | null = null;
  let admin: TestClient;
  let viewer: TestClient;

  beforeAll(async () => {
    t = await createTestApp({ demo: false });
    app = t.app;
    if (!app.hasRoute({ method: 'GET', url: '/thu-tuc' })) {
      ownApp = await buildApp(t.ctx, { modules: [...MODULES, { name: 'catalogue-under-test', register: registerCatalogueRoutes }], logger: false });
      await ownApp.ready();
      app = ownApp;
    }
    for (const u of DEMO_USERS.filter((x) => x.username === 'admin' || x.username === 'xem')) {
      await createUser(t.database, SYSTEM_ACTOR, { ...u, roles: [...u.roles], password: DEMO_PASSWORD });
    }
    await seedProcedures(t.database);
    admin = new TestClient(app, '10.7.0.1');
    await admin.signIn('admin', DEMO_PASSWORD);
    viewer = new TestClient(app, '10.7.0.2');
    await viewer.signIn('xem', DEMO_PASSWORD);
  }, 120_000);
  afterAll(async () => {
    await ownApp?.close();
    await t?.close();
  });

  const count = async (sqlText: string, params: unknown[] = []) => (await t.database.query<{ n: number }>(sqlText, params))[0]!.n;
  const versionCount = () => count(`SELECT count(*)::int AS n FROM procedures`);
  const auditCount = (action: string, outcome = 'ok') => count(`SELECT count(*)::int AS n FROM audit_log WHERE action = $1 AND outcome = $2`, [action, outcome]);

  /** The catalogue exported today, opened for editing. */
  async function exportedSheet(): Promise<{ wb: ExcelJS.Workbook; ws: ExcelJS.Worksheet; rowOf: (code: string) => number }> {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await exportCatalogueXlsx(t.database.db, today())) as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet(CATALOGUE_SHEET)!;
    const rowOf = (code: string) => {
      for (let r = 2; r <= ws.rowCount; r++) if (ws.getRow(r).getCell(COL.code).value === code) return r;
      throw new Error(`no row for ${code}`);
    };
    return { wb, ws, rowOf };
  }
  const bytes = async (wb: ExcelJS.Workbook) => Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
  const today = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);

  /** POST a file to the import page the way a browser does (multipart, CSRF token in the query string). */
  async function upload(client: TestClient, address: string, file: Buffer | null) {
    const boundary = `----tnmt${Math.random().toString(16).slice(2)}`;
    const parts: Buffer[] = [];
    if (file) {
      parts.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="danh-muc.xlsx"\r\nContent-Type: ${XLSX_CONTENT_TYPE}\r\n\r\n`,
        ),
        file,
        Buffer.from('\r\n'),
      );
    }
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    // TestClient keeps its cookies private; it has no multipart helper yet.
    const cookie = (client as unknown as { cookieHeader(): string }).cookieHeader();
    return app.inject({
      method: 'POST',
      url: `/thu-tuc/nhap?_csrf=${encodeURIComponent(client.csrf)}`,
      remoteAddress: address,
      headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat(parts),
    });
  }

  describe('seed', () => {
    it('holds the 16 land and environment procedures with their codes, and loading it again changes nothing', async () => {
      const rows = await listProcedures(t.database.db, { date: '2023-06-01' });
      expect(rows.map((r) => r.code).sort()).toEqual([...CODES].sort());
      expect(await versionCount()).toBe(16);
      const again = await seedProcedures(t.database);
      expect(again).toEqual({ created: 0, existing: 16 });
      expect(await versionCount()).toBe(16);
    });

    it('gives province-level procedures to the department and leaves district-level ones to each district office', async () => {
      const rows = await listProcedures(t.database.db, { date: '2023-06-01' });
      const byCode = new Map(rows.map((r) => [r.code, r]));
      for (const code of ['1.012753', '1.012805', 'L.MT-DTM', 'L.MT-GPMT']) {
        expect(byCode.get(code)).toMatchObject({ level: 'province', handlingOrgUnitCode: 'STNMT' });
      }
      for (const code of ['1.013978', '1.013831', '1.012784', '1.012812', '1.012789']) {
        expect(byCode.get(code)).toMatchObject({ level: 'district', handlingOrgUnitId: null });
      }
      expect(byCode.get('1.012784')).toMatchObject({ timeLimitValue: 12, timeLimitUnit: 'working_days', validFrom: '2020-01-01', validTo: null });
      expect(byCode.get('1.013978')).toMatchObject({ timeLimitValue: 20, difficultAreaExtraDays: 10 });
      expect(byCode.get('L.MT-DTM')).toMatchObject({ field: 'environment', timeLimitValue: 30, timeLimitUnit: 'calendar_days' });
      expect(byCode.get('1.011441')).toMatchObject({ timeLimitUnit: 'same_day' });
    });

    it('has internal steps whose limits add up to the legal limit', () => {
      for (const p of SEED_PROCEDURES) {
        expect(p.steps.length, p.code).toBeGreaterThan(0);
        expect(stepsTotal(p.steps, p.timeLimitUnit), p.code).toBe(p.timeLimitUnit === 'same_day' ? 8 : p.timeLimitValue);
        expect(p.requiredDocuments.length, p.code).toBeGreaterThan(0);
        expect(p.feeVnd, p.code).toBe(0);
        expect(p.feeNote, p.code).toBeTruthy();
      }
    });
  });

  describe('versions', () => {
    const base = (over: Partial<ProcedureVersionInput> = {}): ProcedureVersionInput => {
      const seed = SEED_PROCEDURES.find((p) => p.code === '1.012784')!;
      return { ...seed, ...over };
    };

    it('closes the previous version on the new one’s first day and picks the version in force on a date', async () => {
      const created = await createProcedureVersion(t.database, { id: null, name: 'kiểm thử' }, base({ timeLimitValue: 10, validFrom: '2024-08-01' }));
      expect(created).toMatchObject({ code: '1.012784', timeLimitValue: 10, validFrom: '2024-08-01', validTo: null });
      const versions = await listProcedureVersions(t.database.db, '1.012784');
      expect(versions.map((v) => [v.validFrom, v.validTo, v.timeLimitValue])).toEqual([
        ['2020-01-01', '2024-08-01', 12],
        ['2024-08-01', null, 10],
      ]);
      expect((await procedureValidOn(t.database.db, '1.012784', '2024-07-31'))?.timeLimitValue).toBe(12);
      expect((await procedureValidOn(t.database.db, '1.012784', '2024-08-01'))?.timeLimitValue).toBe(10);
      expect(await procedureValidOn(t.database.db, '1.012784', '2019-12-31')).toBeNull();
      expect((await getProcedure(t.database.db, created.id))?.code).toBe('1.012784');
      // one version per code on any date
      expect(await listProcedures(t.database.db, { date: '2024-08-01' })).toHaveLength(16);
    });

    it('refuses a version that does not start after the latest one', async () => {
      for (const validFrom of ['2024-08-01', '2023-06-01']) {
        const e = await createProcedureVersion(t.database, SYSTEM_ACTOR, base({ validFrom })).catch((x: unknown) => x);
        expect(e).toBeInstanceOf(ValidationError);
        expect((e as ValidationError).fields.map((f) => f.field)).toEqual(['validFrom']);
        expect((e as ValidationError).fields[0]!.message).toContain('phải sau ngày hiệu lực của phiên bản hiện hành (01/08/2024)');
      }
    });

    it('names every field in error, in Vietnamese', async () => {
      const before = await versionCount();
      const e = await createProcedureVersion(t.database, SYSTEM_ACTOR, {
        code: '1.01',
        name: ' ',
        field: 'forest',
        level: 'region',
        timeLimitValue: 0,
        timeLimitUnit: 'weeks',
        difficultAreaExtraDays: -1,
        feeVnd: 1.5,
        legalBasis: '',
        requiredDocuments: [{ name: 'Đơn', form: 'photo', quantity: 0 }],
        steps: [{ name: 'Tiếp nhận', actor: 'robot', limitValue: 1, limitUnit: 'working_days' }],
        validFrom: '2024-02-30',
      }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(ValidationError);
      const fields = (e as ValidationError).fields;
      expect(new Set(fields.map((f) => f.field))).toEqual(
        new Set(['code', 'name', 'field', 'level', 'timeLimitValue', 'timeLimitUnit', 'difficultAreaExtraDays', 'feeVnd', 'legalBasis', 'requiredDocuments', 'steps', 'validFrom']),
      );
      expect(fields.find((f) => f.field === 'code')!.message).toMatch(/^Mã thủ tục '1\.01' không đúng định dạng/);
      expect(fields.find((f) => f.field === 'feeVnd')!.message).toContain('Phí, lệ phí');
      expect(fields.find((f) => f.field === 'validFrom')!.message).toContain("Ngày hiệu lực '2024-02-30' không hợp lệ");
      const unit = await createProcedureVersion(t.database, SYSTEM_ACTOR, base({ code: 'L.TEST-1', handlingOrgUnitCode: 'STNMT', validFrom: '2026-01-01' })).catch(
        (x: unknown) => x,
      );
      expect((unit as ValidationError).fields).toEqual([{ field: 'handlingOrgUnit', message: "Không có đơn vị giải quyết mã 'STNMT' vào ngày 01/01/2026" }]);
      expect(await versionCount()).toBe(before);
    });

    it('accepts a same-day procedure with no time value', async () => {
      const seed = SEED_PROCEDURES.find((p) => p.code === '1.011441')!;
      const p = await createProcedureVersion(t.database, SYSTEM_ACTOR, { ...seed, code: 'L.TEST-TRONG-NGAY', timeLimitValue: 0 });
      expect(p).toMatchObject({ timeLimitUnit: 'same_day', timeLimitValue: 0 });
    });
  });

  describe('XLSX', () => {
    it('writes a bold, frozen Vietnamese header and one row per procedure in force', async () => {
      const { ws } = await exportedSheet();
      const header = ws.getRow(1);
      expect(header.getCell(1).value).toBe('Mã thủ tục');
      expect(header.getCell(COL.validFrom).value).toBe('Hiệu lực từ');
      expect(header.getCell(1).font?.bold).toBe(true);
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(ws.getColumn(COL.name).width).toBeGreaterThan(40);
      const codes: string[] = [];
      for (let r = 2; r <= ws.rowCount; r++) codes.push(String(ws.getRow(r).getCell(1).value));
      expect(codes).toHaveLength(17); // 16 seeded + the same-day test procedure
      const row = ws.getRow(codes.indexOf('1.012784') + 2);
      expect(row.getCell(COL.limit).value).toBe(10);
      expect(row.getCell(COL.limitUnit).value).toBe('ngày làm việc');
      expect(row.getCell(COL.docs).value).toContain('Bản gốc Giấy chứng nhận đã cấp (bản chính × 1)');
      expect(row.getCell(COL.steps).value).toContain('Tiếp nhận, kiểm tra hồ sơ tại bộ phận một cửa [một cửa] 0,5 ngày làm việc');
      expect((row.getCell(COL.validFrom).value as Date).toISOString().slice(0, 10)).toBe('2024-08-01');
    });

    it('round-trips: importing the exported file creates nothing', async () => {
      const before = await versionCount();
      const { wb } = await exportedSheet();
      const result = await importCatalogueXlsx(t.database, SYSTEM_ACTOR, await bytes(wb));
      expect(result).toEqual({ created: 0, unchanged: 17, rejected: [] });
      expect(await versionCount()).toBe(before);
    });

    it('creates exactly the changed versions and skips a row whose only change is its date', async () => {
      const { wb, ws, rowOf } = await exportedSheet();
      const fee = ws.getRow(rowOf('1.012783'));
      fee.getCell(COL.fee).value = 120000;
      fee.getCell(COL.validFrom).value = new Date(Date.UTC(2027, 0, 1));
      const permit = ws.getRow(rowOf('L.MT-GPMT'));
      permit.getCell(COL.steps).value = String(permit.getCell(COL.steps).value)
        .replace('Tiếp nhận hồ sơ [một cửa] 1 ngày', 'Tiếp nhận hồ sơ [một cửa] 2 ngày')
        .replace('họp hội đồng thẩm định [cơ quan khác] 12 ngày', 'họp hội đồng thẩm định [cơ quan khác] 11 ngày');
      permit.getCell(COL.unit).value = 'SNNMT-CT'; // the department ended on 2025-07-01; its successor handles it
      permit.getCell(COL.validFrom).value = '01/01/2027'; // typed text, Vietnamese order
      ws.getRow(rowOf('1.012790')).getCell(COL.validFrom).value = new Date(Date.UTC(2027, 0, 1));
      const before = await versionCount();
      const result = await importCatalogueXlsx(t.database, { id: null, name: 'nhap-thu' }, await bytes(wb));
      expect(result).toEqual({ created: 2, unchanged: 15, rejected: [] });
      expect(await versionCount()).toBe(before + 2);
      expect((await procedureValidOn(t.database.db, '1.012783', '2027-01-01'))?.feeVnd).toBe(120000);
      expect((await procedureValidOn(t.database.db, '1.012783', '2026-12-31'))).toMatchObject({ feeVnd: 0, validTo: '2027-01-01' });
      const newPermit = await procedureValidOn(t.database.db, 'L.MT-GPMT', '2027-01-01');
      expect(newPermit).toMatchObject({ handlingOrgUnitCode: 'SNNMT-CT', validFrom: '2027-01-01' });
      expect(newPermit!.steps[0]).toEqual({ name: 'Tiếp nhận hồ sơ', actor: 'one_stop', limitValue: 2, limitUnit: 'calendar_days' });
      expect(stepsTotal(newPermit!.steps, 'calendar_days')).toBe(30);
      expect(await listProcedureVersions(t.database.db, '1.012790')).toHaveLength(1);
    });

    it('rejects a file with a bad row, naming the row, and changes nothing', async () => {
      const { wb, ws, rowOf } = await exportedSheet();
      const bad = rowOf('1.012786');
      ws.getRow(bad).getCell(COL.code).value = '1.01';
      const good = ws.getRow(rowOf('1.013831')); // a valid change in the same file must not be applied either
      good.getCell(COL.limit).value = 5;
      good.getCell(COL.validFrom).value = new Date(Date.UTC(2028, 0, 1));
      const [before, maxId] = [await versionCount(), await count(`SELECT max(id)::int AS n FROM procedures`)];
      const result = await importCatalogueXlsx(t.database, SYSTEM_ACTOR, await bytes(wb));
      expect(result.created).toBe(0);
      expect(result.rejected).toHaveLength(1);
      expect(result.rejected[0]).toMatchObject({ row: bad, field: 'code' });
      expect(result.rejected[0]!.message).toMatch(new RegExp(`^Dòng ${bad}: mã thủ tục '1\\.01' không đúng định dạng`));
      expect(await versionCount()).toBe(before);
      expect(await count(`SELECT max(id)::int AS n FROM procedures`)).toBe(maxId);
      expect((await procedureValidOn(t.database.db, '1.013831', '2028-01-01'))?.timeLimitValue).toBe(8);
    });

    it('reports every rejected row: bad words, duplicate codes, changed rows without a new date', async () => {
      const { wb, ws, rowOf } = await exportedSheet();
      const unitRow = rowOf('1.012789');
      ws.getRow(unitRow).getCell(COL.limitUnit).value = 'tuần';
      const docsRow = rowOf('1.012812');
      ws.getRow(docsRow).getCell(COL.docs).value = 'Đơn yêu cầu hòa giải';
      const dupRow = rowOf('1.013833');
      ws.getRow(dupRow).getCell(COL.code).value = '1.013831';
      const undatedRow = rowOf('1.013992');
      ws.getRow(undatedRow).getCell(COL.fee).value = '1.250.000';
      const result = await importCatalogueXlsx(t.database, SYSTEM_ACTOR, await bytes(wb));
      const byRow = new Map(result.rejected.map((r) => [r.row, r]));
      expect(result.created).toBe(0);
      expect(byRow.get(unitRow)).toMatchObject({ field: 'timeLimitUnit', message: `Dòng ${unitRow}: đơn vị thời hạn 'tuần' không hợp lệ` });
      expect(byRow.get(docsRow)).toMatchObject({ field: 'requiredDocuments' });
      expect(byRow.get(dupRow)?.message).toMatch(/trùng với dòng \d+/);
      expect(byRow.get(undatedRow)).toMatchObject({ field: 'validFrom' });
      expect(result.rejected).toHaveLength(4);
      expect(result.rejected.map((r) => r.row)).toEqual([...result.rejected.map((r) => r.row)].sort((a, b) => a - b));
    });

    it('refuses a file that is not a catalogue', async () => {
      await expect(importCatalogueXlsx(t.database, SYSTEM_ACTOR, Buffer.from('not a spreadsheet'))).rejects.toMatchObject({ fields: [{ field: 'file' }] });
      const wb = new ExcelJS.Workbook();
      wb.addWorksheet('x').addRow(['Mã', 'Tên']);
      const e = await importCatalogueXlsx(t.database, SYSTEM_ACTOR, await bytes(wb)).catch((x: unknown) => x);
      expect((e as ValidationError).fields[0]!.message).toContain("cột 1 phải là 'Mã thủ tục'");
    });
  });

  describe('pages and API', () => {
    it('lists the catalogue, filtered by field', async () => {
      const all = await admin.get('/thu-tuc');
      expect(all.statusCode).toBe(200);
      expect(all.body).toContain('20 ngày làm việc');
      expect(all.body).toContain('0 đồng');
      expect(all.body).toContain('Trong ngày');
      const env = await admin.get('/thu-tuc?linhvuc=environment');
      expect(env.statusCode).toBe(200);
      expect(env.body).toContain('L.MT-DTM');
      expect(env.body).toContain('L.MT-GPMT');
      expect(env.body).toContain('30 ngày');
      expect(env.body).not.toContain('1.012784');
      expect(env.body).toContain('2 thủ tục có hiệu lực ngày');
    });

    it('finds "đất đai" when searching for "dat dai", on the page and in the API', async () => {
      const expected = (await listProcedures(t.database.db)).filter((p) => fold(p.name).includes('dat dai')).map((p) => p.code);
      expect(expected.length).toBeGreaterThanOrEqual(5);
      const page = await admin.get('/thu-tuc?q=dat+dai');
      for (const code of expected) expect(page.body).toContain(`>${code}</a>`);
      expect(page.body).not.toContain('L.MT-DTM');
      const api = await admin.get('/api/v1/procedures?q=dat%20dai');
      expect(api.statusCode).toBe(200);
      const rows = JSON.parse(api.body) as { code: string; name: string }[];
      expect(rows.map((r) => r.code).sort()).toEqual([...expected].sort());
      const one = await admin.get(`/api/v1/procedures/${(await procedureValidOn(t.database.db, '1.012812', today()))!.id}`);
      expect(JSON.parse(one.body)).toMatchObject({ code: '1.012812', timeLimitUnit: 'working_days', steps: expect.any(Array) });
      expect((await admin.get('/api/v1/procedures/999999')).statusCode).toBe(404);
      expect((await admin.get('/api/v1/procedures?field=forest')).statusCode).toBe(400);
      expect((await admin.get('/api/v1/procedures?date=2024-02-30')).statusCode).toBe(400);
      const onDate = JSON.parse((await admin.get('/api/v1/procedures?date=2024-07-31&field=land')).body) as { code: string; timeLimitValue: number }[];
      expect(onDate.find((r) => r.code === '1.012784')?.timeLimitValue).toBe(12);
      const docs = await admin.get('/api/docs/json');
      expect(docs.statusCode).toBe(200);
      expect(Object.keys((JSON.parse(docs.body) as { paths: object }).paths)).toEqual(expect.arrayContaining(['/api/v1/procedures', '/api/v1/procedures/{id}']));
    });

    it('shows a procedure with its documents, steps and versions', async () => {
      const p = (await procedureValidOn(t.database.db, '1.012784', today()))!;
      const res = await admin.get(`/thu-tuc/${p.id}`);
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('Tách thửa hoặc hợp thửa đất');
      expect(res.body).toContain('Đơn đề nghị tách thửa đất, hợp thửa đất');
      expect(res.body).toContain('Lãnh đạo ký duyệt');
      expect(res.body).toContain('01/08/2024');
      expect(res.body).toContain('01/01/2020');
      expect((await admin.get('/thu-tuc/999999')).statusCode).toBe(404);
    });

    it('downloads the catalogue as XLSX', async () => {
      const res = await viewer.get('/thu-tuc/xuat.xlsx?ngay=2023-06-01');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain(XLSX_CONTENT_TYPE);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
      expect(wb.getWorksheet(CATALOGUE_SHEET)!.rowCount).toBe(18); // header + 17
    });

    it('imports through the upload form and shows rejected rows', async () => {
      expect((await admin.get('/thu-tuc/nhap')).statusCode).toBe(200);
      const none = await upload(admin, '10.7.0.1', null);
      expect(none.statusCode).toBe(400);
      expect(none.body).toContain('Chọn tệp XLSX danh mục thủ tục');

      const { wb, ws, rowOf } = await exportedSheet();
      const bad = rowOf('1.012805');
      ws.getRow(bad).getCell(COL.code).value = '1.01';
      const rejected = await upload(admin, '10.7.0.1', await bytes(wb));
      expect(rejected.statusCode).toBe(400);
      expect(rejected.body).toMatch(new RegExp(`Dòng ${bad}: mã thủ tục (&#39;|')1\\.01(&#39;|') không đúng định dạng`));

      ws.getRow(bad).getCell(COL.code).value = '1.012805';
      ws.getRow(bad).getCell(COL.unit).value = 'SNNMT-CT';
      ws.getRow(bad).getCell(COL.validFrom).value = new Date(Date.UTC(2025, 6, 1));
      const before = await versionCount();
      const ok = await upload(admin, '10.7.0.1', await bytes(wb));
      expect(ok.statusCode).toBe(303);
      expect(ok.headers.location).toBe('/thu-tuc');
      expect(await versionCount()).toBe(before + 1);
      expect(await procedureValidOn(t.database.db, '1.012805', '2025-07-01')).toMatchObject({ handlingOrgUnitCode: 'SNNMT-CT' });
    });

    it('lets a viewer read but not import (403, audited, nothing changed)', async () => {
      expect((await viewer.get('/thu-tuc')).statusCode).toBe(200);
      expect((await viewer.get('/api/v1/procedures')).statusCode).toBe(200);
      expect((await viewer.get('/thu-tuc/nhap')).statusCode).toBe(403);
      const page = await viewer.get('/thu-tuc');
      expect(page.body).not.toContain('href="/thu-tuc/nhap"');
      const denied = await auditCount('access.denied', 'denied');
      const before = await versionCount();
      const { wb, ws, rowOf } = await exportedSheet();
      ws.getRow(rowOf('1.012783')).getCell(COL.fee).value = 1;
      ws.getRow(rowOf('1.012783')).getCell(COL.validFrom).value = new Date(Date.UTC(2029, 0, 1));
      const res = await upload(viewer, '10.7.0.2', await bytes(wb));
      expect(res.statusCode).toBe(403);
      expect(await auditCount('access.denied', 'denied')).toBe(denied + 1);
      expect(await versionCount()).toBe(before);
    });
  });

  it('audits every write', async () => {
    const versions = await versionCount();
    const closed = await count(`SELECT count(*)::int AS n FROM procedures WHERE valid_to IS NOT NULL`);
    expect(await auditCount('procedure.create')).toBe(versions);
    expect(await auditCount('procedure.close')).toBe(closed);
    const entries = await t.database.query<{ entity_id: string; actor_name: string; detail: string | null }>(
      `SELECT entity_id, actor_name, detail FROM audit_log WHERE action = 'procedure.create' ORDER BY id`,
    );
    const ids = (await t.database.query<{ id: number }>(`SELECT id FROM procedures ORDER BY id`)).map((r) => String(r.id));
    expect(entries.map((e) => e.entity_id)).toEqual(ids);
    expect(entries.filter((e) => e.detail === 'seed')).toHaveLength(16);
    expect(entries.some((e) => e.actor_name === 'admin' && e.detail?.startsWith('nhập từ tệp XLSX'))).toBe(true);
    // successful imports: the round trip, the modified file, the upload; every rejected import is recorded as failed
    expect(await auditCount('procedure.import')).toBe(3);
    expect(await auditCount('procedure.import', 'failed')).toBe(3);
  });
});
