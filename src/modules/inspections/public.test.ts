import { and, eq, gt, lte } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vnIsoDate } from '../../core/calendar/index.js';
import type { Db } from '../../core/db/index.js';
import { translator } from '../../core/i18n/index.js';
import { createTestApp, type TestApp, TestClient } from '../../core/testing/app.js';
import { expectSound } from '../../ui/testing.js';
import { adminUnits, orgUnits } from '../org/schema.js';
import { paymentStatusOf, publicRegister, registerCsv, remedyStatusOf } from './public-routes.js';
import {
  facilities,
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

/*
 * The public enforcement pages through HTTP, as an anonymous visitor (no sign-in). Records are inserted directly.
 * Today is the route's own day (vnIsoDate); the dates that decide a status are built relative to it.
 *
 *   O1 Công ty TNHH Chế biến Thủy sản Mỹ Thanh, 2200777888, facility F1 in Xã Đại Tâm (Huyện Mỹ Xuyên)
 *      INS1 Thanh tra Sở 12/QĐ-TTra 01/03/2023, environment, F1, violation: V1 (prov A), V2 (prov B)
 *        D1 05/QĐ-XPHC 10/04/2023: 20.000.000 + 10.000.000 = 30.000.000, due 20/04/2023;
 *           paid 10.000.000 (BL-0001) + 20.000.000 (BL-0002) → Đã nộp đủ; remedy done → Đã khắc phục
 *      INS2 Phòng TN&MT Mỹ Xuyên 03/QĐ-PTNMT 01/02/2024, water, F1, violation: V3 (prov A)
 *        D2 09/QĐ-XPHC 01/03/2024: 8.000.000, due today + 10; paid 3.000.000 (BL-0003) → Đã nộp một phần;
 *           remedy due today + 30, not done → Đang khắc phục
 *   O2 Công ty Cổ phần Xay xát "Hạt Ngọc", Kế Sách (a comma and quotes in the name), 1800123456, Thị trấn Kế Sách
 *      INS3 Thanh tra Sở 20/QĐ-TTra 02/05/2024, environment, no facility, violation: V4 (prov B)
 *        D3 15/QĐ-XPHC 01/06/2024: 125.500.000, due 11/06/2024, nothing paid → Chưa nộp (overdue);
 *           remedy due 01/08/2024, not done → Quá hạn khắc phục
 *   H  Hộ kinh doanh Lê Văn Hộ (household): INS4, D4 11/QĐ-XPHC 15/04/2024, 2.500.000 — never public
 *   O4 an organisation whose decision 99/QĐ-XPHC sits in a cancelled inspection — not in the register
 *   O3 an old duplicate of O1 merged into it; I1 an individual.
 * Register, every year: 3 decisions, 2 organisations; fines 30 + 8 + 125,5 = 163,5 triệu; paid 30 + 3 = 33 triệu;
 *   outstanding 0 + 5 + 125,5 = 130,5 triệu. 2023: D1 only (30 / 30 / 0). 2024: D2, D3 (133,5 / 3 / 130,5 triệu).
 * O1's report: 2 inspections, 3 violations, 2 decisions, fines 38.000.000, paid 33.000.000, outstanding 5.000.000;
 *   status outstanding (D2 partly paid, not yet due; remedy not yet due).
 */

const TODAY = vnIsoDate(new Date());
const addDays = (iso: string, n: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

const SECRETS = {
  representative: 'Trần Văn Đại Diện',
  phone: '0912000111',
  householdPhone: '0987000222',
  teamMember: 'Phạm Thanh Tra',
  signer: 'Nguyễn Văn Ký',
  findings: 'Phát hiện bể lắng bị rò rỉ',
  violationText: 'Đo tại cống xả: COD gấp 1,5 lần',
  evidence: 'bien-ban-hien-truong.pdf',
  household: 'Lê Văn Hộ',
  householdCccd: '094123456789',
  householdDecision: '11/QĐ-XPHC',
  individual: 'Nguyễn Thị Cá Nhân',
  cancelledDecision: '99/QĐ-XPHC',
};
const RECEIPTS = ['BL-0001', 'BL-0002', 'BL-0003'];

let t: TestApp;
let db: Db;
const id: Record<string, number> = {};
const names: Record<string, string> = {};
let ip = 1;
const anon = () => new TestClient(t.app, `10.77.0.${ip++}`);

async function insertInspection(orgUnitId: number, decisionNumber: string, decisionDate: string, field: string, status = 'concluded') {
  const [i] = await db
    .insert(inspections)
    .values({
      orgUnitId,
      decisionNumber,
      decisionDate,
      mode: 'inspection',
      kind: 'planned',
      field,
      title: 'Thanh tra việc chấp hành pháp luật',
      team: [
        { name: SECRETS.teamMember, role: 'Trưởng đoàn' },
        { name: 'Lý Thị Thành Viên', role: 'Thành viên' },
      ],
      startsOn: decisionDate,
      endsOn: addDays(decisionDate, 10),
      status,
    })
    .returning();
  return i!.id;
}

async function inspected(inspectionId: number, subjectId: number, facilityId: number | null, inspectedOn: string) {
  const [x] = await db
    .insert(inspectedSubjects)
    .values({ inspectionId, subjectId, facilityId, inspectedOn, outcome: 'violation', findings: SECRETS.findings })
    .returning();
  return x!.id;
}

async function violation(inspectedSubjectId: number, provisionId: number, committedOn: string) {
  const [v] = await db.insert(violations).values({ inspectedSubjectId, provisionId, description: SECRETS.violationText, committedOn }).returning();
  return v!.id;
}

async function decision(inspectedSubjectId: number, orgUnitId: number, number: string, decidedOn: string, paymentDueOn: string, lines: [number, number][]) {
  const [d] = await db
    .insert(penaltyDecisions)
    .values({
      inspectedSubjectId,
      orgUnitId,
      number,
      decidedOn,
      signerName: SECRETS.signer,
      signerTitle: 'Chánh Thanh tra',
      fineVnd: lines.reduce((s, [, f]) => s + f, 0),
      paymentDueOn,
    })
    .returning();
  await db.insert(penaltyLines).values(lines.map(([violationId, fineVnd]) => ({ decisionId: d!.id, violationId, fineVnd })));
  return d!.id;
}

/** The admin unit with this code valid on 2024-01-01. */
async function unitOn2024(code: string) {
  const [u] = await db
    .select()
    .from(adminUnits)
    .where(and(eq(adminUnits.code, code), lte(adminUnits.validFrom, '2024-01-01'), gt(adminUnits.validTo, '2024-01-01')));
  return u!;
}

beforeAll(async () => {
  t = await createTestApp({ demo: false });
  db = t.database.db;
  const unit = async (code: string) => {
    const [o] = await db.select().from(orgUnits).where(eq(orgUnits.code, code));
    names[code] = o!.name;
    return o!.id;
  };
  const ttra = await unit('TTRA');
  const pmx = await unit('PTNMT-947');
  id.mx = (await unitOn2024('947')).id;
  id.ks = (await unitOn2024('943')).id;
  id.daiTam = (await unitOn2024('31690')).id;
  id.keSach = (await unitOn2024('31528')).id;

  const prov = async (article: number, clause: number, point: string, description: string) =>
    (
      await db
        .insert(provisions)
        .values({ decree: '45/2022/NĐ-CP', article, clause, point, description, field: 'environment', fineMinVnd: 1_000_000, fineMaxVnd: 100_000_000, validFrom: '2022-08-25', source: 'kiểm thử' })
        .returning()
    )[0]!.id;
  const provA = await prov(18, 2, 'a', 'Xả nước thải vượt quy chuẩn kỹ thuật (danh mục kiểm thử)');
  const provB = await prov(25, 3, 'b', 'Không vận hành công trình xử lý chất thải (danh mục kiểm thử)');

  const subject = async (values: typeof subjects.$inferInsert) => (await db.insert(subjects).values(values).returning())[0]!.id;
  names.o1 = 'Công ty TNHH Chế biến Thủy sản Mỹ Thanh';
  names.o2 = 'Công ty Cổ phần Xay xát "Hạt Ngọc", Kế Sách';
  id.o1 = await subject({
    kind: 'organisation',
    name: names.o1,
    taxCode: '2200777888',
    representative: SECRETS.representative,
    phone: SECRETS.phone,
    address: 'Ấp Hòa Phuông',
    adminUnitId: id.daiTam,
    sector: 'seafood_processing',
  });
  id.o2 = await subject({ kind: 'organisation', name: names.o2, taxCode: '1800123456', representative: 'Võ Minh Đại Diện', address: 'Ấp 3', adminUnitId: id.keSach });
  id.o3 = await subject({ kind: 'organisation', name: 'Công ty Mỹ Thanh (bản trùng)', taxCode: '2200777888', mergedIntoId: id.o1, mergedAt: new Date() });
  id.o4 = await subject({ kind: 'organisation', name: 'Công ty TNHH Kiểm Tra Đã Hủy', taxCode: '2200999000', adminUnitId: id.daiTam });
  id.h = await subject({ kind: 'household', name: `Hộ kinh doanh ${SECRETS.household}`, idNumber: SECRETS.householdCccd, phone: SECRETS.householdPhone, adminUnitId: id.daiTam });
  id.i1 = await subject({ kind: 'individual', name: SECRETS.individual, idNumber: '094111222333' });
  id.f1 = (
    await db
      .insert(facilities)
      .values({ subjectId: id.o1, name: 'Nhà máy chế biến Mỹ Thanh', address: 'Số 5, ấp Hòa Lý', adminUnitId: id.daiTam, latitude: 9.52, longitude: 105.98, sector: 'seafood_processing' })
      .returning()
  )[0]!.id;

  // O1, 2023: paid in full, remedied
  const ins1 = await insertInspection(ttra, '12/QĐ-TTra', '2023-03-01', 'environment');
  const x1 = await inspected(ins1, id.o1, id.f1, '2023-03-15');
  const v1 = await violation(x1, provA, '2023-03-15');
  const v2 = await violation(x1, provB, '2023-03-15');
  await db.insert(violationEvidence).values({ violationId: v1, fileSha256: 'a'.repeat(64), originalName: SECRETS.evidence, mediaType: 'application/pdf', sizeBytes: 1000 });
  id.d1 = await decision(x1, ttra, '05/QĐ-XPHC', '2023-04-10', '2023-04-20', [
    [v1, 20_000_000],
    [v2, 10_000_000],
  ]);
  await db.insert(penaltyPayments).values([
    { decisionId: id.d1, paidOn: '2023-04-18', amountVnd: 10_000_000, receiptNumber: RECEIPTS[0]! },
    { decisionId: id.d1, paidOn: '2023-05-02', amountVnd: 20_000_000, receiptNumber: RECEIPTS[1]! },
  ]);
  await db.insert(remedialMeasures).values({ decisionId: id.d1, description: 'Buộc vận hành đúng quy trình hệ thống xử lý nước thải', deadline: '2023-06-30', doneOn: '2023-06-25' });

  // O1, 2024: partly paid before its payment date, remedy not yet due
  const ins2 = await insertInspection(pmx, '03/QĐ-PTNMT', '2024-02-01', 'water');
  const x2 = await inspected(ins2, id.o1, id.f1, '2024-02-06');
  const v3 = await violation(x2, provA, '2024-02-06');
  id.d2 = await decision(x2, pmx, '09/QĐ-XPHC', '2024-03-01', addDays(TODAY, 10), [[v3, 8_000_000]]);
  await db.insert(penaltyPayments).values({ decisionId: id.d2, paidOn: '2024-03-05', amountVnd: 3_000_000, receiptNumber: RECEIPTS[2]! });
  await db.insert(remedialMeasures).values({ decisionId: id.d2, description: 'Buộc xử lý nước thải đạt quy chuẩn', deadline: addDays(TODAY, 30) });

  // O2, 2024: nothing paid past the payment date, remedy overdue
  const ins3 = await insertInspection(ttra, '20/QĐ-TTra', '2024-05-02', 'environment');
  const x3 = await inspected(ins3, id.o2, null, '2024-05-10');
  const v4 = await violation(x3, provB, '2024-05-10');
  id.d3 = await decision(x3, ttra, '15/QĐ-XPHC', '2024-06-01', '2024-06-11', [[v4, 125_500_000]]);
  await db.insert(remedialMeasures).values({ decisionId: id.d3, description: 'Buộc lắp đặt hệ thống xử lý bụi', deadline: '2024-08-01' });

  // the household: a decision that must never be public
  const ins4 = await insertInspection(pmx, '07/QĐ-PTNMT', '2024-04-01', 'environment');
  const x4 = await inspected(ins4, id.h, null, '2024-04-05');
  const v5 = await violation(x4, provA, '2024-04-05');
  id.d4 = await decision(x4, pmx, SECRETS.householdDecision, '2024-04-15', '2024-04-25', [[v5, 2_500_000]]);

  // a decision inside a cancelled inspection (the commands forbid it; the register must not rely on that)
  const ins5 = await insertInspection(ttra, '30/QĐ-TTra', '2024-07-01', 'environment', 'cancelled');
  const x5 = await inspected(ins5, id.o4, null, '2024-07-03');
  const v6 = await violation(x5, provA, '2024-07-03');
  id.d5 = await decision(x5, ttra, SECRETS.cancelledDecision, '2024-07-05', '2024-07-15', [[v6, 4_000_000]]);
}, 120_000);

afterAll(async () => {
  await t?.close();
});

/** The table row holding `text`. */
function rowWith(html: string, text: string): string | undefined {
  return (html.match(/<tr class="govuk-table__row">[\s\S]*?<\/tr>/g) ?? []).find((r) => r.includes(text));
}

function expectNoSecrets(body: string) {
  for (const s of [...Object.values(SECRETS), ...RECEIPTS, 'Võ Minh Đại Diện', 'Lý Thị Thành Viên', '094111222333']) expect(body, s).not.toContain(s);
}

describe('statuses', () => {
  it('computes the payment status from the fine and the payments', () => {
    expect(paymentStatusOf(0, 0)).toBe('none');
    expect(paymentStatusOf(30_000_000, 30_000_000)).toBe('paid');
    expect(paymentStatusOf(8_000_000, 3_000_000)).toBe('partial');
    expect(paymentStatusOf(8_000_000, 0)).toBe('unpaid');
  });

  it('computes the remedy status for a day', () => {
    expect(remedyStatusOf([], '2024-06-15')).toBe('none');
    expect(remedyStatusOf([{ deadline: '2024-06-01', doneOn: '2024-05-30' }], '2024-06-15')).toBe('done');
    expect(remedyStatusOf([{ deadline: '2024-06-15', doneOn: null }], '2024-06-15')).toBe('in_progress');
    expect(
      remedyStatusOf(
        [
          { deadline: '2024-06-14', doneOn: null },
          { deadline: '2024-07-01', doneOn: null },
        ],
        '2024-06-15',
      ),
    ).toBe('overdue');
  });
});

describe('the register', () => {
  it('opens without signing in, newest first, organisations only, with the hand-computed summary', async () => {
    const c = anon();
    const res = await c.get('/cong-khai/xu-ly-vi-pham');
    expect(res.statusCode).toBe(200);
    expect(res.cookies.find((x) => x.name === 'tnmt.sid')).toBeUndefined();
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    const html = res.body;
    expectSound(html);
    expect(html).toContain('<h1 class="govuk-heading-l">Công khai xử phạt vi phạm hành chính đối với tổ chức</h1>');
    expect(html).toContain('Hệ thống có các quyết định xử phạt từ ngày 10/04/2023.');
    expect(html).toContain('Nghị định 13/2023/NĐ-CP');
    expect(html).toContain(
      '3 quyết định xử phạt đối với 2 tổ chức; tổng tiền phạt 163,5 triệu đồng, đã nộp 33 triệu đồng, còn phải nộp 130,5 triệu đồng.',
    );
    expect(html).toMatch(/<caption[^>]*>Quyết định xử phạt vi phạm hành chính đối với tổ chức \(trang 1\/1\)<\/caption>/);
    const order = ['15/QĐ-XPHC', '09/QĐ-XPHC', '05/QĐ-XPHC'].map((n) => html.indexOf(n));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(html).not.toContain(SECRETS.cancelledDecision);
    expect(html).not.toContain('Kiểm Tra Đã Hủy');
    expectNoSecrets(html);
    // the public navigation links the register next to the dossier lookup
    expect(html).toContain('href="/tra-cuu-ho-so"');
    expect(html).toMatch(/href="\/cong-khai\/xu-ly-vi-pham"[^>]*aria-current="page"/);
  });

  it('shows each decision’s payment and remedy status for today, its place, its unit and its provisions', async () => {
    const html = (await anon().get('/cong-khai/xu-ly-vi-pham')).body;
    const d1 = rowWith(html, '05/QĐ-XPHC')!;
    expect(d1).toContain(`href="/cong-khai/co-so/${id.o1}"`);
    expect(d1).toContain('2200777888');
    expect(d1).toContain('Nhà máy chế biến Mỹ Thanh');
    expect(d1).toContain('Số 5, ấp Hòa Lý, Xã Đại Tâm, Huyện Mỹ Xuyên');
    expect(d1).toContain(names.TTRA!);
    expect(d1).toContain('ngày 10/04/2023');
    expect(d1).toContain('điểm a khoản 2 Điều 18 Nghị định 45/2022/NĐ-CP');
    expect(d1).toContain('điểm b khoản 3 Điều 25 Nghị định 45/2022/NĐ-CP');
    expect(d1).toContain('30.000.000 đồng');
    expect(d1).toContain('Đã nộp đủ');
    expect(d1).toContain('Đã khắc phục');

    const d2 = rowWith(html, '09/QĐ-XPHC')!;
    expect(d2).toContain(names['PTNMT-947']!);
    expect(d2).toContain('Đã nộp một phần');
    expect(d2).toContain(`Hạn nộp ${addDays(TODAY, 10).split('-').reverse().join('/')}`);
    expect(d2).toContain('Đang khắc phục');
    expect(d2).not.toContain('govuk-tag--red');

    const d3 = rowWith(html, '15/QĐ-XPHC')!;
    expect(d3).toContain('1800123456');
    expect(d3).toContain('Ấp 3, Thị trấn Kế Sách, Huyện Kế Sách');
    expect(d3).toContain('125.500.000 đồng');
    expect(d3).toContain('Chưa nộp');
    expect(d3).toContain('Quá hạn nộp từ 11/06/2024');
    expect(d3).toContain('Quá hạn khắc phục');
  });

  it('filters by year, district, field, tax code and unaccented name, each with its own summary', async () => {
    const c = anon();
    const get = async (q: string) => (await c.get(`/cong-khai/xu-ly-vi-pham?${q}`)).body;
    const y2023 = await get('nam=2023');
    expect(y2023).toContain('1 quyết định xử phạt đối với 1 tổ chức; tổng tiền phạt 30 triệu đồng, đã nộp 30 triệu đồng, còn phải nộp 0 đồng.');
    expect(y2023).toContain('05/QĐ-XPHC');
    expect(y2023).not.toContain('09/QĐ-XPHC');
    const y2024 = await get('nam=2024');
    expect(y2024).toContain('2 quyết định xử phạt đối với 2 tổ chức; tổng tiền phạt 133,5 triệu đồng, đã nộp 3 triệu đồng, còn phải nộp 130,5 triệu đồng.');
    expect(y2024).not.toContain('05/QĐ-XPHC');
    // the district list is the province's districts valid that year
    expect(y2024).toMatch(new RegExp(`<option value="${id.mx}"[^>]*>Huyện Mỹ Xuyên</option>`));
    const mx = await get(`nam=2024&huyen=${id.mx}`);
    expect(mx).toContain('1 quyết định xử phạt đối với 1 tổ chức; tổng tiền phạt 8 triệu đồng, đã nộp 3 triệu đồng, còn phải nộp 5 triệu đồng.');
    expect(mx).toContain('09/QĐ-XPHC');
    expect(mx).not.toContain('15/QĐ-XPHC');
    const ks = await get(`huyen=${id.ks}`);
    expect(ks).toContain('15/QĐ-XPHC');
    expect(ks).not.toContain('09/QĐ-XPHC');
    expect(ks).not.toContain('05/QĐ-XPHC');
    const water = await get('linhvuc=water');
    expect(water).toContain('09/QĐ-XPHC');
    expect(water).not.toContain('05/QĐ-XPHC');
    expect(water).not.toContain('15/QĐ-XPHC');
    const tax = await get('q=1800123');
    expect(tax).toContain('15/QĐ-XPHC');
    expect(tax).toContain('1 quyết định xử phạt đối với 1 tổ chức');
    const unaccented = await get(`q=${encodeURIComponent('thuy san MY THANH')}`);
    expect(unaccented).toContain('05/QĐ-XPHC');
    expect(unaccented).toContain('09/QĐ-XPHC');
    expect(unaccented).not.toContain('15/QĐ-XPHC');
    expect(unaccented).toContain('2 quyết định xử phạt đối với 1 tổ chức; tổng tiền phạt 38 triệu đồng, đã nộp 33 triệu đồng, còn phải nộp 5 triệu đồng.');
    // the household cannot be found by its name or its CCCD
    for (const q of ['le van ho', SECRETS.householdCccd, 'Hộ kinh doanh']) {
      const body = await get(`q=${encodeURIComponent(q)}`);
      expect(body).toContain('0 quyết định xử phạt đối với 0 tổ chức');
      expectNoSecrets(body.replaceAll(q, '§')); // what was typed is kept in the form, nothing else
    }
  });

  it('keeps the filter on bad input, with a field error, and shows no results', async () => {
    const c = anon();
    const res = await c.get(`/cong-khai/xu-ly-vi-pham?nam=20x4&linhvuc=weather&huyen=999999999&q=${'a'.repeat(101)}`);
    expect(res.statusCode).toBe(400);
    expect(res.headers['cache-control']).toBe('no-store');
    expectSound(res.body);
    expect(res.body).toContain('<title>Lỗi: ');
    expect(res.body).toContain('href="#nam"');
    expect(res.body).toContain('Năm ra quyết định gồm 4 chữ số');
    expect(res.body).toContain('Chọn lĩnh vực trong danh sách');
    expect(res.body).toContain('Chọn huyện, thị xã, thành phố trong danh sách');
    expect(res.body).toContain('Nội dung tìm kiếm không được dài quá 100 ký tự');
    expect(res.body).toMatch(/<option[^>]*value="20x4"[^>]*selected/);
    expect(res.body).not.toContain('05/QĐ-XPHC');
    // a district that did not exist in the year chosen
    const later = await c.get(`/cong-khai/xu-ly-vi-pham?nam=2026&huyen=${id.mx}`);
    expect(later.statusCode).toBe(400);
    expect(later.body).toContain('Chọn huyện, thị xã, thành phố có trong năm 2026');
  });

  it('pages newest first', async () => {
    const p1 = await publicRegister(db, {}, TODAY, { page: 1, pageSize: 2 });
    expect(p1.pageCount).toBe(2);
    expect(p1.rows.map((r) => r.number)).toEqual(['15/QĐ-XPHC', '09/QĐ-XPHC']);
    const p2 = await publicRegister(db, {}, TODAY, { page: 9, pageSize: 2 });
    expect(p2.page).toBe(2);
    expect(p2.rows.map((r) => r.number)).toEqual(['05/QĐ-XPHC']);
    expect(p2.summary).toEqual({ decisions: 3, organisations: 2, finesVnd: 163_500_000, paidVnd: 33_000_000, outstandingVnd: 130_500_000 });
  });

  it('speaks English', async () => {
    const res = await anon().get('/cong-khai/xu-ly-vi-pham?lang=en');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<html lang="en"');
    expect(res.body).toContain('Administrative penalties against organisations');
    expect(res.body).toContain('3 penalty decisions against 2 organisations; fines 163.5 million VND, paid 33 million VND, outstanding 130.5 million VND.');
    expect(rowWith(res.body, '05/QĐ-XPHC')).toContain('Paid in full');
    expect(rowWith(res.body, '15/QĐ-XPHC')).toContain('Remedy overdue');
  });
});

describe('the CSV', () => {
  it('has a BOM, a header row, one row per decision, and quotes a field with a comma', async () => {
    const res = await anon().get('/cong-khai/xu-ly-vi-pham.csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="xu-ly-vi-pham.csv"');
    const bytes = res.rawPayload;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text.endsWith('\r\n')).toBe(true);
    const lines = text.slice(0, -2).split('\r\n');
    expect(lines[0]).toBe(
      'Tổ chức,Mã số thuế,Cơ sở,Địa chỉ cơ sở,"Huyện, thị xã, thành phố",Đơn vị ra quyết định,Số quyết định,Ngày quyết định,Lĩnh vực,Hành vi vi phạm (căn cứ),Tiền phạt (đồng),Đã nộp (đồng),Hạn nộp phạt,Tình trạng nộp phạt,Tình trạng khắc phục,Báo cáo tuân thủ',
    );
    expect(lines).toHaveLength(4);
    expect(lines[1]).toBe(
      [
        '"Công ty Cổ phần Xay xát ""Hạt Ngọc"", Kế Sách"',
        '1800123456',
        '',
        '"Ấp 3, Thị trấn Kế Sách, Huyện Kế Sách"',
        'Huyện Kế Sách',
        names.TTRA,
        '15/QĐ-XPHC',
        '2024-06-01',
        'Môi trường',
        'điểm b khoản 3 Điều 25 Nghị định 45/2022/NĐ-CP',
        '125500000',
        '0',
        '2024-06-11',
        'Chưa nộp',
        'Quá hạn khắc phục',
        `http://localhost:80/cong-khai/co-so/${id.o2}`,
      ].join(','),
    );
    expect(lines[3]).toContain('"Số 5, ấp Hòa Lý, Xã Đại Tâm, Huyện Mỹ Xuyên"');
    expect(lines[3]).toContain('"điểm a khoản 2 Điều 18 Nghị định 45/2022/NĐ-CP; điểm b khoản 3 Điều 25 Nghị định 45/2022/NĐ-CP"');
    expect(lines[3]).toContain(',30000000,30000000,2023-04-20,Đã nộp đủ,Đã khắc phục,');
    expectNoSecrets(text);
  });

  it('follows the filter, and refuses a bad one', async () => {
    const c = anon();
    const res = await c.get('/cong-khai/xu-ly-vi-pham.csv?nam=2023');
    expect(res.headers['content-disposition']).toBe('attachment; filename="xu-ly-vi-pham-2023.csv"');
    const lines = res.body.replace(/^\ufeff/, '').trimEnd().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('05/QĐ-XPHC');
    const bad = await c.get('/cong-khai/xu-ly-vi-pham.csv?linhvuc=x');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Chọn lĩnh vực trong danh sách');
  });

  it('escapes a cell a spreadsheet would run as a formula', () => {
    const csv = registerCsv(
      [
        {
          decisionId: 1,
          number: '=1+1',
          decidedOn: '2024-01-01',
          paymentDueOn: '2024-01-11',
          fineVnd: 0,
          paidVnd: 0,
          subjectId: 7,
          name: '@SUM(A1)',
          taxCode: null,
          facilityName: null,
          address: null,
          place: null,
          district: null,
          unitName: 'Thanh tra Sở',
          field: 'land',
          citations: [],
          paymentStatus: 'none',
          paymentOverdue: false,
          remedyStatus: 'none',
        },
      ],
      translator('vi'),
      'https://example.vn',
    );
    expect(csv.split('\r\n')[1]).toBe("'@SUM(A1),,,,,Thanh tra Sở,'=1+1,2024-01-01,Đất đai,,0,0,2024-01-11,Không phạt tiền,Không áp dụng,https://example.vn/cong-khai/co-so/7");
  });

  it('is limited to 10 downloads a minute from one address', async () => {
    const c = anon();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await c.get('/cong-khai/xu-ly-vi-pham.csv?nam=2023')).statusCode);
    expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
    expect(statuses[10]).toBe(429);
    expect((await anon().get('/cong-khai/xu-ly-vi-pham.csv?nam=2023')).statusCode).toBe(200);
  });
});

describe('the compliance report', () => {
  it('shows an organisation’s status, totals, facilities, map and timeline without personal data', async () => {
    const res = await anon().get(`/cong-khai/co-so/${id.o1}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    const html = res.body;
    expectSound(html);
    expect(html).toContain(`<h1 class="govuk-heading-l">${names.o1}</h1>`);
    expect(html).toContain('ghi nhận trong hệ thống từ ngày 01/03/2023');
    expect(html).toContain('Đang thực hiện quyết định xử phạt');
    expect(html).toContain('2200777888');
    expect(html).toContain('Chế biến thủy sản');
    expect(html).toContain('Ấp Hòa Phuông, Xã Đại Tâm, Huyện Mỹ Xuyên');
    const total = (label: string) => new RegExp(`${label}\\s*</dt>\\s*<dd[^>]*>\\s*([^<]*)<`).exec(html)?.[1]?.trim();
    expect(total('Số lần thanh tra, kiểm tra')).toBe('2');
    expect(total('Số hành vi vi phạm')).toBe('3');
    expect(total('Số quyết định xử phạt')).toBe('2');
    expect(total('Tổng tiền phạt')).toBe('38.000.000 đồng');
    expect(total('Đã nộp')).toBe('33.000.000 đồng');
    expect(total('Còn phải nộp')).toBe('5.000.000 đồng');
    expect(html).toContain('Nhà máy chế biến Mỹ Thanh');
    expect(html).toContain('id="facility-map-title"');
    expect(html).toMatch(/<caption[^>]*>Lịch sử thanh tra, kiểm tra và xử lý vi phạm<\/caption>/);
    expect(html).toContain('Thanh tra theo Quyết định số 12/QĐ-TTra ngày 01/03/2023');
    expect(html).toContain('Vi phạm điểm a khoản 2 Điều 18 Nghị định 45/2022/NĐ-CP');
    expect(html).toContain('Xả nước thải vượt quy chuẩn kỹ thuật (danh mục kiểm thử)');
    expect(html).toContain('Quyết định xử phạt số 09/QĐ-XPHC');
    expect(html).toContain('còn phải nộp 5.000.000 đồng');
    expect(html).toContain('Nộp tiền phạt theo Quyết định số 05/QĐ-XPHC');
    expect(html).toContain('Biện pháp khắc phục: Buộc xử lý nước thải đạt quy chuẩn');
    expect(html).toContain('href="/cong-khai/xu-ly-vi-pham?q=2200777888"');
    expect(html).not.toContain('href="/thanh-tra');
    expect(html).not.toContain('href="/doi-tuong');
    expectNoSecrets(html);
    const en = await anon().get(`/cong-khai/co-so/${id.o1}?lang=en`);
    expect(en.body).toContain('Public compliance report');
    expect(en.body).toContain('Penalty decision being carried out');
    expectNoSecrets(en.body);
  });

  it('says overdue for the organisation that has not paid', async () => {
    const html = (await anon().get(`/cong-khai/co-so/${id.o2}`)).body;
    expect(html).toContain('Quá hạn nộp phạt hoặc khắc phục');
    expect(html).toContain('Quá hạn nộp từ 11/06/2024');
    expectNoSecrets(html);
  });

  it('answers a household, an individual and a missing id with the same 404', async () => {
    const c = anon();
    const missing = await c.get('/cong-khai/co-so/999999');
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('Không tìm thấy tổ chức');
    const strip = (body: string, n: number | string) => body.replaceAll(`/cong-khai/co-so/${n}`, '§');
    for (const who of [id.h, id.i1]) {
      const res = await c.get(`/cong-khai/co-so/${who}`);
      expect(res.statusCode).toBe(404);
      expect(strip(res.body, who!)).toBe(strip(missing.body, 999999));
      expectNoSecrets(res.body);
    }
    const junk = await c.get('/cong-khai/co-so/abc');
    expect(junk.statusCode).toBe(404);
    expect(strip(junk.body, 'abc')).toBe(strip(missing.body, 999999));
  });

  it('sends a merged organisation to its survivor with a 301', async () => {
    const res = await anon().get(`/cong-khai/co-so/${id.o3}`);
    expect(res.statusCode).toBe(301);
    expect(res.headers.location).toBe(`/cong-khai/co-so/${id.o1}`);
  });
});
