import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../core/db/index.js';
import { formatMoneyVnd } from '../../core/format/index.js';
import { periodOf } from '../../core/period.js';
import { createTestApp, type TestApp, TestClient } from '../../core/testing/app.js';
import { expectSound } from '../../ui/testing.js';
import { findOrgUnitByCode } from '../org/queries.js';
import { inspectedSubjects, inspections, penaltyDecisions, penaltyPayments, subjects } from './schema.js';
import {
  type InspectionStatsQuery,
  inspectionStats,
  MEASURES,
  monthKeys,
  resolveUnit,
  reviewSentence,
  roundedComparison,
  type StatsMeasures,
  type StatsRow,
} from './statistics.js';
import { countsChart, moneyChart, svgDataUrl } from './stats-charts.js';
import { HEADER_ROW, MEASURE_HEADERS, SHEET_TITLE } from './stats-xlsx.js';

/*
 * A hand-made data set; every expected figure below is counted by hand from these tables (the comments say which rows).
 *
 * Units: TTRA (Thanh tra Sở, division → province), CCBVMT (Chi cục BVMT, division → province), PTNMT-947 (Mỹ Xuyên) and
 * PTNMT-943 (Kế Sách), district offices → district. Subjects S1…S6.
 *
 * Inspections (unit, field, decision date, status: subject/outcome …):
 *   I1 TTRA      environment 2023-03-10 concluded   S1 violation, S2 compliant, S3 violation
 *   I2 TTRA      land        2023-12-31 in_progress S1 violation            (S1 inspected a second time in 2023)
 *   I3 CCBVMT    environment 2023-06-15 concluded   S4 pending, S5 compliant
 *   I4 TTRA      environment 2023-05-01 CANCELLED   S2 violation            (never counts)
 *   I5 PTNMT-947 environment 2023-01-01 concluded   S5 violation, S6 violation
 *   I6 PTNMT-943 water       2023-11-20 concluded   S3 compliant
 *   I7 PTNMT-947 minerals    2022-12-31 concluded   S4 violation, S2 violation  (previous year)
 *   I8 PTNMT-947 land        2024-01-01 planned     S6 compliant            (next year)
 *   I9 PTNMT-947 environment 2025-03-10 concluded   S1 violation            (2025, before the 2025-07-01 reform)
 * Penalty decisions (on inspection/subject, unit, decided on, fine):
 *   D1 I1/S1 TTRA      2023-04-05 1.200.000.000     D2 I1/S3 TTRA      2023-04-20   512.500.000
 *   D3 I2/S1 TTRA      2024-01-15   300.000.000 (decided next year)
 *   D4 I5/S5 PTNMT-947 2023-02-10   401.200.000     D5 I5/S6 PTNMT-947 2023-03-01   200.000.000
 *   D6 I7/S4 PTNMT-947 2023-01-05    50.000.000 (a 2022 inspection, decided in 2023)
 *   D7 I7/S2 PTNMT-947 2022-12-31    30.000.000 (decided in 2022)
 * Payments (decision, paid on, amount):
 *   P1 D1 2023-04-10 1.000.000.000   P2 D1 2024-01-03 200.000.000 (another period)   P3 D2 2023-12-31 512.500.000
 *   P4 D4 2023-02-20   401.200.000   P5 D7 2023-01-09  30.000.000 (decision of 2022)  P6 D5 2023-03-05 100.000.000
 *   P7 D3 2024-02-01   300.000.000
 *
 * Year 2023, all units:
 *   inspections I1 I2 I3 I5 I6 = 5; subjects 3+1+2+2+1 = 9; violations (I1: 2, I2: 1, I5: 2) = 5
 *   decisions D1 D2 D4 D5 D6 = 5; fines 1.200.000.000 + 512.500.000 + 401.200.000 + 200.000.000 + 50.000.000 = 2.363.700.000
 *   collected P1 P3 P4 P5 P6 = 1.000.000.000 + 512.500.000 + 401.200.000 + 30.000.000 + 100.000.000 = 2.043.700.000
 */

let app: TestApp;
let database: Database;
const unitId: Record<string, number> = {};
const Y2023 = periodOf({ year: 2023 });

/** [inspections, subjects, violations, decisions, fines, collected] */
const m = (r: StatsMeasures) => MEASURES.map((k) => r[k]);
const year2023 = (extra: Partial<InspectionStatsQuery> = {}): InspectionStatsQuery => ({
  scope: null,
  firstDay: Y2023.firstDay,
  lastDay: Y2023.lastDay,
  groupBy: 'level',
  ...extra,
});

beforeAll(async () => {
  app = await createTestApp();
  database = app.database;
  for (const code of ['STNMT', 'TTRA', 'CCBVMT', 'PTNMT-947', 'PTNMT-943']) {
    const u = await findOrgUnitByCode(database.db, code, '2023-06-30');
    if (!u) throw new Error(`org unit ${code} missing from the reference data`);
    unitId[code] = u.id;
  }
  const db = database.db;
  const subj = await db
    .insert(subjects)
    .values(
      ['S1', 'S2', 'S3', 'S4', 'S5', 'S6'].map((s, i) => ({
        kind: i % 2 === 0 ? 'organisation' : 'individual',
        name: `Đối tượng thống kê ${s}`,
        ...(i % 2 === 0 ? { taxCode: `22000000${i}0` } : {}),
      })),
    )
    .returning({ id: subjects.id });
  const S = Object.fromEntries(subj.map((s, i) => [`S${i + 1}`, s.id])) as Record<string, number>;
  const specs = [
    ['I1', 'TTRA', 'environment', '2023-03-10', 'concluded', [['S1', 'violation'], ['S2', 'compliant'], ['S3', 'violation']]],
    ['I2', 'TTRA', 'land', '2023-12-31', 'in_progress', [['S1', 'violation']]],
    ['I3', 'CCBVMT', 'environment', '2023-06-15', 'concluded', [['S4', 'pending'], ['S5', 'compliant']]],
    ['I4', 'TTRA', 'environment', '2023-05-01', 'cancelled', [['S2', 'violation']]],
    ['I5', 'PTNMT-947', 'environment', '2023-01-01', 'concluded', [['S5', 'violation'], ['S6', 'violation']]],
    ['I6', 'PTNMT-943', 'water', '2023-11-20', 'concluded', [['S3', 'compliant']]],
    ['I7', 'PTNMT-947', 'minerals', '2022-12-31', 'concluded', [['S4', 'violation'], ['S2', 'violation']]],
    ['I8', 'PTNMT-947', 'land', '2024-01-01', 'planned', [['S6', 'compliant']]],
    ['I9', 'PTNMT-947', 'environment', '2025-03-10', 'concluded', [['S1', 'violation']]],
  ] as const;
  const I: Record<string, number> = {};
  const IS: Record<string, number> = {};
  for (const [code, unit, field, date, status, subs] of specs) {
    const [row] = await db
      .insert(inspections)
      .values({
        orgUnitId: unitId[unit]!,
        decisionNumber: `${code}/QĐ-TK`,
        decisionDate: date,
        mode: 'check',
        kind: 'planned',
        field,
        title: `Kiểm tra ${code}`,
        startsOn: date,
        endsOn: date,
        status,
      })
      .returning({ id: inspections.id });
    I[code] = row!.id;
    for (const [s, outcome] of subs) {
      const [is] = await db
        .insert(inspectedSubjects)
        .values({ inspectionId: row!.id, subjectId: S[s]!, outcome, inspectedOn: date })
        .returning({ id: inspectedSubjects.id });
      IS[`${code}/${s}`] = is!.id;
    }
  }
  const decisions = [
    ['D1', 'I1/S1', 'TTRA', '2023-04-05', 1_200_000_000],
    ['D2', 'I1/S3', 'TTRA', '2023-04-20', 512_500_000],
    ['D3', 'I2/S1', 'TTRA', '2024-01-15', 300_000_000],
    ['D4', 'I5/S5', 'PTNMT-947', '2023-02-10', 401_200_000],
    ['D5', 'I5/S6', 'PTNMT-947', '2023-03-01', 200_000_000],
    ['D6', 'I7/S4', 'PTNMT-947', '2023-01-05', 50_000_000],
    ['D7', 'I7/S2', 'PTNMT-947', '2022-12-31', 30_000_000],
  ] as const;
  const D: Record<string, number> = {};
  for (const [code, is, unit, date, fine] of decisions) {
    const [row] = await db
      .insert(penaltyDecisions)
      .values({
        inspectedSubjectId: IS[is]!,
        orgUnitId: unitId[unit]!,
        number: `${code}/QĐ-XPHC`,
        decidedOn: date,
        signerName: 'Người ký',
        signerTitle: 'Chánh Thanh tra',
        fineVnd: fine,
        paymentDueOn: date,
      })
      .returning({ id: penaltyDecisions.id });
    D[code] = row!.id;
  }
  const payments = [
    ['P1', 'D1', '2023-04-10', 1_000_000_000],
    ['P2', 'D1', '2024-01-03', 200_000_000],
    ['P3', 'D2', '2023-12-31', 512_500_000],
    ['P4', 'D4', '2023-02-20', 401_200_000],
    ['P5', 'D7', '2023-01-09', 30_000_000],
    ['P6', 'D5', '2023-03-05', 100_000_000],
    ['P7', 'D3', '2024-02-01', 300_000_000],
  ] as const;
  await db.insert(penaltyPayments).values(payments.map(([code, d, paidOn, amount]) => ({ decisionId: D[d]!, paidOn, amountVnd: amount, receiptNumber: code })));
});

afterAll(async () => {
  await app?.close();
});

describe('inspectionStats, year 2023', () => {
  it('computes the six measures for all units, by level', async () => {
    const { rows, totals } = await inspectionStats(database, year2023());
    expect(rows.map((r) => [r.key, r.label])).toEqual([
      ['province', 'Cấp tỉnh'],
      ['district', 'Cấp huyện'],
    ]);
    // province = TTRA + CCBVMT: I1 I2 I3 = 3; subjects 3+1+2 = 6; violations I1 S1 S3, I2 S1 = 3; D1 D2; P1 P3
    expect(m(rows[0]!)).toEqual([3, 6, 3, 2, 1_712_500_000, 1_512_500_000]);
    // district = PTNMT-947 + PTNMT-943: I5 I6 = 2; subjects 2+1 = 3; violations I5 S5 S6 = 2; D4 D5 D6; P4 P6 P5
    expect(m(rows[1]!)).toEqual([2, 3, 2, 3, 651_200_000, 531_200_000]);
    expect(totals.key).toBe('total');
    expect(totals.label).toBe('Tổng cộng');
    expect(m(totals)).toEqual([5, 9, 5, 5, 2_363_700_000, 2_043_700_000]);
  });

  it('groups by field (a decision’s and a payment’s field is their inspection’s)', async () => {
    const { rows, totals } = await inspectionStats(database, year2023({ groupBy: 'field' }));
    expect(rows.map((r) => [r.key, r.label, ...m(r)])).toEqual([
      // I1 I3 I5: subjects 3+2+2, violations 2+0+2; D1 D2 D4 D5; P1 P3 P4 P6
      ['environment', 'Môi trường', 3, 7, 4, 4, 2_313_700_000, 2_013_700_000],
      // I2: S1 violation; D3 is of 2024
      ['land', 'Đất đai', 1, 1, 1, 0, 0, 0],
      ['water', 'Tài nguyên nước', 1, 1, 0, 0, 0, 0],
      // no minerals inspection in 2023, but D6 (on I7) was decided and P5 (on D7, I7) paid in 2023
      ['minerals', 'Khoáng sản', 0, 0, 0, 1, 50_000_000, 30_000_000],
    ]);
    expect(m(totals)).toEqual([5, 9, 5, 5, 2_363_700_000, 2_043_700_000]);
  });

  it('groups by org unit: province units first, then districts, by name', async () => {
    const { rows } = await inspectionStats(database, year2023({ groupBy: 'org_unit' }));
    expect(rows.map((r) => [r.key, r.label, ...m(r)])).toEqual([
      [String(unitId.CCBVMT), 'Chi cục Bảo vệ môi trường', 1, 2, 0, 0, 0, 0],
      [String(unitId.TTRA), 'Thanh tra Sở', 2, 4, 3, 2, 1_712_500_000, 1_512_500_000],
      [String(unitId['PTNMT-943']), 'Phòng Tài nguyên và Môi trường huyện Kế Sách', 1, 1, 0, 0, 0, 0],
      [String(unitId['PTNMT-947']), 'Phòng Tài nguyên và Môi trường huyện Mỹ Xuyên', 1, 2, 2, 3, 651_200_000, 531_200_000],
    ]);
  });

  it('groups by month: every month of the period, by the date of each record', async () => {
    const { rows, totals } = await inspectionStats(database, year2023({ groupBy: 'month' }));
    expect(rows.map((r) => r.key)).toEqual(monthKeys('2023-01-01', '2023-12-31'));
    expect(rows[2]!.label).toBe('Tháng 3/2023');
    const byMonth = Object.fromEntries(rows.map((r) => [r.key, m(r)]));
    // January: I5 (01/01, 2 subjects, 2 violations); D6 (05/01); P5 (09/01)
    expect(byMonth['2023-01']).toEqual([1, 2, 2, 1, 50_000_000, 30_000_000]);
    // February: D4 (10/02); P4 (20/02)
    expect(byMonth['2023-02']).toEqual([0, 0, 0, 1, 401_200_000, 401_200_000]);
    // March: I1 (10/03); D5 (01/03); P6 (05/03)
    expect(byMonth['2023-03']).toEqual([1, 3, 2, 1, 200_000_000, 100_000_000]);
    // April: D1 D2; P1
    expect(byMonth['2023-04']).toEqual([0, 0, 0, 2, 1_712_500_000, 1_000_000_000]);
    expect(byMonth['2023-05']).toEqual([0, 0, 0, 0, 0, 0]); // I4 is cancelled
    expect(byMonth['2023-06']).toEqual([1, 2, 0, 0, 0, 0]);
    expect(byMonth['2023-11']).toEqual([1, 1, 0, 0, 0, 0]);
    // December: I2 (31/12); P3 (31/12)
    expect(byMonth['2023-12']).toEqual([1, 1, 1, 0, 0, 512_500_000]);
    expect(m(totals)).toEqual([5, 9, 5, 5, 2_363_700_000, 2_043_700_000]);
  });

  it('filters by field and by level', async () => {
    const env = await inspectionStats(database, year2023({ field: 'environment' }));
    expect(env.rows.map((r) => [r.key, ...m(r)])).toEqual([
      ['province', 2, 5, 2, 2, 1_712_500_000, 1_512_500_000], // I1 I3; D1 D2; P1 P3
      ['district', 1, 2, 2, 2, 601_200_000, 501_200_000], // I5; D4 D5; P4 P6
    ]);
    const district = await inspectionStats(database, year2023({ level: 'district', groupBy: 'field' }));
    expect(district.rows.map((r) => [r.key, ...m(r)])).toEqual([
      ['environment', 1, 2, 2, 2, 601_200_000, 501_200_000],
      ['water', 1, 1, 0, 0, 0, 0],
      ['minerals', 0, 0, 0, 1, 50_000_000, 30_000_000],
    ]);
    expect(m(district.totals)).toEqual([2, 3, 2, 3, 651_200_000, 531_200_000]);
  });

  it('takes other periods: a quarter, the next year, a custom range', async () => {
    const q1 = periodOf({ year: 2023, quarter: 1 });
    // I5 (01/01) and I1 (10/03); D6 D4 D5; P5 P4 P6
    const r1 = await inspectionStats(database, { scope: null, firstDay: q1.firstDay, lastDay: q1.lastDay, groupBy: 'level' });
    expect(m(r1.totals)).toEqual([2, 5, 4, 3, 651_200_000, 531_200_000]);
    // 2024: I8 (1 subject, compliant); D3; P2 P7
    const y24 = periodOf({ year: 2024 });
    const r24 = await inspectionStats(database, { scope: null, firstDay: y24.firstDay, lastDay: y24.lastDay, groupBy: 'level' });
    expect(m(r24.totals)).toEqual([1, 1, 0, 1, 300_000_000, 500_000_000]);
    // 31/12/2022 – 01/01/2023: I7 (2 violations) and I5; D7; nothing paid
    const r = await inspectionStats(database, { scope: null, firstDay: '2022-12-31', lastDay: '2023-01-01', groupBy: 'level' });
    expect(m(r.totals)).toEqual([2, 4, 4, 1, 30_000_000, 0]);
  });

  it('is empty for an empty scope, and refuses bad queries', async () => {
    const empty = await inspectionStats(database, year2023({ scope: [] }));
    expect(empty.rows).toEqual([]);
    expect(m(empty.totals)).toEqual([0, 0, 0, 0, 0, 0]);
    await expect(inspectionStats(database, year2023({ lastDay: '2022-12-31' }))).rejects.toThrow(/lastDay/);
    await expect(inspectionStats(database, year2023({ field: 'forest' }))).rejects.toThrow(/field/);
    await expect(inspectionStats(database, year2023({ level: 'national' }))).rejects.toThrow(/level/);
  });
});

describe('scope', () => {
  const totalsFor = async (code: string, period = Y2023) => {
    const unit = await resolveUnit(database, code, period.lastDay);
    if (!unit) throw new Error(`${code} not resolved`);
    return m((await inspectionStats(database, { scope: unit.ids, firstDay: period.firstDay, lastDay: period.lastDay, groupBy: 'level' })).totals);
  };

  it('an org unit code gives its subtree: the department sees all, a district its own', async () => {
    expect(await totalsFor('STNMT')).toEqual([5, 9, 5, 5, 2_363_700_000, 2_043_700_000]);
    // PTNMT-947: I5; D4 D5 D6; P4 P6 P5 (P5 is on D7, decided in 2022 by the same unit)
    expect(await totalsFor('PTNMT-947')).toEqual([1, 2, 2, 3, 651_200_000, 531_200_000]);
    expect(await totalsFor('TTRA')).toEqual([2, 4, 3, 2, 1_712_500_000, 1_512_500_000]);
  });

  it('a GSO code gives the org units of the area: 947 = Mỹ Xuyên’s offices, 94 = the whole province', async () => {
    const d947 = await resolveUnit(database, '947', Y2023.lastDay);
    expect(d947?.kind).toBe('admin_unit');
    expect(d947?.ids).toContain(unitId['PTNMT-947']);
    expect(d947?.ids).not.toContain(unitId['PTNMT-943']);
    expect(await totalsFor('947')).toEqual([1, 2, 2, 3, 651_200_000, 531_200_000]);
    expect(await totalsFor('94')).toEqual([5, 9, 5, 5, 2_363_700_000, 2_043_700_000]);
  });

  it('a pre-2025 unit still counts after the reform: under its successor, and by its own code', async () => {
    const y2025 = periodOf({ year: 2025 });
    // SNNMT-CT (from 2025-07-01) inherits PTNMT-947's records: I9 (10/03/2025, S1 violation)
    expect(await totalsFor('SNNMT-CT', y2025)).toEqual([1, 1, 1, 0, 0, 0]);
    // PTNMT-947 is not valid on 31/12/2025; its last version is used
    expect(await totalsFor('PTNMT-947', y2025)).toEqual([1, 1, 1, 0, 0, 0]);
    const unit = await resolveUnit(database, 'SNNMT-CT', y2025.lastDay);
    const { rows } = await inspectionStats(database, { scope: unit!.ids, firstDay: y2025.firstDay, lastDay: y2025.lastDay, groupBy: 'level' });
    expect(rows.map((r) => r.key)).toEqual(['district']);
  });
});

describe('the review sentence', () => {
  const row = (inspections: number, subjectsInspected: number, subjectsWithViolations: number, finesImposedVnd: number): StatsMeasures => ({
    inspections,
    subjectsInspected,
    subjectsWithViolations,
    penaltyDecisions: subjectsWithViolations,
    finesImposedVnd,
    finesCollectedVnd: 0,
  });

  it('words the Sóc Trăng 2023 review: "hơn" when the rounded figure is below the sum, "là" when equal', () => {
    expect(reviewSentence(row(17, 106, 12, 1_712_500_000), 'province')).toBe(
      'cấp tỉnh đã triển khai 17 cuộc thanh tra, kiểm tra đối với 106 tổ chức, cá nhân, phát hiện và xử lý 12 trường hợp vi phạm với tổng số tiền phạt hơn 1,7 tỷ đồng',
    );
    expect(reviewSentence(row(41, 352, 87, 651_200_000), 'district')).toBe(
      'cấp huyện đã triển khai 41 cuộc thanh tra, kiểm tra đối với 352 tổ chức, cá nhân, phát hiện và xử lý 87 trường hợp vi phạm với tổng số tiền phạt là 651,2 triệu đồng',
    );
  });

  it('says "gần" when rounding went up, and speaks English', () => {
    expect(formatMoneyVnd(1_750_000_000)).toBe('1,8 tỷ đồng');
    expect(reviewSentence(row(2, 5, 2, 1_750_000_000), 'province')).toMatch(/với tổng số tiền phạt gần 1,8 tỷ đồng$/);
    expect(reviewSentence(row(1, 1, 1, 850_000), 'district')).toMatch(/tổng số tiền phạt là 850\.000 đồng$/);
    expect(reviewSentence(row(17, 106, 12, 1_712_500_000), 'province', 'en')).toBe(
      'at province level, 17 inspections and checks covered 106 organisations and individuals, finding and handling 12 violations with fines totalling more than 1.7 billion VND',
    );
  });

  it('says no violation was found when there is none', () => {
    expect(reviewSentence(row(3, 1_250, 0, 0), 'district')).toBe(
      'cấp huyện đã triển khai 3 cuộc thanh tra, kiểm tra đối với 1.250 tổ chức, cá nhân, không phát hiện trường hợp vi phạm',
    );
  });

  it('compares with the figure formatMoneyVnd prints', () => {
    expect(
      [0, 999_999, 1_000_000, 1_049_999, 651_200_000, 651_249_999, 651_250_000, 999_950_000, 1_000_000_000, 1_712_500_000, 1_234_560_000_000].map(roundedComparison),
    ).toEqual(['exact', 'exact', 'exact', 'more', 'exact', 'more', 'less', 'less', 'exact', 'more', 'less']);
  });

  it('comes out of the statistics for the level rows', async () => {
    const { rows } = await inspectionStats(database, year2023());
    expect(rows.map((r) => reviewSentence(r, r.key))).toEqual([
      'cấp tỉnh đã triển khai 3 cuộc thanh tra, kiểm tra đối với 6 tổ chức, cá nhân, phát hiện và xử lý 3 trường hợp vi phạm với tổng số tiền phạt hơn 1,7 tỷ đồng',
      'cấp huyện đã triển khai 2 cuộc thanh tra, kiểm tra đối với 3 tổ chức, cá nhân, phát hiện và xử lý 2 trường hợp vi phạm với tổng số tiền phạt là 651,2 triệu đồng',
    ]);
  });
});

describe('charts', () => {
  it('are SVG with a title and a description, well-formed (embedded as <img>)', async () => {
    for (const groupBy of ['level', 'org_unit', 'month'] as const) {
      const { rows } = await inspectionStats(database, year2023({ groupBy }));
      for (const chart of [await countsChart(rows, groupBy, 'năm 2023', 'vi'), await moneyChart(rows, groupBy, 'năm 2023', 'en')]) {
        expect(chart.svg).toMatch(/^<svg role="img" aria-labelledby="[\w-]+-title [\w-]+-desc"/);
        expect(chart.svg).toContain('<title id=');
        for (const tag of chart.svg.match(/<[a-zA-Z][^>]*>/g) ?? []) expect(tag).toMatch(/^<[\w:-]+(\s+[\w:-]+="[^"<]*")*\s*\/?>$/);
        expect(svgDataUrl(chart.svg)).toMatch(/^data:image\/svg\+xml;charset=utf-8,%3Csvg/);
      }
    }
    const { rows } = await inspectionStats(database, year2023({ groupBy: 'org_unit' }));
    expect((await countsChart(rows, 'org_unit', 'năm 2023', 'vi')).svg).toContain('Phòng TN&amp;MT huyện Kế Sách');
  });

  it('label the money axis with decimals when the fines are under a few million', async () => {
    const small = { key: 'province', label: 'Cấp tỉnh', inspections: 1, subjectsInspected: 2, subjectsWithViolations: 1, penaltyDecisions: 1, finesImposedVnd: 1_500_000, finesCollectedVnd: 600_000 };
    const svg = (await moneyChart([small], 'level', 'năm 2025', 'vi')).svg;
    // echarts picks ticks 0, 0,3, 0,6 … 1,5 here: each keeps its decimal (before, 0,3 and 0,6 both printed as 0 and 1)
    expect(svg).toContain('>0,3<');
    expect(svg).toContain('>1,5<');
  });
});

describe('page, API and XLSX', () => {
  const signedIn = async (user: string, ip: string) => {
    const c = new TestClient(app.app, ip);
    await c.signIn(user, 'demo-tnmt-2023');
    return c;
  };

  it('the page shows the table, the review sentences, two charts and the download links to a viewer', async () => {
    const c = await signedIn('xem', '10.1.0.1');
    const res = await c.get('/thong-ke/thanh-tra?nam=2023');
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expect(html).toContain('Thống kê thanh tra, kiểm tra và xử lý vi phạm');
    const table = html.slice(html.indexOf('<table'), html.indexOf('</table>'));
    const text = (s: string) => s.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(text(table)).toContain('Cấp tỉnh 3 6 3 2 1,7 tỷ đồng 1.712.500.000 đồng 1,5 tỷ đồng 1.512.500.000 đồng');
    expect(text(table)).toContain('Cấp huyện 2 3 2 3 651,2 triệu đồng 651.200.000 đồng 531,2 triệu đồng 531.200.000 đồng');
    expect(text(table)).toContain('Tổng cộng 5 9 5 5 2,4 tỷ đồng 2.363.700.000 đồng 2 tỷ đồng 2.043.700.000 đồng');
    expect(html).toContain(
      'Cấp tỉnh đã triển khai 3 cuộc thanh tra, kiểm tra đối với 6 tổ chức, cá nhân, phát hiện và xử lý 3 trường hợp vi phạm với tổng số tiền phạt hơn 1,7 tỷ đồng.',
    );
    expect(html).toContain('với tổng số tiền phạt là 651,2 triệu đồng.');
    expect((html.match(/<img [^>]*src="data:image\/svg\+xml/g) ?? []).length).toBe(2);
    expect(html).toContain('href="/thong-ke/thanh-tra.xlsx?nam=2023"');
    expect(html).toContain('href="/api/v1/inspection-stats?year=2023&amp;groupBy=level"');
    expectSound(html);
  });

  it('groups the page by org unit and month, and speaks English', async () => {
    const c = await signedIn('lanhdao', '10.1.0.2');
    const byUnit = await c.get('/thong-ke/thanh-tra?nam=2023&nhom=org_unit&linh-vuc=environment');
    expect(byUnit.statusCode).toBe(200);
    expect(byUnit.body).toContain('Chi cục Bảo vệ môi trường');
    expect(byUnit.body).not.toContain('huyện Kế Sách</th>');
    const en = await c.get('/thong-ke/thanh-tra?nam=2023&nhom=month&lang=en');
    expect(en.statusCode).toBe(200);
    expect(en.body).toContain('At province level, 3 inspections and checks covered 6 organisations and individuals');
    expect(en.body).toContain('1.7 billion VND');
  });

  it('keeps what was typed and names the field on bad input', async () => {
    const c = await signedIn('xem', '10.1.0.3');
    const res = await c.get('/thong-ke/thanh-tra?nam=2023&quy=1&thang=2&cap=national&don-vi=KHONG-CO');
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('govuk-error-summary');
    expect(res.body).toContain('href="#quy"');
    expect(res.body).toContain('href="#cap"');
    expect(res.body).toContain('href="#don-vi"');
    expect(res.body).toContain('Chọn một cấp trong danh sách');
    // the form keeps what was typed
    const selectOf = (name: string) => res.body.slice(res.body.indexOf(`name="${name}"`), res.body.indexOf('</select>', res.body.indexOf(`name="${name}"`)));
    expect(selectOf('quy')).toMatch(/<option value="1" selected/);
    expect(selectOf('thang')).toMatch(/<option value="2" selected/);
    expect(selectOf('nam')).toMatch(/<option value="2023" selected/);
    expectSound(res.body);
  });

  it('the API gives the numbers; a role without inspection.stats gets 403', async () => {
    const c = await signedIn('xem', '10.1.0.4');
    const res = await c.get('/api/v1/inspection-stats?year=2023&groupBy=field');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.period).toMatchObject({ kind: 'year', from: '2023-01-01', to: '2023-12-31' });
    expect(body.rows.map((r: StatsRow) => [r.key, r.inspections, r.finesImposedVnd])).toEqual([
      ['environment', 3, 2_313_700_000],
      ['land', 1, 0],
      ['water', 1, 0],
      ['minerals', 0, 50_000_000],
    ]);
    expect(body.totals).toMatchObject({ inspections: 5, subjectsInspected: 9, subjectsWithViolations: 5, penaltyDecisions: 5, finesCollectedVnd: 2_043_700_000 });
    expect(body.sentences.map((s: { level: string }) => s.level)).toEqual(['province', 'district']);
    expect((await c.get('/api/v1/inspection-stats?year=2023&quarter=1&month=2')).statusCode).toBe(400);
    const clerk = await signedIn('motcua.so', '10.1.0.5');
    expect((await clerk.get('/thong-ke/thanh-tra?nam=2023')).statusCode).toBe(403);
    expect((await clerk.get('/thong-ke/thanh-tra.xlsx?nam=2023')).statusCode).toBe(403);
    expect((await clerk.get('/api/v1/inspection-stats?year=2023')).statusCode).toBe(403);
  });

  it('a district user only sees their district, even when asking for the department', async () => {
    const c = await signedIn('kiemtra.mx', '10.1.0.6');
    const res = await c.get('/api/v1/inspection-stats?year=2023&unit=STNMT');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.rows.map((r: StatsRow) => [r.key, ...m(r)])).toEqual([['district', 1, 2, 2, 3, 651_200_000, 531_200_000]]);
    const page = await c.get('/thong-ke/thanh-tra?nam=2023');
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('Cấp tỉnh đã triển khai');
    expect(page.body).toContain('Cấp huyện đã triển khai 1 cuộc thanh tra, kiểm tra đối với 2 tổ chức, cá nhân');
    // the unit select offers the district's own units only
    const select = page.body.slice(page.body.indexOf('name="don-vi"'), page.body.indexOf('</select>', page.body.indexOf('name="don-vi"')));
    expect(select).toContain('PTNMT-947');
    expect(select).not.toContain('TTRA');
    expect(select).not.toContain('PTNMT-943');
  });

  it('exports an XLSX sheet with the filter in its header and numeric cells', async () => {
    const c = await signedIn('xem', '10.1.0.7');
    const res = await c.get('/thong-ke/thanh-tra.xlsx?nam=2023&nhom=org_unit&cap=district');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain('thong-ke-thanh-tra-2023-01-01-2023-12-31.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getCell('A1').value).toBe(SHEET_TITLE);
    expect(String(ws.getCell('A2').value)).toContain('Sở Tài nguyên và Môi trường');
    expect(ws.getCell('A3').value).toBe('Kỳ báo cáo: Năm 2023 (từ ngày 01/01/2023 đến ngày 31/12/2023)');
    expect(ws.getCell('A4').value).toBe('Lĩnh vực: tất cả; cấp: cấp huyện; nhóm theo: đơn vị');
    expect((ws.getRow(HEADER_ROW).values as unknown[]).slice(1)).toEqual(['STT', 'Đơn vị', ...MEASURE_HEADERS]);
    const values = (r: number) => (ws.getRow(r).values as unknown[]).slice(1);
    expect(values(HEADER_ROW + 1)).toEqual([1, 'Phòng Tài nguyên và Môi trường huyện Kế Sách', 1, 1, 0, 0, 0, 0]);
    expect(values(HEADER_ROW + 2)).toEqual([2, 'Phòng Tài nguyên và Môi trường huyện Mỹ Xuyên', 1, 2, 2, 3, 651_200_000, 531_200_000]);
    expect(values(HEADER_ROW + 3)).toEqual(['', 'Tổng cộng', 2, 3, 2, 3, 651_200_000, 531_200_000]);
    expect(ws.getCell(HEADER_ROW + 2, 7).numFmt).toBe('#,##0');
    expect(ws.getCell(HEADER_ROW + 5, 1).value).toBe(
      'Cấp huyện đã triển khai 2 cuộc thanh tra, kiểm tra đối với 3 tổ chức, cá nhân, phát hiện và xử lý 2 trường hợp vi phạm với tổng số tiền phạt là 651,2 triệu đồng.',
    );
  });
});
