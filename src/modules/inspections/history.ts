import { asc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../core/db/index.js';
import { formatDate, formatVnd } from '../../core/format/index.js';
import { getOrgUnit } from '../org/queries.js';
import {
  type ComplianceStatus,
  citeProvision,
  complianceStatusOf,
  INSPECTION_MODE_LABELS,
  type InspectionMode,
  OUTCOME_LABELS,
  type Outcome,
} from './model.js';
import { inspectedSubjects, inspections, penaltyDecisions, penaltyLines, penaltyPayments, provisions, remedialMeasures, violations } from './schema.js';
import { resolveSubject } from './subject-commands.js';
import { type Facility, facilitiesOf, type Subject } from './subjects.js';

/*
 * The history of a subject (after US EPA ECHO's Detailed Facility Report): its facilities, every inspection it was in,
 * the violations found, the penalty decisions, the payments and the remedial measures, newest first, with the totals
 * and the compliance status they give. Records are shown only when the inspection's org unit is in the reader's
 * scope; the rest are counted, not shown.
 *
 * Extension point: a module with more records about subjects (licences, monitoring exceedances …) registers a
 * source with `registerHistorySource`; its entries join the timeline without this file changing. The inspections'
 * own entries come through the same registry (source `inspections`). Totals and the compliance status are computed
 * from the inspection records only.
 */

export interface HistoryEntry {
  /** ISO date (YYYY-MM-DD) the entry is placed at */
  date: string;
  /** what kind of record: inspection, violation, penalty_decision, payment, remedy, or a kind of another module */
  kind: string;
  title: string;
  detail?: string;
  href?: string;
  amountVnd?: number;
  /** a short status with a kit tag colour (green, red, yellow, blue, grey, orange …) */
  tag?: { text: string; colour: string };
}

/** What a source answers: its entries, and optionally how many it left out because they are outside the scope. */
export type HistorySourceResult = HistoryEntry[] | { entries: HistoryEntry[]; hidden: number };

export interface HistorySource {
  /** unique; registering a name again replaces that source */
  name: string;
  /** `scope` = the org units whose records the reader may see; null = all. `today` = ISO date (Vietnam). */
  load(db: DbOrTx, subjectId: number, scope: ReadonlySet<number> | null, today: string): Promise<HistorySourceResult>;
}

const sources: HistorySource[] = [];

/** Adds a source of history entries (or replaces the one of the same name). Call at module import. */
export function registerHistorySource(source: HistorySource): void {
  const i = sources.findIndex((s) => s.name === source.name);
  if (i >= 0) sources[i] = source;
  else sources.push(source);
}

/** Removes a source (tests). */
export function unregisterHistorySource(name: string): void {
  const i = sources.findIndex((s) => s.name === name);
  if (i >= 0) sources.splice(i, 1);
}

export function historySources(): readonly HistorySource[] {
  return sources;
}

/* ---------------------------------------------------------------- the inspection records of a subject */

interface InspectedRow {
  id: number;
  inspectionId: number;
  orgUnitId: number;
  decisionNumber: string;
  decisionDate: string;
  mode: string;
  title: string;
  startsOn: string;
  status: string;
  inspectedOn: string | null;
  outcome: string;
}

/** Every inspection record of a subject, split by the reader's scope (the inspection's org unit). */
export interface InspectionRecords {
  inspected: (InspectedRow & { date: string; unitName: string })[];
  violations: { id: number; inspectedSubjectId: number; committedOn: string; description: string; citation: string; penalised: boolean }[];
  decisions: { id: number; inspectedSubjectId: number; number: string; decidedOn: string; fineVnd: number; paymentDueOn: string; signerName: string; signerTitle: string; paidVnd: number }[];
  payments: { id: number; decisionId: number; paidOn: string; amountVnd: number; receiptNumber: string }[];
  remedies: { id: number; decisionId: number; description: string; deadline: string; doneOn: string | null }[];
}

const emptyRecords = (): InspectionRecords => ({ inspected: [], violations: [], decisions: [], payments: [], remedies: [] });

/** The records of a subject (its own id, not resolved through merges), split into those in scope and those not. */
export async function inspectionRecordsOf(db: DbOrTx, subjectId: number, scope: ReadonlySet<number> | null): Promise<{ visible: InspectionRecords; hidden: InspectionRecords }> {
  const inspected = await db
    .select({
      id: inspectedSubjects.id,
      inspectionId: inspections.id,
      orgUnitId: inspections.orgUnitId,
      decisionNumber: inspections.decisionNumber,
      decisionDate: inspections.decisionDate,
      mode: inspections.mode,
      title: inspections.title,
      startsOn: inspections.startsOn,
      status: inspections.status,
      inspectedOn: inspectedSubjects.inspectedOn,
      outcome: inspectedSubjects.outcome,
    })
    .from(inspectedSubjects)
    .innerJoin(inspections, eq(inspections.id, inspectedSubjects.inspectionId))
    .where(eq(inspectedSubjects.subjectId, subjectId))
    .orderBy(asc(inspections.startsOn), asc(inspectedSubjects.id));
  const visible = emptyRecords();
  const hidden = emptyRecords();
  if (!inspected.length) return { visible, hidden };
  const unitNames = new Map<number, string>();
  for (const id of new Set(inspected.map((r) => r.orgUnitId))) unitNames.set(id, (await getOrgUnit(db, id))?.name ?? `#${id}`);
  const inScope = new Map<number, boolean>();
  for (const r of inspected) {
    const shown = scope === null || scope.has(r.orgUnitId);
    inScope.set(r.id, shown);
    (shown ? visible : hidden).inspected.push({ ...r, date: r.inspectedOn ?? r.startsOn, unitName: unitNames.get(r.orgUnitId)! });
  }
  const isIds = inspected.map((r) => r.id);
  const vRows = await db
    .select({
      id: violations.id,
      inspectedSubjectId: violations.inspectedSubjectId,
      committedOn: violations.committedOn,
      description: violations.description,
      decree: provisions.decree,
      article: provisions.article,
      clause: provisions.clause,
      point: provisions.point,
      lineId: penaltyLines.id,
    })
    .from(violations)
    .innerJoin(provisions, eq(provisions.id, violations.provisionId))
    .leftJoin(penaltyLines, eq(penaltyLines.violationId, violations.id))
    .where(inArray(violations.inspectedSubjectId, isIds))
    .orderBy(asc(violations.committedOn), asc(violations.id));
  for (const v of vRows)
    (inScope.get(v.inspectedSubjectId) ? visible : hidden).violations.push({
      id: v.id,
      inspectedSubjectId: v.inspectedSubjectId,
      committedOn: v.committedOn,
      description: v.description,
      citation: citeProvision(v),
      penalised: v.lineId !== null,
    });
  const dRows = await db.select().from(penaltyDecisions).where(inArray(penaltyDecisions.inspectedSubjectId, isIds)).orderBy(asc(penaltyDecisions.decidedOn), asc(penaltyDecisions.id));
  const decisionIds = dRows.map((d) => d.id);
  const pRows = decisionIds.length
    ? await db.select().from(penaltyPayments).where(inArray(penaltyPayments.decisionId, decisionIds)).orderBy(asc(penaltyPayments.paidOn), asc(penaltyPayments.id))
    : [];
  const rRows = decisionIds.length
    ? await db.select().from(remedialMeasures).where(inArray(remedialMeasures.decisionId, decisionIds)).orderBy(asc(remedialMeasures.deadline), asc(remedialMeasures.id))
    : [];
  const decisionShown = new Map<number, boolean>();
  for (const d of dRows) {
    const shown = inScope.get(d.inspectedSubjectId) === true;
    decisionShown.set(d.id, shown);
    const paidVnd = pRows.filter((p) => p.decisionId === d.id).reduce((s, p) => s + p.amountVnd, 0);
    (shown ? visible : hidden).decisions.push({
      id: d.id,
      inspectedSubjectId: d.inspectedSubjectId,
      number: d.number,
      decidedOn: d.decidedOn,
      fineVnd: d.fineVnd,
      paymentDueOn: d.paymentDueOn,
      signerName: d.signerName,
      signerTitle: d.signerTitle,
      paidVnd,
    });
  }
  for (const p of pRows)
    (decisionShown.get(p.decisionId) ? visible : hidden).payments.push({ id: p.id, decisionId: p.decisionId, paidOn: p.paidOn, amountVnd: p.amountVnd, receiptNumber: p.receiptNumber });
  for (const r of rRows)
    (decisionShown.get(r.decisionId) ? visible : hidden).remedies.push({ id: r.id, decisionId: r.decisionId, description: r.description, deadline: r.deadline, doneOn: r.doneOn });
  return { visible, hidden };
}

/* ---------------------------------------------------------------- totals and status */

export interface HistoryTotals {
  /** inspections the subject was in (cancelled ones not counted) */
  inspections: number;
  violations: number;
  decisions: number;
  /** the fines of the decisions */
  finesVnd: number;
  /** payments recorded against them */
  paidVnd: number;
  /** Σ per decision of what is still owed, max(fine − paid, 0) */
  outstandingVnd: number;
  /** the part of the outstanding amount whose payment date is before today */
  overdueVnd: number;
}

const owed = (d: { fineVnd: number; paidVnd: number }) => Math.max(d.fineVnd - d.paidVnd, 0);

export function totalsOf(r: InspectionRecords, today: string): HistoryTotals {
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return {
    inspections: r.inspected.filter((i) => i.status !== 'cancelled').length,
    violations: r.violations.length,
    decisions: r.decisions.length,
    finesVnd: sum(r.decisions.map((d) => d.fineVnd)),
    paidVnd: sum(r.payments.map((p) => p.amountVnd)),
    outstandingVnd: sum(r.decisions.map(owed)),
    overdueVnd: sum(r.decisions.filter((d) => d.paymentDueOn < today).map(owed)),
  };
}

export function statusOf(r: InspectionRecords, today: string): ComplianceStatus {
  const withResult = r.inspected.filter((i) => i.status !== 'cancelled');
  const newestFirst = [...withResult].sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : b.id - a.id));
  return complianceStatusOf({
    outcomesNewestFirst: newestFirst.map((i) => i.outcome as Outcome),
    unpenalisedViolations: r.violations.filter((v) => !v.penalised).length,
    unpaid: r.decisions.filter((d) => owed(d) > 0).map((d) => ({ paymentDueOn: d.paymentDueOn })),
    pendingRemedies: r.remedies.filter((x) => x.doneOn === null).map((x) => ({ deadline: x.deadline })),
    today,
  });
}

/* ---------------------------------------------------------------- the inspections' entries */

const OUTCOME_COLOURS: Record<string, string> = { pending: 'grey', compliant: 'green', violation: 'red' };

/** The timeline entries of inspection records (Vietnamese text). */
export function inspectionEntries(r: InspectionRecords, today: string): HistoryEntry[] {
  const out: HistoryEntry[] = [];
  const inspectedById = new Map(r.inspected.map((i) => [i.id, i]));
  const decisionById = new Map(r.decisions.map((d) => [d.id, d]));
  // The inspection pages: /thanh-tra/:id, /thanh-tra/doi-tuong/:inspectedSubjectId, /thanh-tra/quyet-dinh/:decisionId.
  const hrefOf = (inspectedSubjectId: number) => (inspectedById.has(inspectedSubjectId) ? `/thanh-tra/doi-tuong/${inspectedSubjectId}` : undefined);
  const decisionHref = (decisionId: number) => `/thanh-tra/quyet-dinh/${decisionId}`;
  for (const i of r.inspected) {
    const mode = INSPECTION_MODE_LABELS[i.mode as InspectionMode] ?? i.mode;
    out.push({
      date: i.date,
      kind: 'inspection',
      title: `${mode} theo Quyết định số ${i.decisionNumber} ngày ${formatDate(i.decisionDate)}`,
      detail: `${i.unitName} · ${i.title}`,
      href: `/thanh-tra/${i.inspectionId}`,
      tag:
        i.status === 'cancelled'
          ? { text: 'Đã hủy', colour: 'grey' }
          : { text: OUTCOME_LABELS[i.outcome as Outcome] ?? i.outcome, colour: OUTCOME_COLOURS[i.outcome] ?? 'grey' },
    });
  }
  for (const v of r.violations)
    out.push({
      date: v.committedOn,
      kind: 'violation',
      title: `Vi phạm ${v.citation}`,
      detail: v.description,
      href: hrefOf(v.inspectedSubjectId),
      tag: v.penalised ? { text: 'Đã xử phạt', colour: 'grey' } : { text: 'Chưa ra quyết định xử phạt', colour: 'orange' },
    });
  for (const d of r.decisions) {
    const left = owed(d);
    const tag =
      d.fineVnd === 0
        ? { text: 'Không phạt tiền', colour: 'grey' }
        : left === 0
          ? { text: 'Đã nộp đủ tiền phạt', colour: 'green' }
          : d.paymentDueOn < today
            ? { text: 'Quá hạn nộp phạt', colour: 'red' }
            : { text: d.paidVnd > 0 ? 'Đã nộp một phần' : 'Chưa nộp phạt', colour: 'blue' };
    out.push({
      date: d.decidedOn,
      kind: 'penalty_decision',
      title: `Quyết định xử phạt số ${d.number}`,
      detail: `${d.signerTitle} ${d.signerName} ký; hạn nộp phạt ${formatDate(d.paymentDueOn)}${left > 0 && d.fineVnd > 0 ? `; còn phải nộp ${formatVnd(left)}` : ''}`,
      href: decisionHref(d.id),
      amountVnd: d.fineVnd,
      tag,
    });
  }
  for (const p of r.payments) {
    const d = decisionById.get(p.decisionId);
    out.push({
      date: p.paidOn,
      kind: 'payment',
      title: `Nộp tiền phạt${d ? ` theo Quyết định số ${d.number}` : ''}`,
      detail: `Biên lai, chứng từ số ${p.receiptNumber}`,
      href: decisionHref(p.decisionId),
      amountVnd: p.amountVnd,
    });
  }
  for (const m of r.remedies) {
    const d = decisionById.get(m.decisionId);
    out.push({
      date: m.doneOn ?? m.deadline,
      kind: 'remedy',
      title: `Biện pháp khắc phục: ${m.description}`,
      detail: `Hạn thực hiện ${formatDate(m.deadline)}${m.doneOn ? `; đã thực hiện ngày ${formatDate(m.doneOn)}` : ''}${d ? ` (Quyết định số ${d.number})` : ''}`,
      href: decisionHref(m.decisionId),
      tag: m.doneOn ? { text: 'Đã thực hiện', colour: 'green' } : m.deadline < today ? { text: 'Quá hạn', colour: 'red' } : { text: 'Chưa đến hạn', colour: 'blue' },
    });
  }
  return out;
}

/** The inspections module's own source: the same registry later modules use. */
export const inspectionHistorySource: HistorySource = {
  name: 'inspections',
  async load(db, subjectId, scope, today) {
    const { visible, hidden } = await inspectionRecordsOf(db, subjectId, scope);
    return { entries: inspectionEntries(visible, today), hidden: inspectionEntries(hidden, today).length };
  },
};
registerHistorySource(inspectionHistorySource);

/* ---------------------------------------------------------------- the history */

export interface SubjectHistory {
  /** the subject shown: the survivor when the id asked for was merged into another */
  subject: Subject;
  /** the id asked for, when it was merged (its history is the survivor's) */
  mergedFromId: number | null;
  facilities: Facility[];
  /** newest first; on one day the later steps first (remedy, payment, decision, violation, inspection) */
  entries: HistoryEntry[];
  status: ComplianceStatus;
  totals: HistoryTotals;
  /** what was left out because it is outside the reader's scope */
  hidden: { inspections: number; entries: number };
}

const KIND_RANK: Record<string, number> = { inspection: 1, violation: 2, penalty_decision: 3, payment: 4, remedy: 5 };

/** Newest first; on one date the later step of the process first; otherwise the order the sources gave. */
export function sortEntries(entries: readonly HistoryEntry[]): HistoryEntry[] {
  return entries
    .map((e, i) => ({ e, i }))
    .sort((x, y) => (x.e.date < y.e.date ? 1 : x.e.date > y.e.date ? -1 : (KIND_RANK[y.e.kind] ?? 0) - (KIND_RANK[x.e.kind] ?? 0) || x.i - y.i))
    .map((x) => x.e);
}

/**
 * The history of a subject as seen by a reader whose scope is `scope` (null = everything), on `today` (ISO date,
 * Vietnam). A merged subject's history is its survivor's. Null when the subject does not exist.
 */
export async function subjectHistory(db: DbOrTx, subjectId: number, scope: ReadonlySet<number> | null, today: string): Promise<SubjectHistory | null> {
  const subject = await resolveSubject(db, subjectId);
  if (!subject) return null;
  const [facilities, records, ...loaded] = await Promise.all([
    facilitiesOf(db, subject.id),
    inspectionRecordsOf(db, subject.id, scope),
    ...sources.map((s) => s.load(db, subject.id, scope, today)),
  ]);
  const entries: HistoryEntry[] = [];
  let hiddenEntries = 0;
  for (const r of loaded) {
    if (Array.isArray(r)) entries.push(...r);
    else {
      entries.push(...r.entries);
      hiddenEntries += r.hidden;
    }
  }
  return {
    subject,
    mergedFromId: subject.id === subjectId ? null : subjectId,
    facilities,
    entries: sortEntries(entries),
    status: statusOf(records.visible, today),
    totals: totalsOf(records.visible, today),
    hidden: { inspections: records.hidden.inspected.length, entries: hiddenEntries },
  };
}
