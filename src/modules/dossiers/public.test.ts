import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, asc, desc, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../core/audit/index.js';
import { auditLog } from '../../core/audit/schema.js';
import { createContext, prepareDatabase } from '../../core/boot.js';
import { loadConfig } from '../../core/config.js';
import type { Database } from '../../core/db/index.js';
import { formatDateTime, placeDateLine } from '../../core/format/index.js';
import type { AppContext, AppModule } from '../../core/http.js';
import { TestClient } from '../../core/testing/app.js';
import { createTestDatabase } from '../../core/testing/db.js';
import { buildApp } from '../../server.js';
import { MODULES } from '../index.js';
import { DEMO_PASSWORD } from '../org/demo.js';
import { orgUnits, users } from '../org/schema.js';
import { seedProcedures } from './catalogue.js';
import { receiveDossier, recordEvent, recordIntakeDecision } from './commands.js';
import { agencyOf, atText, balancedLines, registerDocumentRoutes } from './documents.js';
import { registerPublicRoutes } from './public-routes.js';
import { dossierRatings, dossiers, procedures } from './schema.js';

/*
 * Printed forms (HTML + PDF) and the public side (lookup, rating, kiosk), through HTTP as a browser would.
 * Mỹ Xuyên's one-stop desk receives three dossiers in January 2024:
 *   A  Nguyễn Văn An, phone …5678: asked for a supplement, supplied, extended (apology), result returned, rated
 *   B  Trần Thị Bé, phone …0001: waits for a supplement (missing items shown publicly)
 *   C  Lê Văn Cường, phone …2233: result returned, rated on the kiosk
 */

let app: FastifyInstance;
let database: Database;
let ctx: AppContext;
let close: () => Promise<void>;

const ids: Record<'mx' | 'ks', number> = { mx: 0, ks: 0 };
const actors: Record<'clerk' | 'officer' | 'leader', Actor> = {
  clerk: { id: null, name: 'motcua.mx' },
  officer: { id: null, name: 'chuyenvien.mx' },
  leader: { id: null, name: 'truongphong.mx' },
};

const A = {
  name: 'Nguyễn Văn An',
  phone: '0912345678',
  cccd: '094123456789',
  email: 'nguyen.van.an@example.vn',
  address: '123 Ấp Hòa Phuông, xã Hòa Tú 1',
};
const B = { name: 'Trần Thị Bé', phone: '0987650001', address: '45 Ấp Đầu Giồng' };
const C = { name: 'Lê Văn Cường', phone: '0901112233', address: '7 Ấp Chợ' };
const vn = (s: string) => new Date(`${s}+07:00`);

let procedureId = 0;
let procedureDocs: { name: string; form: string; quantity: number }[] = [];
let dA: typeof dossiers.$inferSelect;
let dB: typeof dossiers.$inferSelect;
let dC: typeof dossiers.$inferSelect;
/** A's appointment after the extension */
let newDueA: Date;

/** This file's routes, unless the dossiers module (in MODULES) registers them already. */
const own: AppModule = {
  name: 'dossiers-public-test',
  register(a, c) {
    if (!a.routeTable.some((r) => r.url === '/tra-cuu-ho-so')) registerPublicRoutes(a, c);
    if (!a.routeTable.some((r) => r.url === '/ho-so/:id/giay-tiep-nhan')) registerDocumentRoutes(a, c);
  },
};

/** The app with this file's routes, whether or not the dossiers module is already in MODULES. */
async function createApp() {
  const db = await createTestDatabase();
  await prepareDatabase(db, MODULES, { demo: true });
  await seedProcedures(db);
  const config = loadConfig({ dataDir: mkdtempSync(join(tmpdir(), 'tnmt-test-')), logLevel: 'silent', sessionSecret: 'x'.repeat(40) }, {});
  ctx = createContext(db, config);
  const built = await buildApp(ctx, { modules: [...MODULES, own], logger: false });
  await built.ready();
  const closeAll = async () => {
    await built.close();
    await db.close();
  };
  return { app: built, database: db, close: closeAll };
}

async function signedIn(username: string, address: string) {
  const c = new TestClient(app, address);
  await c.signIn(username, DEMO_PASSWORD);
  return c;
}

/** Record an event on the dossier's current version. */
async function event(d: { id: number }, actor: Actor, input: Parameters<typeof recordEvent>[4]) {
  const [row] = await database.db.select({ version: dossiers.version }).from(dossiers).where(eq(dossiers.id, d.id));
  return recordEvent(database, actor, d.id, row!.version, input);
}

beforeAll(async () => {
  ({ app, database, close } = await createApp());
  const db = database.db;
  for (const [key, code] of [
    ['mx', 'PTNMT-947'],
    ['ks', 'PTNMT-943'],
  ] as const) {
    const [u] = await db.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.code, code));
    ids[key] = u!.id;
  }
  for (const a of Object.values(actors)) {
    const [u] = await db.select({ id: users.id }).from(users).where(eq(users.username, a.name));
    a.id = u!.id;
  }
  const [proc] = await db
    .select()
    .from(procedures)
    .where(and(eq(procedures.level, 'district'), eq(procedures.timeLimitUnit, 'working_days')))
    .orderBy(desc(procedures.timeLimitValue), asc(procedures.id))
    .limit(1);
  procedureId = proc!.id;
  procedureDocs = proc!.requiredDocuments.length
    ? proc!.requiredDocuments.map((d) => ({ name: d.name, form: d.form, quantity: d.quantity }))
    : [{ name: 'Đơn đăng ký', form: 'original', quantity: 1 }];

  const base = { procedureId, orgUnitId: ids.mx, channel: 1, applicantKind: 'person', documents: procedureDocs };
  dA = await receiveDossier(database, actors.clerk, {
    ...base,
    applicantName: A.name,
    applicantPhone: A.phone,
    applicantIdNumber: A.cccd,
    applicantEmail: A.email,
    applicantAddress: A.address,
    receivedAt: vn('2024-01-09T08:30'),
  });
  dB = await receiveDossier(database, actors.clerk, { ...base, applicantName: B.name, applicantPhone: B.phone, applicantAddress: B.address, receivedAt: vn('2024-01-09T09:15') });
  dC = await receiveDossier(database, actors.clerk, { ...base, applicantName: C.name, applicantPhone: C.phone, applicantAddress: C.address, receivedAt: vn('2024-01-09T10:00') });
}, 120_000);

afterAll(async () => close?.());

describe('Mẫu 01: giấy tiếp nhận hồ sơ và hẹn trả kết quả', () => {
  it('prints the Decree 30 header, the code, the documents and the due instant', async () => {
    const clerk = await signedIn('motcua.mx', '10.1.0.1');
    const res = await clerk.get(`/ho-so/${dA.id}/giay-tiep-nhan`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.headers['cache-control']).toBe('no-store');
    const html = res.body;
    expect(html).toContain('UBND HUYỆN MỸ XUYÊN');
    expect(html).toMatch(/PHÒNG TÀI NGUYÊN<\/span><span class="pf-agency__line">VÀ MÔI TRƯỜNG/);
    expect(html).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(html).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(html).toContain('Mỹ Xuyên, ngày 09 tháng 01 năm 2024');
    expect(html).toContain(placeDateLine('Mỹ Xuyên', dA.receivedAt));
    expect(html).toContain('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
    expect(html).toContain(dA.code);
    for (const d of procedureDocs) expect(html).toContain(d.name.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;'));
    expect(html).toContain('08 giờ 30 phút, ngày 09/01/2024');
    expect(html).toContain(atText(dA.dueAt));
    expect(html).toContain(A.name);
    expect(html).toContain('Lâm Thị Bích'); // the receiving clerk, from the 'received' event's actor
    expect(html).toContain('/tra-cuu-ho-so');
    expect(html).toContain('/assets/print-forms.css');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/style=/i);
    expect(html).not.toContain('javascript:');
  });

  it('downloads the same form as a PDF with the Vietnamese font, A5 and A4', async () => {
    const clerk = await signedIn('motcua.mx', '10.1.0.2');
    for (const url of [`/ho-so/${dA.id}/giay-tiep-nhan.pdf`, `/ho-so/${dA.id}/giay-tiep-nhan.pdf?kho=A4`]) {
      const res = await clerk.get(url);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="giay-tiep-nhan-.*\.pdf"$/);
      const pdf = res.rawPayload;
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdf.length).toBeGreaterThan(5 * 1024);
      expect(pdf.toString('latin1')).toContain('Roboto');
      expect(pdf.toString('latin1')).toMatch(url.includes('A4') ? /\/MediaBox \[0 0 595\.2\d* 841\.8\d*\]/ : /\/MediaBox \[0 0 419\.5\d* 595\.2\d*\]/);
    }
  });

  it('is not found outside the user’s scope, and asks anonymous visitors to sign in', async () => {
    const ks = await signedIn('chuyenvien.ks', '10.1.0.3');
    expect((await ks.get(`/ho-so/${dA.id}/giay-tiep-nhan`)).statusCode).toBe(404);
    expect((await ks.get(`/ho-so/${dA.id}/giay-tiep-nhan.pdf`)).statusCode).toBe(404);
    const anon = new TestClient(app, '10.1.0.4');
    const res = await anon.get(`/ho-so/${dA.id}/giay-tiep-nhan`);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(/^\/dang-nhap/);
    const clerk = await signedIn('motcua.mx', '10.1.0.5');
    expect((await clerk.get('/ho-so/999999/giay-tiep-nhan')).statusCode).toBe(404);
    expect((await clerk.get('/ho-so/abc/giay-tiep-nhan')).statusCode).toBe(404);
  });
});

describe('agency header', () => {
  it('names the issuing agency under its superior, in balanced lines, with the place of the area', async () => {
    const unit = async (code: string) => (await database.db.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.code, code)))[0]!.id;
    expect(await agencyOf(database.db, await unit('STNMT'))).toMatchObject({ superior: 'UBND TỈNH SÓC TRĂNG', issuer: ['SỞ TÀI NGUYÊN', 'VÀ MÔI TRƯỜNG'], place: 'Sóc Trăng' });
    // the department's office runs its one-stop desk: its forms carry the department's name
    expect(await agencyOf(database.db, await unit('VP'))).toMatchObject({ superior: 'UBND TỈNH SÓC TRĂNG', issuer: ['SỞ TÀI NGUYÊN', 'VÀ MÔI TRƯỜNG'] });
    expect(await agencyOf(database.db, ids.mx)).toMatchObject({ superior: 'UBND HUYỆN MỸ XUYÊN', issuer: ['PHÒNG TÀI NGUYÊN', 'VÀ MÔI TRƯỜNG'], place: 'Mỹ Xuyên' });
    expect(await agencyOf(database.db, await unit('VPDK-947'))).toMatchObject({ superior: 'VĂN PHÒNG ĐĂNG KÝ ĐẤT ĐAI', issuer: ['CHI NHÁNH VPĐK ĐẤT ĐAI', 'HUYỆN MỸ XUYÊN'], place: 'Mỹ Xuyên' });
    expect(balancedLines('CHI CỤC BẢO VỆ MÔI TRƯỜNG')).toEqual(['CHI CỤC BẢO VỆ', 'MÔI TRƯỜNG']);
    expect(balancedLines('UBND HUYỆN MỸ XUYÊN')).toEqual(['UBND HUYỆN MỸ XUYÊN']);
  });
});

describe('Mẫu 02 and 03', () => {
  it('prints the desk’s supplement request and refusal; not found for another district', async () => {
    const sup = await recordIntakeDecision(database, actors.clerk, {
      procedureId,
      orgUnitId: ids.mx,
      channel: 1,
      outcome: 'supplement',
      applicantName: 'Phạm Văn Dũng',
      applicantPhone: '0911000111',
      items: ['Bản sao CCCD của người sử dụng đất', 'Sơ đồ vị trí thửa đất'],
      reason: 'Thiếu giấy tờ theo quy định',
    });
    const ref = await recordIntakeDecision(database, actors.clerk, {
      procedureId,
      orgUnitId: ids.mx,
      channel: 1,
      outcome: 'refused',
      applicantName: 'Đỗ Thị Em',
      reason: 'Thửa đất thuộc địa bàn huyện Trần Đề, không thuộc thẩm quyền của huyện Mỹ Xuyên',
    });
    const clerk = await signedIn('motcua.mx', '10.1.0.6');
    const s = await clerk.get(`/ho-so/quyet-dinh-tiep-nhan/${sup.id}`);
    expect(s.statusCode).toBe(200);
    expect(s.body).toContain('PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ');
    expect(s.body).toContain('Bản sao CCCD của người sử dụng đất');
    expect(s.body).toContain('Sơ đồ vị trí thửa đất');
    expect(s.body).toContain('NGƯỜI HƯỚNG DẪN');
    const r = await clerk.get(`/ho-so/quyet-dinh-tiep-nhan/${ref.id}`);
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ');
    expect(r.body).toContain('không thuộc thẩm quyền của huyện Mỹ Xuyên');
    const pdf = await clerk.get(`/ho-so/quyet-dinh-tiep-nhan/${ref.id}.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const ks = await signedIn('chuyenvien.ks', '10.1.0.7');
    expect((await ks.get(`/ho-so/quyet-dinh-tiep-nhan/${sup.id}`)).statusCode).toBe(404);
  });
});

describe('processing A and B', () => {
  it('prints the dossier’s open supplement request only while it is open', async () => {
    const clerk = await signedIn('motcua.mx', '10.1.0.8');
    expect((await clerk.get(`/ho-so/${dA.id}/phieu-bo-sung`)).statusCode).toBe(404);
    await event(dA, actors.officer, { kind: 'supplement_requested', at: vn('2024-01-10T09:00'), data: { items: ['Bản vẽ trích đo địa chính thửa đất'] }, note: 'Ranh giới thửa đất chưa rõ' });
    const open = await clerk.get(`/ho-so/${dA.id}/phieu-bo-sung`);
    expect(open.statusCode).toBe(200);
    expect(open.body).toContain('PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ');
    expect(open.body).toContain('Bản vẽ trích đo địa chính thửa đất');
    expect(open.body).toContain(dA.code);
    expect(open.body).toContain('Thạch Sô Phết'); // the officer who asked
    await event(dA, actors.clerk, { kind: 'supplement_supplied', at: vn('2024-01-12T14:00') });
    expect((await clerk.get(`/ho-so/${dA.id}/phieu-bo-sung`)).statusCode).toBe(404);
    await event(dB, actors.officer, {
      kind: 'supplement_requested',
      at: vn('2024-01-11T10:00'),
      data: { items: ['Giấy xác nhận của UBND xã về nguồn gốc đất', 'Bản sao hợp đồng chuyển nhượng'] },
    });
  });

  it('has no apology letter before an extension, and one after it', async () => {
    const clerk = await signedIn('motcua.mx', '10.1.0.9');
    expect((await clerk.get(`/ho-so/${dA.id}/phieu-xin-loi`)).statusCode).toBe(404);
    expect((await clerk.get(`/ho-so/${dA.id}/phieu-xin-loi.pdf`)).statusCode).toBe(404);
    const [cur] = await database.db.select({ dueAt: dossiers.dueAt }).from(dossiers).where(eq(dossiers.id, dA.id));
    newDueA = new Date(cur!.dueAt.getTime() + 7 * 86_400_000);
    const after = await event(dA, actors.leader, {
      kind: 'extended',
      at: vn('2024-01-22T10:00'),
      note: 'Cần xác minh ranh giới thửa đất với hộ liền kề',
      data: { newDueAt: newDueA.toISOString() },
    });
    expect(after.extendedDueAt?.getTime()).toBe(newDueA.getTime());
    const res = await clerk.get(`/ho-so/${dA.id}/phieu-xin-loi`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ');
    expect(res.body).toContain('Mỹ Xuyên, ngày 22 tháng 01 năm 2024');
    expect(res.body).toContain('Cần xác minh ranh giới thửa đất với hộ liền kề');
    expect(res.body).toContain(atText(newDueA));
    expect(res.body).toContain('Ngày 09/01/2024'); // received
    expect(res.body).toContain(atText(after.dueAt)); // the appointment that was missed
    expect(res.body).toContain('xin lỗi');
    expect(res.body).toContain('Huỳnh Văn Tâm'); // the leader who extended
    const pdf = await clerk.get(`/ho-so/${dA.id}/phieu-xin-loi.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.length).toBeGreaterThan(5 * 1024);
    const ks = await signedIn('chuyenvien.ks', '10.1.0.10');
    expect((await ks.get(`/ho-so/${dA.id}/phieu-xin-loi`)).statusCode).toBe(404);
  });
});

describe('public lookup', () => {
  const suffix = (p: string) => p.slice(-4);

  it('shows an empty form without a CSRF token and without a session', async () => {
    const anon = new TestClient(app, '10.2.0.1');
    const res = await anon.get('/tra-cuu-ho-so');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('name="ma"');
    expect(res.body).toContain('name="so"');
    expect(res.body).not.toContain('_csrf');
    expect(res.cookies.find((c) => c.name === 'tnmt.sid')).toBeUndefined();
  });

  it('shows status, dates and timeline, but nothing about the applicant', async () => {
    const anon = new TestClient(app, '10.2.0.2');
    const res = await anon.get(`/tra-cuu-ho-so?ma=${encodeURIComponent(dA.code)}&so=${suffix(A.phone)}`);
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expect(html).toContain(dA.code);
    expect(html).toContain('Đang xử lý');
    expect(html).toContain('Tiếp nhận hồ sơ');
    expect(html).toContain('Yêu cầu bổ sung, hoàn thiện hồ sơ');
    expect(html).toContain('Đã nhận hồ sơ bổ sung');
    expect(html).toContain('Xin lỗi và hẹn lại ngày trả kết quả');
    expect(html).toContain(formatDateTime(newDueA)); // the new appointment
    expect(html).toContain('09/01/2024 08:30');
    for (const secret of [A.name, A.phone, A.cccd, A.email, A.address, '123 Ấp Hòa Phuông', 'Cần xác minh', 'Ranh giới thửa', 'Lâm Thị Bích', 'Thạch Sô Phết', 'motcua.mx', `so=${suffix(A.phone)}`]) {
      expect(html, secret).not.toContain(secret);
    }
    // the code typed is kept in the form
    expect(html).toMatch(new RegExp(`name="ma"[^>]*value="${dA.code.replace(/\./g, '\\.')}"`));
  });

  it('answers a wrong suffix and a wrong code identically; B does not open with A’s suffix', async () => {
    const anon = new TestClient(app, '10.2.0.3');
    const wrongCode = dA.code.replace(/\d{4}$/, '9999');
    const badSuffix = await anon.get(`/tra-cuu-ho-so?ma=${encodeURIComponent(dA.code)}&so=0000`);
    const badCode = await anon.get(`/tra-cuu-ho-so?ma=${encodeURIComponent(wrongCode)}&so=${suffix(A.phone)}`);
    expect(badSuffix.statusCode).toBe(404);
    expect(badCode.statusCode).toBe(404);
    expect(badSuffix.body).toContain('Không tìm thấy hồ sơ với mã và số điện thoại này');
    // byte-identical once the code the visitor typed (kept in the form) is set aside
    expect(badSuffix.body.replaceAll(dA.code, '§')).toBe(badCode.body.replaceAll(wrongCode, '§'));
    expect(badSuffix.body).not.toContain('0000');
    const cross = await anon.get(`/tra-cuu-ho-so?ma=${encodeURIComponent(dB.code)}&so=${suffix(A.phone)}`);
    expect(cross.statusCode).toBe(404);
    expect(cross.body.replaceAll(dB.code, '§')).toBe(badCode.body.replaceAll(wrongCode, '§'));
    expect(cross.body).not.toContain(B.name);
    const bad = await anon.get(`/tra-cuu-ho-so?ma=${encodeURIComponent(dA.code)}&so=12`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('4 số cuối số điện thoại phải gồm đúng 4 chữ số');
  });

  it('shows what is missing while the dossier waits for a supplement', async () => {
    const anon = new TestClient(app, '10.2.0.4');
    const res = await anon.get(`/tra-cuu-ho-so?ma=${encodeURIComponent(dB.code)}&so=${suffix(B.phone)}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Yêu cầu bổ sung giấy tờ');
    expect(res.body).toContain('Hồ sơ cần bổ sung');
    expect(res.body).toContain('Giấy xác nhận của UBND xã về nguồn gốc đất');
    expect(res.body).toContain('Bản sao hợp đồng chuyển nhượng');
    expect(res.body).not.toContain(B.name);
    const json = await anon.get(`/api/v1/public/dossiers/lookup?code=${encodeURIComponent(dB.code)}&phone4=${suffix(B.phone)}`);
    expect(json.statusCode).toBe(200);
    const body = json.json();
    expect(body.status).toBe(5);
    expect(body.statusName).toBe('Yêu cầu bổ sung giấy tờ');
    expect(body.missing).toEqual(['Giấy xác nhận của UBND xã về nguồn gốc đất', 'Bản sao hợp đồng chuyển nhượng']);
  });

  it('has a JSON twin with the same privacy and indistinguishability', async () => {
    const anon = new TestClient(app, '10.2.0.5');
    const ok = await anon.get(`/api/v1/public/dossiers/lookup?code=${encodeURIComponent(dA.code)}&phone4=${suffix(A.phone)}`);
    expect(ok.statusCode).toBe(200);
    const view = ok.json();
    expect(view.code).toBe(dA.code);
    expect(view.timeline.map((e: { kind: string }) => e.kind)).toEqual(['received', 'supplement_requested', 'supplement_supplied', 'extended']);
    expect(view.appointmentAt).toBe(newDueA.toISOString());
    for (const secret of [A.name, A.phone, A.cccd, A.email, A.address, 'actor', 'note', 'applicant']) expect(ok.body).not.toContain(secret);
    const wrongSuffix = await anon.get(`/api/v1/public/dossiers/lookup?code=${encodeURIComponent(dA.code)}&phone4=0000`);
    const wrongCode = await anon.get(`/api/v1/public/dossiers/lookup?code=${encodeURIComponent(dA.code.replace(/\d{4}$/, '9999'))}&phone4=${suffix(A.phone)}`);
    expect(wrongSuffix.statusCode).toBe(404);
    expect(wrongCode.statusCode).toBe(404);
    expect(wrongSuffix.body).toBe(wrongCode.body);
    const invalid = await anon.get('/api/v1/public/dossiers/lookup?code=x&phone4=12a4');
    expect(invalid.statusCode).toBe(400);
  });

  it('never writes the phone digits to the request log', async () => {
    const lines: string[] = [];
    const stream = { write: (line: string) => void lines.push(line) };
    const logged = await buildApp(ctx, { modules: [...MODULES, own], logger: { level: 'info', stream } });
    await logged.ready();
    try {
      const code = encodeURIComponent(dA.code);
      expect((await logged.inject({ url: `/tra-cuu-ho-so?ma=${code}&so=${suffix(A.phone)}` })).statusCode).toBe(200);
      expect((await logged.inject({ url: `/api/v1/public/dossiers/lookup?code=${code}&phone4=${suffix(A.phone)}` })).statusCode).toBe(200);
      expect((await logged.inject({ url: `/tra-cuu-ho-so?ma=${code}&so=4321` })).statusCode).toBe(404);
      await logged.inject({ url: '/healthz' });
      expect(lines.some((l) => l.includes('/healthz'))).toBe(true); // the log is on
      expect(lines.join('\n')).not.toContain(suffix(A.phone));
      expect(lines.join('\n')).not.toContain('4321');
    } finally {
      await logged.close();
    }
  });

  it('limits lookups to 20 a minute from one address', async () => {
    const anon = new TestClient(app, '10.2.9.9');
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await anon.get(`/tra-cuu-ho-so?ma=X-${i}&so=1234`)).statusCode);
    expect(statuses.slice(0, 20).every((s) => s === 404)).toBe(true);
    expect(statuses[20]).toBe(429);
    // another address is not affected
    expect((await new TestClient(app, '10.2.9.10').get('/tra-cuu-ho-so')).statusCode).toBe(200);
    const api = new TestClient(app, '10.2.9.11');
    for (let i = 0; i < 20; i++) await api.get(`/api/v1/public/dossiers/lookup?code=X-${i}&phone4=1234`);
    const limited = await api.get('/api/v1/public/dossiers/lookup?code=X&phone4=1234');
    expect(limited.statusCode).toBe(429);
  });
});

describe('satisfaction rating', () => {
  const suffix = (p: string) => p.slice(-4);

  it('gives anonymous visitors a session and a CSRF token, and refuses a post without it', async () => {
    const anon = new TestClient(app, '10.3.0.1');
    const page = await anon.get('/danh-gia');
    expect(page.statusCode).toBe(200);
    expect(anon.csrf).not.toBe('');
    expect(page.cookies.find((c) => c.name === 'tnmt.sid')).toBeDefined();
    for (const s of ['Rất không hài lòng', 'Không hài lòng', 'Bình thường', 'Hài lòng', 'Rất hài lòng']) expect(page.body).toContain(s);
    const stranger = new TestClient(app, '10.3.0.2');
    const res = await stranger.post('/danh-gia', { ma: dA.code, so: suffix(A.phone), diem: '5' }, { csrf: false });
    expect(res.statusCode).toBe(403);
  });

  it('refuses before the result is returned, accepts after, refuses a second rating', async () => {
    const anon = new TestClient(app, '10.3.0.3');
    await anon.get(`/danh-gia?ma=${encodeURIComponent(dA.code)}`);
    const early = await anon.post('/danh-gia', { ma: dA.code, so: suffix(A.phone), diem: '4', gop_y: '' });
    expect(early.statusCode).toBe(409);
    expect(early.body).toContain('Hồ sơ chưa trả kết quả');
    expect(early.body).toMatch(new RegExp(`name="ma"[^>]*value="${dA.code.replace(/\./g, '\\.')}"`));

    await event(dA, actors.officer, { kind: 'result_ready', at: vn('2024-02-20T10:00') });
    await event(dA, actors.clerk, { kind: 'result_returned', at: vn('2024-02-21T09:00') });

    const wrong = await anon.post('/danh-gia', { ma: dA.code, so: '0000', diem: '4' });
    expect(wrong.statusCode).toBe(404);
    expect(wrong.body).toContain('Không tìm thấy hồ sơ với mã và số điện thoại này');
    const tooLong = await anon.post('/danh-gia', { ma: dA.code, so: suffix(A.phone), diem: '4', gop_y: 'x'.repeat(1001) });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.body).toContain('Góp ý không được dài quá 1.000 ký tự');
    const noScore = await anon.post('/danh-gia', { ma: dA.code, so: suffix(A.phone) });
    expect(noScore.statusCode).toBe(400);
    expect(noScore.body).toContain('Chọn mức độ hài lòng');

    const ok = await anon.post('/danh-gia', { ma: dA.code.toLowerCase(), so: suffix(A.phone), diem: '4', gop_y: 'Cán bộ hướng dẫn tận tình' });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/danh-gia/cam-on');
    expect((await anon.get('/danh-gia/cam-on')).body).toContain('Cảm ơn ông/bà đã đánh giá');
    const [rating] = await database.db.select().from(dossierRatings).where(eq(dossierRatings.dossierId, dA.id));
    expect(rating).toMatchObject({ score: 4, via: 'link', comment: 'Cán bộ hướng dẫn tận tình' });
    const [audit] = await database.db.select().from(auditLog).where(and(eq(auditLog.action, 'dossier.rate'), eq(auditLog.entityId, dA.code)));
    expect(audit).toMatchObject({ actorId: null, actorName: 'public', orgUnitId: ids.mx, outcome: 'ok' });

    const again = await anon.post('/danh-gia', { ma: dA.code, so: suffix(A.phone), diem: '1' });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('Hồ sơ này đã được đánh giá');

    const lookup = await anon.get(`/tra-cuu-ho-so?ma=${encodeURIComponent(dA.code)}&so=${suffix(A.phone)}`);
    expect(lookup.body).toContain('Đã trả kết quả');
    expect(lookup.body).toContain(`/danh-gia?ma=${encodeURIComponent(dA.code)}`);
  });

  it('works on the kiosk, which returns to an empty form after 5 seconds', async () => {
    await event(dC, actors.officer, { kind: 'result_ready', at: vn('2024-01-25T10:00') });
    await event(dC, actors.clerk, { kind: 'result_returned', at: vn('2024-01-26T09:00') });
    const kiosk = new TestClient(app, '10.3.0.9');
    const page = await kiosk.get('/danh-gia/kiosk');
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/<button[^>]*name="diem"[^>]*value="5"/);
    expect(page.body).not.toMatch(/<script/i);
    const bad = await kiosk.post('/danh-gia/kiosk', { ma: dC.code, so: suffix(C.phone), gop_y: 'Nhanh' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Chọn mức độ hài lòng');
    const ok = await kiosk.post('/danh-gia/kiosk', { ma: dC.code, so: suffix(C.phone), diem: '5', gop_y: 'Nhanh' });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/danh-gia/kiosk/cam-on');
    const thanks = await kiosk.get('/danh-gia/kiosk/cam-on');
    expect(thanks.body).toContain('<meta http-equiv="refresh" content="5;url=/danh-gia/kiosk"/>');
    const [rating] = await database.db.select().from(dossierRatings).where(eq(dossierRatings.dossierId, dC.id));
    expect(rating).toMatchObject({ score: 5, via: 'kiosk' });
    const again = await kiosk.post('/danh-gia/kiosk', { ma: dC.code, so: suffix(C.phone), diem: '3' });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('Hồ sơ này đã được đánh giá');
  });
});
