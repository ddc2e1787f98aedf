import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../core/audit/index.js';
import { auditLog } from '../../core/audit/schema.js';
import type { Database, Db } from '../../core/db/index.js';
import { ConflictError, ValidationError } from '../../core/errors.js';
import { createTestDatabase } from '../../core/testing/db.js';
import { adminUnits, orgUnits } from '../org/schema.js';
import { facilities, inspectedSubjects, inspections, provisions, subjects, violations } from './schema.js';
import { duplicateCandidates, mergeSubjects, resolveSubject, searchSubjects, updateFacility, updateSubject } from './subject-commands.js';
import { addFacility, createSubject, getSubject } from './subjects.js';

/*
 * The subject registry beyond registration: edit with optimistic locking, search (diacritics ignored, tax code
 * prefix, CCCD), likely duplicates (the parent/branch case is related, not a duplicate) and merge. Inspection
 * records are inserted directly into the tables (the inspection commands are another part's).
 */

const actor: Actor = { id: null, name: 'kiem-thu' };

interface World {
  database: Database;
  db: Db;
  province: number;
  communeA: number;
  communeB: number;
  unit: number;
  provision: number;
}

/** A migrated database with one province, two communes, one inspecting unit and one provision. */
async function makeWorld(): Promise<World> {
  const database = await createTestDatabase();
  const db = database.db;
  const [p] = await db.insert(adminUnits).values({ code: '94', name: 'Sóc Trăng', unitType: 'tinh', level: 1, validFrom: '2020-01-01' }).returning();
  const [a] = await db.insert(adminUnits).values({ code: '31500', name: 'Xã Thạnh Phú', unitType: 'xa', level: 3, parentId: p!.id, validFrom: '2020-01-01' }).returning();
  const [b] = await db.insert(adminUnits).values({ code: '31501', name: 'Xã Gia Hòa', unitType: 'xa', level: 3, parentId: p!.id, validFrom: '2020-01-01' }).returning();
  const [u] = await db.insert(orgUnits).values({ code: 'TTRA', name: 'Thanh tra Sở', kind: 'division', adminUnitId: p!.id, validFrom: '2020-01-01' }).returning();
  const [pr] = await db
    .insert(provisions)
    .values({
      decree: '45/2022/NĐ-CP',
      article: 18,
      clause: 1,
      point: 'a',
      description: 'Xả nước thải vượt quy chuẩn kỹ thuật dưới 1,1 lần',
      field: 'environment',
      fineMinVnd: 1_000_000,
      fineMaxVnd: 2_000_000,
      validFrom: '2022-08-25',
      source: 'dữ liệu kiểm thử',
    })
    .returning();
  return { database, db, province: p!.id, communeA: a!.id, communeB: b!.id, unit: u!.id, provision: pr!.id };
}

let seq = 0;
/** An inspection of `unit` with the subjects given (one inspected_subjects row each); returns the ids. */
async function inspect(
  w: World,
  opts: { decision?: string; startsOn: string; status?: string; subjects: { id: number; inspectedOn?: string | null; outcome?: string }[] },
) {
  const [i] = await w.db
    .insert(inspections)
    .values({
      orgUnitId: w.unit,
      decisionNumber: opts.decision ?? `${++seq}/QĐ-TTra`,
      decisionDate: opts.startsOn,
      mode: 'check',
      kind: 'planned',
      field: 'environment',
      title: 'Kiểm tra việc chấp hành pháp luật về bảo vệ môi trường',
      startsOn: opts.startsOn,
      endsOn: opts.startsOn,
      status: opts.status ?? 'concluded',
    })
    .returning();
  const rows = [];
  for (const s of opts.subjects) {
    const [r] = await w.db
      .insert(inspectedSubjects)
      .values({ inspectionId: i!.id, subjectId: s.id, inspectedOn: s.inspectedOn ?? null, outcome: s.outcome ?? 'compliant' })
      .returning();
    rows.push(r!);
  }
  return { inspection: i!, inspected: rows };
}

let w: World;
beforeAll(async () => {
  w = await makeWorld();
});
afterAll(async () => {
  await w.database.close();
});

describe('updateSubject', () => {
  it('edits with the version read, audits before and after, and refuses a stale version', async () => {
    const s = await createSubject(w.db, actor, { kind: 'organisation', name: 'Công ty TNHH Chế biến Thủy sản Phát Đạt', taxCode: '2200111222' });
    expect(s.version).toBe(1);
    const updated = await updateSubject(w.db, actor, s.id, 1, {
      kind: 'organisation',
      name: '  Công ty TNHH  Thủy sản Phát Đạt ',
      taxCode: '2200 111 222',
      phone: '0299 3822 111',
      adminUnitId: w.communeA,
      sector: 'seafood_processing',
    });
    expect(updated).toMatchObject({ version: 2, name: 'Công ty TNHH Thủy sản Phát Đạt', taxCode: '2200111222', phone: '02993822111', adminUnitId: w.communeA });
    const [audit] = await w.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'subject.update'), eq(auditLog.entityId, String(s.id))));
    expect(audit!.before).toMatchObject({ name: 'Công ty TNHH Chế biến Thủy sản Phát Đạt', phone: null });
    expect(audit!.after).toMatchObject({ name: 'Công ty TNHH Thủy sản Phát Đạt', phone: '02993822111', sector: 'seafood_processing' });

    // a second editor who read version 1
    await expect(updateSubject(w.db, actor, s.id, 1, { kind: 'organisation', name: 'Tên khác', taxCode: '2200111222' })).rejects.toBeInstanceOf(ConflictError);
    expect((await getSubject(w.db, s.id))!).toMatchObject({ version: 2, name: 'Công ty TNHH Thủy sản Phát Đạt' });
  });

  it('refuses another subject’s tax code and a malformed one, naming the field, and changes nothing', async () => {
    const a = await createSubject(w.db, actor, { kind: 'organisation', name: 'Công ty CP Mía đường Sóc Trăng', taxCode: '2200100200' });
    const b = await createSubject(w.db, actor, { kind: 'organisation', name: 'Doanh nghiệp tư nhân Gạch Tuynel Hòa Bình', taxCode: '2200100300' });
    const taken = await updateSubject(w.db, actor, b.id, 1, { kind: 'organisation', name: b.name, taxCode: '2200100200' }).catch((e) => e);
    expect(taken).toBeInstanceOf(ValidationError);
    expect((taken as ValidationError).fields).toEqual([{ field: 'taxCode', message: expect.stringContaining('Công ty CP Mía đường Sóc Trăng') }]);
    const bad = await updateSubject(w.db, actor, b.id, 1, { kind: 'organisation', name: b.name, taxCode: '22001003' }).catch((e) => e);
    expect((bad as ValidationError).fields[0]).toMatchObject({ field: 'taxCode', message: expect.stringContaining('10 chữ số') });
    expect(await getSubject(w.db, b.id)).toMatchObject({ taxCode: '2200100300', version: 1 });
    // keeping its own tax code is not a clash with itself
    expect((await updateSubject(w.db, actor, a.id, 1, { kind: 'organisation', name: a.name, taxCode: '2200100200', sector: 'sugar_processing' })).version).toBe(2);
  });

  it('edits a facility with checked coordinates, audited', async () => {
    const s = await createSubject(w.db, actor, { kind: 'household', name: 'Hộ ông Lâm Văn Sáu', idNumber: '094077001234' });
    const f = await addFacility(w.db, actor, s.id, { name: 'Ao nuôi tôm ấp Hòa Lý', latitude: 9.55, longitude: 105.98 });
    const bad = await updateFacility(w.db, actor, f.id, { name: 'Ao nuôi tôm ấp Hòa Lý', latitude: 95, longitude: 105.98 }).catch((e) => e);
    expect((bad as ValidationError).fields[0]!.field).toBe('latitude');
    const g = await updateFacility(w.db, actor, f.id, { name: 'Ao nuôi tôm số 2', latitude: 9.56, longitude: 105.99, adminUnitId: w.communeB });
    expect(g).toMatchObject({ name: 'Ao nuôi tôm số 2', latitude: 9.56, longitude: 105.99, adminUnitId: w.communeB });
    const [audit] = await w.db.select().from(auditLog).where(and(eq(auditLog.action, 'facility.update'), eq(auditLog.entityId, String(f.id))));
    expect(audit!.before).toMatchObject({ name: 'Ao nuôi tôm ấp Hòa Lý', latitude: 9.55 });
  });
});

describe('searchSubjects', () => {
  let mill: number;
  let farm: number;
  beforeAll(async () => {
    mill = (await createSubject(w.db, actor, { kind: 'organisation', name: 'Nhà máy xay xát Tân Thành', taxCode: '2200333444', adminUnitId: w.communeA, sector: 'rice_milling' })).id;
    farm = (await createSubject(w.db, actor, { kind: 'household', name: 'Trại nuôi tôm Hai Lúa', idNumber: '094200001111', adminUnitId: w.communeB })).id;
    await addFacility(w.db, actor, mill, { name: 'Kho lúa số 1' });
    await addFacility(w.db, actor, mill, { name: 'Kho lúa số 2' });
    // inspected on 05/03/2024; a later cancelled inspection and an earlier one without a site day do not count as latest
    await inspect(w, { startsOn: '2024-03-01', subjects: [{ id: mill, inspectedOn: '2024-03-05' }] });
    await inspect(w, { startsOn: '2024-06-01', status: 'cancelled', subjects: [{ id: mill, inspectedOn: '2024-06-02' }] });
    await inspect(w, { startsOn: '2023-11-20', subjects: [{ id: mill }] });
  });

  it('finds a name without diacritics or case', async () => {
    for (const q of ['nha may xay xat', 'NHÀ MÁY XAY XÁT', 'xay xat tan thanh']) {
      const r = await searchSubjects(w.db, { q });
      expect(r.rows.map((x) => x.id), q).toContain(mill);
      expect(r.rows.map((x) => x.id), q).not.toContain(farm);
    }
    const [row] = (await searchSubjects(w.db, { q: 'nha may xay xat tan thanh' })).rows;
    expect(row).toMatchObject({ id: mill, facilityCount: 2, latestInspectionOn: '2024-03-05' });
  });

  it('finds by the start of a tax code and by a whole CCCD', async () => {
    expect((await searchSubjects(w.db, { q: '2200333' })).rows.map((x) => x.id)).toEqual([mill]);
    expect((await searchSubjects(w.db, { q: '0942 0000 1111' })).rows.map((x) => x.id)).toEqual([farm]);
    expect((await searchSubjects(w.db, { q: '09420000' })).rows.map((x) => x.id)).not.toContain(farm);
  });

  it('filters by kind, sector and administrative unit, and pages with the total', async () => {
    expect((await searchSubjects(w.db, { kind: 'household', adminUnitId: w.communeB })).rows.map((x) => x.id)).toContain(farm);
    expect((await searchSubjects(w.db, { sector: 'rice_milling' })).rows.map((x) => x.id)).toEqual([mill]);
    expect((await searchSubjects(w.db, { adminUnitId: w.communeA })).rows.map((x) => x.id)).not.toContain(farm);
    // the province: everything registered in its communes
    const inProvince = await searchSubjects(w.db, { adminUnitId: w.province });
    expect(inProvince.rows.map((x) => x.id)).toEqual(expect.arrayContaining([mill, farm]));
    const all = await searchSubjects(w.db, {});
    const page2 = await searchSubjects(w.db, { page: 2, pageSize: 2 });
    expect(page2.total).toBe(all.total);
    expect(page2.rows.map((x) => x.id)).toEqual(all.rows.slice(2, 4).map((x) => x.id));
  });
});

describe('mergeSubjects', () => {
  it('moves facilities and inspections to the survivor, fills its empty fields, marks the duplicate, audits what moved', async () => {
    const s = await createSubject(w.db, actor, { kind: 'organisation', name: 'Công ty TNHH MTV Xay xát Phú Lộc', taxCode: '2200555666' });
    const f1 = await addFacility(w.db, actor, s.id, { name: 'Nhà máy chính' });
    const d = await createSubject(w.db, actor, {
      kind: 'organisation',
      name: 'Cty TNHH MTV Xay xat Phu Loc',
      taxCode: '2200555666-001',
      phone: '0299 3611 222',
      address: 'Ấp Phú Lộc',
      adminUnitId: w.communeA,
    });
    // a branch (2200555666-001) is a different legal unit from its company: refused
    const clash = await mergeSubjects(w.db, actor, { survivorId: s.id, duplicateId: d.id, version: 1 }).catch((e) => e);
    expect((clash as ValidationError).fields[0]).toMatchObject({ field: 'duplicateId', message: expect.stringContaining('mã số thuế khác nhau') });
    // the duplicate without identifier: registered under an individual by mistake
    const dup = await createSubject(w.db, actor, { kind: 'individual', name: 'Cty TNHH MTV Xay xat Phu Loc', phone: '0299 3611 222', address: 'Ấp Phú Lộc', adminUnitId: w.communeA });
    const f2 = await addFacility(w.db, actor, dup.id, { name: 'Kho A' });
    const f3 = await addFacility(w.db, actor, dup.id, { name: 'Kho B' });
    const { inspected } = await inspect(w, { startsOn: '2024-05-02', subjects: [{ id: dup.id, inspectedOn: '2024-05-03', outcome: 'violation' }] });
    await w.db.insert(violations).values({ inspectedSubjectId: inspected[0]!.id, provisionId: w.provision, description: 'Xả nước thải chưa xử lý ra kênh', committedOn: '2024-05-03' });

    await expect(mergeSubjects(w.db, actor, { survivorId: s.id, duplicateId: dup.id, version: 7 })).rejects.toBeInstanceOf(ConflictError);
    expect((await getSubject(w.db, dup.id))!.mergedIntoId).toBeNull();

    const r = await mergeSubjects(w.db, actor, { survivorId: s.id, duplicateId: dup.id, version: 1, duplicateVersion: 1 });
    expect(r.movedFacilityIds.sort((a, b) => a - b)).toEqual([f2.id, f3.id]);
    expect(r.movedInspectedSubjectIds).toEqual([inspected[0]!.id]);
    expect(r.filled.sort()).toEqual(['address', 'adminUnitId', 'phone']);
    expect(r.survivor).toMatchObject({ id: s.id, version: 2, taxCode: '2200555666', phone: '02993611222', address: 'Ấp Phú Lộc', adminUnitId: w.communeA });
    const facs = await w.db.select().from(facilities).where(eq(facilities.subjectId, s.id));
    expect(facs.map((f) => f.id).sort((a, b) => a - b)).toEqual([f1.id, f2.id, f3.id]);
    const [moved] = await w.db.select().from(inspectedSubjects).where(eq(inspectedSubjects.id, inspected[0]!.id));
    expect(moved!.subjectId).toBe(s.id);
    const gone = (await getSubject(w.db, dup.id))!;
    expect(gone.mergedIntoId).toBe(s.id);
    expect(gone.mergedAt).toBeInstanceOf(Date);
    expect((await resolveSubject(w.db, dup.id))!.id).toBe(s.id);
    const found = (await searchSubjects(w.db, { q: 'xay xat phu loc' })).rows.map((x) => x.id);
    expect(found).toContain(s.id);
    expect(found).not.toContain(dup.id);
    const [audit] = await w.db.select().from(auditLog).where(and(eq(auditLog.action, 'subject.merge'), eq(auditLog.entityId, String(s.id))));
    expect(audit!.after).toMatchObject({ duplicateId: dup.id, movedInspectedSubjectIds: [inspected[0]!.id], filled: { phone: '02993611222', address: 'Ấp Phú Lộc' } });
    expect((audit!.after as { movedFacilityIds: number[] }).movedFacilityIds.sort((a, b) => a - b)).toEqual([f2.id, f3.id]);
    const [marked] = await w.db.select().from(auditLog).where(and(eq(auditLog.action, 'subject.merged_into'), eq(auditLog.entityId, String(dup.id))));
    expect(marked!.after).toMatchObject({ mergedIntoId: s.id });
    // a merged subject cannot be merged again, nor edited
    expect((await mergeSubjects(w.db, actor, { survivorId: s.id, duplicateId: dup.id, version: 2 }).catch((e) => e)).fields[0].field).toBe('duplicateId');
    await expect(updateSubject(w.db, actor, dup.id, 2, { kind: 'individual', name: 'x' })).rejects.toBeInstanceOf(ConflictError);
  });

  it('refuses two subjects of one inspection, naming it, and moves nothing', async () => {
    const a = await createSubject(w.db, actor, { kind: 'household', name: 'Hộ bà Trần Thị Mười' });
    const b = await createSubject(w.db, actor, { kind: 'household', name: 'Hộ bà Tran Thi Muoi', idNumber: '094180000777' });
    const fb = await addFacility(w.db, actor, b.id, { name: 'Lò gạch thủ công' });
    await inspect(w, { decision: '27/QĐ-TTra', startsOn: '2023-09-12', subjects: [{ id: a.id }, { id: b.id }] });
    const e = await mergeSubjects(w.db, actor, { survivorId: b.id, duplicateId: a.id, version: 1 }).catch((x) => x);
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as ValidationError).fields[0]!.message).toContain('Quyết định số 27/QĐ-TTra ngày 12/09/2023');
    expect((await getSubject(w.db, a.id))!.mergedIntoId).toBeNull();
    const [f] = await w.db.select().from(facilities).where(eq(facilities.id, fb.id));
    expect(f!.subjectId).toBe(b.id);
    expect(await w.db.select().from(auditLog).where(and(eq(auditLog.action, 'subject.merge'), eq(auditLog.entityId, String(b.id))))).toEqual([]);
  });
});

describe('duplicateCandidates', () => {
  let x: World;
  const ids: Record<string, number> = {};
  beforeAll(async () => {
    x = await makeWorld();
    const add = async (key: string, v: Parameters<typeof createSubject>[2]) => {
      ids[key] = (await createSubject(x.db, actor, v)).id;
    };
    await add('parent', { kind: 'organisation', name: 'Công ty CP Thủy sản Sao Ta', taxCode: '2200100001', adminUnitId: x.communeA });
    await add('branchMx', { kind: 'organisation', name: 'Chi nhánh Công ty CP Thủy sản Sao Ta tại Mỹ Xuyên', taxCode: '2200100001-001', adminUnitId: x.communeA });
    await add('branchKs', { kind: 'organisation', name: 'Chi nhánh Công ty CP Thủy sản Sao Ta tại Kế Sách', taxCode: '2200100001002', adminUnitId: x.communeB });
    await add('millNoId', { kind: 'household', name: 'Cơ sở xay xát Tân Thành', adminUnitId: x.communeA });
    await add('millCccd', { kind: 'household', name: 'Co so xay xat Tan Thanh', idNumber: '094111222333', adminUnitId: x.communeA });
    await add('millOther', { kind: 'individual', name: 'CƠ SỞ XAY XÁT TÂN THÀNH', idNumber: '094111222444', adminUnitId: x.communeA });
    await add('millElsewhere', { kind: 'household', name: 'Cơ sở xay xát Tân Thành', adminUnitId: x.communeB });
    await add('pigs', { kind: 'household', name: 'Trại heo Bảy Nhỏ', adminUnitId: x.communeA });
    // rows imported from elsewhere keep their own spelling of a tax code (the unique index sees two codes)
    const [t1] = await x.db.insert(subjects).values({ kind: 'organisation', name: 'DNTN Xăng dầu Minh Châu', taxCode: '2200999888' }).returning();
    const [t2] = await x.db.insert(subjects).values({ kind: 'organisation', name: 'Cửa hàng xăng dầu Minh Châu', taxCode: '2200.999.888' }).returning();
    ids.fuel1 = t1!.id;
    ids.fuel2 = t2!.id;
  });
  afterAll(async () => {
    await x.database.close();
  });

  it('pairs the same tax code written twice and similar names in one commune with at most one identifier', async () => {
    const { candidates } = await duplicateCandidates(x.db, {});
    const pairs = candidates.map((c) => [c.a.id, c.b.id, c.reason, c.similarity, c.suggestedSurvivorId]);
    expect(pairs).toEqual([
      [ids.fuel1, ids.fuel2, 'same_tax_code', expect.any(Number), ids.fuel1],
      // identical once diacritics and case are ignored: similarity 1; the one with a CCCD is kept by default
      [ids.millNoId, ids.millCccd, 'similar_name', 1, ids.millCccd],
      [ids.millNoId, ids.millOther, 'similar_name', 1, ids.millOther],
    ]);
    expect(candidates[1]!.explanation).toContain('chỉ một đối tượng có mã số thuế hoặc CCCD');
    expect(candidates[0]!.explanation).toContain('2200.999.888');
  });

  it('shows a company and its branches as related, never as candidates', async () => {
    const { candidates, related } = await duplicateCandidates(x.db, {});
    const family = [ids.parent, ids.branchMx, ids.branchKs];
    expect(candidates.some((c) => family.includes(c.a.id) || family.includes(c.b.id))).toBe(false);
    expect(related.map((r) => [r.a.id, r.b.id, r.relation, r.root])).toEqual([
      [ids.parent, ids.branchMx, 'parent_branch', '2200100001'],
      [ids.parent, ids.branchKs, 'parent_branch', '2200100001'],
      [ids.branchMx, ids.branchKs, 'branches', '2200100001'],
    ]);
  });

  it('leaves out merged subjects and respects the limit', async () => {
    expect((await duplicateCandidates(x.db, { limit: 1 })).candidates).toHaveLength(1);
    await mergeSubjects(x.db, actor, { survivorId: ids.millCccd!, duplicateId: ids.millNoId!, version: 1 });
    const { candidates } = await duplicateCandidates(x.db, {});
    expect(candidates.map((c) => c.reason)).toEqual(['same_tax_code']);
  });
});
