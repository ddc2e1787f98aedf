import { and, count, eq, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../core/audit/index.js';
import { vnIsoDate } from '../../core/calendar/index.js';
import { createTestApp, TestClient, type TestApp } from '../../core/testing/app.js';
import { expectSound } from '../../ui/testing.js';
import { DEMO_PASSWORD } from '../org/demo.js';
import { findOrgUnitByCode } from '../org/queries.js';
import {
  inspectedSubjects,
  inspections,
  penaltyDecisions,
  penaltyLines,
  penaltyPayments,
  provisions,
  remedialMeasures,
  subjects,
  violationEvidence,
  violations,
} from './schema.js';
import { createSubject } from './subjects.js';

/*
 * The inspection pages end to end, through HTTP as a browser uses them. Thanh tra Sở (TTRA, which existed until the
 * 2025-07-01 reform) runs an inspection decided on 10/03/2025: a new company added inline and a registered household
 * head, findings, two violations (one with a PDF record), a penalty decision, a partial payment. Because the dates
 * lie in the past, the fine and the remedy are overdue today and show in the queues. Then bad input (nothing
 * changes, the form keeps what was typed), the fine-range rule, scope (404) and roles (403), and the JSON API.
 *
 * Hand-computed amounts: khoản 1 Điều 26 NĐ 45/2022 fines an individual 500.000–1.000.000 đồng, an organisation
 * twice that, 1.000.000–2.000.000 đồng; Điều 18 (unverified overall range) 1.000.000–1.000.000.000 đồng for an
 * individual, 2.000.000–2.000.000.000 đồng for an organisation. The decision fines 1.500.000 + 50.000.000 =
 * 51.500.000 đồng; 20.000.000 đồng are paid, 31.500.000 đồng remain. Payment was due 02/04/2025 + 10 days = 12/04/2025.
 */

let t: TestApp;
const clients = new Map<string, TestClient>();
let ip = 20;
let ttra: number;
let mx: number;
let art26: number;
let art18: number;
let art25: number;
let inspectionId: number;
let companyIs: number;
let householdIs: number;
let violationPdf: number;
let violationWater: number;
let evidenceId: number;
let decisionId: number;

const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
const today = () => vnIsoDate(new Date());
const tomorrow = () => new Date(Date.parse(`${today()}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

async function signedIn(username: string): Promise<TestClient> {
  const existing = clients.get(username);
  if (existing) return existing;
  const c = new TestClient(t.app, `10.9.0.${ip++}`);
  await c.signIn(username, DEMO_PASSWORD);
  clients.set(username, c);
  return c;
}

async function rows(table: PgTable, where?: SQL): Promise<number> {
  const [r] = await t.database.db.select({ n: count() }).from(table).where(where);
  return Number(r?.n ?? 0);
}

async function provisionId(article: number, clause: number | null, fineMinVnd: number): Promise<number> {
  const all = await t.database.db.select().from(provisions).where(eq(provisions.article, article));
  const p = all.find((x) => x.clause === clause && x.fineMinVnd === fineMinVnd);
  if (!p) throw new Error(`no provision Điều ${article} khoản ${clause}`);
  return p.id;
}

const inspectionForm = (over: Record<string, string> = {}): Record<string, string> => ({
  orgUnitId: String(ttra),
  decisionNumber: '12/QĐ-TTra',
  decisionDate: '2025-03-10',
  mode: 'inspection',
  kind: 'planned',
  field: 'environment',
  title: 'Thanh tra việc chấp hành pháp luật về bảo vệ môi trường tại các cơ sở chế biến thủy sản',
  'team-0-name': 'Nguyễn Thị Hoa',
  'team-0-role': 'Trưởng đoàn',
  'team-1-name': 'Lê Văn Tư',
  'team-1-role': 'Thành viên',
  'team-2-name': '',
  'team-2-role': 'Thành viên',
  startsOn: '2025-03-17',
  endsOn: '2025-03-28',
  ...over,
});

/** The value of the input with this id, HTML-escaped as the page has it. */
function inputValue(html: string, id: string): string | undefined {
  const tag = html.match(new RegExp(`<input[^>]*\\sid="${id}"[^>]*>`))?.[0];
  return tag?.match(/\svalue="([^"]*)"/)?.[1];
}

beforeAll(async () => {
  t = await createTestApp();
  ttra = (await findOrgUnitByCode(t.database.db, 'TTRA'))!.id;
  mx = (await findOrgUnitByCode(t.database.db, 'PTNMT-947'))!.id;
  art26 = await provisionId(26, 1, 500_000);
  art18 = await provisionId(18, null, 1_000_000);
  art25 = await provisionId(25, null, 500_000);
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('the inspection flow over HTTP (thanhtra, Thanh tra Sở)', () => {
  it('creates an inspection with its team from the form', async () => {
    const c = await signedIn('thanhtra');
    const form = await c.get('/thanh-tra/moi');
    expect(form.statusCode).toBe(200);
    expectSound(form.body);
    expect(form.body).toContain(`<option value="${ttra}" selected`);
    const res = await c.post('/thanh-tra/moi', inspectionForm());
    expect(res.statusCode, res.body.slice(0, 500)).toBe(303);
    const m = /^\/thanh-tra\/(\d+)$/.exec(String(res.headers.location));
    expect(m).not.toBeNull();
    inspectionId = Number(m![1]);
    const [row] = await t.database.db.select().from(inspections).where(eq(inspections.id, inspectionId));
    expect(row).toMatchObject({ orgUnitId: ttra, decisionNumber: '12/QĐ-TTra', decisionDate: '2025-03-10', mode: 'inspection', status: 'planned', version: 1 });
    // the empty third row is not a member
    expect(row!.team).toEqual([
      { name: 'Nguyễn Thị Hoa', role: 'Trưởng đoàn' },
      { name: 'Lê Văn Tư', role: 'Thành viên' },
    ]);
    const page = await c.get(`/thanh-tra/${inspectionId}`);
    expect(page.statusCode).toBe(200);
    expectSound(page.body);
    expect(page.body).toContain('Đã lập cuộc thanh tra, kiểm tra theo quyết định 12/QĐ-TTra');
    expect(page.body).toContain('Số 12/QĐ-TTra ngày 10/03/2025');
    expect(page.body).toContain('Từ 17/03/2025 đến 28/03/2025');
    expect(page.body).toContain('Cấp tỉnh');
    expect(page.body).toContain('Lê Văn Tư');
  });

  it('adds a new organisation inline and a registered household by its CCCD', async () => {
    const c = await signedIn('thanhtra');
    const household = await createSubject(t.database.db, SYSTEM_ACTOR, { kind: 'household', name: 'Hộ ông Trần Văn Mười', idNumber: '094085001234', sector: 'shrimp_farming' });
    await c.get(`/thanh-tra/${inspectionId}`);
    const added = await c.post(`/thanh-tra/${inspectionId}/doi-tuong`, {
      how: 'new',
      kind: 'organisation',
      name: 'Công ty TNHH Chế biến Thủy sản Mỹ Thanh',
      taxCode: '2200123456',
      idNumber: '',
      address: 'Khóm 5, phường 2, thành phố Sóc Trăng',
      sector: 'seafood_processing',
    });
    expect(added.statusCode, added.body.slice(0, 500)).toBe(303);
    const picked = await c.post(`/thanh-tra/${inspectionId}/doi-tuong`, { how: 'existing', subjectQuery: '0940 8500 1234' });
    expect(picked.statusCode, picked.body.slice(0, 500)).toBe(303);
    const list = await t.database.db.select().from(inspectedSubjects).where(eq(inspectedSubjects.inspectionId, inspectionId)).orderBy(inspectedSubjects.id);
    expect(list).toHaveLength(2);
    const [company] = await t.database.db.select().from(subjects).where(eq(subjects.taxCode, '2200123456'));
    expect(company).toMatchObject({ kind: 'organisation', sector: 'seafood_processing', createdByOrgUnitId: ttra });
    expect(list.map((x) => x.subjectId)).toEqual([company!.id, household.id]);
    companyIs = list[0]!.id;
    householdIs = list[1]!.id;
    const page = await c.get(`/thanh-tra/${inspectionId}`);
    expectSound(page.body);
    expect(page.body).toContain('Công ty TNHH Chế biến Thủy sản Mỹ Thanh');
    expect(page.body).toContain(`href="/doi-tuong/${household.id}"`);
    expect(page.body).toContain(`href="/thanh-tra/doi-tuong/${companyIs}"`);
    // the same subject twice is refused on the query field
    const again = await c.post(`/thanh-tra/${inspectionId}/doi-tuong`, { how: 'existing', subjectQuery: '094085001234' });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('id="subjectQuery-error"');
    expect(again.body).toContain('đã có trong cuộc thanh tra, kiểm tra này');
    // an unknown number is said so on the field
    const unknown = await c.post(`/thanh-tra/${inspectionId}/doi-tuong`, { how: 'existing', subjectQuery: '2200999999' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('Không tìm thấy đối tượng nào có mã &quot;2200999999&quot;');
    expect(inputValue(unknown.body, 'subjectQuery')).toBe('2200999999');
  });

  it('records findings, a violation with a PDF record, and a second violation', async () => {
    const c = await signedIn('thanhtra');
    await c.get(`/thanh-tra/doi-tuong/${householdIs}`);
    const findings = await c.post(`/thanh-tra/doi-tuong/${householdIs}/ket-qua`, {
      version: '1',
      inspectedOn: '20/03/2025',
      findings: 'Ao nuôi có hệ thống lắng lọc, nhật ký vận hành đầy đủ.',
      outcome: 'compliant',
    });
    expect(findings.statusCode, findings.body.slice(0, 500)).toBe(303);
    const [hh] = await t.database.db.select().from(inspectedSubjects).where(eq(inspectedSubjects.id, householdIs));
    expect(hh).toMatchObject({ inspectedOn: '2025-03-20', outcome: 'compliant', version: 2 });
    const [started] = await t.database.db.select().from(inspections).where(eq(inspections.id, inspectionId));
    expect(started!.status).toBe('in_progress');

    const page = await c.get(`/thanh-tra/doi-tuong/${companyIs}`);
    expect(page.statusCode).toBe(200);
    expectSound(page.body);
    // the provision select shows the organisation's range (twice the individual's)
    expect(page.body).toContain('khoản 1 Điều 26 Nghị định 45/2022/NĐ-CP');
    expect(page.body).toContain('Khung phạt đối với tổ chức: từ 1.000.000 đồng đến 2.000.000 đồng');
    const res = await c.upload(
      `/thanh-tra/doi-tuong/${companyIs}/vi-pham`,
      'file',
      { name: 'biên bản vi phạm.pdf', type: 'application/pdf', bytes: PDF },
      { provisionId: String(art26), description: 'Không phân loại chất thải rắn sinh hoạt tại khu nhà ăn công nhân', committedOn: '2025-03-18' },
    );
    expect(res.statusCode, res.body.slice(0, 500)).toBe(303);
    const [v] = await t.database.db.select().from(violations).where(eq(violations.inspectedSubjectId, companyIs));
    violationPdf = v!.id;
    const ev = await t.database.db.select().from(violationEvidence).where(eq(violationEvidence.violationId, violationPdf));
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ originalName: 'biên bản vi phạm.pdf', mediaType: 'application/pdf', sizeBytes: PDF.length });
    evidenceId = ev[0]!.id;

    const water = await c.upload(
      `/thanh-tra/doi-tuong/${companyIs}/vi-pham`,
      'file',
      { name: '', type: 'application/octet-stream', bytes: new Uint8Array() },
      { provisionId: String(art18), description: 'Xả nước thải vượt quy chuẩn kỹ thuật ra kênh Maspero', committedOn: '2025-03-18' },
    );
    expect(water.statusCode, water.body.slice(0, 500)).toBe(303);
    const all = await t.database.db.select().from(violations).where(eq(violations.inspectedSubjectId, companyIs)).orderBy(violations.id);
    expect(all).toHaveLength(2);
    violationWater = all[1]!.id;
    expect(await rows(violationEvidence, eq(violationEvidence.violationId, violationWater))).toBe(0);
    const [company] = await t.database.db.select().from(inspectedSubjects).where(eq(inspectedSubjects.id, companyIs));
    expect(company!.outcome).toBe('violation');

    const after = await c.get(`/thanh-tra/doi-tuong/${companyIs}`);
    expectSound(after.body);
    expect(after.body).toContain(`href="/thanh-tra/bang-chung/${evidenceId}"`);
    expect(after.body).toContain('chưa đối chiếu');
    expect(after.body).toContain('Khung phạt đối với tổ chức: từ 2.000.000 đồng đến 2.000.000.000 đồng');
    const file = await c.get(`/thanh-tra/bang-chung/${evidenceId}`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('application/pdf');
    expect(String(file.headers['content-disposition'])).toContain("filename*=UTF-8''bi%C3%AAn%20b%E1%BA%A3n%20vi%20ph%E1%BA%A1m.pdf");
    expect(file.rawPayload.equals(PDF)).toBe(true);
  });

  it('issues a penalty decision and records a partial payment; the pages show the amounts', async () => {
    const c = await signedIn('thanhtra');
    const page = await c.get(`/thanh-tra/doi-tuong/${companyIs}`);
    // the remedy of Điều 18 is offered as the first measure
    expect(page.body).toContain('name="remedies-0-description" rows="2">Buộc thực hiện biện pháp khắc phục tình trạng ô nhiễm môi trường</textarea>');
    const res = await c.post(`/thanh-tra/doi-tuong/${companyIs}/quyet-dinh`, {
      number: '05/QĐ-XPHC',
      decidedOn: '2025-04-02',
      signerName: 'Phạm Văn Chánh',
      signerTitle: 'Chánh Thanh tra Sở',
      [`fine-${violationPdf}`]: '1.500.000',
      [`reason-${violationPdf}`]: '',
      [`fine-${violationWater}`]: '50.000.000',
      [`reason-${violationWater}`]: '',
      additionalPenalties: '',
      paymentDueOn: '',
      'remedies-0-description': 'Xử lý nước thải đạt quy chuẩn trước khi xả ra môi trường',
      'remedies-0-deadline': '2025-05-02',
      'remedies-1-description': '',
      'remedies-1-deadline': '',
      'remedies-2-description': '',
      'remedies-2-deadline': '',
    });
    expect(res.statusCode, res.body.slice(0, 800)).toBe(303);
    const m = /^\/thanh-tra\/quyet-dinh\/(\d+)$/.exec(String(res.headers.location));
    decisionId = Number(m![1]);
    const [d] = await t.database.db.select().from(penaltyDecisions).where(eq(penaltyDecisions.id, decisionId));
    expect(d).toMatchObject({ orgUnitId: ttra, fineVnd: 51_500_000, paymentDueOn: '2025-04-12', number: '05/QĐ-XPHC' });
    expect(await rows(penaltyLines, eq(penaltyLines.decisionId, decisionId))).toBe(2);
    expect(await rows(remedialMeasures, eq(remedialMeasures.decisionId, decisionId))).toBe(1);

    await c.get(`/thanh-tra/quyet-dinh/${decisionId}`);
    const paid = await c.post(`/thanh-tra/quyet-dinh/${decisionId}/nop-phat`, { paidOn: '2025-04-08', amountVnd: '20.000.000', receiptNumber: 'BL-0001234' });
    expect(paid.statusCode, paid.body.slice(0, 500)).toBe(303);
    const payments = await t.database.db.select().from(penaltyPayments).where(eq(penaltyPayments.decisionId, decisionId));
    expect(payments.map((p) => [p.paidOn, p.amountVnd, p.receiptNumber])).toEqual([['2025-04-08', 20_000_000, 'BL-0001234']]);

    const view = await c.get(`/thanh-tra/quyet-dinh/${decisionId}`);
    expect(view.statusCode).toBe(200);
    expectSound(view.body);
    expect(view.body).toContain('Đã ghi nhận nộp 20.000.000 đồng');
    expect(view.body).toContain('51.500.000 đồng');
    expect(view.body).toContain('1.500.000 đồng');
    expect(view.body).toContain('31.500.000 đồng');
    expect(view.body).toContain('12/04/2025');
    expect(view.body).toMatch(/Đã quá hạn nộp phạt [\d.]+ ngày, còn 31\.500\.000 đồng chưa nộp/);
    expect(view.body).toContain('khoản 1 Điều 26 Nghị định 45/2022/NĐ-CP');
    expect(view.body).toContain('BL-0001234');
    expect(view.body).toContain('Quá hạn'); // the remedy's deadline 02/05/2025 has passed

    const inspection = await c.get(`/thanh-tra/${inspectionId}`);
    expect(inspection.body).toContain('2 đối tượng, 1 có vi phạm, tiền phạt 51.500.000 đồng, đã nộp 20.000.000 đồng');
    const list = await c.get('/thanh-tra');
    expectSound(list.body);
    expect(list.body).toContain(`href="/thanh-tra/${inspectionId}"`);
    expect(list.body).toContain('51.500.000 đồng');

    const print = await c.get(`/thanh-tra/quyet-dinh/${decisionId}/ban-in`);
    expect(print.statusCode).toBe(200);
    for (const s of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'THANH TRA SỞ', 'Số: 05/QĐ-XPHC', 'Sóc Trăng, ngày 02 tháng 4 năm 2025', '51.500.000 đồng', 'CHÁNH THANH TRA SỞ'])
      expect(print.body).toContain(s);
  });

  it('lists the overdue payment and the overdue remedy in their queues, the API and the home page', async () => {
    const c = await signedIn('thanhtra');
    const payments = await c.get('/thanh-tra?hang=qua-han-nop-phat');
    expect(payments.statusCode).toBe(200);
    expectSound(payments.body);
    expect(payments.body).toContain('Quyết định quá hạn nộp phạt: 1');
    expect(payments.body).toContain(`href="/thanh-tra/quyet-dinh/${decisionId}"`);
    expect(payments.body).toContain('31.500.000 đồng');
    const remedies = await c.get('/thanh-tra?hang=qua-han-khac-phuc');
    expectSound(remedies.body);
    expect(remedies.body).toContain('Biện pháp khắc phục quá hạn: 1');
    expect(remedies.body).toContain('Xử lý nước thải đạt quy chuẩn trước khi xả ra môi trường');
    const api = JSON.parse((await c.request('GET', '/api/v1/inspection-queues')).body) as { overduePayments: { decisionId: number; paidVnd: number }[]; overdueRemedies: { decisionId: number }[] };
    expect(api.overduePayments.map((r) => [r.decisionId, r.paidVnd])).toEqual([[decisionId, 20_000_000]]);
    expect(api.overdueRemedies.map((r) => r.decisionId)).toEqual([decisionId]);
    const home = await c.get('/');
    expect(home.body).toContain('1 quyết định quá hạn nộp phạt');
    expect(home.body).toContain('1 biện pháp khắc phục quá hạn');
  });
  it('speaks English when asked, with no untranslated key', async () => {
    const c = new TestClient(t.app, '10.9.1.1');
    await c.signIn('thanhtra', DEMO_PASSWORD);
    for (const url of ['/thanh-tra', '/thanh-tra?hang=qua-han-nop-phat', '/thanh-tra?hang=qua-han-khac-phuc', '/thanh-tra/moi', `/thanh-tra/${inspectionId}`, `/thanh-tra/doi-tuong/${companyIs}`, `/thanh-tra/quyet-dinh/${decisionId}`, '/']) {
      const res = await c.get(`${url}${url.includes('?') ? '&' : '?'}lang=en`);
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).not.toMatch(/insp\.[a-z]/);
      expect(res.body, url).toContain('lang="en"');
    }
    const decision = await c.get(`/thanh-tra/quyet-dinh/${decisionId}`);
    expect(decision.body).toContain('VND 31,500,000');
  });
});

describe('bad input keeps what was typed and changes nothing', () => {
  it('refuses a decision date after today on the date field', async () => {
    const c = await signedIn('thanhtra');
    await c.get('/thanh-tra/moi');
    const before = await rows(inspections);
    const res = await c.post('/thanh-tra/moi', inspectionForm({ decisionNumber: '99/QĐ-TTra', decisionDate: tomorrow(), title: 'Kiểm tra đột xuất cơ sở xay xát' }));
    expect(res.statusCode).toBe(400);
    expectSound(res.body);
    expect(res.body).toContain('id="decisionDate-error"');
    expect(res.body).toContain('Ngày quyết định không được sau ngày hôm nay');
    expect(res.body).toContain('href="#decisionDate"');
    expect(inputValue(res.body, 'decisionNumber')).toBe('99/QĐ-TTra');
    expect(inputValue(res.body, 'decisionDate')).toBe(tomorrow());
    expect(inputValue(res.body, 'team-1-name')).toBe('Lê Văn Tư');
    expect(res.body).toContain('Kiểm tra đột xuất cơ sở xay xát</textarea>');
    expect(await rows(inspections)).toBe(before);
  });

  it('refuses a tax code in the wrong format on the inline subject form', async () => {
    const c = await signedIn('thanhtra');
    await c.get(`/thanh-tra/${inspectionId}`);
    const [subjectsBefore, inspectedBefore] = [await rows(subjects), await rows(inspectedSubjects)];
    const res = await c.post(`/thanh-tra/${inspectionId}/doi-tuong`, { how: 'new', kind: 'organisation', name: 'Doanh nghiệp tư nhân Gạch Ngói Phú Tâm', taxCode: '12345', idNumber: '', address: '', sector: 'brick_kiln' });
    expect(res.statusCode).toBe(400);
    expectSound(res.body);
    expect(res.body).toContain('id="new-taxCode-error"');
    expect(res.body).toContain('Mã số thuế không đúng định dạng');
    expect(inputValue(res.body, 'new-taxCode')).toBe('12345');
    expect(inputValue(res.body, 'new-name')).toBe('Doanh nghiệp tư nhân Gạch Ngói Phú Tâm');
    expect(res.body).toMatch(/<option value="brick_kiln" selected/);
    expect(await rows(subjects)).toBe(subjectsBefore);
    expect(await rows(inspectedSubjects)).toBe(inspectedBefore);
  });

  it('refuses a payment above what remains', async () => {
    const c = await signedIn('thanhtra');
    await c.get(`/thanh-tra/quyet-dinh/${decisionId}`);
    const res = await c.post(`/thanh-tra/quyet-dinh/${decisionId}/nop-phat`, { paidOn: '2025-04-20', amountVnd: '40.000.000', receiptNumber: 'BL-0009999' });
    expect(res.statusCode).toBe(400);
    expectSound(res.body);
    expect(res.body).toContain('id="amountVnd-error"');
    expect(res.body).toContain('Số tiền nộp vượt số tiền còn phải nộp (còn 31.500.000 đồng)');
    expect(inputValue(res.body, 'amountVnd')).toBe('40.000.000');
    expect(inputValue(res.body, 'receiptNumber')).toBe('BL-0009999');
    expect(await rows(penaltyPayments, eq(penaltyPayments.decisionId, decisionId))).toBe(1);
    const text = await c.post(`/thanh-tra/quyet-dinh/${decisionId}/nop-phat`, { paidOn: '2025-04-20', amountVnd: 'hai triệu', receiptNumber: 'BL-0009999' });
    expect(text.statusCode).toBe(400);
    expect(text.body).toContain('Số tiền nộp là số đồng lớn hơn 0');
    expect(await rows(penaltyPayments, eq(penaltyPayments.decisionId, decisionId))).toBe(1);
  });

  it('refuses an evidence file above 10 MiB and records neither the violation nor the file', async () => {
    const c = await signedIn('thanhtra');
    await c.get(`/thanh-tra/doi-tuong/${companyIs}`);
    const big = Buffer.alloc(10 * 1024 * 1024 + 1, 0x20);
    PDF.copy(big);
    const [violationsBefore, evidenceBefore] = [await rows(violations), await rows(violationEvidence)];
    const res = await c.upload(
      `/thanh-tra/doi-tuong/${companyIs}/vi-pham`,
      'file',
      { name: 'ảnh hiện trường.pdf', type: 'application/pdf', bytes: big },
      { provisionId: String(art25), description: 'Đổ chất thải ra lề đường trước cổng nhà máy', committedOn: '2025-03-19' },
    );
    expect(res.statusCode).toBe(400);
    expectSound(res.body);
    expect(res.body).toContain('id="file-error"');
    expect(res.body).toContain('Tệp quá lớn: hơn 10 MB; tối đa 10 MB');
    expect(res.body).toContain('Đổ chất thải ra lề đường trước cổng nhà máy</textarea>');
    expect(res.body).toMatch(new RegExp(`<option value="${art25}" selected`));
    expect(await rows(violations)).toBe(violationsBefore);
    expect(await rows(violationEvidence)).toBe(evidenceBefore);
    // the same file on an existing violation's evidence form
    const more = await c.upload(`/thanh-tra/doi-tuong/${companyIs}/bang-chung`, 'file', { name: 'ảnh.pdf', type: 'application/pdf', bytes: big }, { violationId: String(violationPdf) });
    expect(more.statusCode).toBe(400);
    expectSound(more.body);
    expect(more.body).toContain(`id="evidence-${violationPdf}-error"`);
    expect(await rows(violationEvidence)).toBe(evidenceBefore);
  });

  it('refuses a fine outside the range, naming the article and the range, and accepts it with a reason', async () => {
    const c = await signedIn('thanhtra');
    await c.get(`/thanh-tra/doi-tuong/${companyIs}`);
    const rec = await c.upload(
      `/thanh-tra/doi-tuong/${companyIs}/vi-pham`,
      'file',
      { name: '', type: 'application/octet-stream', bytes: new Uint8Array() },
      { provisionId: String(art25), description: 'Đổ chất thải ra lề đường trước cổng nhà máy', committedOn: '2025-03-19' },
    );
    expect(rec.statusCode, rec.body.slice(0, 500)).toBe(303);
    const [v] = await t.database.db.select().from(violations).where(and(eq(violations.inspectedSubjectId, companyIs), eq(violations.provisionId, art25)));
    const form = {
      number: '06/QĐ-XPHC',
      decidedOn: '2025-04-03',
      signerName: 'Phạm Văn Chánh',
      signerTitle: 'Chánh Thanh tra Sở',
      [`fine-${v!.id}`]: '5.000.000',
      [`reason-${v!.id}`]: '',
    };
    const decisionsBefore = await rows(penaltyDecisions);
    const refused = await c.post(`/thanh-tra/doi-tuong/${companyIs}/quyet-dinh`, form);
    expect(refused.statusCode).toBe(400);
    expectSound(refused.body);
    expect(refused.body).toContain(`id="fine-${v!.id}-error"`);
    expect(refused.body).toContain('Số tiền phạt 5.000.000 đồng nằm ngoài khung của Điều 25 Nghị định 45/2022/NĐ-CP');
    expect(refused.body).toContain('khung phạt tiền đối với tổ chức từ 1.000.000 đồng đến 2.000.000 đồng');
    expect(inputValue(refused.body, `fine-${v!.id}`)).toBe('5.000.000');
    expect(inputValue(refused.body, 'number')).toBe('06/QĐ-XPHC');
    expect(await rows(penaltyDecisions)).toBe(decisionsBefore);
    const accepted = await c.post(`/thanh-tra/doi-tuong/${companyIs}/quyet-dinh`, { ...form, [`reason-${v!.id}`]: 'Vi phạm nhiều lần, tái phạm (tình tiết tăng nặng)' });
    expect(accepted.statusCode, accepted.body.slice(0, 500)).toBe(303);
    const [line] = await t.database.db.select().from(penaltyLines).where(eq(penaltyLines.violationId, v!.id));
    expect(line).toMatchObject({ fineVnd: 5_000_000, outOfRangeReason: 'Vi phạm nhiều lần, tái phạm (tình tiết tăng nặng)' });
  });

  it('answers a stale version with 409 and keeps what was typed', async () => {
    const c = await signedIn('thanhtra');
    const edit = await c.get(`/thanh-tra/${inspectionId}/sua`);
    expect(edit.statusCode).toBe(200);
    expectSound(edit.body);
    const [row] = await t.database.db.select().from(inspections).where(eq(inspections.id, inspectionId));
    const res = await c.post(`/thanh-tra/${inspectionId}/sua`, { ...inspectionForm({ title: 'Tên sửa lại khi bản ghi đã đổi' }), version: String(row!.version - 1) });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('Người khác vừa thay đổi bản ghi này');
    expect(res.body).toContain('Tên sửa lại khi bản ghi đã đổi</textarea>');
    expect(res.body).toContain(`name="version" value="${row!.version}"`);
    const [after] = await t.database.db.select().from(inspections).where(eq(inspections.id, inspectionId));
    expect(after!.title).toBe(row!.title);
    expect(after!.version).toBe(row!.version);
  });
});

describe('access', () => {
  it('keeps the Mỹ Xuyên inspector out of Thanh tra Sở’s records (404) and lets them create their own unit’s', async () => {
    const c = await signedIn('kiemtra.mx');
    for (const url of [`/thanh-tra/${inspectionId}`, `/thanh-tra/doi-tuong/${companyIs}`, `/thanh-tra/quyet-dinh/${decisionId}`, `/thanh-tra/bang-chung/${evidenceId}`, `/thanh-tra/${inspectionId}/sua`])
      expect((await c.get(url)).statusCode, url).toBe(404);
    expect((await c.request('GET', `/api/v1/inspections/${inspectionId}`)).statusCode).toBe(404);
    expect((await c.request('GET', `/api/v1/penalty-decisions/${decisionId}`)).statusCode).toBe(404);
    await c.get('/thanh-tra');
    const versionBefore = (await t.database.db.select().from(inspections).where(eq(inspections.id, inspectionId)))[0]!.version;
    expect((await c.post(`/thanh-tra/${inspectionId}/trang-thai`, { status: 'cancelled', version: String(versionBefore) })).statusCode).toBe(404);
    expect((await c.post(`/thanh-tra/quyet-dinh/${decisionId}/nop-phat`, { paidOn: '2025-04-20', amountVnd: '1.000.000', receiptNumber: 'X' })).statusCode).toBe(404);
    expect((await t.database.db.select().from(inspections).where(eq(inspections.id, inspectionId)))[0]!.version).toBe(versionBefore);
    const list = await c.get('/thanh-tra');
    expect(list.body).not.toContain('12/QĐ-TTra');

    const form = await c.get('/thanh-tra/moi');
    expect(form.body).toContain(`<option value="${mx}" selected`);
    expect(form.body).not.toContain(`<option value="${ttra}"`);
    const own = await c.post('/thanh-tra/moi', inspectionForm({ orgUnitId: String(mx), decisionNumber: '03/QĐ-PTNMT', decisionDate: '2025-02-10', mode: 'check', startsOn: '2025-02-17', endsOn: '2025-02-21', title: 'Kiểm tra các cơ sở xay xát lúa gạo trên địa bàn huyện Mỹ Xuyên', 'team-0-name': 'Danh Thị Mỹ', 'team-1-name': '' }));
    expect(own.statusCode, own.body.slice(0, 500)).toBe(303);
    const [mine] = await t.database.db.select().from(inspections).where(eq(inspections.decisionNumber, '03/QĐ-PTNMT'));
    expect(mine!.orgUnitId).toBe(mx);

    const before = await rows(inspections);
    const foreign = await c.post('/thanh-tra/moi', inspectionForm({ decisionNumber: '04/QĐ-PTNMT' }));
    expect(foreign.statusCode).toBe(400);
    expect(foreign.body).toContain('id="orgUnitId-error"');
    expect(foreign.body).toContain('Chọn một đơn vị trong phạm vi của bạn');
    const api = await c.request('POST', '/api/v1/inspections', { ...apiBody(), orgUnitId: ttra });
    expect(api.statusCode).toBe(400);
    expect((JSON.parse(api.body) as { fields: { field: string }[] }).fields.map((e) => e.field)).toContain('orgUnitId');
    expect(await rows(inspections)).toBe(before);
  });

  it('lets the department leader and the viewer read both units’ inspections but refuses every POST (403)', async () => {
    const [mine] = await t.database.db.select().from(inspections).where(eq(inspections.decisionNumber, '03/QĐ-PTNMT'));
    for (const username of ['lanhdao', 'xem']) {
      const c = await signedIn(username);
      for (const url of [`/thanh-tra/${inspectionId}`, `/thanh-tra/${mine!.id}`, `/thanh-tra/doi-tuong/${companyIs}`, `/thanh-tra/quyet-dinh/${decisionId}`, `/thanh-tra/bang-chung/${evidenceId}`]) {
        const res = await c.get(url);
        expect(res.statusCode, `${username} ${url}`).toBe(200);
      }
      const page = await c.get(`/thanh-tra/${inspectionId}`);
      expect(page.body).toContain('Bạn chỉ có quyền xem cuộc thanh tra, kiểm tra này.');
      expect(page.body).not.toContain(`action="/thanh-tra/${inspectionId}/doi-tuong"`);
      const list = await c.get('/thanh-tra');
      expect(list.body).toContain('12/QĐ-TTra');
      expect(list.body).toContain('03/QĐ-PTNMT');
      expect(list.body).not.toContain('href="/thanh-tra/moi"');
      const posts: [string, Record<string, string>][] = [
        ['/thanh-tra/moi', inspectionForm({ decisionNumber: '77/QĐ-TTra' })],
        [`/thanh-tra/${inspectionId}/trang-thai`, { status: 'cancelled', version: '1' }],
        [`/thanh-tra/${inspectionId}/ket-luan`, { conclusionNumber: '1/KL', conclusionDate: '2025-04-30', conclusion: 'x', version: '1' }],
        [`/thanh-tra/${inspectionId}/doi-tuong`, { how: 'existing', subjectQuery: '2200123456' }],
        [`/thanh-tra/${inspectionId}/sua`, { ...inspectionForm(), version: '1' }],
        [`/thanh-tra/doi-tuong/${companyIs}/ket-qua`, { version: '1', inspectedOn: '2025-03-18', findings: 'x', outcome: 'violation' }],
        [`/thanh-tra/doi-tuong/${companyIs}/quyet-dinh`, { number: '9/QĐ' }],
        [`/thanh-tra/quyet-dinh/${decisionId}/nop-phat`, { paidOn: '2025-04-20', amountVnd: '1.000.000', receiptNumber: 'X' }],
        [`/thanh-tra/quyet-dinh/${decisionId}/khac-phuc`, { remedyId: '1', version: '1', doneOn: '2025-04-20', note: '' }],
      ];
      for (const [url, body] of posts) expect((await c.post(url, body)).statusCode, `${username} POST ${url}`).toBe(403);
      const upload = await c.upload(`/thanh-tra/doi-tuong/${companyIs}/vi-pham`, 'file', { name: 'a.pdf', type: 'application/pdf', bytes: PDF }, { provisionId: String(art26), description: 'x', committedOn: '2025-03-18' });
      expect(upload.statusCode).toBe(403);
      expect((await c.request('POST', '/api/v1/inspections', apiBody())).statusCode).toBe(403);
    }
    expect(await rows(penaltyPayments, eq(penaltyPayments.decisionId, decisionId))).toBe(1);
  });

  it('lets the Mỹ Xuyên leader read Mỹ Xuyên’s inspection and not Thanh tra Sở’s', async () => {
    const c = await signedIn('truongphong.mx');
    const [mine] = await t.database.db.select().from(inspections).where(eq(inspections.decisionNumber, '03/QĐ-PTNMT'));
    const own = await c.get(`/thanh-tra/${mine!.id}`);
    expect(own.statusCode).toBe(200);
    expect(own.body).toContain('Cấp huyện');
    expect((await c.get(`/thanh-tra/${inspectionId}`)).statusCode).toBe(404);
    expect((await c.get(`/thanh-tra/quyet-dinh/${decisionId}`)).statusCode).toBe(404);
  });
});

function apiBody() {
  return {
    decisionNumber: '31/QĐ-TTra',
    decisionDate: '2025-05-05',
    mode: 'check',
    kind: 'unannounced',
    field: 'water',
    title: 'Kiểm tra đột xuất việc khai thác nước dưới đất',
    team: [{ name: 'Nguyễn Thị Hoa', role: 'Trưởng đoàn' }],
    startsOn: '2025-05-06',
    endsOn: '2025-05-09',
  };
}

describe('JSON API', () => {
  it('lists, reads and creates inspections; refused input is 400 with the fields', async () => {
    const c = await signedIn('thanhtra');
    await c.get('/thanh-tra');
    const list = JSON.parse((await c.request('GET', '/api/v1/inspections?year=2025&field=environment')).body) as { total: number; items: { id: number; subjects: number; violating: number; finesVnd: number }[] };
    const item = list.items.find((i) => i.id === inspectionId);
    // 51.500.000 + 5.000.000 (the decision with the stated reason)
    expect(item).toMatchObject({ subjects: 2, violating: 1, finesVnd: 56_500_000 });
    const one = JSON.parse((await c.request('GET', `/api/v1/inspections/${inspectionId}`)).body) as { decisionNumber: string; level: string; subjects: { outcome: string }[] };
    expect(one.decisionNumber).toBe('12/QĐ-TTra');
    expect(one.level).toBe('province');
    expect(one.subjects.map((s) => s.outcome)).toEqual(['violation', 'compliant']);
    const decision = JSON.parse((await c.request('GET', `/api/v1/penalty-decisions/${decisionId}`)).body) as { fineVnd: number; paidVnd: number; remainingVnd: number; lines: { citation: string }[] };
    expect(decision).toMatchObject({ fineVnd: 51_500_000, paidVnd: 20_000_000, remainingVnd: 31_500_000 });
    expect(decision.lines.map((l) => l.citation)).toContain('khoản 1 Điều 26 Nghị định 45/2022/NĐ-CP');

    const bad = await c.request('POST', '/api/v1/inspections', { ...apiBody(), decisionDate: tomorrow() });
    expect(bad.statusCode).toBe(400);
    expect((JSON.parse(bad.body) as { fields: { field: string; message: string }[] }).fields.find((e) => e.field === 'decisionDate')?.message).toContain('không được sau ngày hôm nay');
    const created = await c.request('POST', '/api/v1/inspections', apiBody());
    expect(created.statusCode, created.body).toBe(201);
    const row = JSON.parse(created.body) as { id: number; orgUnitId: number; status: string };
    expect(row).toMatchObject({ orgUnitId: ttra, status: 'planned' });
    const docs = JSON.parse((await c.get('/api/docs/json')).body) as { paths: Record<string, unknown> };
    for (const path of ['/api/v1/inspections', '/api/v1/inspections/{id}', '/api/v1/penalty-decisions/{id}', '/api/v1/inspection-queues']) expect(Object.keys(docs.paths)).toContain(path);
  });
});
