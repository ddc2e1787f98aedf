import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import { type Actor, recordAudit } from '../../core/audit/index.js';
import { dayNumberFromIso, isIsoDate, isoFromDayNumber, todayVn } from '../../core/calendar/time.js';
import type { DbOrTx } from '../../core/db/index.js';
import { ConflictError, type FieldError, NotFoundError, ValidationError } from '../../core/errors.js';
import type { FileStore } from '../../core/files/index.js';
import { formatDate, formatVnd } from '../../core/format/index.js';
import { orgUnits } from '../org/schema.js';
import { FIELDS, fineRangeMessage, INSPECTION_KINDS, INSPECTION_MODES, INSPECTION_STATUS_LABELS, type InspectionStatus, type SubjectKind } from './model.js';
import { getProvision, isProvisionValidOn } from './provisions.js';
import {
  facilities,
  inspectedSubjects,
  inspections,
  penaltyDecisions,
  penaltyLines,
  penaltyPayments,
  remedialMeasures,
  violationEvidence,
  violations,
} from './schema.js';
import { getSubject } from './subjects.js';

/*
 * What an inspector does in an inspection, one function each: open it by decision, add the subjects, record the
 * findings and violations (with evidence files), issue penalty decisions, record payments and remedies, conclude.
 * Every command runs in one transaction and audits the change with before/after. Records people edit (inspection,
 * inspected subject, remedy) carry a version: a command names the version the user's page showed, and a different
 * version means someone else acted first (ConflictError, nothing written). Commands do no access checks; routes do,
 * with the record's org unit.
 */

export type Inspection = typeof inspections.$inferSelect;
export type InspectedSubject = typeof inspectedSubjects.$inferSelect;
export type Violation = typeof violations.$inferSelect;
export type Evidence = typeof violationEvidence.$inferSelect;
export type PenaltyDecision = typeof penaltyDecisions.$inferSelect;
export type PenaltyLine = typeof penaltyLines.$inferSelect;
export type Remedy = typeof remedialMeasures.$inferSelect;
export type Payment = typeof penaltyPayments.$inferSelect;

/* ---------------------------------------------------------------- helpers */

/**
 * Checks a date field: required, a real calendar day `YYYY-MM-DD` (2023-02-30 is refused). Pushes the error and
 * returns false when it is not usable; `label` is the field's name in lower case ("ngày quyết định").
 */
function checkDate(errors: FieldError[], field: string, value: string | null | undefined, label: string): value is string {
  const v = value?.trim() ?? '';
  if (v === '') {
    errors.push({ field, message: `Nhập ${label} (ngày/tháng/năm)` });
    return false;
  }
  if (!isIsoDate(v)) {
    errors.push({ field, message: `Ngày không hợp lệ: ${label} phải là một ngày có thật (ngày/tháng/năm)` });
    return false;
  }
  return true;
}

/**
 * `checkDate`, and the day is not after `today`: "Ngày quyết định không được sau ngày hôm nay (…)", `what` opening the
 * message (by default the label with a capital). Returns what `checkDate` returns, so later checks can use the day.
 */
function checkDateUpTo(errors: FieldError[], field: string, value: string, label: string, today: string, what = label[0]!.toUpperCase() + label.slice(1)): boolean {
  const ok = checkDate(errors, field, value, label);
  if (ok && value > today) errors.push({ field, message: `${what} không được sau ngày hôm nay (${formatDate(today)})` });
  return ok;
}

/** ISO day `n` calendar days after `iso`. */
function addDays(iso: string, n: number): string {
  return isoFromDayNumber(dayNumberFromIso(iso) + n);
}

function isUniqueViolation(e: unknown): boolean {
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur && typeof cur === 'object'; i++) {
    if ((cur as { code?: unknown }).code === '23505') return true;
    cur = (cur as { cause?: unknown }).cause;
  }
  return false;
}

function conflict(what: string, current: number, seen: number): ConflictError {
  return new ConflictError(
    `${what} vừa được người khác cập nhật (phiên bản ${current}, bạn đang xem ${seen}). Tải lại trang để xem thông tin mới rồi thao tác lại.`,
  );
}

const oneLine = (s: string | null | undefined) => (s ?? '').trim().replace(/\s+/g, ' ');

async function lockInspection(tx: DbOrTx, id: number): Promise<Inspection> {
  const [row] = await tx.select().from(inspections).where(eq(inspections.id, id)).for('update');
  if (!row) throw new NotFoundError(`inspection ${id}`);
  return row;
}

async function lockInspected(tx: DbOrTx, id: number): Promise<InspectedSubject> {
  const [row] = await tx.select().from(inspectedSubjects).where(eq(inspectedSubjects.id, id)).for('update');
  if (!row) throw new NotFoundError(`inspected subject ${id}`);
  return row;
}

/** Locks the inspection a user's page showed: ConflictError when someone has changed it since (another version). */
async function lockInspectionVersion(tx: DbOrTx, id: number, version: number): Promise<Inspection> {
  const row = await lockInspection(tx, id);
  if (row.version !== version) throw conflict(`Cuộc thanh tra, kiểm tra ${row.decisionNumber}`, row.version, version);
  return row;
}

/** Writes `values` to a locked inspection with the next version; the caller audits the change. */
async function saveInspection(tx: DbOrTx, before: Inspection, values: Partial<typeof inspections.$inferInsert>): Promise<Inspection> {
  const [after] = await tx
    .update(inspections)
    .set({ ...values, version: before.version + 1 })
    .where(eq(inspections.id, before.id))
    .returning();
  return after!;
}

const CLOSED: readonly string[] = ['concluded', 'cancelled'];

function closedMessage(i: Inspection): string {
  return `Cuộc ${i.mode === 'inspection' ? 'thanh tra' : 'kiểm tra'} theo quyết định ${i.decisionNumber} ${i.status === 'cancelled' ? 'đã bị hủy' : 'đã kết luận'}; không thay đổi được`;
}

/** A concluded or cancelled inspection changes no more: the error goes to `field`, the first field of the form. */
function assertOpen(i: Inspection, field: string): void {
  if (CLOSED.includes(i.status)) throw ValidationError.one(field, closedMessage(i));
}

/** Moves a planned inspection to 'in_progress' once work on site is recorded (audited). */
async function startIfPlanned(tx: DbOrTx, actor: Actor, inspection: Inspection): Promise<void> {
  if (inspection.status !== 'planned') return;
  await tx
    .update(inspections)
    .set({ status: 'in_progress', version: sql`${inspections.version} + 1` })
    .where(eq(inspections.id, inspection.id));
  await recordAudit(tx, actor, {
    action: 'inspection.status',
    entity: 'inspection',
    entityId: inspection.id,
    orgUnitId: inspection.orgUnitId,
    before: { status: 'planned' },
    after: { status: 'in_progress' },
    detail: 'bắt đầu làm việc tại đối tượng',
  });
}

/* ---------------------------------------------------------------- inspections */

export interface InspectionInput {
  orgUnitId: number;
  decisionNumber: string;
  decisionDate: string;
  mode: string;
  kind: string;
  field: string;
  title: string;
  team: { name: string; role: string }[];
  startsOn: string;
  endsOn: string;
}

/** Field errors of an inspection (Vietnamese; dates shown dd/mm/yyyy); empty when valid. No database here. */
export function validateInspection(input: Omit<InspectionInput, 'orgUnitId'> & { orgUnitId?: number }, today: string): FieldError[] {
  const errors: FieldError[] = [];
  const number = oneLine(input.decisionNumber);
  if (number === '') errors.push({ field: 'decisionNumber', message: 'Nhập số quyết định, ví dụ 15/QĐ-TTra' });
  else if (number.length > 50) errors.push({ field: 'decisionNumber', message: 'Số quyết định không được dài quá 50 ký tự' });
  const decisionOk = checkDateUpTo(errors, 'decisionDate', input.decisionDate, 'ngày quyết định', today);
  if (!(INSPECTION_MODES as readonly string[]).includes(input.mode)) errors.push({ field: 'mode', message: 'Chọn hình thức: thanh tra hoặc kiểm tra' });
  if (!(INSPECTION_KINDS as readonly string[]).includes(input.kind))
    errors.push({ field: 'kind', message: 'Chọn loại: theo kế hoạch, đột xuất, theo đơn hoặc tái kiểm tra' });
  if (!(FIELDS as readonly string[]).includes(input.field)) errors.push({ field: 'field', message: 'Chọn lĩnh vực thanh tra, kiểm tra' });
  const title = oneLine(input.title);
  if (title === '') errors.push({ field: 'title', message: 'Nhập nội dung (tên) cuộc thanh tra, kiểm tra' });
  else if (title.length > 500) errors.push({ field: 'title', message: 'Nội dung không được dài quá 500 ký tự' });
  const team = input.team ?? [];
  if (!oneLine(team[0]?.name)) errors.push({ field: 'team.0.name', message: 'Nhập họ tên trưởng đoàn' });
  team.forEach((m, i) => {
    if (i > 0 && !oneLine(m.name) && oneLine(m.role)) errors.push({ field: `team.${i}.name`, message: 'Nhập họ tên thành viên đoàn hoặc xóa chức danh' });
  });
  const startsOk = checkDate(errors, 'startsOn', input.startsOn, 'ngày bắt đầu');
  if (startsOk && decisionOk && input.startsOn < input.decisionDate)
    errors.push({ field: 'startsOn', message: `Ngày bắt đầu không được trước ngày quyết định (${formatDate(input.decisionDate)})` });
  const endsOk = checkDate(errors, 'endsOn', input.endsOn, 'ngày kết thúc');
  if (endsOk && startsOk && input.endsOn < input.startsOn)
    errors.push({ field: 'endsOn', message: `Ngày kết thúc không được trước ngày bắt đầu (${formatDate(input.startsOn)})` });
  return errors;
}

/** The stored team: blank rows dropped, the head first; roles default to "Trưởng đoàn" / "Thành viên". */
function normalisedTeam(team: { name: string; role: string }[]): { name: string; role: string }[] {
  return team
    .map((m, i) => ({ name: oneLine(m.name), role: oneLine(m.role) || (i === 0 ? 'Trưởng đoàn' : 'Thành viên'), i }))
    .filter((m) => m.name !== '')
    .map(({ name, role }) => ({ name, role }));
}

function inspectionValues(input: Omit<InspectionInput, 'orgUnitId'>) {
  return {
    decisionNumber: oneLine(input.decisionNumber),
    decisionDate: input.decisionDate,
    mode: input.mode,
    kind: input.kind,
    field: input.field,
    title: oneLine(input.title),
    team: normalisedTeam(input.team),
    startsOn: input.startsOn,
    endsOn: input.endsOn,
  };
}

async function decisionNumberTaken(tx: DbOrTx, orgUnitId: number, number: string, exceptId?: number): Promise<boolean> {
  const conds = [eq(inspections.orgUnitId, orgUnitId), eq(inspections.decisionNumber, number)];
  if (exceptId !== undefined) conds.push(ne(inspections.id, exceptId));
  const found = await tx.select({ id: inspections.id }).from(inspections).where(and(...conds)).limit(1);
  return found.length > 0;
}

const DUPLICATE_DECISION = (n: string) => `Đơn vị đã có cuộc thanh tra, kiểm tra theo quyết định số ${n}; kiểm tra lại số quyết định`;

/** Opens an inspection by its decision. The org unit must exist and be in operation on the decision date. */
export async function createInspection(db: DbOrTx, actor: Actor, input: InspectionInput, today: string = todayVn()): Promise<Inspection> {
  const errors = validateInspection(input, today);
  if (!Number.isInteger(input.orgUnitId) || input.orgUnitId <= 0) errors.push({ field: 'orgUnitId', message: 'Chọn đơn vị chủ trì' });
  if (errors.length) throw new ValidationError(errors);
  const values = inspectionValues(input);
  try {
    return await db.transaction(async (tx) => {
      const [unit] = await tx.select().from(orgUnits).where(eq(orgUnits.id, input.orgUnitId));
      if (!unit) throw ValidationError.one('orgUnitId', 'Đơn vị chủ trì không tồn tại');
      if (unit.validFrom > values.decisionDate || (unit.validTo !== null && unit.validTo <= values.decisionDate))
        throw ValidationError.one(
          'orgUnitId',
          `${unit.name} không hoạt động vào ngày quyết định ${formatDate(values.decisionDate)} (hoạt động từ ${formatDate(unit.validFrom)}${unit.validTo ? ` đến hết ${formatDate(isoFromDayNumber(dayNumberFromIso(unit.validTo) - 1))}` : ''})`,
        );
      if (await decisionNumberTaken(tx, unit.id, values.decisionNumber)) throw ValidationError.one('decisionNumber', DUPLICATE_DECISION(values.decisionNumber));
      const [row] = await tx
        .insert(inspections)
        .values({ ...values, orgUnitId: unit.id, createdBy: actor.id })
        .returning();
      await recordAudit(tx, actor, { action: 'inspection.create', entity: 'inspection', entityId: row!.id, orgUnitId: row!.orgUnitId, after: row });
      return row!;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw ValidationError.one('decisionNumber', DUPLICATE_DECISION(values.decisionNumber));
    throw e;
  }
}

/** Edits an open inspection's decision data. Days already recorded for its subjects must stay within the period. */
export async function updateInspection(
  db: DbOrTx,
  actor: Actor,
  id: number,
  version: number,
  input: Omit<InspectionInput, 'orgUnitId'>,
  today: string = todayVn(),
): Promise<Inspection> {
  const errors = validateInspection(input, today);
  if (errors.length) throw new ValidationError(errors);
  const values = inspectionValues(input);
  try {
    return await db.transaction(async (tx) => {
      const before = await lockInspectionVersion(tx, id, version);
      assertOpen(before, 'decisionNumber');
      if (await decisionNumberTaken(tx, before.orgUnitId, values.decisionNumber, id))
        throw ValidationError.one('decisionNumber', DUPLICATE_DECISION(values.decisionNumber));
      const [unit] = await tx.select().from(orgUnits).where(eq(orgUnits.id, before.orgUnitId));
      if (unit && (unit.validFrom > values.decisionDate || (unit.validTo !== null && unit.validTo <= values.decisionDate)))
        throw ValidationError.one('decisionDate', `${unit.name} không hoạt động vào ngày ${formatDate(values.decisionDate)}`);
      const [range] = await tx
        .select({ first: sql<string | null>`min(${inspectedSubjects.inspectedOn})::text`, last: sql<string | null>`max(${inspectedSubjects.inspectedOn})::text` })
        .from(inspectedSubjects)
        .where(eq(inspectedSubjects.inspectionId, id));
      const outside: FieldError[] = [];
      if (range?.first && range.first < values.startsOn)
        outside.push({ field: 'startsOn', message: `Đã ghi nhận làm việc tại đối tượng ngày ${formatDate(range.first)}: ngày bắt đầu không được sau ngày đó` });
      if (range?.last && range.last > values.endsOn)
        outside.push({ field: 'endsOn', message: `Đã ghi nhận làm việc tại đối tượng ngày ${formatDate(range.last)}: ngày kết thúc không được trước ngày đó` });
      if (outside.length) throw new ValidationError(outside);
      const after = await saveInspection(tx, before, values);
      await recordAudit(tx, actor, {
        action: 'inspection.update',
        entity: 'inspection',
        entityId: id,
        orgUnitId: before.orgUnitId,
        before: pick(before, Object.keys(values) as (keyof typeof values)[]),
        after: values,
      });
      return after;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw ValidationError.one('decisionNumber', DUPLICATE_DECISION(values.decisionNumber));
    throw e;
  }
}

function pick<T extends object, K extends keyof T>(o: T, keys: K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const k of keys) out[k] = o[k];
  return out;
}

/**
 * Starts (planned → in progress; a cancelled inspection may be reopened) or cancels an inspection. An inspection with
 * a penalty decision cannot be cancelled; a concluded one changes no more.
 */
export async function setInspectionStatus(db: DbOrTx, actor: Actor, id: number, version: number, status: 'in_progress' | 'cancelled'): Promise<Inspection> {
  if (status !== 'in_progress' && status !== 'cancelled') throw ValidationError.one('status', 'Trạng thái không hợp lệ');
  return db.transaction(async (tx) => {
    const before = await lockInspectionVersion(tx, id, version);
    if (before.status === 'concluded') throw ValidationError.one('status', closedMessage(before));
    if (before.status === status)
      throw ValidationError.one('status', `Cuộc thanh tra, kiểm tra đã ở trạng thái "${INSPECTION_STATUS_LABELS[status as InspectionStatus]}"`);
    if (status === 'cancelled') {
      const [d] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(penaltyDecisions)
        .innerJoin(inspectedSubjects, eq(inspectedSubjects.id, penaltyDecisions.inspectedSubjectId))
        .where(eq(inspectedSubjects.inspectionId, id));
      if ((d?.n ?? 0) > 0) throw ValidationError.one('status', 'Đã có quyết định xử phạt trong cuộc thanh tra, kiểm tra này; không hủy được');
    }
    const after = await saveInspection(tx, before, { status });
    await recordAudit(tx, actor, {
      action: 'inspection.status',
      entity: 'inspection',
      entityId: id,
      orgUnitId: before.orgUnitId,
      before: { status: before.status, version: before.version },
      after: { status, version: after.version },
    });
    return after;
  });
}

/**
 * Concludes an inspection (kết luận thanh tra / thông báo kết quả kiểm tra). Every subject needs its outcome first;
 * the conclusion date lies between the decision date and today.
 */
export async function concludeInspection(
  db: DbOrTx,
  actor: Actor,
  id: number,
  version: number,
  input: { conclusionNumber: string; conclusionDate: string; conclusion: string },
  today: string = todayVn(),
): Promise<Inspection> {
  const errors: FieldError[] = [];
  const number = oneLine(input.conclusionNumber);
  if (number === '') errors.push({ field: 'conclusionNumber', message: 'Nhập số kết luận (thông báo kết quả)' });
  else if (number.length > 50) errors.push({ field: 'conclusionNumber', message: 'Số kết luận không được dài quá 50 ký tự' });
  checkDateUpTo(errors, 'conclusionDate', input.conclusionDate, 'ngày kết luận', today);
  const conclusion = (input.conclusion ?? '').trim();
  if (conclusion === '') errors.push({ field: 'conclusion', message: 'Nhập nội dung kết luận' });
  if (errors.length) throw new ValidationError(errors);
  return db.transaction(async (tx) => {
    const before = await lockInspectionVersion(tx, id, version);
    assertOpen(before, 'conclusionNumber');
    if (input.conclusionDate < before.decisionDate)
      throw ValidationError.one('conclusionDate', `Ngày kết luận không được trước ngày quyết định (${formatDate(before.decisionDate)})`);
    const [counts] = await tx
      .select({ all: sql<number>`count(*)::int`, pending: sql<number>`(count(*) FILTER (WHERE ${inspectedSubjects.outcome} = 'pending'))::int` })
      .from(inspectedSubjects)
      .where(eq(inspectedSubjects.inspectionId, id));
    if ((counts?.all ?? 0) === 0) throw ValidationError.one('subjects', 'Chưa có đối tượng nào được thanh tra, kiểm tra; thêm đối tượng và kết quả trước khi kết luận');
    if ((counts?.pending ?? 0) > 0)
      throw ValidationError.one('subjects', `Còn ${counts!.pending} đối tượng chưa có kết quả; ghi nhận kết quả của từng đối tượng trước khi kết luận`);
    const values = { status: 'concluded', conclusionNumber: number, conclusionDate: input.conclusionDate, conclusion };
    const after = await saveInspection(tx, before, values);
    await recordAudit(tx, actor, {
      action: 'inspection.conclude',
      entity: 'inspection',
      entityId: id,
      orgUnitId: before.orgUnitId,
      before: { status: before.status, conclusionNumber: before.conclusionNumber, conclusionDate: before.conclusionDate, conclusion: before.conclusion },
      after: values,
    });
    return after;
  });
}

/* ---------------------------------------------------------------- subjects and findings */

/**
 * Adds a subject (and optionally one of its facilities) to an open inspection. A subject merged into another is
 * followed to the survivor, so an old link still adds the right subject.
 */
export async function addInspectedSubject(
  db: DbOrTx,
  actor: Actor,
  input: { inspectionId: number; subjectId: number; facilityId?: number | null },
): Promise<InspectedSubject> {
  try {
    return await db.transaction(async (tx) => {
      const inspection = await lockInspection(tx, input.inspectionId);
      assertOpen(inspection, 'subjectId');
      // follow merges to the survivor
      const chain: number[] = [];
      let subject = Number.isInteger(input.subjectId) ? await getSubject(tx, input.subjectId) : null;
      while (subject && subject.mergedIntoId !== null && chain.length < 10) {
        chain.push(subject.id);
        subject = await getSubject(tx, subject.mergedIntoId);
      }
      if (!subject || subject.mergedIntoId !== null) throw ValidationError.one('subjectId', 'Không tìm thấy đối tượng; chọn đối tượng trong danh sách');
      chain.push(subject.id);
      const [dup] = await tx
        .select({ id: inspectedSubjects.id })
        .from(inspectedSubjects)
        .where(and(eq(inspectedSubjects.inspectionId, inspection.id), eq(inspectedSubjects.subjectId, subject.id)));
      if (dup) throw ValidationError.one('subjectId', `${subject.name} đã có trong cuộc thanh tra, kiểm tra này`);
      let facilityId: number | null = null;
      if (input.facilityId != null) {
        const [f] = await tx.select().from(facilities).where(eq(facilities.id, input.facilityId));
        if (!f || !chain.includes(f.subjectId)) throw ValidationError.one('facilityId', `Cơ sở đã chọn không thuộc ${subject.name}; chọn một cơ sở của đối tượng này`);
        facilityId = f.id;
      }
      const [row] = await tx.insert(inspectedSubjects).values({ inspectionId: inspection.id, subjectId: subject.id, facilityId }).returning();
      await recordAudit(tx, actor, {
        action: 'inspection.add_subject',
        entity: 'inspected_subject',
        entityId: row!.id,
        orgUnitId: inspection.orgUnitId,
        after: { inspectionId: inspection.id, subjectId: subject.id, requestedSubjectId: input.subjectId, facilityId },
      });
      return row!;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw ValidationError.one('subjectId', 'Đối tượng đã có trong cuộc thanh tra, kiểm tra này');
    throw e;
  }
}

/**
 * Records the team's findings at a subject and the outcome. The day on site lies within the inspection's period and
 * not after today; an outcome other than 'violation' is refused once violations are recorded. A planned inspection
 * moves to 'in_progress'.
 */
export async function recordFindings(
  db: DbOrTx,
  actor: Actor,
  input: { inspectedSubjectId: number; version: number; inspectedOn: string | null; findings: string; outcome: 'pending' | 'compliant' | 'violation' },
  today: string = todayVn(),
): Promise<InspectedSubject> {
  const errors: FieldError[] = [];
  const inspectedOn = input.inspectedOn?.trim() ? input.inspectedOn.trim() : null;
  const dateOk = inspectedOn === null ? input.outcome === 'pending' : checkDate(errors, 'inspectedOn', inspectedOn, 'ngày làm việc tại đối tượng');
  if (inspectedOn === null && input.outcome !== 'pending')
    errors.push({ field: 'inspectedOn', message: 'Nhập ngày làm việc tại đối tượng (ngày/tháng/năm) để ghi kết quả' });
  if (!['pending', 'compliant', 'violation'].includes(input.outcome)) errors.push({ field: 'outcome', message: 'Chọn kết quả: chưa có kết quả, không vi phạm hoặc có vi phạm' });
  const findings = (input.findings ?? '').trim();
  if (input.outcome !== 'pending' && findings === '') errors.push({ field: 'findings', message: 'Ghi nội dung kiểm tra, kết quả làm việc tại đối tượng' });
  if (errors.length) throw new ValidationError(errors);
  return db.transaction(async (tx) => {
    const before = await lockInspected(tx, input.inspectedSubjectId);
    if (before.version !== input.version) throw conflict('Kết quả làm việc tại đối tượng', before.version, input.version);
    const inspection = await lockInspection(tx, before.inspectionId);
    assertOpen(inspection, 'outcome');
    if (dateOk && inspectedOn !== null) {
      const last = inspection.endsOn < today ? inspection.endsOn : today;
      if (inspectedOn < inspection.startsOn || inspectedOn > last)
        throw ValidationError.one(
          'inspectedOn',
          last < inspection.startsOn
            ? `Chưa đến thời gian làm việc tại đối tượng (từ ${formatDate(inspection.startsOn)})`
            : `Ngày làm việc phải trong khoảng ${formatDate(inspection.startsOn)} – ${formatDate(last)} (thời gian của đoàn${last === today ? ', không sau hôm nay' : ''})`,
        );
    }
    const [v] = await tx.select({ n: sql<number>`count(*)::int` }).from(violations).where(eq(violations.inspectedSubjectId, before.id));
    const nViolations = v?.n ?? 0;
    if (nViolations > 0 && input.outcome !== 'violation')
      throw ValidationError.one('outcome', `Đã ghi nhận ${nViolations} hành vi vi phạm của đối tượng; kết quả phải là "Có vi phạm"`);
    const values = { inspectedOn, findings: findings || null, outcome: input.outcome };
    const [after] = await tx
      .update(inspectedSubjects)
      .set({ ...values, version: before.version + 1 })
      .where(eq(inspectedSubjects.id, before.id))
      .returning();
    await recordAudit(tx, actor, {
      action: 'inspection.findings',
      entity: 'inspected_subject',
      entityId: before.id,
      orgUnitId: inspection.orgUnitId,
      before: { inspectedOn: before.inspectedOn, findings: before.findings, outcome: before.outcome, version: before.version },
      after: { ...values, version: after!.version },
    });
    await startIfPlanned(tx, actor, inspection);
    return after!;
  });
}

/* ---------------------------------------------------------------- violations and evidence */

/**
 * Records a violation at an inspected subject under the provision version in force on the day of the act. The
 * subject's outcome becomes 'violation'; a planned inspection moves to 'in_progress'.
 */
export async function recordViolation(
  db: DbOrTx,
  actor: Actor,
  input: { inspectedSubjectId: number; provisionId: number; description: string; committedOn: string },
  today: string = todayVn(),
): Promise<Violation> {
  const errors: FieldError[] = [];
  const description = (input.description ?? '').trim();
  if (description === '') errors.push({ field: 'description', message: 'Mô tả hành vi vi phạm (thời gian, địa điểm, nội dung)' });
  checkDateUpTo(errors, 'committedOn', input.committedOn, 'ngày xảy ra vi phạm', today, 'Ngày vi phạm');
  if (!Number.isInteger(input.provisionId) || input.provisionId <= 0) errors.push({ field: 'provisionId', message: 'Chọn hành vi vi phạm trong danh mục' });
  if (errors.length) throw new ValidationError(errors);
  return db.transaction(async (tx) => {
    const inspected = await lockInspected(tx, input.inspectedSubjectId);
    const inspection = await lockInspection(tx, inspected.inspectionId);
    assertOpen(inspection, 'description');
    const provision = await getProvision(tx, input.provisionId);
    if (!provision) throw ValidationError.one('provisionId', 'Chọn hành vi vi phạm trong danh mục');
    if (!isProvisionValidOn(provision, input.committedOn)) {
      const validity = provision.validTo
        ? `từ ${formatDate(provision.validFrom)} đến hết ${formatDate(addDays(provision.validTo, -1))}`
        : `từ ${formatDate(provision.validFrom)}`;
      throw ValidationError.one(
        'provisionId',
        `Quy định đã chọn (Nghị định ${provision.decree}, Điều ${provision.article}) có hiệu lực ${validity}, không áp dụng cho hành vi ngày ${formatDate(input.committedOn)}; chọn quy định có hiệu lực vào ngày đó`,
      );
    }
    const [row] = await tx
      .insert(violations)
      .values({ inspectedSubjectId: inspected.id, provisionId: provision.id, description, committedOn: input.committedOn, recordedBy: actor.id })
      .returning();
    await recordAudit(tx, actor, { action: 'violation.record', entity: 'violation', entityId: row!.id, orgUnitId: inspection.orgUnitId, after: row });
    if (inspected.outcome !== 'violation') {
      await tx
        .update(inspectedSubjects)
        .set({ outcome: 'violation', version: inspected.version + 1 })
        .where(eq(inspectedSubjects.id, inspected.id));
      await recordAudit(tx, actor, {
        action: 'inspection.findings',
        entity: 'inspected_subject',
        entityId: inspected.id,
        orgUnitId: inspection.orgUnitId,
        before: { outcome: inspected.outcome, version: inspected.version },
        after: { outcome: 'violation', version: inspected.version + 1 },
        detail: `ghi nhận vi phạm ${row!.id}`,
      });
    }
    await startIfPlanned(tx, actor, inspection);
    return row!;
  });
}

export const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;
export const EVIDENCE_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;

/**
 * Attaches an evidence file (biên bản, photograph) to a violation. The file store checks size and type by content
 * (an oversized file or a text file named .pdf is a ValidationError on field 'file' and nothing is stored).
 */
export async function addEvidence(
  db: DbOrTx,
  files: FileStore,
  actor: Actor,
  input: { violationId: number; buffer: Buffer; originalName: string },
): Promise<Evidence> {
  const originalName = oneLine(input.originalName).slice(0, 255) || 'tep-dinh-kem';
  return db.transaction(async (tx) => {
    const [v] = await tx
      .select({ violation: violations, orgUnitId: inspections.orgUnitId })
      .from(violations)
      .innerJoin(inspectedSubjects, eq(inspectedSubjects.id, violations.inspectedSubjectId))
      .innerJoin(inspections, eq(inspections.id, inspectedSubjects.inspectionId))
      .where(eq(violations.id, input.violationId));
    if (!v) throw new NotFoundError(`violation ${input.violationId}`);
    const stored = await files.put(tx, input.buffer, {
      originalName,
      allowedTypes: EVIDENCE_TYPES,
      maxBytes: EVIDENCE_MAX_BYTES,
      createdBy: actor.id,
    });
    const [row] = await tx
      .insert(violationEvidence)
      .values({
        violationId: v.violation.id,
        fileSha256: stored.sha256,
        originalName,
        mediaType: stored.mediaType,
        sizeBytes: stored.size,
        uploadedBy: actor.id,
      })
      .returning();
    await recordAudit(tx, actor, { action: 'violation.evidence', entity: 'violation_evidence', entityId: row!.id, orgUnitId: v.orgUnitId, after: row });
    return row!;
  });
}

/* ---------------------------------------------------------------- penalty decisions */

export interface PenaltyInput {
  inspectedSubjectId: number;
  number: string;
  decidedOn: string;
  signerName: string;
  signerTitle: string;
  lines: { violationId: number; fineVnd: number; outOfRangeReason?: string | null }[];
  additionalPenalties?: string | null;
  /** default decidedOn + 10 calendar days */
  paymentDueOn?: string | null;
  remedies: { description: string; deadline: string }[];
}

/**
 * The days within which a fine is paid: Law on Handling Administrative Violations 2012 (Luật Xử lý vi phạm hành
 * chính số 15/2012/QH13), Art. 73(1): the person fined pays within 10 days of receiving the decision. The decision
 * day stands in for the day of receipt; the inspector may set another due day.
 */
export const PAYMENT_DAYS = 10;

const DUPLICATE_PENALTY = (n: string) => `Đơn vị đã ban hành quyết định xử phạt số ${n}; kiểm tra lại số quyết định`;

/**
 * Issues a penalty decision against an inspected subject: one line per violation, each checked against its
 * provision's range for the subject's kind (outside it only with a stated reason); the fine is the sum of the lines;
 * the deciding unit is the inspection's.
 */
export async function issuePenaltyDecision(db: DbOrTx, actor: Actor, input: PenaltyInput, today: string = todayVn()): Promise<PenaltyDecision> {
  const errors: FieldError[] = [];
  const number = oneLine(input.number);
  if (number === '') errors.push({ field: 'number', message: 'Nhập số quyết định xử phạt, ví dụ 25/QĐ-XPHC' });
  else if (number.length > 50) errors.push({ field: 'number', message: 'Số quyết định không được dài quá 50 ký tự' });
  const decidedOk = checkDateUpTo(errors, 'decidedOn', input.decidedOn, 'ngày ra quyết định', today);
  const signerName = oneLine(input.signerName);
  if (signerName === '') errors.push({ field: 'signerName', message: 'Nhập họ tên người ký quyết định' });
  const signerTitle = oneLine(input.signerTitle);
  if (signerTitle === '') errors.push({ field: 'signerTitle', message: 'Nhập chức vụ của người ký, ví dụ Chánh Thanh tra Sở' });
  const lines = input.lines ?? [];
  if (lines.length === 0) errors.push({ field: 'lines', message: 'Chọn ít nhất một hành vi vi phạm bị xử phạt' });
  const seen = new Set<number>();
  lines.forEach((l, i) => {
    if (!Number.isInteger(l.violationId) || l.violationId <= 0) errors.push({ field: `lines.${i}.violationId`, message: 'Chọn hành vi vi phạm' });
    else if (seen.has(l.violationId)) errors.push({ field: `lines.${i}.violationId`, message: 'Hành vi này đã có ở dòng trên; mỗi hành vi một dòng' });
    seen.add(l.violationId);
    if (!Number.isSafeInteger(l.fineVnd) || l.fineVnd < 0)
      errors.push({ field: `lines.${i}.fineVnd`, message: 'Số tiền phạt là số đồng nguyên, không âm (0 nếu chỉ phạt cảnh cáo)' });
  });
  const remedies = (input.remedies ?? []).map((r) => ({ description: (r.description ?? '').trim(), deadline: r.deadline?.trim() ?? '' }));
  remedies.forEach((r, i) => {
    if (r.description === '') errors.push({ field: `remedies.${i}.description`, message: 'Nhập biện pháp khắc phục hậu quả' });
    const ok = checkDate(errors, `remedies.${i}.deadline`, r.deadline, 'thời hạn thực hiện');
    if (ok && decidedOk && r.deadline < input.decidedOn)
      errors.push({ field: `remedies.${i}.deadline`, message: `Thời hạn không được trước ngày ra quyết định (${formatDate(input.decidedOn)})` });
  });
  let paymentDueOn: string | null = input.paymentDueOn?.trim() ? input.paymentDueOn.trim() : null;
  if (paymentDueOn !== null) {
    const ok = checkDate(errors, 'paymentDueOn', paymentDueOn, 'hạn nộp phạt');
    if (ok && decidedOk && paymentDueOn < input.decidedOn)
      errors.push({ field: 'paymentDueOn', message: `Hạn nộp phạt không được trước ngày ra quyết định (${formatDate(input.decidedOn)})` });
  } else if (decidedOk) paymentDueOn = addDays(input.decidedOn, PAYMENT_DAYS);
  if (errors.length) throw new ValidationError(errors);
  const additionalPenalties = (input.additionalPenalties ?? '').trim() || null;

  try {
    return await db.transaction(async (tx) => {
      const inspected = await lockInspected(tx, input.inspectedSubjectId);
      const inspection = await lockInspection(tx, inspected.inspectionId);
      if (inspection.status === 'cancelled') throw ValidationError.one('number', closedMessage(inspection));
      const subject = await getSubject(tx, inspected.subjectId);
      if (!subject) throw new NotFoundError(`subject ${inspected.subjectId}`);
      const later: FieldError[] = [];
      if (input.decidedOn < inspection.decisionDate)
        later.push({ field: 'decidedOn', message: `Ngày ra quyết định không được trước ngày quyết định thanh tra, kiểm tra (${formatDate(inspection.decisionDate)})` });
      const [taken] = await tx
        .select({ id: penaltyDecisions.id })
        .from(penaltyDecisions)
        .where(and(eq(penaltyDecisions.orgUnitId, inspection.orgUnitId), eq(penaltyDecisions.number, number)));
      if (taken) later.push({ field: 'number', message: DUPLICATE_PENALTY(number) });
      const ids = lines.map((l) => l.violationId);
      const found = ids.length
        ? await tx
            .select({ violation: violations, decisionId: penaltyLines.decisionId })
            .from(violations)
            .leftJoin(penaltyLines, eq(penaltyLines.violationId, violations.id))
            .where(inArray(violations.id, ids))
            .for('update', { of: violations })
        : [];
      const byId = new Map(found.map((f) => [f.violation.id, f]));
      let latestAct: string | null = null;
      const values: { violationId: number; fineVnd: number; outOfRangeReason: string | null }[] = [];
      for (const [i, l] of lines.entries()) {
        const f = byId.get(l.violationId);
        if (!f || f.violation.inspectedSubjectId !== inspected.id) {
          later.push({ field: `lines.${i}.violationId`, message: `Hành vi vi phạm không thuộc ${subject.name} trong cuộc thanh tra, kiểm tra này` });
          continue;
        }
        if (f.decisionId !== null) {
          later.push({ field: `lines.${i}.violationId`, message: 'Hành vi vi phạm này đã bị xử phạt bằng một quyết định khác' });
          continue;
        }
        if (latestAct === null || f.violation.committedOn > latestAct) latestAct = f.violation.committedOn;
        const provision = await getProvision(tx, f.violation.provisionId);
        const reason = (l.outOfRangeReason ?? '').trim();
        const outside = fineRangeMessage(provision!, subject.kind as SubjectKind, l.fineVnd);
        if (outside && reason === '') later.push({ field: `lines.${i}.fineVnd`, message: outside });
        values.push({ violationId: l.violationId, fineVnd: l.fineVnd, outOfRangeReason: outside ? reason : null });
      }
      if (latestAct !== null && input.decidedOn < latestAct)
        later.push({ field: 'decidedOn', message: `Ngày ra quyết định không được trước ngày xảy ra vi phạm (${formatDate(latestAct)})` });
      if (later.length) throw new ValidationError(later);
      const fineVnd = values.reduce((s, l) => s + l.fineVnd, 0);
      if (!Number.isSafeInteger(fineVnd)) throw ValidationError.one('lines', 'Tổng số tiền phạt quá lớn');
      const [row] = await tx
        .insert(penaltyDecisions)
        .values({
          inspectedSubjectId: inspected.id,
          orgUnitId: inspection.orgUnitId,
          number,
          decidedOn: input.decidedOn,
          signerName,
          signerTitle,
          fineVnd,
          additionalPenalties,
          paymentDueOn: paymentDueOn!,
          createdBy: actor.id,
        })
        .returning();
      const lineRows = await tx
        .insert(penaltyLines)
        .values(values.map((v) => ({ ...v, decisionId: row!.id })))
        .returning();
      const remedyRows = remedies.length
        ? await tx
            .insert(remedialMeasures)
            .values(remedies.map((r) => ({ decisionId: row!.id, description: r.description, deadline: r.deadline })))
            .returning()
        : [];
      await recordAudit(tx, actor, {
        action: 'penalty.issue',
        entity: 'penalty_decision',
        entityId: row!.id,
        orgUnitId: inspection.orgUnitId,
        after: { ...row, lines: lineRows, remedies: remedyRows },
      });
      return row!;
    });
  } catch (e) {
    if (isUniqueViolation(e)) {
      const msg = String((e as { cause?: { constraint?: string } }).cause?.constraint ?? (e as { constraint?: string }).constraint ?? '');
      if (msg.includes('penalty_lines')) throw ValidationError.one('lines', 'Một hành vi vi phạm vừa được xử phạt bằng quyết định khác; tải lại trang');
      throw ValidationError.one('number', DUPLICATE_PENALTY(number));
    }
    throw e;
  }
}

/* ---------------------------------------------------------------- payments and remedies */

/**
 * Records a payment of a fine (partial payments allowed). The decision row is locked (SELECT … FOR UPDATE) while the
 * amount already paid is summed, so concurrent payments cannot together exceed the fine.
 */
export async function recordPayment(
  db: DbOrTx,
  actor: Actor,
  input: { decisionId: number; paidOn: string; amountVnd: number; receiptNumber: string },
  today: string = todayVn(),
): Promise<Payment> {
  const errors: FieldError[] = [];
  const amountOk = Number.isSafeInteger(input.amountVnd) && input.amountVnd > 0;
  if (!amountOk) errors.push({ field: 'amountVnd', message: 'Số tiền nộp là số đồng nguyên, lớn hơn 0' });
  checkDateUpTo(errors, 'paidOn', input.paidOn, 'ngày nộp', today);
  const receiptNumber = oneLine(input.receiptNumber);
  if (receiptNumber === '') errors.push({ field: 'receiptNumber', message: 'Nhập số biên lai, chứng từ nộp tiền (Kho bạc, ngân hàng)' });
  else if (receiptNumber.length > 100) errors.push({ field: 'receiptNumber', message: 'Số biên lai không được dài quá 100 ký tự' });
  if (errors.length) throw new ValidationError(errors);
  return db.transaction(async (tx) => {
    const [decision] = await tx.select().from(penaltyDecisions).where(eq(penaltyDecisions.id, input.decisionId)).for('update');
    if (!decision) throw new NotFoundError(`penalty decision ${input.decisionId}`);
    if (input.paidOn < decision.decidedOn)
      throw ValidationError.one('paidOn', `Ngày nộp không được trước ngày ra quyết định (${formatDate(decision.decidedOn)})`);
    const [paid] = await tx
      .select({ sum: sql<number>`coalesce(sum(${penaltyPayments.amountVnd}), 0)::float8` })
      .from(penaltyPayments)
      .where(eq(penaltyPayments.decisionId, decision.id));
    const remaining = decision.fineVnd - Number(paid?.sum ?? 0);
    if (input.amountVnd > remaining)
      throw ValidationError.one('amountVnd', `Số tiền nộp vượt số tiền còn phải nộp (còn ${formatVnd(remaining)})`);
    const [row] = await tx
      .insert(penaltyPayments)
      .values({ decisionId: decision.id, paidOn: input.paidOn, amountVnd: input.amountVnd, receiptNumber, recordedBy: actor.id })
      .returning();
    await recordAudit(tx, actor, {
      action: 'penalty.payment',
      entity: 'penalty_payment',
      entityId: row!.id,
      orgUnitId: decision.orgUnitId,
      before: { decisionId: decision.id, remainingVnd: remaining },
      after: { ...row, remainingVnd: remaining - input.amountVnd },
    });
    return row!;
  });
}

/** Records that a remedial measure was carried out, on a day between the decision and today. */
export async function markRemedyDone(
  db: DbOrTx,
  actor: Actor,
  input: { remedyId: number; version: number; doneOn: string; note: string },
  today: string = todayVn(),
): Promise<Remedy> {
  const errors: FieldError[] = [];
  checkDateUpTo(errors, 'doneOn', input.doneOn, 'ngày hoàn thành', today);
  if (errors.length) throw new ValidationError(errors);
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(remedialMeasures).where(eq(remedialMeasures.id, input.remedyId)).for('update');
    if (!before) throw new NotFoundError(`remedy ${input.remedyId}`);
    if (before.version !== input.version) throw conflict('Biện pháp khắc phục', before.version, input.version);
    const [decision] = await tx.select().from(penaltyDecisions).where(eq(penaltyDecisions.id, before.decisionId));
    if (input.doneOn < decision!.decidedOn)
      throw ValidationError.one('doneOn', `Ngày hoàn thành không được trước ngày ra quyết định (${formatDate(decision!.decidedOn)})`);
    const values = { doneOn: input.doneOn, doneNote: (input.note ?? '').trim() || null };
    const [after] = await tx
      .update(remedialMeasures)
      .set({ ...values, version: before.version + 1 })
      .where(eq(remedialMeasures.id, before.id))
      .returning();
    await recordAudit(tx, actor, {
      action: 'remedy.done',
      entity: 'remedial_measure',
      entityId: before.id,
      orgUnitId: decision!.orgUnitId,
      before: { doneOn: before.doneOn, doneNote: before.doneNote, version: before.version },
      after: { ...values, version: after!.version },
    });
    return after!;
  });
}
