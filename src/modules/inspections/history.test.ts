import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../core/audit/index.js';
import type { Database, Db } from '../../core/db/index.js';
import { createTestDatabase } from '../../core/testing/db.js';
import { adminUnits, orgUnits } from '../org/schema.js';
import { type HistoryEntry, registerHistorySource, subjectHistory, unregisterHistorySource } from './history.js';
import { inspectedSubjects, inspections, penaltyDecisions, penaltyLines, penaltyPayments, provisions, remedialMeasures, violations } from './schema.js';
import { mergeSubjects } from './subject-commands.js';
import { addFacility, createSubject } from './subjects.js';

/*
 * The history of a crafted subject, checked against figures worked out by hand. Records are inserted directly into
 * the tables (the inspection commands are another part's).
 *
 * Subject: Công ty TNHH Chế biến Thủy sản Mỹ Thanh. Today = 15/06/2024.
 *   I1 Thanh tra Sở, QĐ 12/QĐ-TTra of 01/03/2023, on site 15/03/2023, violation
 *      V1, V2 committed 15/03/2023; decision 05/QĐ-XPHC of 10/04/2023: 20.000.000 + 10.000.000 = 30.000.000 đồng,
 *      payment due 20/04/2023; paid 10.000.000 (18/04/2023, BL-001) + 5.000.000 (02/05/2023, BL-002) = 15.000.000;
 *      remedy R1 due 30/06/2023, done 25/06/2023
 *   I2 Thanh tra Sở, QĐ 40/QĐ-TTra of 01/02/2024, on site 06/02/2024, violation
 *      V3 committed 06/02/2024; decision 09/QĐ-XPHC of 01/03/2024: 8.000.000, due 01/07/2024, nothing paid;
 *      remedy R2 due 31/05/2024, not done
 *   I3 Phòng TN&MT Mỹ Xuyên, QĐ 03/QĐ-PTNMT of 01/04/2024, on site 12/04/2024, compliant
 * Totals (everything): 3 inspections, 3 violations, 2 decisions, fines 38.000.000, paid 15.000.000,
 *   outstanding (30 − 15) + (8 − 0) = 23.000.000, overdue 15.000.000 (only 05/QĐ-XPHC is past its payment date).
 * Status: overdue (05/QĐ-XPHC unpaid after 20/04/2023; R2 past 31/05/2024).
 */

const actor: Actor = { id: null, name: 'kiem-thu' };
const TODAY = '2024-06-15';

let database: Database;
let db: Db;
let ttra: number;
let ptnmt: number;
let subjectId: number;
const id: Record<string, number> = {};

async function inspection(orgUnitId: number, decisionNumber: string, decisionDate: string, startsOn: string, inspectedOn: string, outcome: string) {
  const [i] = await db
    .insert(inspections)
    .values({
      orgUnitId,
      decisionNumber,
      decisionDate,
      mode: 'inspection',
      kind: 'planned',
      field: 'environment',
      title: 'Thanh tra việc chấp hành pháp luật về bảo vệ môi trường',
      startsOn,
      endsOn: startsOn,
      status: 'concluded',
    })
    .returning();
  const [is] = await db.insert(inspectedSubjects).values({ inspectionId: i!.id, subjectId, inspectedOn, outcome }).returning();
  return { inspectionId: i!.id, isId: is!.id };
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  const [p] = await db.insert(adminUnits).values({ code: '94', name: 'Sóc Trăng', unitType: 'tinh', level: 1, validFrom: '2020-01-01' }).returning();
  const [stnmt] = await db.insert(orgUnits).values({ code: 'STNMT', name: 'Sở Tài nguyên và Môi trường', kind: 'department', adminUnitId: p!.id, validFrom: '2020-01-01' }).returning();
  ttra = (await db.insert(orgUnits).values({ code: 'TTRA', name: 'Thanh tra Sở', kind: 'division', parentId: stnmt!.id, adminUnitId: p!.id, validFrom: '2020-01-01' }).returning())[0]!.id;
  ptnmt = (
    await db
      .insert(orgUnits)
      .values({ code: 'PTNMT-947', name: 'Phòng Tài nguyên và Môi trường huyện Mỹ Xuyên', kind: 'district_office', parentId: stnmt!.id, adminUnitId: p!.id, validFrom: '2020-01-01' })
      .returning()
  )[0]!.id;
  const [prov] = await db
    .insert(provisions)
    .values({
      decree: '45/2022/NĐ-CP',
      article: 18,
      clause: 2,
      point: 'a',
      description: 'Xả nước thải vượt quy chuẩn kỹ thuật',
      field: 'environment',
      fineMinVnd: 5_000_000,
      fineMaxVnd: 10_000_000,
      validFrom: '2022-08-25',
      source: 'dữ liệu kiểm thử',
    })
    .returning();
  const s = await createSubject(db, actor, { kind: 'organisation', name: 'Công ty TNHH Chế biến Thủy sản Mỹ Thanh', taxCode: '2200777888' });
  subjectId = s.id;
  await addFacility(db, actor, s.id, { name: 'Nhà máy chế biến Mỹ Thanh', latitude: 9.52, longitude: 105.98 });

  const i1 = await inspection(ttra, '12/QĐ-TTra', '2023-03-01', '2023-03-10', '2023-03-15', 'violation');
  const i2 = await inspection(ttra, '40/QĐ-TTra', '2024-02-01', '2024-02-05', '2024-02-06', 'violation');
  const i3 = await inspection(ptnmt, '03/QĐ-PTNMT', '2024-04-01', '2024-04-10', '2024-04-12', 'compliant');
  Object.assign(id, { i1: i1.inspectionId, i2: i2.inspectionId, i3: i3.inspectionId, is1: i1.isId, is2: i2.isId, is3: i3.isId });
  const violation = async (isId: number, description: string, committedOn: string) =>
    (await db.insert(violations).values({ inspectedSubjectId: isId, provisionId: prov!.id, description, committedOn }).returning())[0]!.id;
  id.v1 = await violation(i1.isId, 'Xả nước thải vượt quy chuẩn 1,5 lần', '2023-03-15');
  id.v2 = await violation(i1.isId, 'Không vận hành hệ thống xử lý nước thải', '2023-03-15');
  id.v3 = await violation(i2.isId, 'Xả nước thải vượt quy chuẩn 1,2 lần', '2024-02-06');
  const decision = async (isId: number, number: string, decidedOn: string, fineVnd: number, paymentDueOn: string) =>
    (
      await db
        .insert(penaltyDecisions)
        .values({ inspectedSubjectId: isId, orgUnitId: ttra, number, decidedOn, signerName: 'Nguyễn Văn An', signerTitle: 'Chánh Thanh tra', fineVnd, paymentDueOn })
        .returning()
    )[0]!.id;
  id.d1 = await decision(i1.isId, '05/QĐ-XPHC', '2023-04-10', 30_000_000, '2023-04-20');
  id.d2 = await decision(i2.isId, '09/QĐ-XPHC', '2024-03-01', 8_000_000, '2024-07-01');
  await db.insert(penaltyLines).values([
    { decisionId: id.d1, violationId: id.v1, fineVnd: 20_000_000 },
    { decisionId: id.d1, violationId: id.v2, fineVnd: 10_000_000 },
    { decisionId: id.d2, violationId: id.v3, fineVnd: 8_000_000 },
  ]);
  await db.insert(penaltyPayments).values([
    { decisionId: id.d1, paidOn: '2023-04-18', amountVnd: 10_000_000, receiptNumber: 'BL-001' },
    { decisionId: id.d1, paidOn: '2023-05-02', amountVnd: 5_000_000, receiptNumber: 'BL-002' },
  ]);
  await db.insert(remedialMeasures).values([
    { decisionId: id.d1, description: 'Buộc vận hành đúng quy trình hệ thống xử lý nước thải', deadline: '2023-06-30', doneOn: '2023-06-25' },
    { decisionId: id.d2, description: 'Buộc xử lý nước thải đạt quy chuẩn', deadline: '2024-05-31' },
  ]);
});

afterAll(async () => {
  await database.close();
});

const brief = (e: HistoryEntry) => [e.date, e.kind];

describe('subjectHistory', () => {
  it('lists every record newest first, later steps first on one day', async () => {
    const h = (await subjectHistory(db, subjectId, null, TODAY))!;
    expect(h.entries.map(brief)).toEqual([
      ['2024-05-31', 'remedy'],
      ['2024-04-12', 'inspection'],
      ['2024-03-01', 'penalty_decision'],
      ['2024-02-06', 'violation'],
      ['2024-02-06', 'inspection'],
      ['2023-06-25', 'remedy'],
      ['2023-05-02', 'payment'],
      ['2023-04-18', 'payment'],
      ['2023-04-10', 'penalty_decision'],
      ['2023-03-15', 'violation'],
      ['2023-03-15', 'violation'],
      ['2023-03-15', 'inspection'],
    ]);
    const [r2, i3, d2, v3, , r1, p2] = h.entries;
    expect(r2).toMatchObject({ title: 'Biện pháp khắc phục: Buộc xử lý nước thải đạt quy chuẩn', tag: { text: 'Quá hạn', colour: 'red' }, href: `/thanh-tra/quyet-dinh/${id.d2}` });
    expect(i3).toMatchObject({
      title: 'Thanh tra theo Quyết định số 03/QĐ-PTNMT ngày 01/04/2024',
      detail: expect.stringContaining('Phòng Tài nguyên và Môi trường huyện Mỹ Xuyên'),
      tag: { text: 'Không vi phạm', colour: 'green' },
      href: `/thanh-tra/${id.i3}`,
    });
    expect(d2).toMatchObject({ title: 'Quyết định xử phạt số 09/QĐ-XPHC', amountVnd: 8_000_000, tag: { text: 'Chưa nộp phạt', colour: 'blue' } });
    expect(v3).toMatchObject({ title: 'Vi phạm điểm a khoản 2 Điều 18 Nghị định 45/2022/NĐ-CP', detail: 'Xả nước thải vượt quy chuẩn 1,2 lần', href: `/thanh-tra/doi-tuong/${id.is2}` });
    expect(r1).toMatchObject({ detail: 'Hạn thực hiện 30/06/2023; đã thực hiện ngày 25/06/2023 (Quyết định số 05/QĐ-XPHC)', tag: { colour: 'green' } });
    expect(p2).toMatchObject({ amountVnd: 5_000_000, detail: 'Biên lai, chứng từ số BL-002' });
    expect(h.entries[8]).toMatchObject({ amountVnd: 30_000_000, tag: { text: 'Quá hạn nộp phạt', colour: 'red' }, detail: expect.stringContaining('còn phải nộp 15.000.000 đồng') });
    expect(h.facilities.map((f) => f.name)).toEqual(['Nhà máy chế biến Mỹ Thanh']);
    expect(h.hidden).toEqual({ inspections: 0, entries: 0 });
  });

  it('totals fines, payments, what is owed and overdue, and gives the status for a fixed day', async () => {
    const h = (await subjectHistory(db, subjectId, null, TODAY))!;
    expect(h.totals).toEqual({
      inspections: 3,
      violations: 3,
      decisions: 2,
      finesVnd: 38_000_000,
      paidVnd: 15_000_000,
      outstandingVnd: 23_000_000,
      overdueVnd: 15_000_000,
    });
    expect(h.status).toBe('overdue');
    // the day only moves what counts as overdue: on 19/04/2023 neither 05/QĐ-XPHC (due 20/04/2023) nor R2 (due
    // 31/05/2024) is late, so 23.000.000 đồng is owed, none of it overdue
    const before = (await subjectHistory(db, subjectId, null, '2023-04-19'))!;
    expect(before.totals).toMatchObject({ outstandingVnd: 23_000_000, overdueVnd: 0 });
    expect(before.status).toBe('outstanding');
  });

  it('shows only the inspections of units in scope, and counts what it left out', async () => {
    const ttraOnly = (await subjectHistory(db, subjectId, new Set([ttra]), TODAY))!;
    expect(ttraOnly.entries).toHaveLength(11);
    expect(ttraOnly.entries.some((e) => e.title.includes('03/QĐ-PTNMT'))).toBe(false);
    expect(ttraOnly.hidden).toEqual({ inspections: 1, entries: 1 });
    expect(ttraOnly.totals.inspections).toBe(2);
    expect(ttraOnly.totals.finesVnd).toBe(38_000_000);

    const district = (await subjectHistory(db, subjectId, new Set([ptnmt]), TODAY))!;
    expect(district.entries.map(brief)).toEqual([['2024-04-12', 'inspection']]);
    expect(district.hidden).toEqual({ inspections: 2, entries: 11 });
    expect(district.totals).toEqual({ inspections: 1, violations: 0, decisions: 0, finesVnd: 0, paidVnd: 0, outstandingVnd: 0, overdueVnd: 0 });
    expect(district.status).toBe('compliant');

    const none = (await subjectHistory(db, subjectId, new Set<number>(), TODAY))!;
    expect(none.entries).toEqual([]);
    expect(none.status).toBe('not_inspected');
    expect(none.hidden).toEqual({ inspections: 3, entries: 12 });
  });

  it('takes the entries of a registered source into the timeline', async () => {
    const calls: unknown[] = [];
    registerHistorySource({
      name: 'test-licences',
      async load(_db, sid, scope, today) {
        calls.push([sid, scope === null ? null : [...scope], today]);
        return { entries: [{ date: '2024-01-10', kind: 'licence', title: 'Giấy phép môi trường số 01/GPMT-UBND', tag: { text: 'Còn hiệu lực', colour: 'green' } }], hidden: 2 };
      },
    });
    try {
      const h = (await subjectHistory(db, subjectId, new Set([ttra]), TODAY))!;
      expect(calls).toEqual([[subjectId, [ttra], TODAY]]);
      const at = h.entries.findIndex((e) => e.kind === 'licence');
      expect(h.entries[at - 1]).toMatchObject({ date: '2024-02-06', kind: 'inspection' });
      expect(h.entries[at + 1]).toMatchObject({ date: '2023-06-25', kind: 'remedy' });
      expect(h.hidden).toEqual({ inspections: 1, entries: 3 });
      // the source's records do not change the inspection totals
      expect(h.totals.inspections).toBe(2);
    } finally {
      unregisterHistorySource('test-licences');
    }
    expect((await subjectHistory(db, subjectId, null, TODAY))!.entries.some((e) => e.kind === 'licence')).toBe(false);
  });

  it('answers for a merged subject with its survivor’s history', async () => {
    const dup = await createSubject(db, actor, { kind: 'individual', name: 'Cty Thủy sản Mỹ Thanh' });
    await mergeSubjects(db, actor, { survivorId: subjectId, duplicateId: dup.id, version: 1 });
    const h = (await subjectHistory(db, dup.id, null, TODAY))!;
    expect(h.subject.id).toBe(subjectId);
    expect(h.mergedFromId).toBe(dup.id);
    expect(h.entries).toHaveLength(12);
    expect(h.totals.finesVnd).toBe(38_000_000);
    expect(await subjectHistory(db, 987_654, null, TODAY)).toBeNull();
  });
});
