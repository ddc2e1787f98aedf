import { type AnyColumn, and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../core/db/index.js';
import { orgUnits } from '../org/schema.js';
import type { Evidence, InspectedSubject, Inspection, Payment, PenaltyDecision, PenaltyLine, Remedy, Violation } from './commands.js';
import type { Provision } from './provisions.js';
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
import type { Facility, Subject } from './subjects.js';

/*
 * What the inspection pages read: the list of inspections with their counts, one inspection, one inspected subject,
 * one penalty decision, and the follow-up queues (fines overdue, remedies overdue). Collection queries take the
 * reader's scope (null = every unit) and filter on the record's org unit themselves. Counts and sums are computed in
 * the statement that lists the rows (correlated subqueries), never one query per row.
 */

/** `<column> = ANY(ARRAY[…])` for a scope; an empty scope matches nothing. */
function inScope(column: AnyColumn, scope: ReadonlySet<number>): SQL {
  const ids = [...scope].map(Number).filter(Number.isInteger);
  return sql`${column} = ANY(${sql.raw(`ARRAY[${(ids.length ? ids : [-1]).join(',')}]::int[]`)})`;
}

/** LIKE pattern for a free-text search, metacharacters escaped. */
function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * A column qualified with its table, for correlated subqueries: Drizzle leaves columns unqualified in a statement
 * over one table, and an unqualified "id" inside a subquery would name the subquery's own column.
 */
const qualified = (table: string, column: string) => sql`${sql.identifier(table)}.${sql.identifier(column)}`;
const DECISION_ID = qualified('penalty_decisions', 'id');
const INSPECTION_ID = qualified('inspections', 'id');
const INSPECTED_ID = qualified('inspected_subjects', 'id');

/** Sum of the payments of a decision (correlated on penalty_decisions.id), as a JS number. */
const paidOf = sql<number>`(SELECT coalesce(sum(pp.amount_vnd), 0) FROM penalty_payments pp WHERE pp.decision_id = ${DECISION_ID})`.mapWith(Number);

/* ---------------------------------------------------------------- list */

export interface InspectionFilter {
  year?: number;
  field?: string;
  status?: string;
  kind?: string;
  orgUnitId?: number;
  q?: string;
  page?: number;
  pageSize?: number;
}

export interface InspectionListRow {
  id: number;
  decisionNumber: string;
  decisionDate: string;
  title: string;
  mode: string;
  kind: string;
  field: string;
  status: string;
  orgUnitId: number;
  orgUnitName: string;
  /** subjects inspected */
  subjects: number;
  /** subjects with outcome 'violation' */
  violating: number;
  /** the fines of the penalty decisions against its subjects */
  finesVnd: number;
}

/** Inspections in scope (null = all), newest decision first; q matches the decision number or the title, unaccented. */
export async function listInspections(db: DbOrTx, scope: ReadonlySet<number> | null, f: InspectionFilter): Promise<{ rows: InspectionListRow[]; total: number }> {
  const conds: SQL[] = [];
  if (scope) conds.push(inScope(inspections.orgUnitId, scope));
  if (f.year !== undefined && Number.isInteger(f.year)) conds.push(sql`extract(year FROM ${inspections.decisionDate}) = ${f.year}`);
  if (f.field) conds.push(eq(inspections.field, f.field));
  if (f.status) conds.push(eq(inspections.status, f.status));
  if (f.kind) conds.push(eq(inspections.kind, f.kind));
  if (f.orgUnitId !== undefined && Number.isInteger(f.orgUnitId)) conds.push(eq(inspections.orgUnitId, f.orgUnitId));
  const q = f.q?.trim();
  if (q) {
    const p = likePattern(q);
    conds.push(
      sql`(f_unaccent(lower(${inspections.decisionNumber})) LIKE f_unaccent(lower(${p})) OR f_unaccent(lower(${inspections.title})) LIKE f_unaccent(lower(${p})))`,
    );
  }
  const where = conds.length ? and(...conds) : undefined;
  const pageSize = Math.min(Math.max(Math.trunc(f.pageSize ?? 50), 1), 500);
  const page = Math.max(Math.trunc(f.page ?? 1), 1);
  const [rows, total] = await Promise.all([
    db
      .select({
        id: inspections.id,
        decisionNumber: inspections.decisionNumber,
        decisionDate: inspections.decisionDate,
        title: inspections.title,
        mode: inspections.mode,
        kind: inspections.kind,
        field: inspections.field,
        status: inspections.status,
        orgUnitId: inspections.orgUnitId,
        orgUnitName: orgUnits.name,
        subjects: sql<number>`(SELECT count(*) FROM inspected_subjects s WHERE s.inspection_id = ${INSPECTION_ID})`.mapWith(Number),
        violating: sql<number>`(SELECT count(*) FROM inspected_subjects s WHERE s.inspection_id = ${INSPECTION_ID} AND s.outcome = 'violation')`.mapWith(Number),
        finesVnd: sql<number>`(SELECT coalesce(sum(d.fine_vnd), 0) FROM penalty_decisions d JOIN inspected_subjects s ON s.id = d.inspected_subject_id
                               WHERE s.inspection_id = ${INSPECTION_ID})`.mapWith(Number),
      })
      .from(inspections)
      .innerJoin(orgUnits, eq(orgUnits.id, inspections.orgUnitId))
      .where(where)
      .orderBy(desc(inspections.decisionDate), desc(inspections.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(inspections).where(where),
  ]);
  return { rows, total: total[0]?.n ?? 0 };
}

/* ---------------------------------------------------------------- one inspection */

export interface InspectionDetail {
  inspection: Inspection;
  orgUnit: { id: number; name: string; kind: string };
  subjects: {
    inspected: InspectedSubject;
    subject: Subject;
    facility: Facility | null;
    violations: number;
    decisions: { id: number; number: string; fineVnd: number; paidVnd: number }[];
  }[];
}

/** An inspection with its running unit and its subjects (each with its violation count and decisions). */
export async function getInspectionDetail(db: DbOrTx, id: number): Promise<InspectionDetail | null> {
  const [head] = await db
    .select({ inspection: inspections, orgUnit: { id: orgUnits.id, name: orgUnits.name, kind: orgUnits.kind } })
    .from(inspections)
    .innerJoin(orgUnits, eq(orgUnits.id, inspections.orgUnitId))
    .where(eq(inspections.id, id));
  if (!head) return null;
  const [rows, decisions] = await Promise.all([
    db
      .select({
        inspected: inspectedSubjects,
        subject: subjects,
        facility: facilities,
        violations: sql<number>`(SELECT count(*) FROM violations v WHERE v.inspected_subject_id = ${INSPECTED_ID})`.mapWith(Number),
      })
      .from(inspectedSubjects)
      .innerJoin(subjects, eq(subjects.id, inspectedSubjects.subjectId))
      .leftJoin(facilities, eq(facilities.id, inspectedSubjects.facilityId))
      .where(eq(inspectedSubjects.inspectionId, id))
      .orderBy(asc(inspectedSubjects.id)),
    db
      .select({
        inspectedSubjectId: penaltyDecisions.inspectedSubjectId,
        id: penaltyDecisions.id,
        number: penaltyDecisions.number,
        fineVnd: penaltyDecisions.fineVnd,
        paidVnd: paidOf,
      })
      .from(penaltyDecisions)
      .innerJoin(inspectedSubjects, eq(inspectedSubjects.id, penaltyDecisions.inspectedSubjectId))
      .where(eq(inspectedSubjects.inspectionId, id))
      .orderBy(asc(penaltyDecisions.decidedOn), asc(penaltyDecisions.id)),
  ]);
  return {
    inspection: head.inspection,
    orgUnit: head.orgUnit,
    subjects: rows.map((r) => ({
      ...r,
      decisions: decisions.filter((d) => d.inspectedSubjectId === r.inspected.id).map(({ inspectedSubjectId: _s, ...d }) => d),
    })),
  };
}

/* ---------------------------------------------------------------- one inspected subject */

export interface InspectedSubjectDetail {
  inspected: InspectedSubject;
  inspection: Inspection;
  subject: Subject;
  facility: Facility | null;
  violations: { violation: Violation; provision: Provision; evidence: Evidence[]; decisionId: number | null }[];
  decisions: { id: number; number: string; decidedOn: string; fineVnd: number; paidVnd: number }[];
}

/** A subject within an inspection: its violations (with provision, evidence, deciding decision) and decisions. */
export async function getInspectedSubjectDetail(db: DbOrTx, id: number): Promise<InspectedSubjectDetail | null> {
  const [head] = await db
    .select({ inspected: inspectedSubjects, inspection: inspections, subject: subjects, facility: facilities })
    .from(inspectedSubjects)
    .innerJoin(inspections, eq(inspections.id, inspectedSubjects.inspectionId))
    .innerJoin(subjects, eq(subjects.id, inspectedSubjects.subjectId))
    .leftJoin(facilities, eq(facilities.id, inspectedSubjects.facilityId))
    .where(eq(inspectedSubjects.id, id));
  if (!head) return null;
  const [vrows, decisions] = await Promise.all([
    db
      .select({ violation: violations, provision: provisions, decisionId: penaltyLines.decisionId })
      .from(violations)
      .innerJoin(provisions, eq(provisions.id, violations.provisionId))
      .leftJoin(penaltyLines, eq(penaltyLines.violationId, violations.id))
      .where(eq(violations.inspectedSubjectId, id))
      .orderBy(asc(violations.committedOn), asc(violations.id)),
    db
      .select({ id: penaltyDecisions.id, number: penaltyDecisions.number, decidedOn: penaltyDecisions.decidedOn, fineVnd: penaltyDecisions.fineVnd, paidVnd: paidOf })
      .from(penaltyDecisions)
      .where(eq(penaltyDecisions.inspectedSubjectId, id))
      .orderBy(asc(penaltyDecisions.decidedOn), asc(penaltyDecisions.id)),
  ]);
  const ids = vrows.map((v) => v.violation.id);
  const evidence = ids.length
    ? await db.select().from(violationEvidence).where(inArray(violationEvidence.violationId, ids)).orderBy(asc(violationEvidence.id))
    : [];
  return {
    ...head,
    violations: vrows.map((v) => ({ ...v, evidence: evidence.filter((e) => e.violationId === v.violation.id) })),
    decisions,
  };
}

/* ---------------------------------------------------------------- one decision */

export interface DecisionDetail {
  decision: PenaltyDecision;
  inspection: Inspection;
  inspected: InspectedSubject;
  subject: Subject;
  lines: { line: PenaltyLine; violation: Violation; provision: Provision }[];
  remedies: Remedy[];
  payments: Payment[];
  paidVnd: number;
  remainingVnd: number;
}

/** A penalty decision with its lines, remedies and payments; paid and remaining computed from the payments. */
export async function getDecisionDetail(db: DbOrTx, id: number): Promise<DecisionDetail | null> {
  const [head] = await db
    .select({ decision: penaltyDecisions, inspection: inspections, inspected: inspectedSubjects, subject: subjects })
    .from(penaltyDecisions)
    .innerJoin(inspectedSubjects, eq(inspectedSubjects.id, penaltyDecisions.inspectedSubjectId))
    .innerJoin(inspections, eq(inspections.id, inspectedSubjects.inspectionId))
    .innerJoin(subjects, eq(subjects.id, inspectedSubjects.subjectId))
    .where(eq(penaltyDecisions.id, id));
  if (!head) return null;
  const [lines, remedies, payments] = await Promise.all([
    db
      .select({ line: penaltyLines, violation: violations, provision: provisions })
      .from(penaltyLines)
      .innerJoin(violations, eq(violations.id, penaltyLines.violationId))
      .innerJoin(provisions, eq(provisions.id, violations.provisionId))
      .where(eq(penaltyLines.decisionId, id))
      .orderBy(asc(penaltyLines.id)),
    db.select().from(remedialMeasures).where(eq(remedialMeasures.decisionId, id)).orderBy(asc(remedialMeasures.deadline), asc(remedialMeasures.id)),
    db.select().from(penaltyPayments).where(eq(penaltyPayments.decisionId, id)).orderBy(asc(penaltyPayments.paidOn), asc(penaltyPayments.id)),
  ]);
  const paidVnd = payments.reduce((s, p) => s + p.amountVnd, 0);
  return { ...head, lines, remedies, payments, paidVnd, remainingVnd: head.decision.fineVnd - paidVnd };
}

/* ---------------------------------------------------------------- follow-up queues */

export interface QueueRow {
  decisionId: number;
  number: string;
  decidedOn: string;
  subjectName: string;
  orgUnitId: number;
  orgUnitName: string;
  /** the payment due day (fines) or the remedy's deadline (remedies) */
  dueOn: string;
  fineVnd: number;
  paidVnd: number;
  remedyId?: number;
  remedy?: string;
}

function decisionQueueBase(db: DbOrTx) {
  return db
    .select({
      decisionId: penaltyDecisions.id,
      number: penaltyDecisions.number,
      decidedOn: penaltyDecisions.decidedOn,
      subjectName: subjects.name,
      orgUnitId: penaltyDecisions.orgUnitId,
      orgUnitName: orgUnits.name,
      dueOn: penaltyDecisions.paymentDueOn,
      fineVnd: penaltyDecisions.fineVnd,
      paidVnd: paidOf,
    })
    .from(penaltyDecisions)
    .innerJoin(inspectedSubjects, eq(inspectedSubjects.id, penaltyDecisions.inspectedSubjectId))
    .innerJoin(subjects, eq(subjects.id, inspectedSubjects.subjectId))
    .innerJoin(orgUnits, eq(orgUnits.id, penaltyDecisions.orgUnitId));
}

const unpaid = sql`${penaltyDecisions.fineVnd} > (SELECT coalesce(sum(pp.amount_vnd), 0) FROM penalty_payments pp WHERE pp.decision_id = ${DECISION_ID})`;

function overduePaymentWhere(scope: ReadonlySet<number> | null, today: string): SQL {
  const conds: SQL[] = [sql`${penaltyDecisions.paymentDueOn} < ${today}::date`, unpaid];
  if (scope) conds.push(inScope(penaltyDecisions.orgUnitId, scope));
  return and(...conds)!;
}

function overdueRemedyWhere(scope: ReadonlySet<number> | null, today: string): SQL {
  const conds: SQL[] = [sql`${remedialMeasures.deadline} < ${today}::date`, sql`${remedialMeasures.doneOn} IS NULL`];
  if (scope) conds.push(inScope(penaltyDecisions.orgUnitId, scope));
  return and(...conds)!;
}

/** Fines past their payment day and not fully paid, in scope, oldest due first. */
export async function overduePayments(db: DbOrTx, scope: ReadonlySet<number> | null, today: string): Promise<QueueRow[]> {
  return decisionQueueBase(db)
    .where(overduePaymentWhere(scope, today))
    .orderBy(asc(penaltyDecisions.paymentDueOn), asc(penaltyDecisions.id));
}

/** Remedial measures past their deadline and not done, in scope, oldest deadline first. */
export async function overdueRemedies(db: DbOrTx, scope: ReadonlySet<number> | null, today: string): Promise<QueueRow[]> {
  const rows = await db
    .select({
      decisionId: penaltyDecisions.id,
      number: penaltyDecisions.number,
      decidedOn: penaltyDecisions.decidedOn,
      subjectName: subjects.name,
      orgUnitId: penaltyDecisions.orgUnitId,
      orgUnitName: orgUnits.name,
      dueOn: remedialMeasures.deadline,
      fineVnd: penaltyDecisions.fineVnd,
      paidVnd: paidOf,
      remedyId: remedialMeasures.id,
      remedy: remedialMeasures.description,
    })
    .from(remedialMeasures)
    .innerJoin(penaltyDecisions, eq(penaltyDecisions.id, remedialMeasures.decisionId))
    .innerJoin(inspectedSubjects, eq(inspectedSubjects.id, penaltyDecisions.inspectedSubjectId))
    .innerJoin(subjects, eq(subjects.id, inspectedSubjects.subjectId))
    .innerJoin(orgUnits, eq(orgUnits.id, penaltyDecisions.orgUnitId))
    .where(overdueRemedyWhere(scope, today))
    .orderBy(asc(remedialMeasures.deadline), asc(remedialMeasures.id));
  return rows;
}

/**
 * The sizes of the follow-up queues, in scope: fines overdue, remedies overdue, and subjects still without an outcome
 * although their inspection's on-site period has ended (ends_on < today) and the inspection is neither concluded nor
 * cancelled.
 */
export async function queueCounts(
  db: DbOrTx,
  scope: ReadonlySet<number> | null,
  today: string,
): Promise<{ overduePayments: number; overdueRemedies: number; pendingOutcomes: number }> {
  const pendingConds: SQL[] = [
    eq(inspectedSubjects.outcome, 'pending'),
    sql`${inspections.status} IN ('planned', 'in_progress')`,
    sql`${inspections.endsOn} < ${today}::date`,
  ];
  if (scope) pendingConds.push(inScope(inspections.orgUnitId, scope));
  const [p, r, o] = await Promise.all([
    db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(penaltyDecisions).where(overduePaymentWhere(scope, today)),
    db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(remedialMeasures)
      .innerJoin(penaltyDecisions, eq(penaltyDecisions.id, remedialMeasures.decisionId))
      .where(overdueRemedyWhere(scope, today)),
    db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(inspectedSubjects)
      .innerJoin(inspections, eq(inspections.id, inspectedSubjects.inspectionId))
      .where(and(...pendingConds)),
  ]);
  return { overduePayments: p[0]?.n ?? 0, overdueRemedies: r[0]?.n ?? 0, pendingOutcomes: o[0]?.n ?? 0 };
}
