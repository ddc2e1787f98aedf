import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../core/audit/index.js';
import { createContext, prepareDatabase } from '../../core/boot.js';
import { vnIsoDate } from '../../core/calendar/index.js';
import { loadConfig } from '../../core/config.js';
import { formatDateTime } from '../../core/format/index.js';
import { createTestApp, TestClient, type TestApp } from '../../core/testing/app.js';
import { createTestDatabase } from '../../core/testing/db.js';
import { expectSound } from '../../ui/testing.js';
import { buildApp } from '../../server.js';
import { MODULES } from '../index.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../org/demo.js';
import { findOrgUnitByCode } from '../org/queries.js';
import { createUser } from '../org/user-commands.js';
import { seedProcedures } from './catalogue.js';
import { receiveDossier, recordEvent } from './commands.js';
import { dossierEvents, dossierSequences, dossiers, procedures } from './schema.js';
import { registerWorkRoutes } from './work-routes.js';

/*
 * The work pages end to end, through HTTP as a browser would use them: intake at the Mỹ Xuyên one-stop desk,
 * processing by the officers, optimistic locking, the extension rule, scope (404 outside it), roles (403), the
 * JSON API and the audit trail. The demo users are created here without the demo dossiers (27 000 of them would
 * only slow the file down and disturb the daily sequences checked below).
 */

const MX_AGENCY = '000.00.47.H54';
const KS_AGENCY = '000.00.43.H54';
const CODE = /^000\.00\.47\.H54-\d{6}-\d{4}$/;

/** The app with the work routes: through the module list when the dossiers module is registered, else added here. */
async function makeApp(): Promise<TestApp> {
  if (MODULES.some((m) => m.name === 'dossiers')) return createTestApp({ demo: false });
  const database = await createTestDatabase();
  const modules = [...MODULES, { name: 'dossiers-work', register: registerWorkRoutes }];
  await prepareDatabase(database, modules, { demo: false });
  const config = loadConfig({ dataDir: mkdtempSync(join(tmpdir(), 'tnmt-test-')), logLevel: 'silent', sessionSecret: 'x'.repeat(40) }, {});
  const ctx = createContext(database, config);
  const app = await buildApp(ctx, { modules, logger: false });
  await app.ready();
  return {
    app,
    database,
    ctx,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

let t: TestApp;
let proc: typeof procedures.$inferSelect;
let mxUnit: number;
let ksUnit: number;
const users = new Map<string, number>();
const clients = new Map<string, TestClient>();
let ip = 10;

async function signedIn(username: string): Promise<TestClient> {
  const existing = clients.get(username);
  if (existing) return existing;
  const c = new TestClient(t.app, `10.7.0.${ip++}`);
  await c.signIn(username, DEMO_PASSWORD);
  clients.set(username, c);
  return c;
}

const intakeForm = (over: Record<string, string | string[]> = {}): Record<string, string | string[]> => ({
  procedureId: String(proc.id),
  channel: '1',
  applicantKind: 'person',
  applicantName: 'Nguyễn Văn Ánh',
  applicantIdNumber: '094123456789',
  applicantPhone: '0912345678',
  applicantEmail: '',
  applicantAddress: 'Ấp Hòa Phuông, thị trấn Mỹ Xuyên',
  applicantAdminUnitId: '',
  documents: ['0', '1'],
  'qty-0': '1',
  'qty-1': '2',
  outcome: 'receive',
  ...over,
});

/** Receive a dossier through the form as the Mỹ Xuyên clerk; returns its id. */
async function receiveThroughForm(over: Record<string, string | string[]> = {}): Promise<number> {
  const clerk = await signedIn('motcua.mx');
  await clerk.get(`/ho-so/tiep-nhan?thu-tuc=${proc.id}`);
  const res = await clerk.post('/ho-so/tiep-nhan', intakeForm(over));
  expect(res.statusCode, res.body.slice(0, 300)).toBe(303);
  const m = /^\/ho-so\/(\d+)$/.exec(String(res.headers.location));
  expect(m).not.toBeNull();
  return Number(m![1]);
}

async function dossier(id: number) {
  const [row] = await t.database.db.select().from(dossiers).where(eq(dossiers.id, id));
  return row!;
}

async function eventKinds(id: number): Promise<string[]> {
  return (await t.database.db.select({ kind: dossierEvents.kind }).from(dossierEvents).where(eq(dossierEvents.dossierId, id))).map((r) => r.kind);
}

/** The version shown on the dossier page (every action form carries it). */
function versionOn(html: string): string {
  const m = /name="version" value="(\d+)"/.exec(html);
  if (!m) throw new Error('no action form on the page');
  return m[1]!;
}

async function lastSequence(agency: string): Promise<number> {
  const [row] = await t.database.db
    .select({ last: dossierSequences.last })
    .from(dossierSequences)
    .where(and(eq(dossierSequences.agencyCode, agency), eq(dossierSequences.day, vnIsoDate(new Date()))));
  return row?.last ?? 0;
}

const seqOf = (code: string) => Number(code.slice(-4));

beforeAll(async () => {
  t = await makeApp();
  for (const u of DEMO_USERS) {
    const created = await createUser(t.database, SYSTEM_ACTOR, { ...u, roles: [...u.roles], password: DEMO_PASSWORD });
    users.set(u.username, created.id);
  }
  const [any] = await t.database.db.select({ id: procedures.id }).from(procedures).limit(1);
  if (!any) await seedProcedures(t.database);
  // A district-level procedure counted in working days, long enough for an extension, with several documents.
  const all = await t.database.db.select().from(procedures);
  proc = all
    .filter((p) => p.level === 'district' && p.timeLimitUnit === 'working_days' && p.timeLimitValue >= 5 && p.requiredDocuments.length >= 2 && p.validTo === null)
    .sort((a, b) => b.timeLimitValue - a.timeLimitValue || a.code.localeCompare(b.code))[0]!;
  expect(proc).toBeDefined();
  mxUnit = (await findOrgUnitByCode(t.database.db, 'PTNMT-947'))!.id;
  ksUnit = (await findOrgUnitByCode(t.database.db, 'PTNMT-943'))!.id;
}, 120_000);
afterAll(async () => t?.close());

describe('intake at the one-stop desk', () => {
  it('gives two intakes of the same day consecutive codes (…-0001 and …-0002 on a fresh day)', async () => {
    const before = await lastSequence(MX_AGENCY);
    const a = await dossier(await receiveThroughForm());
    const b = await dossier(await receiveThroughForm({ applicantName: 'Lê Thị Bé' }));
    expect(a.code).toMatch(CODE);
    expect(b.code).toMatch(CODE);
    expect(a.code.endsWith(`-${String(before + 1).padStart(4, '0')}`)).toBe(true);
    expect(b.code.endsWith(`-${String(before + 2).padStart(4, '0')}`)).toBe(true);
    expect(a.code.slice(0, -4)).toBe(b.code.slice(0, -4));
  });

  it('receives a dossier through the form: 303 to its page, due instant in vi-VN, receipt link', async () => {
    const clerk = await signedIn('motcua.mx');
    const choose = await clerk.get('/ho-so/tiep-nhan');
    expect(choose.statusCode).toBe(200);
    expect(choose.body).toContain(`value="${proc.id}"`);
    expect(choose.body).toContain('<optgroup');
    const form = await clerk.get(`/ho-so/tiep-nhan?thu-tuc=${proc.id}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(proc.requiredDocuments[0]!.name);
    expect(form.body).toContain('name="outcome" value="supplement"');
    expect(form.body).toContain('name="outcome" value="refuse"');
    expect(form.body).toContain('name="applicantAdminUnitId"');

    const id = await receiveThroughForm();
    const row = await dossier(id);
    expect(row.code).toMatch(CODE);
    expect(row.orgUnitId).toBe(mxUnit);
    expect(row.status).toBe(2);
    const page = await clerk.get(`/ho-so/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(row.code);
    expect(page.body).toContain(formatDateTime(row.dueAt, 'vi'));
    expect(formatDateTime(row.dueAt, 'vi')).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    expect(page.body).toContain(`href="/ho-so/${id}/giay-tiep-nhan"`);
    expect(page.body).toContain('Đã tiếp nhận hồ sơ');
    expect(page.body).toContain('Được tiếp nhận');
    // the banner is shown once
    const again = await clerk.get(`/ho-so/${id}`);
    expect(again.body).not.toContain('Đã tiếp nhận hồ sơ');
    expect(again.body).toContain(`href="/ho-so/${id}/giay-tiep-nhan"`);
  });

  it('keeps every typed value and names the fields on bad input', async () => {
    const clerk = await signedIn('motcua.mx');
    const before = (await t.database.db.select({ id: dossiers.id }).from(dossiers)).length;
    await clerk.get(`/ho-so/tiep-nhan?thu-tuc=${proc.id}`);
    const res = await clerk.post(
      '/ho-so/tiep-nhan',
      intakeForm({ applicantPhone: '12345', documents: [], applicantEmail: 'khong-phai-email', 'qty-1': '3' }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('<title>Lỗi:');
    expect(res.body).toContain('href="#applicantPhone"');
    expect(res.body).toContain('href="#documents"');
    expect(res.body).toContain('href="#applicantEmail"');
    expect(res.body).toContain('value="12345"');
    expect(res.body).toContain('value="Nguyễn Văn Ánh"');
    expect(res.body).toContain('value="Ấp Hòa Phuông, thị trấn Mỹ Xuyên"');
    expect(res.body).toContain('value="094123456789"');
    expect(res.body).toContain('value="khong-phai-email"');
    expect(res.body).toMatch(/id="qty-1"[^>]*value="3"|value="3"[^>]*id="qty-1"/);
    expect(res.body).toContain('Số điện thoại di động không đúng');
    expectSound(res.body);
    expect((await t.database.db.select({ id: dossiers.id }).from(dossiers)).length).toBe(before);
  });

  it('records a supplement request at intake (no dossier) with a printable form, and needs a reason to refuse', async () => {
    const clerk = await signedIn('motcua.mx');
    await clerk.get(`/ho-so/tiep-nhan?thu-tuc=${proc.id}`);
    const res = await clerk.post('/ho-so/tiep-nhan', intakeForm({ outcome: 'supplement', documents: [], items: 'Bản sao CCCD\nTrích lục thửa đất' }));
    expect(res.statusCode).toBe(303);
    const m = /^\/ho-so\/tiep-nhan\/quyet-dinh\/(\d+)$/.exec(String(res.headers.location));
    expect(m).not.toBeNull();
    const page = await clerk.get(res.headers.location as string);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Trích lục thửa đất');
    expect(page.body).toContain(`href="/ho-so/quyet-dinh-tiep-nhan/${m![1]}"`);
    expectSound(page.body);

    const refused = await clerk.post('/ho-so/tiep-nhan', intakeForm({ outcome: 'refuse', reason: '' }));
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('href="#reason"');
    expect(refused.body).toContain('value="Nguyễn Văn Ánh"');

    const ks = await signedIn('chuyenvien.ks');
    expect((await ks.get(`/ho-so/tiep-nhan/quyet-dinh/${m![1]}`)).statusCode).toBe(403);
  });

  it('offers each desk the procedures of its level: district ones in Mỹ Xuyên, province ones at the department', async () => {
    const all = await t.database.db.select().from(procedures);
    const province = all.find((p) => p.level === 'province')!;
    expect(province).toBeDefined();
    const mx = await (await signedIn('motcua.mx')).get('/ho-so/tiep-nhan');
    expect(mx.body).toContain(`value="${proc.id}"`);
    expect(mx.body).not.toContain(`value="${province.id}"`);
    const so = await signedIn('motcua.so');
    const page = await so.get('/ho-so/tiep-nhan');
    expect(page.body).toContain(`value="${province.id}"`);
    expect(page.body).not.toContain(`value="${proc.id}"`);
    // a district procedure posted to the department's desk is refused, with the typed values kept
    const wrong = await so.get(`/ho-so/tiep-nhan?thu-tuc=${proc.id}`);
    expect(wrong.statusCode).toBe(400);
    const res = await so.post('/ho-so/tiep-nhan', intakeForm({ procedureId: String(province.id), documents: ['0'] }));
    expect(res.statusCode).toBe(303);
    const row = await dossier(Number(/\/ho-so\/(\d+)$/.exec(String(res.headers.location))![1]));
    expect(row.code).toMatch(/^000\.00\.21\.H54-\d{6}-\d{4}$/);
  });

  it('gives 10 concurrent intakes 10 distinct, gapless sequence numbers', async () => {
    const before = await lastSequence(KS_AGENCY);
    const rows = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        receiveDossier(t.database, { id: null, name: 'test' }, {
          procedureId: proc.id,
          orgUnitId: ksUnit,
          channel: 2,
          applicantKind: 'person',
          applicantName: `Người nộp Kế Sách ${i + 1}`,
          applicantPhone: '0987654321',
          documents: [{ name: 'Đơn đề nghị', form: 'original', quantity: 1 }],
        }),
      ),
    );
    const codes = rows.map((r) => r.code);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c.startsWith(`${KS_AGENCY}-`)).toBe(true);
    expect(codes.map(seqOf).sort((a, b) => a - b)).toEqual(Array.from({ length: 10 }, (_, i) => before + i + 1));
  });
});

describe('processing', () => {
  it('shows the one-stop hand-over deadline of the 15:00 rule and whether the transfer met it', async () => {
    // received at the counter Mon 04/03/2024 16:00 (after 15:00): hand over by Tue 05/03/2024 08:00
    const d = await receiveDossier(t.database, { id: null, name: 'test' }, {
      procedureId: proc.id,
      orgUnitId: mxUnit,
      channel: 1,
      applicantKind: 'person',
      applicantName: 'Người nộp lúc 16 giờ',
      applicantPhone: '0987654321',
      documents: [{ name: 'Đơn đề nghị', form: 'original', quantity: 1 }],
      receivedAt: new Date('2024-03-04T09:00:00Z'),
    });
    const moved = await recordEvent(t.database, { id: null, name: 'test' }, d.id, d.version, {
      kind: 'transferred',
      data: { toOrgUnitId: mxUnit },
      at: new Date('2024-03-05T00:30:00Z'), // 07:30
    });
    // finished, so it does not sit in the overdue queue of the other tests
    await recordEvent(t.database, { id: null, name: 'test' }, d.id, moved.version, { kind: 'result_ready', at: new Date('2024-03-06T02:00:00Z') });
    const leader = await signedIn('truongphong.mx');
    const page = await leader.get(`/ho-so/${d.id}`);
    expect(page.body).toContain('Hạn chuyển từ bộ phận một cửa (quy tắc 15 giờ)');
    expect(page.body).toContain('05/03/2024 08:00 · đã chuyển lúc 05/03/2024 07:30, đúng hạn');
  });

  it('runs supplement → supply → result → return (status 5, then 10)', async () => {
    const id = await receiveThroughForm({ applicantName: 'Trần Văn Cường' });
    const officer = await signedIn('chuyenvien.mx');
    const clerk = await signedIn('motcua.mx');

    let page = await officer.get(`/ho-so/${id}`);
    expectSound(page.body);
    expect(page.body).toContain('value="supplement_requested"');
    expect(page.body).not.toContain('value="result_returned"');
    let res = await officer.post(`/ho-so/${id}/su-kien`, {
      kind: 'supplement_requested',
      version: versionOn(page.body),
      items: 'Bản sao sổ hộ khẩu\nTrích đo địa chính thửa 125',
      note: 'Bổ sung trong 15 ngày',
    });
    expect(res.statusCode).toBe(303);
    expect((await dossier(id)).status).toBe(5);
    page = await clerk.get(`/ho-so/${id}`);
    expect(page.body).toContain('Yêu cầu bổ sung giấy tờ');
    expect(page.body).toContain('Trích đo địa chính thửa 125');
    expect(page.body).toContain('Bản sao sổ hộ khẩu');
    expect(page.body).toContain('value="supplement_supplied"');
    expect(page.body).not.toContain('value="supplement_requested"'); // the clerk does not appraise

    res = await clerk.post(`/ho-so/${id}/su-kien`, { kind: 'supplement_supplied', version: versionOn(page.body) });
    expect(res.statusCode).toBe(303);
    expect((await dossier(id)).status).toBe(4);

    page = await officer.get(`/ho-so/${id}`);
    res = await officer.post(`/ho-so/${id}/su-kien`, { kind: 'result_ready', version: versionOn(page.body), note: '' });
    expect(res.statusCode).toBe(303);
    expect((await dossier(id)).status).toBe(9);

    page = await clerk.get(`/ho-so/${id}`);
    expect(page.body).toContain('value="result_returned"');
    expect(page.body).not.toContain('value="supplement_supplied"');
    res = await clerk.post(`/ho-so/${id}/su-kien`, { kind: 'result_returned', version: versionOn(page.body) });
    expect(res.statusCode).toBe(303);
    const row = await dossier(id);
    expect(row.status).toBe(10);
    expect(row.supplementCount).toBe(1);
    page = await clerk.get(`/ho-so/${id}`);
    expect(page.body).toContain('Đã trả kết quả');
    expect(await eventKinds(id)).toEqual(['received', 'supplement_requested', 'supplement_supplied', 'result_ready', 'result_returned']);
  });

  it('answers 409 to the second of two officers posting the same version, keeps what they typed, records one event', async () => {
    const id = await receiveThroughForm({ applicantName: 'Phan Thị Dung' });
    const officer = await signedIn('chuyenvien.mx');
    const leader = await signedIn('truongphong.mx');
    const seenByOfficer = await officer.get(`/ho-so/${id}`);
    const seenByLeader = await leader.get(`/ho-so/${id}`);
    expect(versionOn(seenByOfficer.body)).toBe(versionOn(seenByLeader.body));

    const first = await officer.post(`/ho-so/${id}/su-kien`, {
      kind: 'assigned',
      version: versionOn(seenByOfficer.body),
      userId: String(users.get('chuyenvien.mx')),
    });
    expect(first.statusCode).toBe(303);
    const second = await leader.post(`/ho-so/${id}/su-kien`, {
      kind: 'supplement_requested',
      version: versionOn(seenByLeader.body),
      items: 'Giấy xác nhận của UBND xã Đại Tâm',
    });
    expect(second.statusCode).toBe(409);
    expect(second.body).toContain('vừa được người khác cập nhật');
    expect(second.body).toContain('Giấy xác nhận của UBND xã Đại Tâm');
    expect(second.body).toContain(`href="/ho-so/${id}"`);
    expectSound(second.body);
    expect(await eventKinds(id)).toEqual(['received', 'assigned']);
    expect((await dossier(id)).assignedTo).toBe(users.get('chuyenvien.mx'));
  });

  it('extends once only; the second extension is refused with a field message', async () => {
    const id = await receiveThroughForm({ applicantName: 'Sơn Thị Én' });
    const leader = await signedIn('truongphong.mx');
    let page = await leader.get(`/ho-so/${id}`);
    expect(page.body).toContain('value="extended"');
    expect(page.body).toContain('Chỉ được gia hạn một lần');
    const due = (await dossier(id)).dueAt;
    const later = vnIsoDate(new Date(due.getTime() + 10 * 86_400_000));
    let res = await leader.post(`/ho-so/${id}/su-kien`, {
      kind: 'extended',
      version: versionOn(page.body),
      newDueDate: later,
      newDueTime: '16:30',
      note: 'Cần xác minh thực địa',
    });
    expect(res.statusCode).toBe(303);
    const row = await dossier(id);
    expect(row.extendedDueAt).not.toBeNull();
    expect(vnIsoDate(row.extendedDueAt!)).toBe(later);
    page = await leader.get(`/ho-so/${id}`);
    expect(page.body).toContain(`href="/ho-so/${id}/phieu-xin-loi"`);
    expect(page.body).not.toContain('value="extended"');

    res = await leader.post(`/ho-so/${id}/su-kien`, {
      kind: 'extended',
      version: versionOn(page.body),
      newDueDate: vnIsoDate(new Date(due.getTime() + 20 * 86_400_000)),
      newDueTime: '16:30',
      note: 'Lần nữa',
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('chỉ được hẹn lại một lần');
    expect(res.body).toContain('href="#extended-newDueDate"');
    expectSound(res.body);
    expect(res.body).toContain('>Lần nữa</textarea>');
    expect((await eventKinds(id)).filter((k) => k === 'extended')).toHaveLength(1);

    const officer = await signedIn('chuyenvien.mx');
    const officerPage = await officer.get(`/ho-so/${id}`);
    expect(officerPage.body).not.toContain('value="extended"'); // extension is the leader's
  });

  it('names the missing fields of an action and keeps the typed values', async () => {
    const id = await receiveThroughForm({ applicantName: 'Lý Văn Giàu' });
    const officer = await signedIn('chuyenvien.mx');
    const page = await officer.get(`/ho-so/${id}`);
    const res = await officer.post(`/ho-so/${id}/su-kien`, { kind: 'paused', version: versionOn(page.body), reason: '', note: 'Chờ nộp tiền sử dụng đất' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('href="#paused-reason"');
    expect(res.body).toContain('Chờ nộp tiền sử dụng đất');
    expect(await eventKinds(id)).toEqual(['received']);
  });
});

describe('access', () => {
  let mxId: number;
  let ksCode: string;

  beforeAll(async () => {
    mxId = await receiveThroughForm({ applicantName: 'Thạch Thị Hoa' });
    const ks = await receiveDossier(t.database, { id: null, name: 'test' }, {
      procedureId: proc.id,
      orgUnitId: ksUnit,
      channel: 1,
      applicantKind: 'person',
      applicantName: 'Danh Văn Khánh',
      applicantPhone: '0977000111',
      documents: [{ name: 'Đơn đề nghị', form: 'original', quantity: 1 }],
    });
    ksCode = ks.code;
  });

  it('gives a Kế Sách officer 404 for the Mỹ Xuyên dossier, its events and its API, and audits the denials', async () => {
    const ks = await signedIn('chuyenvien.ks');
    const before = await t.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE outcome = 'denied'`);
    const page = await ks.get(`/ho-so/${mxId}`);
    expect(page.statusCode).toBe(404);
    expect(page.body).not.toContain('Thạch Thị Hoa');
    const post = await ks.post(`/ho-so/${mxId}/su-kien`, { kind: 'result_ready', version: '1' });
    expect(post.statusCode).toBe(404);
    expect((await ks.request('GET', `/api/v1/dossiers/${mxId}`)).statusCode).toBe(404);
    const api = await ks.request('POST', `/api/v1/dossiers/${mxId}/events`, { kind: 'result_ready', version: 1 });
    expect(api.statusCode).toBe(404);
    const after = await t.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE outcome = 'denied'`);
    expect(after[0]!.n).toBe(before[0]!.n + 4);
    expect(await eventKinds(mxId)).toEqual(['received']);
  });

  it('lists only the district’s dossiers for its clerk, all of them for the department’s leader', async () => {
    const mx = await dossier(mxId);
    const clerk = await signedIn('motcua.mx');
    const list = await clerk.get('/ho-so?hang=open');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(mx.code);
    expect(list.body).not.toContain(KS_AGENCY);
    expect(list.body).not.toContain(ksCode);
    const apiList = JSON.parse((await clerk.request('GET', '/api/v1/dossiers?queue=open&pageSize=200')).body) as { items: { code: string }[] };
    expect(apiList.items.some((x) => x.code === mx.code)).toBe(true);
    expect(apiList.items.some((x) => x.code.startsWith(KS_AGENCY))).toBe(false);

    const leader = await signedIn('lanhdao');
    const all = await leader.get(`/ho-so?hang=open&q=${encodeURIComponent(ksCode)}`);
    expect(all.body).toContain(ksCode);
    const both = await leader.get('/ho-so?hang=open&sort=code&dir=asc');
    expect(both.body).toContain(MX_AGENCY);
    expect(both.body).toContain(KS_AGENCY);
    expect((await leader.get(`/ho-so/${mxId}`)).statusCode).toBe(200);
  });

  it('searches codes and names without diacritics, filters by procedure and shows the queue tabs', async () => {
    const mx = await dossier(mxId);
    const clerk = await signedIn('motcua.mx');
    const byName = await clerk.get(`/ho-so?hang=open&q=${encodeURIComponent('thach thi hoa')}`);
    expect(byName.body).toContain(mx.code);
    expect(byName.body).not.toContain('Nguyễn Văn Ánh');
    const byCode = await clerk.get(`/ho-so?hang=open&q=${encodeURIComponent(mx.code.slice(-11))}`);
    expect(byCode.body).toContain(mx.code);
    const byProcedure = await clerk.get(`/ho-so?hang=open&procedure=${proc.id + 100000}`);
    expect(byProcedure.body).not.toContain(mx.code);
    for (const label of ['Của tôi', 'Sắp đến hạn', 'Quá hạn', 'Chờ bổ sung', 'Đang giải quyết', 'Đã giải quyết']) expect(byName.body).toContain(label);
    expect(byName.body).toContain('aria-current="page"');
    expectSound(byName.body);
    expectSound((await clerk.get('/ho-so/tiep-nhan')).body);
    expectSound((await clerk.get(`/ho-so/tiep-nhan?thu-tuc=${proc.id}`)).body);
  });

  it('warns about overdue dossiers on the queue page', async () => {
    const clerk = await signedIn('motcua.mx');
    expect((await clerk.get('/ho-so')).body).not.toContain('đã quá hạn giải quyết');
    const old = await receiveDossier(t.database, { id: null, name: 'test' }, {
      procedureId: proc.id,
      orgUnitId: mxUnit,
      channel: 1,
      applicantKind: 'person',
      applicantName: 'Kim Thị Lan',
      applicantPhone: '0911222333',
      documents: [{ name: 'Đơn đề nghị', form: 'original', quantity: 1 }],
      receivedAt: new Date(Date.now() - 90 * 86_400_000),
    });
    const page = await clerk.get('/ho-so');
    expect(page.body).toContain('govuk-warning-text');
    expect(page.body).toContain('1 hồ sơ đã quá hạn giải quyết');
    expectSound(page.body);
    const overdue = await clerk.get('/ho-so?hang=overdue');
    expect(overdue.body).toContain(old.code);
    expect(overdue.body).toContain('govuk-tag--red');
  });

  it('shows a viewer no action form and answers 403 to their post', async () => {
    const viewer = await signedIn('xem');
    const page = await viewer.get(`/ho-so/${mxId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Thạch Thị Hoa');
    expect(page.body).not.toContain(`action="/ho-so/${mxId}/su-kien"`);
    const res = await viewer.post(`/ho-so/${mxId}/su-kien`, { kind: 'result_ready', version: '1' });
    expect(res.statusCode).toBe(403);
    expect((await viewer.get('/ho-so/tiep-nhan')).statusCode).toBe(403);
    expect(await eventKinds(mxId)).toEqual(['received']);
  });
});

describe('JSON API', () => {
  it('receives a dossier (201, due in +07:00) and answers 400 with field errors', async () => {
    const clerk = await signedIn('motcua.mx');
    const ok = await clerk.request('POST', '/api/v1/dossiers', {
      procedureId: proc.id,
      channel: 2,
      applicantKind: 'organisation',
      applicantName: 'Công ty TNHH Thủy sản Mỹ Xuyên',
      applicantIdNumber: '2200123456',
      applicantPhone: '0939123456',
      documents: [{ name: proc.requiredDocuments[0]!.name, form: 'original', quantity: 1 }],
    });
    expect(ok.statusCode, ok.body).toBe(201);
    const body = JSON.parse(ok.body) as { id: number; code: string; dueAt: string; version: number };
    expect(body.code).toMatch(CODE);
    expect(body.dueAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/);
    expect((await dossier(body.id)).channel).toBe(2);

    const bad = await clerk.request('POST', '/api/v1/dossiers', {
      procedureId: proc.id,
      applicantKind: 'person',
      applicantName: 'Nguyễn Văn Sai',
      applicantPhone: 'abc',
      documents: [],
    });
    expect(bad.statusCode).toBe(400);
    const fields = (JSON.parse(bad.body) as { fields: { field: string }[] }).fields.map((f) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['applicantPhone', 'documents']));

    const one = JSON.parse((await clerk.request('GET', `/api/v1/dossiers/${body.id}`)).body) as { code: string; events: { kind: string }[]; receivedAt: string };
    expect(one.code).toBe(body.code);
    expect(one.events.map((e) => e.kind)).toEqual(['received']);
    expect(one.receivedAt).toMatch(/\+07:00$/);
  });

  it('records events with optimistic locking: 200, then 409 on the stale version', async () => {
    const id = await receiveThroughForm({ applicantName: 'Tô Văn Minh' });
    const officer = await signedIn('chuyenvien.mx');
    const version = (await dossier(id)).version;
    const ok = await officer.request('POST', `/api/v1/dossiers/${id}/events`, { kind: 'supplement_requested', version, data: { items: ['Bản đồ hiện trạng'] } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((JSON.parse(ok.body) as { status: number }).status).toBe(5);
    const stale = await officer.request('POST', `/api/v1/dossiers/${id}/events`, { kind: 'paused', version, note: 'x', data: { reason: 'suspension' } });
    expect(stale.statusCode).toBe(409);
    expect((JSON.parse(stale.body) as { error: string }).error).toBe('conflict');
    const noRole = await (await signedIn('xem')).request('POST', `/api/v1/dossiers/${id}/events`, { kind: 'result_ready', version: version + 1 });
    expect(noRole.statusCode).toBe(403);
    expect(await eventKinds(id)).toEqual(['received', 'supplement_requested']);
  });
});

describe('audit', () => {
  it('has a dossier.* row for every kind of write made above', async () => {
    const rows = await t.database.query<{ action: string }>(`SELECT DISTINCT action FROM audit_log WHERE action LIKE 'dossier.%' AND outcome = 'ok'`);
    const actions = rows.map((r) => r.action);
    for (const a of [
      'dossier.receive',
      'dossier.intake_supplement',
      'dossier.supplement_requested',
      'dossier.supplement_supplied',
      'dossier.result_ready',
      'dossier.result_returned',
      'dossier.assigned',
      'dossier.extended',
    ])
      expect(actions).toContain(a);
    const [n] = await t.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'dossier.receive'`);
    const [d] = await t.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM dossiers`);
    expect(n!.n).toBe(d!.n);
  });
});
