import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, SYSTEM_ACTOR } from '../../core/audit/index.js';
import { auditLog } from '../../core/audit/schema.js';
import type { Database } from '../../core/db/index.js';
import { ConflictError, ValidationError } from '../../core/errors.js';
import { createFileStore, type FileStore } from '../../core/files/index.js';
import { storedFiles } from '../../core/files/schema.js';
import { createTestDatabase } from '../../core/testing/db.js';
import { loadOrgUnits } from '../org/org-data.js';
import { findOrgUnitByCode } from '../org/queries.js';
import { createUser } from '../org/user-commands.js';
import {
  addEvidence,
  addInspectedSubject,
  concludeInspection,
  createInspection,
  EVIDENCE_MAX_BYTES,
  type InspectedSubject,
  type Inspection,
  type InspectionInput,
  issuePenaltyDecision,
  markRemedyDone,
  recordFindings,
  recordPayment,
  recordViolation,
  setInspectionStatus,
  updateInspection,
  validateInspection,
  type Violation,
} from './commands.js';
import { type Provision, seedProvisions } from './provisions.js';
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
import { addFacility, createSubject, type Subject } from './subjects.js';

/*
 * The inspection commands on a fresh database with the org units and the violation catalogue: an inspection by
 * Thanh tra Sở in 2023 with a company (tax code 2200123456) and a household, their findings and violations, evidence
 * files, penalty decisions under khoản 1 Điều 26 Nghị định 45/2022/NĐ-CP, payments and remedies. "Today" is fixed
 * (2023-12-31) so the date rules do not depend on the day the tests run. Expected values are computed by hand in the
 * comments.
 */

const TODAY = '2023-12-31';

let database: Database;
let files: FileStore;
let filesDir: string;
let actor: Actor;
let ttra: number;
let mx: number;
let company: Subject;
let household: Subject;
let art26: Provision;
let art25butts: Provision;
let inspection: Inspection;
let atCompany: InspectedSubject;
let atHousehold: InspectedSubject;

async function count(table: PgTable, where?: SQL): Promise<number> {
  const [r] = await database.db.select({ n: sql<number>`count(*)::int` }).from(table).where(where);
  return r!.n;
}

async function auditCount(action: string, entityId?: number): Promise<number> {
  const conds = [eq(auditLog.action, action)];
  if (entityId !== undefined) conds.push(eq(auditLog.entityId, String(entityId)));
  return count(auditLog, and(...conds));
}

/** Awaits a command expected to fail validation; returns the errors. */
async function fieldErrors(p: Promise<unknown>): Promise<{ field: string; message: string }[]> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ValidationError);
  return (e as ValidationError).fields;
}

async function fieldError(p: Promise<unknown>, field: string): Promise<string> {
  const errors = await fieldErrors(p);
  const hit = errors.find((f) => f.field === field);
  expect(hit, JSON.stringify(errors)).toBeDefined();
  return hit!.message;
}

const baseInput = (over: Partial<InspectionInput> = {}): InspectionInput => ({
  orgUnitId: ttra,
  decisionNumber: '15/QĐ-TTra',
  decisionDate: '2023-03-01',
  mode: 'check',
  kind: 'planned',
  field: 'environment',
  title: 'Kiểm tra việc chấp hành pháp luật về bảo vệ môi trường tại huyện Mỹ Xuyên',
  team: [
    { name: 'Trần Văn Hùng', role: '' },
    { name: 'Lê Thị Mai', role: 'Thành viên' },
    { name: '', role: '' },
  ],
  startsOn: '2023-03-06',
  endsOn: '2023-03-17',
  ...over,
});

/** A small but complete PDF 1.4 (one empty page), with a correct cross-reference table. */
function smallPdf(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

beforeAll(async () => {
  database = await createTestDatabase();
  await loadOrgUnits(database);
  await seedProvisions(database);
  ttra = (await findOrgUnitByCode(database.db, 'TTRA', '2023-03-01'))!.id;
  mx = (await findOrgUnitByCode(database.db, 'PTNMT-947', '2023-03-01'))!.id;
  const user = await createUser(database, SYSTEM_ACTOR, {
    username: 'thanhtra.test',
    fullName: 'Trần Văn Hùng',
    password: 'demo-tnmt-2023',
    orgUnitCode: 'TTRA',
    roles: ['inspector'],
  });
  actor = { id: user.id, name: 'Trần Văn Hùng' };
  filesDir = mkdtempSync(join(tmpdir(), 'tnmt-evidence-'));
  files = createFileStore({ dir: filesDir, maxBytes: 50 * 1024 * 1024 });
  company = await createSubject(database.db, actor, {
    kind: 'organisation',
    name: 'Công ty TNHH Thủy sản Phú Mỹ',
    taxCode: '2200123456',
    sector: 'seafood_processing',
  });
  household = await createSubject(database.db, actor, { kind: 'household', name: 'Hộ kinh doanh Nguyễn Văn Ba', idNumber: '094085001234', sector: 'rice_milling' });
  const all = await database.db.select().from(provisions);
  art26 = all.find((p) => p.decree === '45/2022/NĐ-CP' && p.article === 26 && p.clause === 1)!;
  art25butts = all.find((p) => p.article === 25 && p.fineMinVnd === 100_000 && p.fineMaxVnd === 150_000)!;
  expect(art26.fineMinVnd).toBe(500_000);
  expect(art26.fineMaxVnd).toBe(1_000_000);
  expect(art25butts).toBeDefined();
});

afterAll(async () => {
  await database?.close();
  if (filesDir) rmSync(filesDir, { recursive: true, force: true });
});

describe('inspections', () => {
  it('validates an inspection without the database', () => {
    expect(validateInspection(baseInput(), TODAY)).toEqual([]);
    const errors = validateInspection(
      baseInput({ decisionNumber: ' ', decisionDate: '2023-02-30', mode: 'audit', title: '', team: [{ name: '', role: 'Trưởng đoàn' }], startsOn: '2023-03-10', endsOn: '2023-03-09' }),
      TODAY,
    );
    expect(errors.map((e) => e.field)).toEqual(['decisionNumber', 'decisionDate', 'mode', 'title', 'team.0.name', 'endsOn']);
    expect(errors.find((e) => e.field === 'decisionDate')!.message).toContain('Ngày không hợp lệ');
    expect(errors.find((e) => e.field === 'endsOn')!.message).toBe('Ngày kết thúc không được trước ngày bắt đầu (10/03/2023)');
    const early = validateInspection(baseInput({ startsOn: '2023-02-28' }), TODAY);
    expect(early).toEqual([{ field: 'startsOn', message: 'Ngày bắt đầu không được trước ngày quyết định (01/03/2023)' }]);
    expect(validateInspection(baseInput({ decisionNumber: 'x'.repeat(51) }), TODAY).map((e) => e.field)).toEqual(['decisionNumber']);
  });

  it('refuses a decision date after today and writes nothing', async () => {
    const before = await count(inspections);
    const message = await fieldError(createInspection(database.db, actor, baseInput({ decisionDate: '2024-01-02', startsOn: '2024-01-03', endsOn: '2024-01-05' }), TODAY), 'decisionDate');
    expect(message).toBe('Ngày quyết định không được sau ngày hôm nay (31/12/2023)');
    expect(await count(inspections)).toBe(before);
    expect(await auditCount('inspection.create')).toBe(0);
  });

  it('creates an inspection with its team, audited', async () => {
    inspection = await createInspection(database.db, actor, baseInput(), TODAY);
    expect(inspection).toMatchObject({ orgUnitId: ttra, decisionNumber: '15/QĐ-TTra', status: 'planned', version: 1, createdBy: actor.id });
    // blank rows dropped, the head's empty role becomes "Trưởng đoàn"
    expect(inspection.team).toEqual([
      { name: 'Trần Văn Hùng', role: 'Trưởng đoàn' },
      { name: 'Lê Thị Mai', role: 'Thành viên' },
    ]);
    expect(await auditCount('inspection.create', inspection.id)).toBe(1);
  });

  it('refuses a duplicate decision number in the same unit, not in another; refuses a unit not in operation', async () => {
    const before = await count(inspections);
    const message = await fieldError(createInspection(database.db, actor, baseInput({ title: 'Một cuộc khác' }), TODAY), 'decisionNumber');
    expect(message).toContain('15/QĐ-TTra');
    expect(await count(inspections)).toBe(before);
    const other = await createInspection(database.db, actor, baseInput({ orgUnitId: mx }), TODAY);
    expect(other.orgUnitId).toBe(mx);
    // the Cần Thơ department starts on 2025-07-01
    const snnmt = (await findOrgUnitByCode(database.db, 'SNNMT-CT'))!.id;
    expect(await fieldError(createInspection(database.db, actor, baseInput({ orgUnitId: snnmt, decisionNumber: '1/QĐ' }), TODAY), 'orgUnitId')).toMatch(
      /không hoạt động vào ngày quyết định \d\d\/\d\d\/2023 \(hoạt động từ 01\/07\/2025\)$/,
    );
    // Thanh tra Sở ended with the reform: the message says until when it worked
    expect(await fieldError(createInspection(database.db, actor, baseInput({ decisionNumber: '2/QĐ', decisionDate: '2025-07-01', startsOn: '2025-07-02', endsOn: '2025-07-03' }), '2025-08-01'), 'orgUnitId')).toContain(
      '(hoạt động từ 01/01/2020 đến hết 30/06/2025)',
    );
    expect(await count(inspections)).toBe(before + 1);
  });

  it('updates with optimistic locking', async () => {
    const updated = await updateInspection(database.db, actor, inspection.id, 1, { ...baseInput(), endsOn: '2023-03-24' }, TODAY);
    expect(updated.version).toBe(2);
    expect(updated.endsOn).toBe('2023-03-24');
    await expect(updateInspection(database.db, actor, inspection.id, 1, { ...baseInput(), endsOn: '2023-03-31' }, TODAY)).rejects.toBeInstanceOf(ConflictError);
    const [row] = await database.db.select().from(inspections).where(eq(inspections.id, inspection.id));
    expect(row!.endsOn).toBe('2023-03-24');
    expect(await auditCount('inspection.update', inspection.id)).toBe(1);
    inspection = row!;
  });
});

describe('subjects in an inspection', () => {
  it('adds two subjects and refuses a duplicate', async () => {
    const plant = await addFacility(database.db, actor, company.id, { name: 'Nhà máy chế biến Phú Mỹ', sector: 'seafood_processing' });
    atCompany = await addInspectedSubject(database.db, actor, { inspectionId: inspection.id, subjectId: company.id, facilityId: plant.id });
    expect(atCompany).toMatchObject({ subjectId: company.id, facilityId: plant.id, outcome: 'pending', version: 1 });
    atHousehold = await addInspectedSubject(database.db, actor, { inspectionId: inspection.id, subjectId: household.id });
    expect(atHousehold.facilityId).toBeNull();
    const message = await fieldError(addInspectedSubject(database.db, actor, { inspectionId: inspection.id, subjectId: company.id }), 'subjectId');
    expect(message).toBe('Công ty TNHH Thủy sản Phú Mỹ đã có trong cuộc thanh tra, kiểm tra này');
    expect(await count(inspectedSubjects, eq(inspectedSubjects.inspectionId, inspection.id))).toBe(2);
    expect(await auditCount('inspection.add_subject')).toBe(2);
  });

  it("refuses another subject's facility and a missing subject; follows a merged subject to its survivor", async () => {
    const plant = await addFacility(database.db, actor, company.id, { name: 'Kho lạnh Phú Mỹ' });
    const other = await createInspection(database.db, actor, baseInput({ decisionNumber: '16/QĐ-TTra' }), TODAY);
    await fieldError(addInspectedSubject(database.db, actor, { inspectionId: other.id, subjectId: household.id, facilityId: plant.id }), 'facilityId');
    await fieldError(addInspectedSubject(database.db, actor, { inspectionId: other.id, subjectId: 999_999 }), 'subjectId');
    // a duplicate registration of the household, merged into it
    const dup = await createSubject(database.db, actor, { kind: 'household', name: 'Nguyễn Văn Ba', idNumber: '094085009999' });
    await database.db.update(subjects).set({ mergedIntoId: household.id, mergedAt: new Date() }).where(eq(subjects.id, dup.id));
    const added = await addInspectedSubject(database.db, actor, { inspectionId: other.id, subjectId: dup.id });
    expect(added.subjectId).toBe(household.id);
    expect(await count(inspectedSubjects, eq(inspectedSubjects.inspectionId, other.id))).toBe(1);
    // a cancelled inspection takes no subjects
    const cancelled = await setInspectionStatus(database.db, actor, other.id, other.version, 'cancelled');
    expect(cancelled).toMatchObject({ status: 'cancelled', version: 2 });
    await fieldError(addInspectedSubject(database.db, actor, { inspectionId: other.id, subjectId: company.id }), 'subjectId');
    expect(await auditCount('inspection.status', other.id)).toBe(1);
  });
});

describe('findings and violations', () => {
  let v1: Violation;

  it('records findings within the period; the inspection starts', async () => {
    // the period is 06/03–24/03/2023
    const message = await fieldError(
      recordFindings(database.db, actor, { inspectedSubjectId: atHousehold.id, version: 1, inspectedOn: '2023-03-25', findings: 'Phân loại rác đúng quy định', outcome: 'compliant' }, TODAY),
      'inspectedOn',
    );
    expect(message).toContain('06/03/2023 – 24/03/2023');
    await fieldError(
      recordFindings(database.db, actor, { inspectedSubjectId: atHousehold.id, version: 1, inspectedOn: '2023-02-29', findings: 'x', outcome: 'compliant' }, TODAY),
      'inspectedOn',
    );
    const done = await recordFindings(
      database.db,
      actor,
      { inspectedSubjectId: atHousehold.id, version: 1, inspectedOn: '2023-03-08', findings: 'Đã kiểm tra khu vực chứa rác', outcome: 'compliant' },
      TODAY,
    );
    expect(done).toMatchObject({ outcome: 'compliant', inspectedOn: '2023-03-08', version: 2 });
    const [i] = await database.db.select().from(inspections).where(eq(inspections.id, inspection.id));
    expect(i!.status).toBe('in_progress');
    expect(i!.version).toBe(inspection.version + 1);
    inspection = i!;
    await expect(
      recordFindings(database.db, actor, { inspectedSubjectId: atHousehold.id, version: 1, inspectedOn: '2023-03-08', findings: 'x', outcome: 'compliant' }, TODAY),
    ).rejects.toBeInstanceOf(ConflictError);
    expect(await auditCount('inspection.findings', atHousehold.id)).toBe(1);
  });

  it('refuses a provision not yet in force on the day, and a day after today', async () => {
    const before = await count(violations);
    // Decree 45/2022 is in force from 25/08/2022
    const message = await fieldError(
      recordViolation(database.db, actor, { inspectedSubjectId: atHousehold.id, provisionId: art26.id, description: 'Không phân loại rác', committedOn: '2022-08-24' }, TODAY),
      'provisionId',
    );
    expect(message).toContain('từ 25/08/2022');
    expect(message).toContain('24/08/2022');
    await fieldError(
      recordViolation(database.db, actor, { inspectedSubjectId: atHousehold.id, provisionId: art26.id, description: 'Không phân loại rác', committedOn: '2024-01-01' }, TODAY),
      'committedOn',
    );
    await fieldError(recordViolation(database.db, actor, { inspectedSubjectId: atHousehold.id, provisionId: art26.id, description: '  ', committedOn: '2023-03-08' }, TODAY), 'description');
    expect(await count(violations)).toBe(before);
  });

  it('records violations; the outcome becomes "violation" and "compliant" is refused after', async () => {
    v1 = await recordViolation(
      database.db,
      actor,
      { inspectedSubjectId: atHousehold.id, provisionId: art26.id, description: 'Không phân loại chất thải rắn sinh hoạt', committedOn: '2023-03-08' },
      TODAY,
    );
    expect(v1).toMatchObject({ inspectedSubjectId: atHousehold.id, provisionId: art26.id, committedOn: '2023-03-08', recordedBy: actor.id });
    const [hh] = await database.db.select().from(inspectedSubjects).where(eq(inspectedSubjects.id, atHousehold.id));
    expect(hh).toMatchObject({ outcome: 'violation', version: 3 });
    const message = await fieldError(
      recordFindings(database.db, actor, { inspectedSubjectId: atHousehold.id, version: 3, inspectedOn: '2023-03-08', findings: 'x', outcome: 'compliant' }, TODAY),
      'outcome',
    );
    expect(message).toBe('Đã ghi nhận 1 hành vi vi phạm của đối tượng; kết quả phải là "Có vi phạm"');
    expect(await auditCount('violation.record', v1.id)).toBe(1);
  });

  it('stores a real PDF as evidence; refuses a file over 10 MiB and a text file named .pdf, storing nothing', async () => {
    const pdf = smallPdf();
    expect(pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
    const ev = await addEvidence(database.db, files, actor, { violationId: v1.id, buffer: pdf, originalName: 'bien-ban-vi-pham.pdf' });
    expect(ev).toMatchObject({ violationId: v1.id, mediaType: 'application/pdf', sizeBytes: pdf.length, originalName: 'bien-ban-vi-pham.pdf', uploadedBy: actor.id });
    expect(await files.exists(ev.fileSha256)).toBe(true);
    expect(await auditCount('violation.evidence', ev.id)).toBe(1);
    const evidenceBefore = await count(violationEvidence);
    const storedBefore = await count(storedFiles);

    const big = Buffer.alloc(EVIDENCE_MAX_BYTES + 1, 0x20);
    pdf.copy(big, 0);
    const tooBig = await fieldError(addEvidence(database.db, files, actor, { violationId: v1.id, buffer: big, originalName: 'anh-chup.pdf' }), 'file');
    expect(tooBig).toContain('Tệp quá lớn');
    expect(tooBig).toContain('tối đa 10 MB');

    const text = Buffer.from('Biên bản vi phạm hành chính (bản nháp)\n', 'utf8');
    const wrong = await fieldError(addEvidence(database.db, files, actor, { violationId: v1.id, buffer: text, originalName: 'bien-ban.pdf' }), 'file');
    expect(wrong).toContain('chỉ nhận PDF, JPEG, PNG');

    expect(await count(violationEvidence)).toBe(evidenceBefore);
    expect(await count(storedFiles)).toBe(storedBefore);
    expect(await auditCount('violation.evidence')).toBe(1);
  });
});

describe('penalty decisions, payments and remedies', () => {
  let vHousehold: Violation;
  let vCompany1: Violation;
  let vCompany2: Violation;

  beforeAll(async () => {
    const [v] = await database.db.select().from(violations).where(eq(violations.inspectedSubjectId, atHousehold.id));
    vHousehold = v!;
    vCompany1 = await recordViolation(
      database.db,
      actor,
      { inspectedSubjectId: atCompany.id, provisionId: art26.id, description: 'Không phân loại chất thải rắn sinh hoạt tại nhà ăn', committedOn: '2023-03-09' },
      TODAY,
    );
    vCompany2 = await recordViolation(
      database.db,
      actor,
      { inspectedSubjectId: atCompany.id, provisionId: art25butts.id, description: 'Vứt tàn thuốc không đúng nơi quy định', committedOn: '2023-03-10' },
      TODAY,
    );
  });

  const decision = (over: Record<string, unknown> = {}) => ({
    inspectedSubjectId: atHousehold.id,
    number: '20/QĐ-XPHC',
    decidedOn: '2023-03-20',
    signerName: 'Nguyễn Thành Nam',
    signerTitle: 'Chánh Thanh tra Sở',
    lines: [{ violationId: vHousehold.id, fineVnd: 1_500_000 }],
    remedies: [],
    ...over,
  });

  it('refuses a fine outside the range of khoản 1 Điều 26 for a household, naming the provision and the range', async () => {
    const message = await fieldError(issuePenaltyDecision(database.db, actor, decision(), TODAY), 'lines.0.fineVnd');
    expect(message).toBe(
      'Số tiền phạt 1.500.000 đồng nằm ngoài khung của khoản 1 Điều 26 Nghị định 45/2022/NĐ-CP (khung phạt tiền đối với cá nhân, hộ gia đình từ 500.000 đồng đến 1.000.000 đồng). Sửa số tiền hoặc ghi rõ lý do áp dụng mức ngoài khung.',
    );
    expect(await count(penaltyDecisions)).toBe(0);
    expect(await count(penaltyLines)).toBe(0);
  });

  it('checks the other fields of a decision', async () => {
    const errors = await fieldErrors(
      issuePenaltyDecision(
        database.db,
        actor,
        decision({
          number: '',
          decidedOn: '2024-01-05',
          signerName: ' ',
          lines: [{ violationId: vHousehold.id, fineVnd: 1.5 }],
          remedies: [{ description: '', deadline: '2023-02-31' }],
          paymentDueOn: '2023-13-01',
        }),
        TODAY,
      ),
    );
    expect(errors.map((e) => e.field)).toEqual(['number', 'decidedOn', 'signerName', 'lines.0.fineVnd', 'remedies.0.description', 'remedies.0.deadline', 'paymentDueOn']);
    // a day before the act (08/03/2023), a violation of another subject, no lines
    const e2 = await fieldErrors(
      issuePenaltyDecision(database.db, actor, decision({ decidedOn: '2023-03-07', lines: [{ violationId: vHousehold.id, fineVnd: 800_000 }, { violationId: vCompany1.id, fineVnd: 1_000_000 }] }), TODAY),
    );
    expect(e2.map((e) => e.field).sort()).toEqual(['decidedOn', 'lines.1.violationId']);
    expect(e2.find((e) => e.field === 'decidedOn')!.message).toBe('Ngày ra quyết định không được trước ngày xảy ra vi phạm (08/03/2023)');
    await fieldError(issuePenaltyDecision(database.db, actor, decision({ lines: [] }), TODAY), 'lines');
    expect(await count(penaltyDecisions)).toBe(0);
  });

  it('accepts the household fine outside the range with a reason; the payment is due 10 days after the decision', async () => {
    const d = await issuePenaltyDecision(
      database.db,
      actor,
      decision({
        lines: [{ violationId: vHousehold.id, fineVnd: 1_500_000, outOfRangeReason: 'Tái phạm nhiều lần (tình tiết tăng nặng)' }],
        remedies: [{ description: 'Bố trí thùng chứa rác phân loại', deadline: '2023-04-20' }],
      }),
      TODAY,
    );
    // 20/03/2023 + 10 days = 30/03/2023 (Law on Handling Administrative Violations, Art. 73(1))
    expect(d).toMatchObject({ fineVnd: 1_500_000, orgUnitId: ttra, paymentDueOn: '2023-03-30', decidedOn: '2023-03-20', createdBy: actor.id });
    const [line] = await database.db.select().from(penaltyLines).where(eq(penaltyLines.decisionId, d.id));
    expect(line).toMatchObject({ violationId: vHousehold.id, fineVnd: 1_500_000, outOfRangeReason: 'Tái phạm nhiều lần (tình tiết tăng nặng)' });
    expect(await count(remedialMeasures, eq(remedialMeasures.decisionId, d.id))).toBe(1);
    expect(await auditCount('penalty.issue', d.id)).toBe(1);
  });

  it('refuses a violation already in a decision, and a duplicate decision number', async () => {
    const m = await fieldError(
      issuePenaltyDecision(database.db, actor, decision({ number: '21/QĐ-XPHC', lines: [{ violationId: vHousehold.id, fineVnd: 800_000 }] }), TODAY),
      'lines.0.violationId',
    );
    expect(m).toBe('Hành vi vi phạm này đã bị xử phạt bằng một quyết định khác');
    await fieldError(
      issuePenaltyDecision(database.db, actor, decision({ inspectedSubjectId: atCompany.id, lines: [{ violationId: vCompany1.id, fineVnd: 1_500_000 }] }), TODAY),
      'number',
    );
    expect(await count(penaltyDecisions)).toBe(1);
  });

  it('accepts 1.500.000 for the organisation without a reason; the fine is the sum of the lines', async () => {
    // organisation: Art. 26(1) 1.000.000–2.000.000, Art. 25 (butts) 200.000–300.000; 1.500.000 + 250.000 = 1.750.000
    const d = await issuePenaltyDecision(
      database.db,
      actor,
      decision({
        inspectedSubjectId: atCompany.id,
        number: '22/QĐ-XPHC',
        decidedOn: '2023-03-21',
        paymentDueOn: '2023-04-10',
        lines: [
          { violationId: vCompany1.id, fineVnd: 1_500_000, outOfRangeReason: 'không cần' },
          { violationId: vCompany2.id, fineVnd: 250_000 },
        ],
        remedies: [
          { description: 'Lắp đặt thùng phân loại chất thải tại nhà ăn', deadline: '2023-04-30' },
          { description: 'Tập huấn công nhân về phân loại chất thải', deadline: '2023-05-31' },
        ],
      }),
      TODAY,
    );
    expect(d.fineVnd).toBe(1_750_000);
    expect(d.paymentDueOn).toBe('2023-04-10');
    const lines = await database.db.select().from(penaltyLines).where(eq(penaltyLines.decisionId, d.id)).orderBy(penaltyLines.id);
    expect(lines.map((l) => [l.fineVnd, l.outOfRangeReason])).toEqual([
      [1_500_000, null],
      [250_000, null],
    ]);
    expect(lines.reduce((s, l) => s + l.fineVnd, 0)).toBe(d.fineVnd);
  });

  it('records partial payments and refuses one above the remaining amount', async () => {
    const [d] = await database.db.select().from(penaltyDecisions).where(eq(penaltyDecisions.number, '22/QĐ-XPHC'));
    const pay = (amountVnd: number, paidOn = '2023-03-25', receiptNumber = 'BL-0001') =>
      recordPayment(database.db, actor, { decisionId: d!.id, paidOn, amountVnd, receiptNumber }, TODAY);
    await pay(1_000_000);
    await pay(500_000, '2023-04-05', 'BL-0002');
    // 1.750.000 − 1.000.000 − 500.000 = 250.000 remaining
    const before = await count(penaltyPayments);
    const m = await fieldError(pay(300_000, '2023-04-06', 'BL-0003'), 'amountVnd');
    expect(m).toBe('Số tiền nộp vượt số tiền còn phải nộp (còn 250.000 đồng)');
    await fieldError(pay(0), 'amountVnd');
    await fieldError(pay(100.5), 'amountVnd');
    await fieldError(pay(100_000, '2023-03-20'), 'paidOn'); // before the decision (21/03/2023)
    await fieldError(pay(100_000, '2024-01-01'), 'paidOn'); // after today
    await fieldError(pay(100_000, '2023-04-06', '  '), 'receiptNumber');
    expect(await count(penaltyPayments)).toBe(before);
    await pay(250_000, '2023-04-07', 'BL-0003');
    const [sum] = await database.db
      .select({ paid: sql<number>`sum(${penaltyPayments.amountVnd})::float8` })
      .from(penaltyPayments)
      .where(eq(penaltyPayments.decisionId, d!.id));
    expect(sum!.paid).toBe(1_750_000);
    expect(await fieldError(pay(1), 'amountVnd')).toBe('Số tiền nộp vượt số tiền còn phải nộp (còn 0 đồng)');
    expect(await auditCount('penalty.payment')).toBe(3);
  });

  it('lets exactly one of two concurrent payments through when together they exceed the fine', async () => {
    const [d] = await database.db.select().from(penaltyDecisions).where(eq(penaltyDecisions.number, '20/QĐ-XPHC'));
    // fine 1.500.000; 900.000 + 900.000 = 1.800.000 > 1.500.000
    // On PostgreSQL, another session holds back every insert into penalty_payments until both payments are waiting,
    // so both have started before either can commit: without the row lock on the decision both would read "nothing
    // paid" and both would be written. (PGlite runs transactions one at a time.)
    const holder = database.pool ? await database.pool.connect() : null;
    if (holder) {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE penalty_payments IN EXCLUSIVE MODE');
    }
    const racing = Promise.allSettled([
      recordPayment(database.db, actor, { decisionId: d!.id, paidOn: '2023-03-28', amountVnd: 900_000, receiptNumber: 'KB-01' }, TODAY),
      recordPayment(database.db, actor, { decisionId: d!.id, paidOn: '2023-03-28', amountVnd: 900_000, receiptNumber: 'KB-02' }, TODAY),
    ]);
    if (holder) {
      let waiting = 0;
      try {
        for (let i = 0; i < 100_000 && waiting < 2; i++) {
          await holder.query('SELECT pg_stat_clear_snapshot()'); // the view is otherwise frozen for the transaction
          const r = await holder.query<{ n: number }>(
            "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()",
          );
          waiting = r.rows[0]!.n;
        }
      } finally {
        await holder.query('COMMIT');
        holder.release();
      }
      expect(waiting).toBe(2);
    }
    const results = await racing;
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.reason).toBeInstanceOf(ValidationError);
    expect((rejected[0]!.reason as ValidationError).fields).toEqual([{ field: 'amountVnd', message: 'Số tiền nộp vượt số tiền còn phải nộp (còn 600.000 đồng)' }]);
    const rows = await database.db.select().from(penaltyPayments).where(eq(penaltyPayments.decisionId, d!.id));
    expect(rows.map((r) => r.amountVnd)).toEqual([900_000]);
  });

  it('marks a remedy done with optimistic locking and date checks', async () => {
    const [d] = await database.db.select().from(penaltyDecisions).where(eq(penaltyDecisions.number, '22/QĐ-XPHC'));
    const [r] = await database.db.select().from(remedialMeasures).where(eq(remedialMeasures.decisionId, d!.id)).orderBy(remedialMeasures.id);
    expect(await fieldError(markRemedyDone(database.db, actor, { remedyId: r!.id, version: 1, doneOn: '2023-03-20', note: '' }, TODAY), 'doneOn')).toBe(
      'Ngày hoàn thành không được trước ngày ra quyết định (21/03/2023)',
    );
    await fieldError(markRemedyDone(database.db, actor, { remedyId: r!.id, version: 1, doneOn: '2024-01-01', note: '' }, TODAY), 'doneOn');
    const done = await markRemedyDone(database.db, actor, { remedyId: r!.id, version: 1, doneOn: '2023-04-25', note: 'Đã lắp 3 thùng phân loại' }, TODAY);
    expect(done).toMatchObject({ doneOn: '2023-04-25', doneNote: 'Đã lắp 3 thùng phân loại', version: 2 });
    await expect(markRemedyDone(database.db, actor, { remedyId: r!.id, version: 1, doneOn: '2023-04-26', note: '' }, TODAY)).rejects.toBeInstanceOf(ConflictError);
    expect(await auditCount('remedy.done', r!.id)).toBe(1);
  });
});

describe('conclusion', () => {
  it('refuses to conclude while a subject has no outcome, then concludes', async () => {
    const [cur] = await database.db.select().from(inspections).where(eq(inspections.id, inspection.id));
    const input = { conclusionNumber: '30/TB-TTra', conclusionDate: '2023-04-05', conclusion: 'Công ty và hộ kinh doanh vi phạm quy định phân loại chất thải.' };
    // the company's outcome became 'violation' with its violations; make a pending one
    const third = await createSubject(database.db, actor, { kind: 'individual', name: 'Lâm Thị Hoa', idNumber: '094190004321' });
    const atThird = await addInspectedSubject(database.db, actor, { inspectionId: inspection.id, subjectId: third.id });
    const m = await fieldError(concludeInspection(database.db, actor, inspection.id, cur!.version, input, TODAY), 'subjects');
    expect(m).toContain('Còn 1 đối tượng chưa có kết quả');
    await fieldError(concludeInspection(database.db, actor, inspection.id, cur!.version, { ...input, conclusionDate: '2024-01-01' }, TODAY), 'conclusionDate');
    await fieldError(concludeInspection(database.db, actor, inspection.id, cur!.version, { ...input, conclusionDate: '2023-02-28' }, TODAY), 'conclusionDate');
    await recordFindings(database.db, actor, { inspectedSubjectId: atThird.id, version: 1, inspectedOn: '2023-03-10', findings: 'Không phát hiện vi phạm', outcome: 'compliant' }, TODAY);
    await expect(concludeInspection(database.db, actor, inspection.id, cur!.version - 1, input, TODAY)).rejects.toBeInstanceOf(ConflictError);
    const done = await concludeInspection(database.db, actor, inspection.id, cur!.version, input, TODAY);
    expect(done).toMatchObject({ status: 'concluded', conclusionNumber: '30/TB-TTra', conclusionDate: '2023-04-05', version: cur!.version + 1 });
    // a concluded inspection changes no more
    await fieldError(addInspectedSubject(database.db, actor, { inspectionId: inspection.id, subjectId: 999_999 }), 'subjectId');
    await fieldError(setInspectionStatus(database.db, actor, inspection.id, done.version, 'cancelled'), 'status');
    expect(await auditCount('inspection.conclude', inspection.id)).toBe(1);
  });

  it('left an audit row for every write of this file', async () => {
    const rows = await database.db.select({ action: auditLog.action, n: sql<number>`count(*)::int` }).from(auditLog).groupBy(auditLog.action);
    const by = Object.fromEntries(rows.map((r) => [r.action, r.n]));
    // inspections: 15/QĐ-TTra (TTRA), 15/QĐ-TTra (MX), 16/QĐ-TTra
    expect(by['inspection.create']).toBe(await count(inspections));
    expect(by['inspection.add_subject']).toBe(await count(inspectedSubjects));
    expect(by['violation.record']).toBe(await count(violations));
    expect(by['violation.evidence']).toBe(await count(violationEvidence));
    expect(by['penalty.issue']).toBe(await count(penaltyDecisions));
    expect(by['penalty.payment']).toBe(await count(penaltyPayments));
    expect(by['remedy.done']).toBe(await count(remedialMeasures, sql`${remedialMeasures.doneOn} IS NOT NULL`));
    expect(await count(inspections)).toBe(3);
    expect(await count(penaltyPayments)).toBe(4);
  });
});
