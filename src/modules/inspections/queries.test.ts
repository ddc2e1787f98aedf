import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../core/audit/index.js';
import type { Database } from '../../core/db/index.js';
import { createFileStore } from '../../core/files/index.js';
import { createTestDatabase } from '../../core/testing/db.js';
import { loadOrgUnits } from '../org/org-data.js';
import { findOrgUnitByCode } from '../org/queries.js';
import {
  addEvidence,
  addInspectedSubject,
  createInspection,
  type InspectedSubject,
  type Inspection,
  type InspectionInput,
  issuePenaltyDecision,
  markRemedyDone,
  type PenaltyDecision,
  recordPayment,
  recordViolation,
  setInspectionStatus,
  type Violation,
} from './commands.js';
import { type Provision, listProvisions, seedProvisions } from './provisions.js';
import { getDecisionDetail, getInspectedSubjectDetail, getInspectionDetail, listInspections, overduePayments, overdueRemedies, queueCounts } from './queries.js';
import { addFacility, createSubject, type Subject } from './subjects.js';

/*
 * The read side on a hand-built case (commands run with "today" = 01/06/2023):
 *
 * A  12/QĐ-TTra, Thanh tra Sở, 01/03/2023, environment, planned, period 06/03–17/03/2023
 *    S1 Công ty Cổ phần Mía đường Sóc Trăng (organisation, facility "Nhà máy đường"): violation v1 (khoản 1 Điều 26)
 *       → D1 20/QĐ-XPHC of 15/03/2023, fine 1.700.000, due 25/03/2023 (15/03 + 10 days), paid 700.000;
 *         remedies R2 due 01/04/2023 (done 30/03), R1 due 15/04/2023 (not done)
 *    S2 Hộ ông Trần Văn Út (household): v2 (khoản 1 Điều 26, one PDF), v3 (Điều 25, no decision)
 *       → D2 21/QĐ-XPHC of 16/03/2023, fine 1.000.000 on v2, due 26/03/2023, paid in full
 * B  05/QĐ-PTNMT, Phòng TN&MT Mỹ Xuyên, 02/05/2023, water, unannounced, period 03/05–10/05/2023
 *    S3 Lý Thị Mỹ (individual): no outcome yet
 *    S4 Công ty TNHH Xay xát Mỹ Xuyên (organisation): v4 → D3 07/QĐ-XPHC of 05/05/2023, fine 1.200.000, due
 *       15/05/2023, nothing paid; remedy R3 due 20/05/2023 (not done)
 * C  40/QĐ-TTra, Thanh tra Sở, 01/11/2022, land, complaint, cancelled, no subjects
 */

const TODAY = '2023-06-01';

let database: Database;
let filesDir: string;
const actor: Actor = { id: null, name: 'Thanh tra viên kiểm thử' };
let ttra: number;
let mx: number;
let art26: Provision;
let art25: Provision;
let A: Inspection;
let B: Inspection;
let C: Inspection;
let S1: Subject;
let S2: Subject;
let S4: Subject;
let atS1: InspectedSubject;
let atS2: InspectedSubject;
let v2: Violation;
let v3: Violation;
let D1: PenaltyDecision;
let D2: PenaltyDecision;
let D3: PenaltyDecision;

const inspectionInput = (over: Partial<InspectionInput>): InspectionInput => ({
  orgUnitId: ttra,
  decisionNumber: '',
  decisionDate: '',
  mode: 'check',
  kind: 'planned',
  field: 'environment',
  title: '',
  team: [{ name: 'Trần Văn Hùng', role: 'Trưởng đoàn' }],
  startsOn: '',
  endsOn: '',
  ...over,
});

const pdf = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
  'latin1',
);

beforeAll(async () => {
  database = await createTestDatabase();
  await loadOrgUnits(database);
  await seedProvisions(database);
  const db = database.db;
  ttra = (await findOrgUnitByCode(db, 'TTRA', '2023-01-01'))!.id;
  mx = (await findOrgUnitByCode(db, 'PTNMT-947', '2023-01-01'))!.id;
  const catalogue = await listProvisions(db, { decree: '45/2022/NĐ-CP' });
  art26 = catalogue.find((p) => p.article === 26 && p.clause === 1)!;
  art25 = catalogue.find((p) => p.article === 25 && p.fineMinVnd === 100_000)!;
  filesDir = mkdtempSync(join(tmpdir(), 'tnmt-evidence-'));
  const files = createFileStore({ dir: filesDir, maxBytes: 20 * 1024 * 1024 });

  S1 = await createSubject(db, actor, { kind: 'organisation', name: 'Công ty Cổ phần Mía đường Sóc Trăng', taxCode: '2200123456' });
  S2 = await createSubject(db, actor, { kind: 'household', name: 'Hộ ông Trần Văn Út', idNumber: '094085001111' });
  const S3 = await createSubject(db, actor, { kind: 'individual', name: 'Lý Thị Mỹ', idNumber: '094190002222' });
  S4 = await createSubject(db, actor, { kind: 'organisation', name: 'Công ty TNHH Xay xát Mỹ Xuyên', taxCode: '2200654321' });
  const mill = await addFacility(db, actor, S1.id, { name: 'Nhà máy đường' });

  A = await createInspection(
    db,
    actor,
    inspectionInput({ decisionNumber: '12/QĐ-TTra', decisionDate: '2023-03-01', title: 'Kiểm tra công tác bảo vệ môi trường', startsOn: '2023-03-06', endsOn: '2023-03-17' }),
    TODAY,
  );
  atS1 = await addInspectedSubject(db, actor, { inspectionId: A.id, subjectId: S1.id, facilityId: mill.id });
  atS2 = await addInspectedSubject(db, actor, { inspectionId: A.id, subjectId: S2.id });
  const v1 = await recordViolation(db, actor, { inspectedSubjectId: atS1.id, provisionId: art26.id, description: 'Không phân loại chất thải rắn sinh hoạt', committedOn: '2023-03-08' }, TODAY);
  v2 = await recordViolation(db, actor, { inspectedSubjectId: atS2.id, provisionId: art26.id, description: 'Không phân loại chất thải rắn sinh hoạt', committedOn: '2023-03-09' }, TODAY);
  v3 = await recordViolation(db, actor, { inspectedSubjectId: atS2.id, provisionId: art25.id, description: 'Vứt tàn thuốc lá nơi công cộng', committedOn: '2023-03-10' }, TODAY);
  await addEvidence(db, files, actor, { violationId: v2.id, buffer: pdf, originalName: 'bien-ban.pdf' });
  const signer = { signerName: 'Nguyễn Thành Nam', signerTitle: 'Chánh Thanh tra Sở' };
  D1 = await issuePenaltyDecision(
    db,
    actor,
    {
      inspectedSubjectId: atS1.id,
      number: '20/QĐ-XPHC',
      decidedOn: '2023-03-15',
      ...signer,
      lines: [{ violationId: v1.id, fineVnd: 1_700_000 }],
      remedies: [
        { description: 'Lắp đặt thùng phân loại chất thải', deadline: '2023-04-15' },
        { description: 'Tập huấn công nhân về phân loại chất thải', deadline: '2023-04-01' },
      ],
    },
    TODAY,
  );
  await recordPayment(db, actor, { decisionId: D1.id, paidOn: '2023-03-20', amountVnd: 700_000, receiptNumber: 'KB-0101' }, TODAY);
  const d1 = await getDecisionDetail(db, D1.id);
  const training = d1!.remedies.find((r) => r.deadline === '2023-04-01')!;
  await markRemedyDone(db, actor, { remedyId: training.id, version: training.version, doneOn: '2023-03-30', note: 'Đã tập huấn 120 công nhân' }, TODAY);
  D2 = await issuePenaltyDecision(
    db,
    actor,
    { inspectedSubjectId: atS2.id, number: '21/QĐ-XPHC', decidedOn: '2023-03-16', ...signer, lines: [{ violationId: v2.id, fineVnd: 1_000_000 }], remedies: [] },
    TODAY,
  );
  await recordPayment(db, actor, { decisionId: D2.id, paidOn: '2023-03-20', amountVnd: 1_000_000, receiptNumber: 'KB-0102' }, TODAY);

  B = await createInspection(
    db,
    actor,
    inspectionInput({
      orgUnitId: mx,
      decisionNumber: '05/QĐ-PTNMT',
      decisionDate: '2023-05-02',
      mode: 'inspection',
      kind: 'unannounced',
      field: 'water',
      title: 'Thanh tra việc khai thác nước dưới đất',
      startsOn: '2023-05-03',
      endsOn: '2023-05-10',
    }),
    TODAY,
  );
  await addInspectedSubject(db, actor, { inspectionId: B.id, subjectId: S3.id });
  const atS4 = await addInspectedSubject(db, actor, { inspectionId: B.id, subjectId: S4.id });
  const v4 = await recordViolation(db, actor, { inspectedSubjectId: atS4.id, provisionId: art26.id, description: 'Không phân loại chất thải', committedOn: '2023-05-04' }, TODAY);
  D3 = await issuePenaltyDecision(
    db,
    actor,
    {
      inspectedSubjectId: atS4.id,
      number: '07/QĐ-XPHC',
      decidedOn: '2023-05-05',
      signerName: 'Lê Văn Tâm',
      signerTitle: 'Chủ tịch UBND huyện Mỹ Xuyên',
      lines: [{ violationId: v4.id, fineVnd: 1_200_000 }],
      remedies: [{ description: 'Thu gom chất thải đúng quy định', deadline: '2023-05-20' }],
    },
    TODAY,
  );

  C = await createInspection(
    db,
    actor,
    inspectionInput({
      decisionNumber: '40/QĐ-TTra',
      decisionDate: '2022-11-01',
      kind: 'complaint',
      field: 'land',
      mode: 'inspection',
      title: 'Thanh tra việc sử dụng đất theo đơn phản ánh',
      startsOn: '2022-11-07',
      endsOn: '2022-11-18',
    }),
    TODAY,
  );
  C = await setInspectionStatus(db, actor, C.id, C.version, 'cancelled');
});

afterAll(async () => {
  await database?.close();
  if (filesDir) rmSync(filesDir, { recursive: true, force: true });
});

describe('listInspections', () => {
  it('lists newest decision first with subjects, violating subjects and fines counted', async () => {
    const { rows, total } = await listInspections(database.db, null, {});
    expect(total).toBe(3);
    expect(rows.map((r) => [r.decisionNumber, r.decisionDate, r.status, r.orgUnitName, r.subjects, r.violating, r.finesVnd])).toEqual([
      ['05/QĐ-PTNMT', '2023-05-02', 'in_progress', 'Phòng Tài nguyên và Môi trường huyện Mỹ Xuyên', 2, 1, 1_200_000],
      // 1.700.000 + 1.000.000
      ['12/QĐ-TTra', '2023-03-01', 'in_progress', 'Thanh tra Sở', 2, 2, 2_700_000],
      ['40/QĐ-TTra', '2022-11-01', 'cancelled', 'Thanh tra Sở', 0, 0, 0],
    ]);
    expect(rows[1]).toMatchObject({ id: A.id, title: 'Kiểm tra công tác bảo vệ môi trường', mode: 'check', kind: 'planned', field: 'environment', orgUnitId: ttra });
  });

  it('filters by year, field, status, kind, unit and text (unaccented), and pages', async () => {
    const numbers = async (f: Parameters<typeof listInspections>[2], scope: ReadonlySet<number> | null = null) =>
      (await listInspections(database.db, scope, f)).rows.map((r) => r.decisionNumber);
    expect(await numbers({ year: 2022 })).toEqual(['40/QĐ-TTra']);
    expect(await numbers({ year: 2023 })).toEqual(['05/QĐ-PTNMT', '12/QĐ-TTra']);
    expect(await numbers({ field: 'water' })).toEqual(['05/QĐ-PTNMT']);
    expect(await numbers({ status: 'cancelled' })).toEqual(['40/QĐ-TTra']);
    expect(await numbers({ kind: 'planned' })).toEqual(['12/QĐ-TTra']);
    expect(await numbers({ orgUnitId: mx })).toEqual(['05/QĐ-PTNMT']);
    expect(await numbers({ q: 'bao ve MOI TRUONG' })).toEqual(['12/QĐ-TTra']);
    expect(await numbers({ q: '05/qd' })).toEqual(['05/QĐ-PTNMT']);
    expect(await numbers({ q: 'thanh tra' })).toEqual(['05/QĐ-PTNMT', '40/QĐ-TTra']);
    expect(await numbers({ q: '%' })).toEqual([]);
    const page2 = await listInspections(database.db, null, { page: 2, pageSize: 1 });
    expect(page2.total).toBe(3);
    expect(page2.rows.map((r) => r.decisionNumber)).toEqual(['12/QĐ-TTra']);
  });

  it('keeps to the scope', async () => {
    const inTtra = await listInspections(database.db, new Set([ttra]), {});
    expect(inTtra.total).toBe(2);
    expect(inTtra.rows.map((r) => r.decisionNumber)).toEqual(['12/QĐ-TTra', '40/QĐ-TTra']);
    expect(await listInspections(database.db, new Set([mx]), { year: 2022 })).toEqual({ rows: [], total: 0 });
    expect(await listInspections(database.db, new Set(), {})).toEqual({ rows: [], total: 0 });
  });
});

describe('details', () => {
  it('shows an inspection with its subjects, violation counts and decisions with what was paid', async () => {
    const d = await getInspectionDetail(database.db, A.id);
    expect(d!.inspection.decisionNumber).toBe('12/QĐ-TTra');
    expect(d!.orgUnit).toMatchObject({ id: ttra, name: 'Thanh tra Sở' });
    expect(
      d!.subjects.map((s) => [s.subject.name, s.facility?.name ?? null, s.inspected.outcome, s.violations, s.decisions.map((x) => [x.number, x.fineVnd, x.paidVnd])]),
    ).toEqual([
      ['Công ty Cổ phần Mía đường Sóc Trăng', 'Nhà máy đường', 'violation', 1, [['20/QĐ-XPHC', 1_700_000, 700_000]]],
      ['Hộ ông Trần Văn Út', null, 'violation', 2, [['21/QĐ-XPHC', 1_000_000, 1_000_000]]],
    ]);
    expect(await getInspectionDetail(database.db, 999_999)).toBeNull();
  });

  it('shows an inspected subject with its violations, evidence and decisions', async () => {
    const d = await getInspectedSubjectDetail(database.db, atS2.id);
    expect(d!.subject.id).toBe(S2.id);
    expect(d!.inspection.id).toBe(A.id);
    expect(d!.facility).toBeNull();
    expect(d!.violations.map((v) => [v.violation.id, v.provision.article, v.evidence.map((e) => e.originalName), v.decisionId])).toEqual([
      [v2.id, 26, ['bien-ban.pdf'], D2.id],
      [v3.id, 25, [], null],
    ]);
    expect(d!.decisions).toEqual([{ id: D2.id, number: '21/QĐ-XPHC', decidedOn: '2023-03-16', fineVnd: 1_000_000, paidVnd: 1_000_000 }]);
    expect(await getInspectedSubjectDetail(database.db, 999_999)).toBeNull();
  });

  it('shows a decision with its lines, remedies, payments, paid and remaining', async () => {
    const d = await getDecisionDetail(database.db, D1.id);
    expect(d!.subject.name).toBe('Công ty Cổ phần Mía đường Sóc Trăng');
    expect(d!.inspected.id).toBe(atS1.id);
    expect(d!.inspection.id).toBe(A.id);
    expect(d!.lines.map((l) => [l.line.fineVnd, l.provision.id, l.violation.committedOn])).toEqual([[1_700_000, art26.id, '2023-03-08']]);
    expect(d!.remedies.map((r) => [r.deadline, r.doneOn])).toEqual([
      ['2023-04-01', '2023-03-30'],
      ['2023-04-15', null],
    ]);
    expect(d!.payments.map((p) => p.amountVnd)).toEqual([700_000]);
    // 1.700.000 − 700.000
    expect(d!.paidVnd).toBe(700_000);
    expect(d!.remainingVnd).toBe(1_000_000);
    expect(await getDecisionDetail(database.db, 999_999)).toBeNull();
  });
});

describe('follow-up queues', () => {
  it('lists fines past due and not fully paid, oldest due first', async () => {
    const rows = await overduePayments(database.db, null, TODAY);
    expect(rows).toEqual([
      {
        decisionId: D1.id,
        number: '20/QĐ-XPHC',
        decidedOn: '2023-03-15',
        subjectName: 'Công ty Cổ phần Mía đường Sóc Trăng',
        orgUnitId: ttra,
        orgUnitName: 'Thanh tra Sở',
        dueOn: '2023-03-25',
        fineVnd: 1_700_000,
        paidVnd: 700_000,
      },
      {
        decisionId: D3.id,
        number: '07/QĐ-XPHC',
        decidedOn: '2023-05-05',
        subjectName: 'Công ty TNHH Xay xát Mỹ Xuyên',
        orgUnitId: mx,
        orgUnitName: 'Phòng Tài nguyên và Môi trường huyện Mỹ Xuyên',
        dueOn: '2023-05-15',
        fineVnd: 1_200_000,
        paidVnd: 0,
      },
    ]);
    // due day itself is not overdue; D2 (due 26/03) is paid in full
    expect(await overduePayments(database.db, null, '2023-03-25')).toEqual([]);
    expect((await overduePayments(database.db, null, '2023-03-27')).map((r) => r.number)).toEqual(['20/QĐ-XPHC']);
    expect((await overduePayments(database.db, new Set([mx]), TODAY)).map((r) => r.number)).toEqual(['07/QĐ-XPHC']);
    expect(await overduePayments(database.db, new Set(), TODAY)).toEqual([]);
  });

  it('lists remedies past their deadline and not done', async () => {
    const rows = await overdueRemedies(database.db, null, TODAY);
    expect(rows.map((r) => [r.number, r.remedy, r.dueOn, r.fineVnd, r.paidVnd, r.orgUnitId])).toEqual([
      ['20/QĐ-XPHC', 'Lắp đặt thùng phân loại chất thải', '2023-04-15', 1_700_000, 700_000, ttra],
      ['07/QĐ-XPHC', 'Thu gom chất thải đúng quy định', '2023-05-20', 1_200_000, 0, mx],
    ]);
    expect(rows.every((r) => Number.isInteger(r.remedyId))).toBe(true);
    expect(await overdueRemedies(database.db, null, '2023-04-15')).toEqual([]);
    expect((await overdueRemedies(database.db, new Set([ttra]), TODAY)).map((r) => r.dueOn)).toEqual(['2023-04-15']);
  });

  it('counts the queues, in scope', async () => {
    // B's period ended 10/05/2023 and Lý Thị Mỹ has no outcome
    expect(await queueCounts(database.db, null, TODAY)).toEqual({ overduePayments: 2, overdueRemedies: 2, pendingOutcomes: 1 });
    expect(await queueCounts(database.db, null, '2023-05-10')).toEqual({ overduePayments: 1, overdueRemedies: 1, pendingOutcomes: 0 });
    expect(await queueCounts(database.db, new Set([ttra]), TODAY)).toEqual({ overduePayments: 1, overdueRemedies: 1, pendingOutcomes: 0 });
    expect(await queueCounts(database.db, new Set([mx]), TODAY)).toEqual({ overduePayments: 1, overdueRemedies: 1, pendingOutcomes: 1 });
  });
});
