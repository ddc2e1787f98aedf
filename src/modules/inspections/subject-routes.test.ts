import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../core/audit/index.js';
import { createTestApp, type TestApp, TestClient } from '../../core/testing/app.js';
import { expectSound } from '../../ui/testing.js';
import { DEMO_PASSWORD } from '../org/demo.js';
import { findOrgUnitByCode } from '../org/queries.js';
import { PROVISION_SEED } from './provisions-data.js';
import { inspectedSubjects, inspections, provisions, subjects } from './schema.js';
import { createSubject } from './subjects.js';

/*
 * The subject pages and the violation catalogue through HTTP, as a browser uses them: roles (viewer reads, inspector
 * writes, admin merges), a refused form keeps what was typed, the history page with its map and its scope, the JSON
 * API. The app is loaded with the reference data (communes, the catalogue seed) and the demo users only.
 */

let t: TestApp;
const clients = new Map<string, TestClient>();
let ip = 10;

async function as(username: string): Promise<TestClient> {
  const existing = clients.get(username);
  if (existing) return existing;
  const c = new TestClient(t.app, `10.9.0.${ip++}`);
  await c.signIn(username, DEMO_PASSWORD);
  clients.set(username, c);
  return c;
}

const subjectCount = async () => (await t.database.db.select({ id: subjects.id }).from(subjects)).length;

/** The first commune option of the create form (a commune valid today). */
function firstCommune(html: string): string {
  const select = /<select[^>]*id="adminUnitId"[\s\S]*?<\/select>/.exec(html)![0];
  return /<option value="(\d+)"/.exec(select)![1]!;
}

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('roles', () => {
  it('lets a viewer read the registry but not write', async () => {
    const viewer = await as('xem');
    const list = await viewer.get('/doi-tuong');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Đối tượng thanh tra, kiểm tra');
    expect(list.body).not.toContain('href="/doi-tuong/moi"');
    expectSound(list.body);
    expect((await viewer.get('/doi-tuong/moi')).statusCode).toBe(403);
    const before = await subjectCount();
    const post = await viewer.post('/doi-tuong/moi', { kind: 'organisation', name: 'Công ty X', taxCode: '2200123456' });
    expect(post.statusCode).toBe(403);
    expect(await subjectCount()).toBe(before);
  });

  it('keeps merging to the administrator', async () => {
    const inspector = await as('thanhtra');
    expect((await inspector.get('/doi-tuong/gop')).statusCode).toBe(403);
    expect((await inspector.get('/doi-tuong/gop/xac-nhan?giu=1&bo=2')).statusCode).toBe(403);
    const admin = await as('admin');
    expect((await admin.get('/doi-tuong/gop')).statusCode).toBe(200);
  });
});

describe('registering and editing a subject', () => {
  it('refuses a malformed tax code, keeps what was typed, and saves nothing', async () => {
    const inspector = await as('thanhtra');
    const form = await inspector.get('/doi-tuong/moi');
    expect(form.statusCode).toBe(200);
    expectSound(form.body);
    const commune = firstCommune(form.body);
    const before = await subjectCount();
    const res = await inspector.post('/doi-tuong/moi', {
      kind: 'organisation',
      name: 'Công ty TNHH Thủy sản Vĩnh Châu',
      taxCode: '22001234',
      representative: 'Lý Văn Hải',
      address: 'Khóm 3, phường Vĩnh Phước',
      adminUnitId: commune,
      phone: '0299 3861 234',
      sector: 'seafood_processing',
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('<title>Lỗi: ');
    expect(res.body).toContain('href="#taxCode"');
    expect(res.body).toContain('Mã số thuế không đúng định dạng');
    expect(res.body).toContain('value="Công ty TNHH Thủy sản Vĩnh Châu"');
    expect(res.body).toContain('value="22001234"');
    expect(res.body).toContain('value="Lý Văn Hải"');
    expect(res.body).toMatch(new RegExp(`<option value="${commune}" selected`));
    expect(res.body).toMatch(/<option value="seafood_processing" selected/);
    expect(res.body).toMatch(/value="organisation" checked/);
    expectSound(res.body);
    expect(await subjectCount()).toBe(before);
  });

  it('registers, then refuses the same tax code with a link to the subject that holds it', async () => {
    const inspector = await as('thanhtra');
    await inspector.get('/doi-tuong/moi');
    const ok = await inspector.post('/doi-tuong/moi', { kind: 'organisation', name: 'Công ty TNHH Thủy sản Vĩnh Châu', taxCode: '2200 654 321' });
    expect(ok.statusCode).toBe(303);
    const m = /^\/doi-tuong\/(\d+)$/.exec(String(ok.headers.location));
    expect(m).not.toBeNull();
    const page = await inspector.get(ok.headers.location as string);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Đã thêm đối tượng Công ty TNHH Thủy sản Vĩnh Châu');
    expect(page.body).toContain('Chưa được thanh tra, kiểm tra');
    expect(page.body).toContain('2200654321');
    expectSound(page.body);
    const again = await inspector.post('/doi-tuong/moi', { kind: 'organisation', name: 'Cty Thủy sản Vĩnh Châu', taxCode: '2200654321' });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain(`href="/doi-tuong/${m![1]}"`);
    expect(again.body).toContain('Xem đối tượng đã có: Công ty TNHH Thủy sản Vĩnh Châu');
  });

  it('edits with the version read and answers 409 to a stale one', async () => {
    const s = await createSubject(t.database.db, SYSTEM_ACTOR, { kind: 'household', name: 'Hộ ông Thạch Sa Rên', idNumber: '094088123456' });
    const inspector = await as('kiemtra.mx');
    const form = await inspector.get(`/doi-tuong/${s.id}/sua`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('name="version" value="1"');
    const saved = await inspector.post(`/doi-tuong/${s.id}/sua`, { version: '1', kind: 'household', name: 'Hộ ông Thạch Sa Rên', idNumber: '094088123456', sector: 'livestock' });
    expect(saved.statusCode).toBe(303);
    const stale = await inspector.post(`/doi-tuong/${s.id}/sua`, { version: '1', kind: 'household', name: 'Hộ ông Thạch Sa Ren', idNumber: '094088123456' });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Đối tượng đã được người khác sửa');
    expect(stale.body).toContain('value="Hộ ông Thạch Sa Ren"');
    expect(stale.body).toContain('name="version" value="2"');
    const [row] = await t.database.db.select().from(subjects).where(eq(subjects.id, s.id));
    expect(row).toMatchObject({ name: 'Hộ ông Thạch Sa Rên', sector: 'livestock', version: 2 });
  });
});

describe('the history page', () => {
  it('adds a facility with coordinates and draws it on the district map', async () => {
    const s = await createSubject(t.database.db, SYSTEM_ACTOR, { kind: 'organisation', name: 'Công ty CP Mía đường Phụng Hiệp', taxCode: '2200222333' });
    const inspector = await as('thanhtra');
    await inspector.get(`/doi-tuong/${s.id}`);
    const bad = await inspector.post(`/doi-tuong/${s.id}/co-so`, { name: 'Nhà máy đường', latitude: '9,6x', longitude: '105,97' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#facility-latitude"');
    expect(bad.body).toContain('value="9,6x"');
    expectSound(bad.body);
    const ok = await inspector.post(`/doi-tuong/${s.id}/co-so`, { name: 'Nhà máy đường', latitude: '9,6032', longitude: '105,9721' });
    expect(ok.statusCode).toBe(303);
    const page = await inspector.get(`/doi-tuong/${s.id}`);
    expect(page.body).toContain('9,60320; 105,97210');
    expect(page.body).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="facility-map-title facility-map-desc"/);
    expect(page.body.match(/<circle /g)).toHaveLength(1);
    // the 11 districts of Sóc Trăng before 2025, one path each, no script
    expect(page.body.match(/<path d="M/g)?.length).toBe(11);
    expect(page.body).toContain('Nhà máy đường: vĩ độ 9,60320, kinh độ 105,97210');
    expectSound(page.body);
  });

  it('shows a reader only the inspections of units in their scope and says how many are hidden', async () => {
    const db = t.database.db;
    const s = await createSubject(db, SYSTEM_ACTOR, { kind: 'household', name: 'Hộ bà Lâm Thị Hoa', idNumber: '094055666777' });
    const mx = (await findOrgUnitByCode(db, 'PTNMT-947'))!;
    const [i] = await db
      .insert(inspections)
      .values({
        orgUnitId: mx.id,
        decisionNumber: '21/QĐ-PTNMT',
        decisionDate: '2024-05-02',
        mode: 'check',
        kind: 'complaint',
        field: 'environment',
        title: 'Kiểm tra theo đơn phản ánh mùi hôi',
        startsOn: '2024-05-06',
        endsOn: '2024-05-06',
        status: 'concluded',
      })
      .returning();
    await db.insert(inspectedSubjects).values({ inspectionId: i!.id, subjectId: s.id, inspectedOn: '2024-05-06', outcome: 'compliant' });
    const own = await (await as('kiemtra.mx')).get(`/doi-tuong/${s.id}`);
    expect(own.body).toContain('Kiểm tra theo Quyết định số 21/QĐ-PTNMT ngày 02/05/2024');
    expect(own.body).toContain('Tuân thủ');
    const other = await (await as('thanhtra')).get(`/doi-tuong/${s.id}`);
    expect(other.body).not.toContain('21/QĐ-PTNMT');
    expect(other.body).toContain('1 lần thanh tra, kiểm tra (1 mục) của đơn vị ngoài phạm vi của bạn không được hiển thị');
    expect(other.body).toContain('Chưa được thanh tra, kiểm tra');
    const api = await (await as('thanhtra')).get(`/api/v1/subjects/${s.id}/history`);
    expect(api.statusCode).toBe(200);
    expect(api.json()).toMatchObject({ subject: { id: s.id }, status: 'not_inspected', hidden: { inspections: 1, entries: 1 }, entries: [] });
    const mine = (await (await as('kiemtra.mx')).get(`/api/v1/subjects/${s.id}/history`)).json();
    expect(mine).toMatchObject({ status: 'compliant', totals: { inspections: 1 }, entries: [{ date: '2024-05-06', kind: 'inspection' }] });
  });

  it('finds subjects through the JSON API without diacritics', async () => {
    await createSubject(t.database.db, SYSTEM_ACTOR, { kind: 'organisation', name: 'Nhà máy xay xát Hưng Lợi', taxCode: '2200444555' });
    const res = await (await as('xem')).get('/api/v1/subjects?q=nha%20may%20xay%20xat%20hung%20loi');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ total: 1, items: [{ name: 'Nhà máy xay xát Hưng Lợi', taxCode: '2200444555', facilityCount: 0, latestInspectionOn: null }] });
    const page = await (await as('xem')).get('/doi-tuong?q=2200444');
    expect(page.body).toContain('Nhà máy xay xát Hưng Lợi');
    expect(page.body).toContain('1 đối tượng');
  });
});

describe('merging duplicates', () => {
  it('lists the pair with its reason, compares side by side and merges; the old address answers 301', async () => {
    const db = t.database.db;
    const admin = await as('admin');
    const form = await (await as('thanhtra')).get('/doi-tuong/moi');
    const commune = Number(firstCommune(form.body));
    const keep = await createSubject(db, SYSTEM_ACTOR, { kind: 'household', name: 'Lò gạch Út Mười', idNumber: '094066777888', adminUnitId: commune });
    const drop = await createSubject(db, SYSTEM_ACTOR, { kind: 'household', name: 'Lò gạch Út Mừơi', phone: '0912345678', adminUnitId: commune });
    const list = await admin.get('/doi-tuong/gop');
    expect(list.body).toContain(`href="/doi-tuong/gop/xac-nhan?giu=${keep.id}&amp;bo=${drop.id}"`);
    expect(list.body).toContain('Tên gần giống nhau');
    expectSound(list.body);
    const cmp = await admin.get(`/doi-tuong/gop/xac-nhan?giu=${keep.id}&bo=${drop.id}`);
    expect(cmp.statusCode).toBe(200);
    expect(cmp.body).toContain('0912345678');
    expectSound(cmp.body);
    const res = await admin.post(`/doi-tuong/gop/xac-nhan?giu=${keep.id}&bo=${drop.id}`, { version: '1', duplicateVersion: '1' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/doi-tuong/${keep.id}`);
    const old = await admin.get(`/doi-tuong/${drop.id}`);
    expect(old.statusCode).toBe(301);
    expect(old.headers.location).toBe(`/doi-tuong/${keep.id}`);
    const [kept] = await db.select().from(subjects).where(eq(subjects.id, keep.id));
    expect(kept!.phone).toBe('0912345678');
  });
});

describe('the violation catalogue', () => {
  const seededNow = PROVISION_SEED.filter((p) => !p.validTo);

  it('lists the seeded provisions with the ranges for individuals and organisations', async () => {
    const res = await (await as('xem')).get('/danh-muc-vi-pham');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`${PROVISION_SEED.length} hành vi`);
    // Art. 25 cigarette butts: 100.000–150.000 đồng for a person, twice that for an organisation
    expect(res.body).toContain('100.000 đồng – 150.000 đồng');
    expect(res.body).toContain('200.000 đồng – 300.000 đồng');
    expect(res.body).toContain('Cảnh cáo');
    expect(res.body).toContain('Đã đối chiếu');
    expect(res.body).toContain('Chưa đối chiếu');
    expect(res.body).not.toContain('href="/danh-muc-vi-pham/moi"');
    expectSound(res.body);
    const minerals = await (await as('xem')).get('/danh-muc-vi-pham?linh-vuc=minerals');
    expect(minerals.body).toContain(`${PROVISION_SEED.filter((p) => p.field === 'minerals').length} hành vi`);
    expect((await (await as('xem')).get('/danh-muc-vi-pham/moi')).statusCode).toBe(403);
  });

  it('answers the JSON list filtered by day and field', async () => {
    const res = await (await as('xem')).get('/api/v1/violation-provisions?validOn=2024-01-01&field=environment');
    expect(res.statusCode).toBe(200);
    const body = res.json() as { total: number; items: { citation: string; individualRange: { min: number }; organisationRange: { min: number } }[] };
    expect(body.total).toBe(seededNow.filter((p) => p.field === 'environment' && p.validFrom <= '2024-01-01').length);
    const butts = PROVISION_SEED.find((p) => p.key === '45-25-butts')!;
    expect(body.items).toContainEqual(expect.objectContaining({ description: butts.description, individualRange: { min: 100_000, max: 150_000 }, organisationRange: { min: 200_000, max: 300_000 } }));
    expect((await (await as('xem')).get('/api/v1/violation-provisions?validOn=2024-02-30')).statusCode).toBe(400);
  });

  it('lets the administrator add a version replacing one, keeping typed values on error', async () => {
    const admin = await as('admin');
    const [old] = await t.database.db.select().from(provisions).where(eq(provisions.description, PROVISION_SEED.find((p) => p.key === '45-25-butts')!.description));
    const form = await admin.get(`/danh-muc-vi-pham/moi?thay=${old!.id}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="100.000"');
    expectSound(form.body);
    const fields = {
      decree: '45/2022/NĐ-CP',
      article: '25',
      clause: '1',
      point: 'a',
      description: old!.description,
      field: 'environment',
      fineMinVnd: '100.000',
      fineMaxVnd: '150.000',
      organisationMultiplier: '2',
      remedialMeasures: 'Buộc thu gom, làm sạch khu vực bị ô nhiễm',
      source: 'Nghị định 45/2022/NĐ-CP, Điều 25 khoản 1 điểm a (đối chiếu văn bản gốc)',
      verified: 'yes',
    };
    const bad = await admin.post(`/danh-muc-vi-pham/moi?thay=${old!.id}`, { ...fields, fineMaxVnd: '50.000', validFrom: '2020-01-01' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#fineMaxVnd"');
    expect(bad.body).toContain('value="50.000"');
    expect(bad.body).toContain('(đối chiếu văn bản gốc)</textarea>');
    expect(bad.body).toContain('Mức phạt tối đa phải là số tiền không nhỏ hơn mức tối thiểu');
    const ok = await admin.post(`/danh-muc-vi-pham/moi?thay=${old!.id}`, { ...fields, validFrom: '01/01/2026' });
    expect(ok.statusCode).toBe(303);
    const [ended] = await t.database.db.select().from(provisions).where(eq(provisions.id, old!.id));
    expect(ended!.validTo).toBe('2026-01-01');
    const list = await admin.get('/danh-muc-vi-pham?ngay=2026-06-01&linh-vuc=environment');
    expect(list.body).toContain('điểm a khoản 1 Điều 25 Nghị định 45/2022/NĐ-CP');
  });
});
