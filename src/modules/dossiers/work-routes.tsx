import { and, asc, eq, gt, isNull, lte, or } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { z } from 'zod';
import { can, type Principal } from '../../core/access.js';
import { addWorkingHours, parseInstantVn, todayVn, toIsoVn, vnIsoDate, type WorkCalendar } from '../../core/calendar/index.js';
import type { DbOrTx } from '../../core/db/index.js';
import { ConflictError, errorOf, type FieldError, NotFoundError, sortErrors, ValidationError } from '../../core/errors.js';
import { compareVi, formatDate, formatDateTime, formatInteger, formatNumber, formatVnd } from '../../core/format/index.js';
import { type AppContext, actorOf, authorizeRecord, redirectWithFlash } from '../../core/http.js';
import type { Locale, T } from '../../core/i18n/index.js';
import { sendPage, tOf } from '../../core/render.js';
import {
  Button,
  Checkboxes,
  ConflictSummary,
  CsrfField,
  DateInput,
  Details,
  ErrorMessage,
  ErrorSummary,
  InsetText,
  NotificationBanner,
  Pagination,
  Panel,
  Radios,
  Select,
  SummaryList,
  Table,
  TableFilter,
  Tag,
  Textarea,
  TextInput,
  WarningText,
  cx,
  firstParam,
  hrefWith,
  type QueryParams,
  type SummaryRow,
} from '../../ui/index.js';
import { type AdminTreeNode, adminTreeAsOf, adminUnitSuccessors, getAdminUnit, getOrgUnit } from '../org/queries.js';
import { classifyFinished, receptionStepDue } from './clock.js';
import {
  actionForEvent,
  calendarOf,
  type EventInput,
  type IntakeInput,
  receiveDossier,
  recordEvent,
  recordIntakeDecision,
  validateIntake,
} from './commands.js';
import { CHANNELS, DOSSIER_EVENT_KINDS, type DossierEventKind, FIELDS, STATUS } from './model.js';
import './policies.js';
import { assignableUsers, getDossier, listDossiers, type Queue, queueCounts } from './queries.js';
import { intakeDecisions, procedures } from './schema.js';
import { channelLabel, eventLabel, statusColour, statusLabel } from './work-messages.js';

/*
 * The work pages of the one-stop desk and the officers, and their JSON API:
 *   GET  /ho-so                         work queues (scope of the user): ?hang=mine|due_soon|overdue|supplement|open|done,
 *                                       q (code or applicant, diacritics ignored), procedure, sort=received|due|code, dir, page
 *   GET  /ho-so/tiep-nhan               intake: choose the procedure (?thu-tuc=ID → the intake form)
 *   POST /ho-so/tiep-nhan               intake outcome: receive | supplement | refuse
 *   GET  /ho-so/tiep-nhan/quyet-dinh/:id confirmation of a supplement request / refusal at intake
 *   GET  /ho-so/:id                     the dossier: summary, documents, history, the actions the user may take
 *   POST /ho-so/:id/su-kien             record an event (kind, version), optimistic locking → 409 page
 *   POST /api/v1/dossiers, GET /api/v1/dossiers, GET /api/v1/dossiers/:id, POST /api/v1/dossiers/:id/events
 * Each handler: access (route rule, then authorizeRecord on the dossier's org unit) → validate → command → view.
 */

declare module 'fastify' {
  interface Session {
    /** one-shot: the dossier just received, for the banner with the receipt link on its page */
    dossierReceived?: { id: number; code: string };
  }
}

type Body = Record<string, string | string[] | undefined>;
type Procedure = typeof procedures.$inferSelect;
type DossierView = NonNullable<Awaited<ReturnType<typeof getDossier>>>;
type DossierRow = DossierView['dossier'];

/**
 * The one-stop desk's own step: a counter or postal dossier is handed to the specialist the same working day, or
 * at the start of the next one when received after 15:00 (NĐ 61/2018 Art. 18); shows whether the first transfer
 * met that limit.
 */
function handOverRow(t: T, locale: Locale, receivedAt: Date, events: DossierView['events'], cal: WorkCalendar): SummaryRow {
  const due = receptionStepDue(receivedAt, cal);
  const first = events.find((e) => e.kind === 'transferred');
  const state = first
    ? t(first.at <= due ? 'work.handover.onTime' : 'work.handover.late', { at: formatDateTime(first.at, locale) })
    : t('work.handover.pending');
  return { key: t('work.handover.label'), value: `${formatDateTime(due, locale)} · ${state}` };
}

const QUEUES = ['mine', 'due_soon', 'overdue', 'supplement', 'open', 'done'] as const;
const SORTS = ['received', 'due', 'code'] as const;
const EVENT_KINDS = DOSSIER_EVENT_KINDS.filter((k) => k !== 'received');
/** Kinds whose note is the reason, required by the command. */
const REASON_KINDS: readonly DossierEventKind[] = ['paused', 'extended', 'refused', 'withdrawn'];
const STOPPED: readonly number[] = [STATUS.supplementRequested, STATUS.financialObligation, STATUS.stopped];
/** Org unit kind → the procedure level its one-stop desk receives. */
const LEVEL_OF_KIND: Record<string, string> = {
  department: 'province',
  division: 'province',
  district_office: 'district',
  branch: 'district',
  commune_office: 'commune',
};
const DOC_FORMS = ['original', 'copy', 'original_or_copy'] as const;
const FEE_MODES = ['before', 'after', 'exempt'] as const;
const PAUSE_REASONS = ['financial_obligation', 'suspension'] as const;
const NOTE_MAX = 2000;
const PAGE_SIZE = 25;

const one = (b: Body, k: string): string => {
  const v = b[k];
  return Array.isArray(v) ? String(v[0] ?? '') : String(v ?? '');
};
const many = (b: Body, k: string): string[] => {
  const v = b[k];
  if (Array.isArray(v)) return v.map(String);
  return v === undefined || v === '' ? [] : [String(v)];
};
const lines = (s: string): string[] =>
  s
    .split(/\r?\n/)
    .map((x) => x.trim())
    .filter(Boolean);
const positiveInt = (s: string | undefined): number | undefined => {
  if (!s || !/^\d{1,9}$/.test(s.trim())) return undefined;
  const n = Number(s.trim());
  return n > 0 ? n : undefined;
};
const isKind = (k: string): k is (typeof EVENT_KINDS)[number] => (EVENT_KINDS as readonly string[]).includes(k);
const isoOrNull = (d: Date | null | undefined) => (d ? toIsoVn(d) : null);

/* ------------------------------------------------------------------------------------------------ reference data */

/** Procedures valid on `day` that the user's unit receives (by level: district offices district ones, the department province ones). */
async function intakeProcedures(db: DbOrTx, principal: Principal, day = todayVn()) {
  const unit = await getOrgUnit(db, principal.orgUnitId);
  const level = unit ? LEVEL_OF_KIND[unit.kind] : undefined;
  const rows = await db
    .select()
    .from(procedures)
    .where(and(lte(procedures.validFrom, day), or(isNull(procedures.validTo), gt(procedures.validTo, day))))
    .orderBy(asc(procedures.code));
  const list = level ? rows.filter((p) => p.level === level) : rows;
  const fieldRank = (f: string) => {
    const i = (FIELDS as readonly string[]).indexOf(f);
    return i < 0 ? FIELDS.length : i;
  };
  return { unit, list: list.sort((a, b) => fieldRank(a.field) - fieldRank(b.field) || compareVi(a.name, b.name)) };
}

interface Option {
  value: string;
  label: string;
}

const validOn = (u: { validFrom: string; validTo: string | null }, day: string) => String(u.validFrom).slice(0, 10) <= day && (!u.validTo || String(u.validTo).slice(0, 10) > day);

function indexTree(nodes: AdminTreeNode[], into = new Map<number, AdminTreeNode>()) {
  for (const n of nodes) {
    into.set(n.id, n);
    indexTree(n.children, into);
  }
  return into;
}

function communesUnder(n: AdminTreeNode | undefined, out: Map<number, string>) {
  if (!n) return;
  if (n.level >= 3) out.set(n.id, n.name);
  for (const c of n.children) communesUnder(c, out);
}

/**
 * Communes valid today in the area of an administrative unit. When the unit no longer exists today (the districts
 * abolished on 2025-07-01), its territory is followed through successions: its own successors, or else the
 * successors of the communes it had on its last day.
 */
async function communeOptions(db: DbOrTx, adminUnitId: number): Promise<Option[]> {
  const today = todayVn();
  const unit = await getAdminUnit(db, adminUnitId);
  if (!unit) return [];
  const index = indexTree(await adminTreeAsOf(db, today));
  const found = new Map<number, string>();
  if (validOn(unit, today)) communesUnder(index.get(unit.id), found);
  else {
    const successors = (await adminUnitSuccessors(db, unit.id, { transitive: true })).filter((s) => validOn(s, today));
    for (const s of successors) communesUnder(index.get(s.id), found);
    if (!successors.length && unit.validTo) {
      const lastDay = new Date(Date.parse(`${String(unit.validTo).slice(0, 10)}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
      const old = new Map<number, string>();
      communesUnder((await adminTreeAsOf(db, lastDay, unit.code)).find((n) => n.id === unit.id), old);
      for (const id of old.keys()) {
        if (index.has(id)) communesUnder(index.get(id), found);
        for (const s of await adminUnitSuccessors(db, id, { transitive: true }))
          if (s.level >= 3 && validOn(s, today)) found.set(s.id, s.name);
      }
    }
  }
  return [...found]
    .map(([id, name]) => ({ value: String(id), label: name }))
    .sort((a, b) => new Intl.Collator('vi', { numeric: true }).compare(a.label, b.label));
}

/** Org units of the user's scope, those still existing first, with their end date otherwise. */
async function scopeUnits(db: DbOrTx, principal: Principal, t: T, locale: 'vi' | 'en') {
  const today = todayVn();
  const units = (await Promise.all([...principal.scope].map((id) => getOrgUnit(db, id)))).filter((u) => u !== null);
  const ended = (u: (typeof units)[number]) => (u.validTo && String(u.validTo).slice(0, 10) <= today ? 1 : 0);
  return units
    .sort((a, b) => ended(a) - ended(b) || a.code.localeCompare(b.code))
    .map((u) => ({
      id: u.id,
      name: u.name,
      label: `${u.name} (${u.code}${u.validTo && ended(u) ? `, ${t('work.action.until', { date: formatDate(String(u.validTo).slice(0, 10), locale) })}` : ''})`,
    }));
}

function timeLimitText(t: T, p: Pick<Procedure, 'timeLimitValue' | 'timeLimitUnit' | 'difficultAreaExtraDays'>, locale: 'vi' | 'en') {
  const base = t(`work.limit.${p.timeLimitUnit}`, { value: formatNumber(p.timeLimitValue, undefined, locale) });
  return p.difficultAreaExtraDays > 0 ? `${base} ${t('work.limit.extra', { days: formatInteger(p.difficultAreaExtraDays, locale) })}` : base;
}

/* ------------------------------------------------------------------------------------------------ intake */

interface IntakeValues {
  procedureId: string;
  channel: string;
  applicantKind: string;
  applicantName: string;
  applicantIdNumber: string;
  applicantPhone: string;
  applicantEmail: string;
  applicantAddress: string;
  applicantAdminUnitId: string;
  difficultArea: boolean;
  documents: string[];
  quantities: Record<string, string>;
  feeMode: string;
  items: string;
  reason: string;
}

function blankIntake(proc: Procedure): IntakeValues {
  const quantities: Record<string, string> = {};
  documentsOf(proc).forEach((d, i) => {
    quantities[String(i)] = String(d.quantity || 1);
  });
  return {
    procedureId: String(proc.id),
    channel: String(CHANNELS.direct),
    applicantKind: 'person',
    applicantName: '',
    applicantIdNumber: '',
    applicantPhone: '',
    applicantEmail: '',
    applicantAddress: '',
    applicantAdminUnitId: '',
    difficultArea: false,
    documents: [],
    quantities,
    feeMode: proc.feeVnd > 0 ? 'before' : 'exempt',
    items: '',
    reason: '',
  };
}

function intakeValuesOf(b: Body): IntakeValues {
  const quantities: Record<string, string> = {};
  for (const k of Object.keys(b)) {
    const m = /^qty-(\d{1,3})$/.exec(k);
    if (m) quantities[m[1]!] = one(b, k);
  }
  return {
    procedureId: one(b, 'procedureId'),
    channel: one(b, 'channel'),
    applicantKind: one(b, 'applicantKind'),
    applicantName: one(b, 'applicantName'),
    applicantIdNumber: one(b, 'applicantIdNumber'),
    applicantPhone: one(b, 'applicantPhone'),
    applicantEmail: one(b, 'applicantEmail'),
    applicantAddress: one(b, 'applicantAddress'),
    applicantAdminUnitId: one(b, 'applicantAdminUnitId'),
    difficultArea: one(b, 'difficultArea') === 'yes',
    documents: many(b, 'documents'),
    quantities,
    feeMode: one(b, 'feeMode'),
    items: one(b, 'items'),
    reason: one(b, 'reason'),
  };
}

/** The procedure's required documents; a procedure without a list gets one generic line so the desk can still receive. */
function documentsOf(proc: Procedure) {
  return proc.requiredDocuments.length ? proc.requiredDocuments : [{ name: '', form: 'original_or_copy', quantity: 1 }];
}

function toIntakeInput(v: IntakeValues, proc: Procedure, orgUnitId: number, t: T): IntakeInput {
  const docs = documentsOf(proc);
  const documents = [...new Set(v.documents)]
    .filter((i) => /^\d{1,3}$/.test(i) && docs[Number(i)] !== undefined)
    .map((i) => {
      const d = docs[Number(i)]!;
      const q = (v.quantities[String(i)] ?? '').trim();
      return { name: d.name || t('work.intake.genericDocument'), form: d.form, quantity: /^\d{1,3}$/.test(q) ? Number(q) : Number.NaN };
    });
  return {
    procedureId: proc.id,
    orgUnitId,
    channel: Number(v.channel),
    applicantKind: v.applicantKind,
    applicantName: v.applicantName,
    applicantIdNumber: v.applicantIdNumber || null,
    applicantPhone: v.applicantPhone || null,
    applicantEmail: v.applicantEmail || null,
    applicantAddress: v.applicantAddress || null,
    applicantAdminUnitId: positiveInt(v.applicantAdminUnitId) ?? null,
    documents,
    feeMode: proc.feeVnd > 0 ? v.feeMode || undefined : undefined,
    difficultArea: proc.difficultAreaExtraDays > 0 && v.difficultArea,
  };
}

/** The order of the intake form's fields, so the error summary lists problems as they appear on the page. */
const INTAKE_FIELDS = [
  'procedureId',
  'channel',
  'applicantKind',
  'applicantName',
  'applicantIdNumber',
  'applicantPhone',
  'applicantEmail',
  'applicantAddress',
  'applicantAdminUnitId',
  'difficultArea',
  'documents',
  'feeMode',
  'outcome',
  'items',
  'reason',
];
/** Intake fields that have an element with that id on the form page. */
const FIELD_IDS = INTAKE_FIELDS.filter((f) => f !== 'procedureId' && f !== 'outcome');

/* ------------------------------------------------------------------------------------------------ dossier actions */

/** The event kinds that make sense now, before roles are considered. */
function kindsForState(d: DossierRow): DossierEventKind[] {
  const out: DossierEventKind[] = [];
  const stopped = STOPPED.includes(d.status);
  if (!d.finishedAt) {
    out.push('transferred', 'assigned');
    if (!stopped) out.push('supplement_requested');
    if (d.status === STATUS.supplementRequested) out.push('supplement_supplied');
    if (!stopped) out.push('paused');
    if (d.status === STATUS.financialObligation || d.status === STATUS.stopped) out.push('resumed');
    // An extension moves the appointment of a running clock; while it is stopped the due instant is not final.
    if (!d.extendedDueAt && !stopped) out.push('extended');
    if (!stopped) out.push('result_ready');
    out.push('refused', 'withdrawn');
  } else if (!d.returnedAt && d.outcome !== 'withdrawn') out.push('result_returned');
  if (d.feeVnd > 0 && d.feeMode !== 'exempt' && !d.feePaidAt) out.push('fee_paid');
  return out;
}

interface EventDraft {
  note: string;
  data: Record<string, unknown>;
  /** what was typed, to show again */
  values: Record<string, string>;
}

function parseDateText(s: string): string | null {
  const v = s.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return v;
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v);
  return m ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : null;
}
function parseTimeText(s: string): string | null {
  const m = /^(\d{1,2})\s*[:hg.]\s*(\d{2})$/i.exec(s.trim());
  return m ? `${m[1]!.padStart(2, '0')}:${m[2]}` : null;
}

/** The form fields of an event, as the command wants them (`data` per kind). */
function draftFromForm(b: Body, kind: DossierEventKind): EventDraft {
  const values: Record<string, string> = {};
  for (const k of ['note', 'items', 'reason', 'toOrgUnitId', 'userId', 'newDueDate', 'newDueTime', 'receiptNo']) values[k] = one(b, k);
  const data: Record<string, unknown> = {};
  switch (kind) {
    case 'transferred':
      data.toOrgUnitId = positiveInt(values.toOrgUnitId) ?? null;
      break;
    case 'assigned':
      data.userId = positiveInt(values.userId) ?? null;
      break;
    case 'supplement_requested':
      data.items = lines(values.items ?? '');
      break;
    case 'paused':
      data.reason = values.reason;
      break;
    case 'extended': {
      const day = parseDateText(values.newDueDate ?? '');
      const time = parseTimeText(values.newDueTime || '17:00');
      data.newDueAt = day && time ? `${day}T${time}` : '';
      break;
    }
    case 'fee_paid':
      data.receiptNo = (values.receiptNo ?? '').trim();
      break;
    default:
      break;
  }
  return { note: values.note ?? '', data, values };
}

/* ------------------------------------------------------------------------------------------------ routes */

export function registerWorkRoutes(app: FastifyInstance, ctx: AppContext) {
  const { database, config } = ctx;
  const db = database.db;

  /** The dossier, if the user may `action` it: 404 (audited) when it does not exist or is outside the scope. */
  async function loadDossier(req: FastifyRequest, rawId: unknown, action = 'dossier.read'): Promise<DossierView> {
    const id = positiveInt(String(rawId ?? ''));
    const found = id && id < 2 ** 31 ? await getDossier(db, id) : null;
    await authorizeRecord(req, database, action, found?.dossier.orgUnitId ?? null, {
      entity: 'dossier',
      entityId: found?.dossier.code ?? String(rawId ?? '').slice(0, 40),
    });
    if (!found) throw new NotFoundError();
    return found;
  }

  /**
   * Checks of an event beyond the command's own: the target unit is in the user's scope, the officer belongs to
   * the unit holding the dossier, the new due instant is read as Vietnam time, a fee is paid once. Names are
   * added to `data` so the history reads without joins.
   */
  async function prepareEvent(req: FastifyRequest, view: DossierView, kind: DossierEventKind, note: string | null | undefined, raw: Record<string, unknown> | undefined): Promise<EventInput> {
    const t = tOf(req);
    const d = view.dossier;
    const data: Record<string, unknown> = { ...(raw ?? {}) };
    const errors: FieldError[] = [];
    if ((note ?? '').length > NOTE_MAX) errors.push({ field: 'note', message: t('work.action.noteTooLong') });
    if (kind === 'transferred' && Number.isInteger(data.toOrgUnitId)) {
      const to = Number(data.toOrgUnitId);
      const unit = req.principal!.scope.has(to) ? await getOrgUnit(db, to) : null;
      if (!unit) errors.push({ field: 'toOrgUnitId', message: t('work.action.toOrgUnitInvalid') });
      else data.toOrgUnitName = unit.name;
    }
    if (kind === 'assigned' && Number.isInteger(data.userId)) {
      const user = (await assignableUsers(db, d.currentOrgUnitId ?? d.orgUnitId)).find((u) => u.id === data.userId);
      if (!user) errors.push({ field: 'userId', message: t('work.action.userIdInvalid') });
      else data.userName = user.fullName;
    }
    if (kind === 'supplement_requested' && Array.isArray(data.items)) data.items = (data.items as unknown[]).map((x) => String(x).trim()).filter(Boolean);
    if (kind === 'extended' && typeof data.newDueAt === 'string' && data.newDueAt) {
      try {
        data.newDueAt = toIsoVn(parseInstantVn(data.newDueAt, 'newDueAt'));
      } catch {
        errors.push({ field: 'newDueAt', message: t('work.action.newDueInvalid') });
      }
    }
    if (kind === 'fee_paid') {
      if (d.feePaidAt) errors.push({ field: 'receiptNo', message: t('work.action.feeAlreadyPaid', { receipt: d.feeReceiptNo ?? '' }) });
      data.amountVnd = d.feeVnd;
    }
    if (errors.length) throw new ValidationError(errors);
    return { kind, note: note?.trim() || null, data };
  }

  /* ---------------------------------------------------------------- queues */

  app.get('/ho-so', { config: { access: { action: 'dossier.read' } } }, async (req, reply) => {
    const t = tOf(req);
    const p = req.principal!;
    const raw = (req.query ?? {}) as QueryParams;
    const asked = firstParam(raw, 'hang') ?? firstParam(raw, 'queue');
    const queue: Queue = QUEUES.find((q) => q === asked) ?? (p.roles.includes('officer') ? 'mine' : 'open');
    const sort = SORTS.find((s) => s === firstParam(raw, 'sort'));
    const dir = firstParam(raw, 'dir') === 'desc' ? 'desc' : 'asc';
    const defaultSort = queue === 'done' ? { key: 'received', dir: 'desc' as const } : { key: 'due', dir: 'asc' as const };
    const search = (firstParam(raw, 'q') ?? '').trim().slice(0, 100);
    const procedureId = positiveInt(firstParam(raw, 'procedure'));
    const query: QueryParams = {
      hang: queue,
      q: search || undefined,
      procedure: procedureId ? String(procedureId) : undefined,
      sort,
      dir: sort ? dir : undefined,
    };
    const now = new Date();
    const cal = await calendarOf(db, p.orgUnitId);
    const base = { scope: p.scope, userId: p.id, cal, now };
    const requested = positiveInt(firstParam(raw, 'page')) ?? 1;
    const [counts, openTotal, doneTotal, allProcedures] = await Promise.all([
      queueCounts(db, p.scope, p.id, cal, now),
      listDossiers(db, { ...base, queue: 'open', pageSize: 1 }).then((r) => r.total),
      listDossiers(db, { ...base, queue: 'done', pageSize: 1 }).then((r) => r.total),
      db
        .select({ id: procedures.id, code: procedures.code, name: procedures.name, validFrom: procedures.validFrom })
        .from(procedures)
        .orderBy(asc(procedures.code), asc(procedures.validFrom)),
    ]);
    const filter = { ...base, queue, q: search, procedureId, sort: (sort ?? defaultSort.key) as 'received' | 'due' | 'code', dir: sort ? dir : defaultSort.dir, pageSize: PAGE_SIZE };
    let result = await listDossiers(db, { ...filter, page: requested });
    const pageCount = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
    if (requested > pageCount) result = await listDossiers(db, { ...filter, page: pageCount });
    const total: Record<(typeof QUEUES)[number], number> = { ...counts, open: openTotal, done: doneTotal };
    const soon = addWorkingHours(cal, now, 8);
    const severalUnits = p.scope.size > 1;
    const locale = req.locale;
    type Row = (typeof result.rows)[number];
    const dueTag = (r: Row) => {
      if (r.finishedAt) {
        const c = classifyFinished(r.finishedAt, r.dueAt);
        return <Tag colour={c === 'late' ? 'red' : 'green'}>{t(`work.timeliness.${c}`)}</Tag>;
      }
      if (STOPPED.includes(r.status)) return null;
      if (r.dueAt < now) return <Tag colour="red">{t('work.tag.overdue')}</Tag>;
      if (r.dueAt <= soon) return <Tag colour="yellow">{t('work.tag.dueSoon')}</Tag>;
      return null;
    };
    // One option per version: a dossier keeps the version it was received under.
    const versions = (code: string) => allProcedures.filter((x) => x.code === code).length;
    const procOptions = allProcedures.map((x) => ({
      value: String(x.id),
      label: `${x.code} – ${x.name}${versions(x.code) > 1 ? ` (${t('work.filter.versionFrom', { date: formatDate(String(x.validFrom).slice(0, 10), locale) })})` : ''}`,
    }));
    const filtered = Boolean(search || procedureId);
    return sendPage(
      req,
      reply,
      config,
      { title: t('work.title'), breadcrumbs: [{ href: '/', label: t('nav.home') }, { label: t('work.title') }] },
      <>
        <div class="govuk-grid-row">
          <div class="govuk-grid-column-two-thirds">
            <h1 class="govuk-heading-l">{t('work.title')}</h1>
          </div>
          {can(p, 'dossier.receive') ? (
            <div class="govuk-grid-column-one-third govuk-!-text-align-right">
              <Button href="/ho-so/tiep-nhan">{t('work.receiveNew')}</Button>
            </div>
          ) : null}
        </div>
        {total.overdue > 0 || total.due_soon > 0 ? (
          <WarningText t={t}>
            {total.overdue > 0 ? (
              <>
                {t('work.warning.overdue', { count: formatInteger(total.overdue, locale) })}{' '}
                <a class="govuk-link" href={hrefWith('/ho-so', { hang: 'overdue' })}>
                  {t('work.warning.see')}
                  <span class="govuk-visually-hidden"> {t('work.queue.overdue')}</span>
                </a>
                {total.due_soon > 0 ? <br /> : null}
              </>
            ) : null}
            {total.due_soon > 0 ? (
              <>
                {t('work.warning.dueSoon', { count: formatInteger(total.due_soon, locale) })}{' '}
                <a class="govuk-link" href={hrefWith('/ho-so', { hang: 'due_soon' })}>
                  {t('work.warning.see')}
                  <span class="govuk-visually-hidden"> {t('work.queue.due_soon')}</span>
                </a>
              </>
            ) : null}
          </WarningText>
        ) : null}
        <div class="govuk-tabs">
          <nav aria-label={t('work.queues')}>
            <ul class="govuk-tabs__list">
              {QUEUES.map((q) => (
                <li key={q} class={cx('govuk-tabs__list-item', q === queue && 'govuk-tabs__list-item--selected')}>
                  <a class="govuk-tabs__tab" href={hrefWith('/ho-so', { ...query, hang: q, page: undefined })} aria-current={q === queue ? 'page' : undefined}>
                    {t(`work.queue.${q}`)}
                    {q === 'due_soon' ? <span class="govuk-visually-hidden"> ({t('work.queue.due_soonHint')})</span> : null} ({formatInteger(total[q], locale)})
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <div class="govuk-tabs__panel">
            <TableFilter action="/ho-so" keep={{ hang: queue, sort: query.sort, dir: query.dir }} active={filtered} t={t}>
              <TextInput name="q" label={t('work.search')} hint={t('work.search.hint')} value={search} spellcheck={false} t={t} />
              <Select name="procedure" label={t('work.filter.procedure')} options={procOptions} value={procedureId ? String(procedureId) : ''} emptyOption={t('work.filter.allProcedures')} t={t} />
            </TableFilter>
            <Table<Row>
              t={t}
              caption={t('work.caption', {
                queue: `${t(`work.queue.${queue}`)}${queue === 'due_soon' ? ` (${t('work.queue.due_soonHint')})` : ''}`,
                count: formatInteger(result.total, locale),
              })}
              rows={result.rows}
              basePath="/ho-so"
              query={query}
              defaultSort={defaultSort}
              empty={{ title: filtered ? t('work.empty.search') : t('work.empty') }}
              columns={[
                {
                  key: 'code',
                  label: t('work.col.code'),
                  sortable: true,
                  nowrap: true,
                  render: (r) => (
                    <a class="govuk-link" href={`/ho-so/${r.id}`}>
                      {r.code}
                    </a>
                  ),
                },
                { key: 'applicantName', label: t('work.col.applicant') },
                {
                  key: 'procedureName',
                  label: t('work.col.procedure'),
                  render: (r) => (
                    <div class="govuk-!-font-size-16">
                      {r.procedureName}
                      {severalUnits ? <div class="govuk-hint govuk-!-font-size-16 govuk-!-margin-bottom-0">{r.orgUnitName}</div> : null}
                    </div>
                  ),
                },
                { key: 'received', label: t('work.col.received'), sortable: true, render: (r) => formatDateTime(r.receivedAt, locale) },
                {
                  key: 'due',
                  label: t('work.col.due'),
                  sortable: true,
                  render: (r) => (
                    <>
                      {formatDateTime(r.dueAt, locale)}
                      {r.extendedDueAt ? <div class="govuk-hint govuk-!-font-size-16 govuk-!-margin-bottom-0">{t('work.extendedTo', { date: formatDateTime(r.extendedDueAt, locale) })}</div> : null}
                      {dueTag(r) ? <div>{dueTag(r)}</div> : null}
                    </>
                  ),
                },
                { key: 'status', label: t('work.col.status'), render: (r) => <Tag colour={statusColour(r.status)}>{statusLabel(t, r.status)}</Tag> },
                { key: 'supplementCount', label: t('work.col.supplements'), numeric: true },
              ]}
            />
            <Pagination page={result.page} pageCount={pageCount} basePath="/ho-so" query={query} t={t} />
          </div>
        </div>
      </>,
    );
  });

  /* ---------------------------------------------------------------- intake */

  const intakeCrumbs = (t: T) => [{ href: '/', label: t('nav.home') }, { href: '/ho-so', label: t('work.title') }, { label: t('work.intake.title') }];

  async function chooseProcedurePage(req: FastifyRequest, reply: FastifyReply, error?: string, selected?: string) {
    const t = tOf(req);
    const { unit, list } = await intakeProcedures(db, req.principal!);
    const groups = FIELDS.map((f) => ({
      label: t(`work.field.${f}`),
      options: list.filter((p) => p.field === f).map((p) => ({ value: String(p.id), label: `${p.name} (${p.code})` })),
    })).filter((g) => g.options.length);
    const other = list.filter((p) => !(FIELDS as readonly string[]).includes(p.field));
    if (other.length) groups.push({ label: t('work.field.general'), options: other.map((p) => ({ value: String(p.id), label: `${p.name} (${p.code})` })) });
    return sendPage(
      req,
      reply,
      config,
      { title: t('work.intake.title'), breadcrumbs: intakeCrumbs(t), status: error ? 400 : 200, hasErrors: Boolean(error) },
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <ErrorSummary errors={error ? [{ field: 'thu-tuc', message: error }] : []} t={t} />
          <h1 class="govuk-heading-l">{t('work.intake.title')}</h1>
          {list.length ? (
            <form method="get" action="/ho-so/tiep-nhan" novalidate>
              <Select
                name="thu-tuc"
                label={t('work.intake.choose')}
                hint={unit ? t('work.intake.chooseHint', { unit: unit.name }) : t('work.intake.chooseHintAll')}
                error={error}
                groups={groups}
                value={selected}
                emptyOption
                labelSize="m"
                t={t}
              />
              <Button>{t('work.intake.continue')}</Button>
            </form>
          ) : (
            <InsetText>{t('work.intake.noProcedures')}</InsetText>
          )}
        </div>
      </div>,
    );
  }

  async function intakeFormPage(req: FastifyRequest, reply: FastifyReply, proc: Procedure, values: IntakeValues, errors: FieldError[]) {
    const t = tOf(req);
    const locale = req.locale;
    const unit = await getOrgUnit(db, req.principal!.orgUnitId);
    const communes = unit ? await communeOptions(db, unit.adminUnitId) : [];
    const err = (f: string) => errorOf(errors, f);
    const docs = documentsOf(proc);
    // Fields without an element of their own (the procedure, the button pressed, the unit) link to the first field.
    const summaryErrors = sortErrors(errors, INTAKE_FIELDS).map((e) => (FIELD_IDS.includes(e.field) ? e : { ...e, field: 'channel' }));
    return sendPage(
      req,
      reply,
      config,
      { title: `${t('work.intake.title')}: ${proc.name}`, breadcrumbs: intakeCrumbs(t), status: errors.length ? 400 : 200, hasErrors: errors.length > 0 },
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <ErrorSummary errors={summaryErrors} t={t} />
          <span class="govuk-caption-l">{t('work.intake.title')}</span>
          <h1 class="govuk-heading-l">{proc.name}</h1>
          <SummaryList
            rows={[
              {
                key: t('work.intake.procedureCode'),
                value: proc.code,
                actions: [{ href: '/ho-so/tiep-nhan', label: t('work.intake.changeProcedure'), visuallyHiddenText: proc.name }],
              },
              { key: t('work.intake.field'), value: t(`work.field.${proc.field}`) },
              { key: t('work.intake.timeLimit'), value: timeLimitText(t, proc, locale) },
              { key: t('work.intake.fee'), value: proc.feeVnd > 0 ? `${formatVnd(proc.feeVnd, locale)}${proc.feeNote ? ` (${proc.feeNote})` : ''}` : (proc.feeNote ?? t('work.fee.none')) },
            ]}
          />
          <Details summary={t('work.intake.legalBasis')}>
            <p class="govuk-body">{proc.legalBasis}</p>
          </Details>
          <form method="post" action="/ho-so/tiep-nhan" novalidate>
            <CsrfField token={req.csrfToken()} />
            <input type="hidden" name="procedureId" value={String(proc.id)} />
            <h2 class="govuk-heading-m">{t('work.intake.applicant')}</h2>
            <Radios
              name="channel"
              legend={t('work.intake.channel')}
              legendSize="s"
              inline
              items={[CHANNELS.direct, CHANNELS.online, CHANNELS.postal].map((c) => ({ value: String(c), label: channelLabel(t, c) }))}
              value={values.channel}
              error={err('channel')}
              t={t}
            />
            <Radios
              name="applicantKind"
              legend={t('work.intake.applicantKind')}
              legendSize="s"
              inline
              items={['person', 'organisation'].map((k) => ({ value: k, label: t(`work.kind.${k}`) }))}
              value={values.applicantKind}
              error={err('applicantKind')}
              t={t}
            />
            <TextInput name="applicantName" label={t('work.intake.name')} value={values.applicantName} error={err('applicantName')} autocomplete="off" spellcheck={false} t={t} />
            <TextInput
              name="applicantIdNumber"
              label={t('work.intake.idNumber')}
              hint={t('work.intake.idNumberHint')}
              value={values.applicantIdNumber}
              error={err('applicantIdNumber')}
              inputmode="numeric"
              width={20}
              optional
              spellcheck={false}
              t={t}
            />
            <TextInput
              name="applicantPhone"
              type="tel"
              label={t('work.intake.phone')}
              hint={t('work.intake.phoneHint')}
              value={values.applicantPhone}
              error={err('applicantPhone')}
              width={20}
              autocomplete="off"
              t={t}
            />
            <TextInput name="applicantEmail" type="email" label={t('work.intake.email')} value={values.applicantEmail} error={err('applicantEmail')} optional spellcheck={false} autocomplete="off" t={t} />
            <TextInput name="applicantAddress" label={t('work.intake.address')} value={values.applicantAddress} error={err('applicantAddress')} optional autocomplete="off" t={t} />
            {communes.length ? (
              <Select
                name="applicantAdminUnitId"
                label={t('work.intake.commune')}
                hint={t('work.intake.communeHint')}
                options={communes}
                value={values.applicantAdminUnitId}
                emptyOption
                optional
                error={err('applicantAdminUnitId')}
                t={t}
              />
            ) : null}
            {proc.difficultAreaExtraDays > 0 ? (
              <Checkboxes
                name="difficultArea"
                small
                items={[
                  {
                    value: 'yes',
                    label: t('work.intake.difficultArea'),
                    hint: t('work.intake.difficultAreaHint', { days: formatInteger(proc.difficultAreaExtraDays, locale) }),
                  },
                ]}
                values={values.difficultArea ? ['yes'] : []}
                error={err('difficultArea')}
                t={t}
              />
            ) : null}
            <Checkboxes
              name="documents"
              legend={t('work.intake.documents')}
              legendSize="m"
              hint={t('work.intake.documentsHint')}
              items={docs.map((d, i) => ({
                value: String(i),
                label: d.name || t('work.intake.genericDocument'),
                hint: t(`work.docForm.${(DOC_FORMS as readonly string[]).includes(d.form) ? d.form : 'original_or_copy'}`),
                conditional: (
                  <TextInput
                    name={`qty-${i}`}
                    label={t('work.intake.quantity')}
                    value={values.quantities[String(i)] ?? String(d.quantity || 1)}
                    inputmode="numeric"
                    width={2}
                    t={t}
                  />
                ),
              }))}
              values={values.documents}
              error={err('documents')}
              t={t}
            />
            {proc.feeVnd > 0 ? (
              <Radios
                name="feeMode"
                legend={`${t('work.intake.feeMode')}: ${formatVnd(proc.feeVnd, locale)}`}
                legendSize="s"
                items={FEE_MODES.map((m) => ({ value: m, label: t(`work.fee.${m}`) }))}
                value={values.feeMode}
                error={err('feeMode')}
                t={t}
              />
            ) : null}
            <Button name="outcome" value="receive" preventDoubleClick>
              {t('work.intake.receive')}
            </Button>
            <h2 class="govuk-heading-m govuk-!-margin-top-6">{t('work.intake.notReady')}</h2>
            <p class="govuk-body">{t('work.intake.notReadyHint')}</p>
            <Textarea name="items" label={t('work.intake.items')} labelSize="s" hint={t('work.intake.itemsHint')} value={values.items} error={err('items')} rows={4} t={t} />
            <Button name="outcome" value="supplement" variant="secondary" preventDoubleClick>
              {t('work.intake.supplement')}
            </Button>
            <Textarea name="reason" label={t('work.intake.reason')} labelSize="s" value={values.reason} error={err('reason')} rows={3} t={t} />
            <Button name="outcome" value="refuse" variant="warning" preventDoubleClick>
              {t('work.intake.refuse')}
            </Button>
          </form>
        </div>
      </div>,
    );
  }

  app.get('/ho-so/tiep-nhan', { config: { access: { action: 'dossier.receive' } } }, async (req, reply) => {
    const t = tOf(req);
    const q = (req.query ?? {}) as QueryParams;
    const chosen = firstParam(q, 'thu-tuc');
    if (chosen === undefined) return chooseProcedurePage(req, reply);
    const { list } = await intakeProcedures(db, req.principal!);
    const proc = list.find((p) => String(p.id) === chosen.trim());
    if (!proc) return chooseProcedurePage(req, reply, chosen.trim() ? t('work.intake.procedureGone') : t('work.intake.pickProcedure'));
    return intakeFormPage(req, reply, proc, blankIntake(proc), []);
  });

  /** Field checks of an intake that need the database: the procedure at the user's level, the commune. */
  async function intakeContextErrors(req: FastifyRequest, input: IntakeInput, list: readonly Procedure[]): Promise<FieldError[]> {
    const t = tOf(req);
    const errors: FieldError[] = [];
    if (Number.isInteger(input.procedureId) && input.procedureId > 0 && !list.some((p) => p.id === input.procedureId))
      errors.push({ field: 'procedureId', message: t('work.intake.procedureGone') });
    if (input.applicantAdminUnitId !== null && input.applicantAdminUnitId !== undefined) {
      const unit = await getOrgUnit(db, req.principal!.orgUnitId);
      const communes = unit ? await communeOptions(db, unit.adminUnitId) : [];
      if (!communes.some((c) => c.value === String(input.applicantAdminUnitId)))
        errors.push({ field: 'applicantAdminUnitId', message: t('work.intake.communeInvalid') });
    }
    return errors;
  }

  app.post('/ho-so/tiep-nhan', { config: { access: { action: 'dossier.receive' } } }, async (req, reply) => {
    const t = tOf(req);
    const b = (req.body ?? {}) as Body;
    const values = intakeValuesOf(b);
    const { list } = await intakeProcedures(db, req.principal!);
    const proc = list.find((p) => String(p.id) === values.procedureId.trim());
    if (!proc) return chooseProcedurePage(req, reply, values.procedureId ? t('work.intake.procedureGone') : t('work.intake.pickProcedure'));
    const outcome = one(b, 'outcome');
    const orgUnitId = req.principal!.orgUnitId;
    try {
      if (outcome === 'supplement' || outcome === 'refuse') {
        // No dossier is created: check only what the printed form needs, and the contact details if given.
        const input = toIntakeInput(values, proc, orgUnitId, t);
        const errors = validateIntake(input).filter(
          (e) =>
            e.field === 'channel' ||
            (e.field === 'applicantPhone' && values.applicantPhone.trim() !== '') ||
            (e.field === 'applicantEmail' && values.applicantEmail.trim() !== ''),
        );
        if (!values.applicantName.trim()) errors.push({ field: 'applicantName', message: t('work.intake.nameMissing') });
        if (outcome === 'supplement' && !lines(values.items).length) errors.push({ field: 'items', message: t('work.intake.itemsMissing') });
        if (outcome === 'refuse' && !values.reason.trim()) errors.push({ field: 'reason', message: t('work.intake.reasonMissing') });
        if (errors.length) throw new ValidationError(errors);
        const row = await recordIntakeDecision(database, actorOf(req), {
          procedureId: proc.id,
          orgUnitId,
          channel: input.channel,
          outcome: outcome === 'refuse' ? 'refused' : 'supplement',
          applicantName: values.applicantName,
          applicantPhone: input.applicantPhone?.replace(/[\s.]/g, '') || null,
          applicantEmail: input.applicantEmail?.trim() || null,
          items: lines(values.items),
          reason: values.reason,
        });
        return reply.redirect(`/ho-so/tiep-nhan/quyet-dinh/${row.id}`, 303);
      }
      if (outcome !== 'receive') throw ValidationError.one('outcome', t('work.intake.outcomeMissing'));
      const input = toIntakeInput(values, proc, orgUnitId, t);
      const errors = [...validateIntake(input), ...(await intakeContextErrors(req, input, list))];
      if (errors.length) throw new ValidationError(errors);
      const row = await receiveDossier(database, actorOf(req), input);
      req.session.dossierReceived = { id: row.id, code: row.code };
      return reply.redirect(`/ho-so/${row.id}`, 303);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      return intakeFormPage(req, reply, proc, values, e.fields);
    }
  });

  app.get('/ho-so/tiep-nhan/quyet-dinh/:id', { config: { access: { action: 'dossier.receive' } } }, async (req, reply) => {
    const t = tOf(req);
    const rawId = (req.params as { id?: string }).id;
    const id = positiveInt(rawId);
    const [row] =
      id && id < 2 ** 31
        ? await db
            .select({ decision: intakeDecisions, procedureName: procedures.name })
            .from(intakeDecisions)
            .innerJoin(procedures, eq(procedures.id, intakeDecisions.procedureId))
            .where(eq(intakeDecisions.id, id))
        : [];
    await authorizeRecord(req, database, 'dossier.receive', row?.decision.orgUnitId ?? null, { entity: 'intake_decision', entityId: String(rawId ?? '').slice(0, 40) });
    if (!row) throw new NotFoundError();
    const dec = row.decision;
    const title = dec.outcome === 'refused' ? t('work.decision.refused') : t('work.decision.supplement');
    return sendPage(
      req,
      reply,
      config,
      { title, breadcrumbs: intakeCrumbs(t) },
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <Panel title={title}>{t('work.decision.applicant', { name: dec.applicantName })}</Panel>
          <p class="govuk-body">
            {row.procedureName} · {formatDateTime(dec.at, req.locale)}
          </p>
          {dec.outcome === 'supplement' ? (
            <>
              <h2 class="govuk-heading-m">{t('work.decision.items')}</h2>
              <ol class="govuk-list govuk-list--number">
                {(dec.items ?? []).map((x) => (
                  <li key={x}>{x}</li>
                ))}
              </ol>
            </>
          ) : (
            <>
              <h2 class="govuk-heading-m">{t('work.decision.reason')}</h2>
              <p class="govuk-body">{dec.reason}</p>
            </>
          )}
          <InsetText>{t('work.decision.notCounted')}</InsetText>
          <p class="govuk-body">
            <a class="govuk-link" href={`/ho-so/quyet-dinh-tiep-nhan/${dec.id}`}>
              {t('work.decision.print')}
            </a>
          </p>
          <p class="govuk-body">
            <a class="govuk-link" href="/ho-so/tiep-nhan">
              {t('work.intake.another')}
            </a>
          </p>
          <p class="govuk-body">
            <a class="govuk-link" href="/ho-so">
              {t('work.backToList')}
            </a>
          </p>
        </div>
      </div>,
    );
  });

  /* ---------------------------------------------------------------- the dossier page */

  interface PageState {
    status?: number;
    /** the kind the user just tried, its typed values, the version they saw, what went wrong */
    kind?: DossierEventKind;
    values?: Record<string, string>;
    version?: number;
    errors?: FieldError[];
    conflict?: string;
  }

  async function dossierPage(req: FastifyRequest, reply: FastifyReply, view: DossierView, state: PageState = {}) {
    const t = tOf(req);
    const locale = req.locale;
    const p = req.principal!;
    const d = view.dossier;
    const proc = view.procedure;
    const errors = state.errors ?? [];
    const kinds = kindsForState(d).filter((k) => can(p, actionForEvent(k), d.orgUnitId));
    if (state.kind && !kinds.includes(state.kind) && can(p, actionForEvent(state.kind), d.orgUnitId) && (errors.length || state.conflict))
      kinds.push(state.kind);
    const [cal, currentUnit, commune, transferTargets, officers] = await Promise.all([
      calendarOf(db, d.orgUnitId),
      d.currentOrgUnitId && d.currentOrgUnitId !== d.orgUnitId ? getOrgUnit(db, d.currentOrgUnitId) : null,
      d.applicantAdminUnitId ? getAdminUnit(db, d.applicantAdminUnitId) : null,
      kinds.includes('transferred') ? scopeUnits(db, p, t, locale) : [],
      kinds.includes('assigned') ? assignableUsers(db, d.currentOrgUnitId ?? d.orgUnitId) : [],
    ]);
    const shown = kinds.filter(
      (k) => (k !== 'transferred' || transferTargets.some((u) => u.id !== (d.currentOrgUnitId ?? d.orgUnitId))) && (k !== 'assigned' || officers.length > 0),
    );
    const fid = (kind: DossierEventKind, field: string) => `${kind}-${field}`;
    const summaryErrors = errors.map((e) => ({
      field: state.kind && shown.includes(state.kind) ? (e.field === 'kind' ? `action-${state.kind}` : fid(state.kind, e.field === 'newDueAt' ? 'newDueDate' : e.field)) : 'thao-tac',
      message: e.message,
    }));
    const notice = req.session.dossierReceived?.id === d.id ? req.session.dossierReceived : undefined;
    if (req.session.dossierReceived) delete req.session.dossierReceived;
    const now = new Date();
    const overdue = !d.finishedAt && !STOPPED.includes(d.status) && d.dueAt < now;

    const applicantRows: SummaryRow[] = [
      { key: t('work.dossier.applicant'), value: `${d.applicantName} (${t(`work.kind.${d.applicantKind}`)})` },
      ...(d.applicantIdNumber ? [{ key: t('work.dossier.idNumber'), value: d.applicantIdNumber }] : []),
      { key: t('work.dossier.phone'), value: d.applicantPhone ?? '—' },
      ...(d.applicantEmail ? [{ key: t('work.dossier.email'), value: d.applicantEmail }] : []),
      ...(d.applicantAddress ? [{ key: t('work.dossier.address'), value: d.applicantAddress }] : []),
      ...(commune ? [{ key: t('work.dossier.commune'), value: commune.name }] : []),
    ];
    const feeText =
      d.feeVnd > 0
        ? `${formatVnd(d.feeVnd, locale)} · ${t(`work.fee.${d.feeMode}`)} · ${
            d.feePaidAt ? t('work.fee.paid', { date: formatDateTime(d.feePaidAt, locale), receipt: d.feeReceiptNo ?? '' }) : t('work.fee.unpaid')
          }`
        : d.feeMode === 'exempt' && proc.feeVnd > 0
          ? t('work.fee.exempt')
          : t('work.fee.none');
    const summaryRows: SummaryRow[] = [
      { key: t('work.dossier.code'), value: d.code },
      { key: t('work.dossier.procedure'), value: `${proc.name} (${proc.code})` },
      { key: t('work.dossier.orgUnit'), value: view.orgUnitName },
      ...(currentUnit ? [{ key: t('work.dossier.currentUnit'), value: currentUnit.name }] : []),
      ...(view.assigneeName ? [{ key: t('work.dossier.assignee'), value: view.assigneeName }] : []),
      { key: t('work.dossier.channel'), value: channelLabel(t, d.channel) },
      { key: t('work.dossier.received'), value: formatDateTime(d.receivedAt, locale) },
      ...(d.channel !== CHANNELS.online ? [handOverRow(t, locale, d.receivedAt, view.events, cal)] : []),
      {
        key: t('work.dossier.due'),
        value: (
          <>
            {formatDateTime(d.dueAt, locale)} {overdue ? <Tag colour="red">{t('work.tag.overdue')}</Tag> : null}
            <div class="govuk-hint govuk-!-font-size-16 govuk-!-margin-bottom-0">{timeLimitText(t, proc, locale)}</div>
          </>
        ),
      },
      ...(d.extendedDueAt ? [{ key: t('work.dossier.extendedDue'), value: formatDateTime(d.extendedDueAt, locale) }] : []),
      { key: t('work.dossier.due766'), value: formatDateTime(d.due766At, locale) },
      { key: t('work.dossier.status'), value: <Tag colour={statusColour(d.status)}>{statusLabel(t, d.status)}</Tag> },
      { key: t('work.dossier.supplements'), value: formatInteger(d.supplementCount, locale) },
      { key: t('work.dossier.fee'), value: feeText },
      ...(d.finishedAt
        ? [
            {
              key: t('work.dossier.finished'),
              value: `${formatDateTime(d.finishedAt, locale)} · ${t(`work.timeliness.${classifyFinished(d.finishedAt, d.dueAt)}`)}`,
            },
          ]
        : []),
      ...(d.returnedAt ? [{ key: t('work.dossier.returned'), value: formatDateTime(d.returnedAt, locale) }] : []),
    ];

    const eventDetails = (e: DossierView['events'][number]): ComponentChildren => {
      const data = (e.data ?? {}) as Record<string, unknown>;
      switch (e.kind as DossierEventKind) {
        case 'received':
          return `${channelLabel(t, Number(data.channel ?? d.channel))}${data.difficultArea ? ` · ${t('work.intake.difficultArea')}` : ''}`;
        case 'transferred':
          return String(data.toOrgUnitName ?? data.toOrgUnitId ?? '');
        case 'assigned':
          return String(data.userName ?? data.userId ?? '');
        case 'supplement_requested':
          return Array.isArray(data.items) ? (
            <ul class="govuk-list govuk-list--bullet govuk-!-font-size-16 govuk-!-margin-bottom-0">
              {(data.items as unknown[]).map((x) => (
                <li key={String(x)}>{String(x)}</li>
              ))}
            </ul>
          ) : null;
        case 'paused':
          return (PAUSE_REASONS as readonly string[]).includes(String(data.reason)) ? t(`work.action.pause.${data.reason}`) : null;
        case 'extended':
          return typeof data.newDueAt === 'string' && !Number.isNaN(Date.parse(data.newDueAt)) ? t('work.extendedTo', { date: formatDateTime(new Date(data.newDueAt), locale) }) : null;
        case 'fee_paid':
          return `${t('work.action.receiptNo')} ${String(data.receiptNo ?? '')}${typeof data.amountVnd === 'number' && data.amountVnd > 0 ? ` · ${formatVnd(data.amountVnd, locale)}` : ''}`;
        default:
          return null;
      }
    };

    const csrf = req.csrfToken();
    const valuesFor = (kind: DossierEventKind) => (state.kind === kind ? (state.values ?? {}) : {});
    const errFor = (kind: DossierEventKind, field: string) => (state.kind === kind ? errorOf(errors, field) : undefined);
    const versionFor = (kind: DossierEventKind) => (state.kind === kind && !state.conflict && state.version !== undefined ? state.version : d.version);
    const noteField = (kind: DossierEventKind, label = t('work.action.note'), required = false) => (
      <Textarea name="note" id={fid(kind, 'note')} label={label} labelSize="s" optional={!required} value={valuesFor(kind).note} error={errFor(kind, 'note')} rows={2} t={t} />
    );
    const ActionForm = (props: { kind: DossierEventKind; children?: ComponentChildren; variant?: 'primary' | 'secondary' | 'warning' }) => {
      const k = props.kind;
      const kindError = errFor(k, 'kind');
      return (
        <Details summary={eventLabel(t, k)} id={`action-${k}`} open={state.kind === k}>
          <form method="post" action={`/ho-so/${d.id}/su-kien`} novalidate>
            <CsrfField token={csrf} />
            <input type="hidden" name="kind" value={k} />
            <input type="hidden" name="version" value={String(versionFor(k))} />
            {kindError ? <ErrorMessage message={kindError} t={t} /> : null}
            {props.children}
            {REASON_KINDS.includes(k) ? null : noteField(k)}
            <Button variant={props.variant} preventDoubleClick>
              {t(`work.action.submit.${k}`)}
            </Button>
          </form>
        </Details>
      );
    };
    const currentHolder = d.currentOrgUnitId ?? d.orgUnitId;
    const forms: Record<DossierEventKind, () => ComponentChildren> = {
      received: () => null,
      transferred: () => (
        <ActionForm kind="transferred" variant="secondary">
          <Select
            name="toOrgUnitId"
            id={fid('transferred', 'toOrgUnitId')}
            label={t('work.action.toOrgUnit')}
            options={transferTargets.filter((u) => u.id !== currentHolder).map((u) => ({ value: String(u.id), label: u.label }))}
            value={valuesFor('transferred').toOrgUnitId}
            emptyOption
            error={errFor('transferred', 'toOrgUnitId')}
            t={t}
          />
        </ActionForm>
      ),
      assigned: () => (
        <ActionForm kind="assigned" variant="secondary">
          <Select
            name="userId"
            id={fid('assigned', 'userId')}
            label={t('work.action.userId')}
            options={officers.map((u) => ({ value: String(u.id), label: u.fullName }))}
            value={valuesFor('assigned').userId ?? (d.assignedTo ? String(d.assignedTo) : undefined)}
            emptyOption
            error={errFor('assigned', 'userId')}
            t={t}
          />
        </ActionForm>
      ),
      supplement_requested: () => (
        <ActionForm kind="supplement_requested" variant="secondary">
          <Textarea
            name="items"
            id={fid('supplement_requested', 'items')}
            label={t('work.action.items')}
            labelSize="s"
            hint={t('work.action.itemsHint')}
            value={valuesFor('supplement_requested').items}
            error={errFor('supplement_requested', 'items')}
            rows={4}
            t={t}
          />
        </ActionForm>
      ),
      supplement_supplied: () => (
        <ActionForm kind="supplement_supplied">
          <p class="govuk-body-s">{t('work.action.supplementHint')}</p>
        </ActionForm>
      ),
      paused: () => (
        <ActionForm kind="paused" variant="secondary">
          <Radios
            name="reason"
            idPrefix={fid('paused', 'reason')}
            legend={t('work.action.pauseReason')}
            legendSize="s"
            hint={t('work.action.pauseHint')}
            small
            items={PAUSE_REASONS.map((r) => ({ value: r, label: t(`work.action.pause.${r}`) }))}
            value={valuesFor('paused').reason}
            error={errFor('paused', 'reason')}
            t={t}
          />
          {noteField('paused', t('work.action.reasonNote'), true)}
        </ActionForm>
      ),
      resumed: () => <ActionForm kind="resumed" />,
      extended: () => (
        <ActionForm kind="extended" variant="secondary">
          <p class="govuk-body-s">{t('work.action.extendHint', { due: formatDateTime(d.dueAt, locale) })}</p>
          <DateInput
            name="newDueDate"
            id={fid('extended', 'newDueDate')}
            label={t('work.action.newDueDate')}
            value={valuesFor('extended').newDueDate}
            error={errFor('extended', 'newDueAt')}
            min={vnIsoDate(d.dueAt)}
            t={t}
          />
          <TextInput
            name="newDueTime"
            id={fid('extended', 'newDueTime')}
            label={t('work.action.newDueTime')}
            hint={t('work.action.newDueTimeHint')}
            value={valuesFor('extended').newDueTime ?? '17:00'}
            width={5}
            inputmode="numeric"
            t={t}
          />
          {noteField('extended', t('work.action.extendReason'), true)}
        </ActionForm>
      ),
      refused: () => <ActionForm kind="refused" variant="warning">{noteField('refused', t('work.action.reasonNote'), true)}</ActionForm>,
      withdrawn: () => <ActionForm kind="withdrawn" variant="warning">{noteField('withdrawn', t('work.action.reasonNote'), true)}</ActionForm>,
      result_ready: () => (
        <ActionForm kind="result_ready">
          <p class="govuk-body-s">{t('work.action.resultHint')}</p>
        </ActionForm>
      ),
      result_returned: () => <ActionForm kind="result_returned" />,
      fee_paid: () => (
        <ActionForm kind="fee_paid" variant="secondary">
          <p class="govuk-body-s">{t('work.action.feeAmount', { amount: formatVnd(d.feeVnd, locale) })}</p>
          <TextInput
            name="receiptNo"
            id={fid('fee_paid', 'receiptNo')}
            label={t('work.action.receiptNo')}
            value={valuesFor('fee_paid').receiptNo}
            error={errFor('fee_paid', 'receiptNo')}
            width={10}
            spellcheck={false}
            t={t}
          />
        </ActionForm>
      ),
    };
    const title = t('work.dossier.title', { code: d.code });
    return sendPage(
      req,
      reply,
      config,
      {
        title,
        status: state.status,
        hasErrors: errors.length > 0,
        breadcrumbs: [{ href: '/', label: t('nav.home') }, { href: '/ho-so', label: t('work.title') }, { label: d.code }],
      },
      <>
        {notice ? (
          <NotificationBanner type="success" heading={t('work.intake.received', { code: notice.code })} t={t}>
            <p class="govuk-body">
              {t('work.intake.receivedDue', { date: formatDateTime(d.extendedDueAt ?? d.dueAt, locale) })}{' '}
              <a class="govuk-notification-banner__link" href={`/ho-so/${d.id}/giay-tiep-nhan`}>
                {t('work.intake.printReceipt')}
              </a>
            </p>
            <p class="govuk-body">
              <a class="govuk-notification-banner__link" href="/ho-so/tiep-nhan">
                {t('work.intake.another')}
              </a>
            </p>
          </NotificationBanner>
        ) : null}
        {state.conflict && state.kind ? (
          <ConflictSummary
            title={t('work.dossier.conflictTitle')}
            message={state.conflict}
            hint={t('work.dossier.conflictTried', { event: eventLabel(t, state.kind) })}
            links={[
              { href: `#action-${state.kind}`, label: eventLabel(t, state.kind) },
              { href: `/ho-so/${d.id}`, label: t('work.dossier.reload') },
            ]}
          />
        ) : (
          <ErrorSummary errors={summaryErrors} t={t} />
        )}
        <span class="govuk-caption-l">{proc.name}</span>
        <h1 class="govuk-heading-l">{title}</h1>
        <p class="govuk-body">
          <Tag colour={statusColour(d.status)}>{statusLabel(t, d.status)}</Tag>
          {overdue ? (
            <>
              {' '}
              <Tag colour="red">{t('work.tag.overdue')}</Tag>
            </>
          ) : null}
        </p>
        <ul class="govuk-list">
          <li>
            <a class="govuk-link" href={`/ho-so/${d.id}/giay-tiep-nhan`}>
              {t('work.dossier.printReceipt')}
            </a>
          </li>
          {d.status === STATUS.supplementRequested ? (
            <li>
              <a class="govuk-link" href={`/ho-so/${d.id}/phieu-bo-sung`}>
                {t('work.dossier.printSupplement')}
              </a>
            </li>
          ) : null}
          {d.extendedDueAt ? (
            <li>
              <a class="govuk-link" href={`/ho-so/${d.id}/phieu-xin-loi`}>
                {t('work.dossier.printApology')}
              </a>
            </li>
          ) : null}
        </ul>
        <div class="govuk-grid-row">
          <div class="govuk-grid-column-two-thirds">
            <h2 class="govuk-heading-m">{t('work.dossier.summary')}</h2>
            <SummaryList rows={summaryRows} />
            <h2 class="govuk-heading-m">{t('work.dossier.applicant')}</h2>
            <SummaryList rows={applicantRows} />
            <Table
              t={t}
              id="documents"
              caption={t('work.dossier.documents')}
              rows={view.documents}
              columns={[
                { key: 'name', label: t('work.dossier.docName') },
                { key: 'form', label: t('work.dossier.docForm'), render: (r) => t(`work.docForm.${r.form}`) },
                { key: 'quantity', label: t('work.dossier.docQty'), numeric: true },
              ]}
            />
            <Table
              t={t}
              id="timeline"
              caption={t('work.dossier.timeline')}
              rows={view.events}
              columns={[
                { key: 'at', label: t('work.dossier.at'), nowrap: true, render: (e) => formatDateTime(e.at, locale) },
                { key: 'kind', label: t('work.dossier.event'), render: (e) => eventLabel(t, e.kind) },
                { key: 'actorName', label: t('work.dossier.actor') },
                {
                  key: 'note',
                  label: t('work.dossier.details'),
                  render: (e) => (
                    <>
                      {eventDetails(e)}
                      {e.note ? <p class="govuk-body-s govuk-!-margin-bottom-0">{e.note}</p> : null}
                    </>
                  ),
                },
              ]}
            />
          </div>
          <div class="govuk-grid-column-one-third">
            <h2 class="govuk-heading-m" id="thao-tac">
              {t('work.dossier.actions')}
            </h2>
            {shown.length ? shown.map((k) => <div key={k}>{forms[k]()}</div>) : <p class="govuk-body">{t('work.dossier.noActions')}</p>}
            <p class="govuk-hint govuk-!-font-size-16">{t('work.dossier.version', { version: formatInteger(d.version, locale) })}</p>
          </div>
        </div>
      </>,
    );
  }

  app.get('/ho-so/:id', { config: { access: { action: 'dossier.read' } } }, async (req, reply) => {
    const view = await loadDossier(req, (req.params as { id?: string }).id);
    return dossierPage(req, reply, view);
  });

  app.post('/ho-so/:id/su-kien', { config: { access: { action: 'dossier.read' } } }, async (req, reply) => {
    const t = tOf(req);
    const view = await loadDossier(req, (req.params as { id?: string }).id);
    const d = view.dossier;
    const b = (req.body ?? {}) as Body;
    const kind = one(b, 'kind');
    if (!isKind(kind)) return dossierPage(req, reply, view, { status: 400, errors: [{ field: 'kind', message: t('work.action.kindInvalid') }] });
    await authorizeRecord(req, database, actionForEvent(kind), d.orgUnitId, { entity: 'dossier', entityId: d.code });
    const draft = draftFromForm(b, kind);
    const version = positiveInt(one(b, 'version')) ?? -1;
    try {
      const input = await prepareEvent(req, view, kind, draft.note, draft.data);
      await recordEvent(database, actorOf(req), d.id, version, input);
      return redirectWithFlash(req, reply, `/ho-so/${d.id}`, t('work.dossier.saved', { event: eventLabel(t, kind) }));
    } catch (e) {
      const fresh = await getDossier(db, d.id);
      if (!fresh) throw e;
      if (e instanceof ValidationError) return dossierPage(req, reply, fresh, { status: 400, kind, values: draft.values, version, errors: e.fields });
      if (e instanceof ConflictError) return dossierPage(req, reply, fresh, { status: 409, kind, values: draft.values, conflict: e.message });
      throw e;
    }
  });

  /* ---------------------------------------------------------------- JSON API */

  const IdParams = z.object({ id: z.coerce.number().int().positive().max(2 ** 31 - 1) });
  const IntakeBody = z.object({
    procedureId: z.number().int(),
    channel: z.number().int().default(CHANNELS.online).describe('1 counter, 2 online, 3 postal'),
    applicantKind: z.string().max(20).describe('person | organisation'),
    applicantName: z.string().max(500),
    applicantIdNumber: z.string().max(40).nullish(),
    applicantPhone: z.string().max(40).nullish(),
    applicantEmail: z.string().max(200).nullish(),
    applicantAddress: z.string().max(500).nullish(),
    applicantAdminUnitId: z.number().int().nullish().describe('commune (administrative unit id) valid today'),
    difficultArea: z.boolean().optional(),
    documents: z
      .array(z.object({ name: z.string().min(1).max(300), form: z.enum(DOC_FORMS).default('copy'), quantity: z.number().int().default(1) }))
      .max(100),
    feeMode: z.enum(FEE_MODES).optional(),
    receivedAt: z.string().max(40).optional().describe('when the dossier arrived (postal), ISO; Vietnam time without an offset; default now'),
  });
  const ListQuery = z.object({
    queue: z.enum(['all', ...QUEUES]).optional(),
    q: z.string().max(100).optional(),
    procedureId: z.coerce.number().int().positive().optional(),
    sort: z.enum(SORTS).optional(),
    dir: z.enum(['asc', 'desc']).optional(),
    page: z.coerce.number().int().positive().max(100_000).optional(),
    pageSize: z.coerce.number().int().positive().max(200).optional(),
  });
  const EventBody = z.object({
    kind: z.enum(EVENT_KINDS),
    version: z.number().int().describe('the version the caller read; another version → 409'),
    note: z.string().max(NOTE_MAX).nullish(),
    data: z.record(z.string(), z.unknown()).optional().describe('per kind: items[], reason, newDueAt, toOrgUnitId, userId, receiptNo'),
  });

  app.post(
    '/api/v1/dossiers',
    {
      config: { access: { action: 'dossier.receive' } },
      schema: { tags: ['dossiers'], summary: 'Receive a dossier (online and postal intake) at the caller’s unit', body: IntakeBody },
    },
    async (req, reply) => {
      const b = req.body as z.infer<typeof IntakeBody>;
      let receivedAt: Date | undefined;
      if (b.receivedAt) {
        try {
          receivedAt = parseInstantVn(b.receivedAt, 'receivedAt');
        } catch (e) {
          if (e instanceof ValidationError) throw e;
          throw ValidationError.one('receivedAt', 'Thời điểm tiếp nhận không hợp lệ');
        }
      }
      const input: IntakeInput = {
        procedureId: b.procedureId,
        orgUnitId: req.principal!.orgUnitId,
        channel: b.channel,
        applicantKind: b.applicantKind,
        applicantName: b.applicantName,
        applicantIdNumber: b.applicantIdNumber ?? null,
        applicantPhone: b.applicantPhone ?? null,
        applicantEmail: b.applicantEmail ?? null,
        applicantAddress: b.applicantAddress ?? null,
        applicantAdminUnitId: b.applicantAdminUnitId ?? null,
        difficultArea: b.difficultArea ?? false,
        documents: b.documents,
        feeMode: b.feeMode,
        receivedAt,
      };
      const { list } = await intakeProcedures(db, req.principal!, receivedAt ? vnIsoDate(receivedAt) : undefined);
      const errors = [...validateIntake(input), ...(await intakeContextErrors(req, input, list))];
      if (errors.length) throw new ValidationError(errors);
      const row = await receiveDossier(database, actorOf(req), input);
      return reply.status(201).send({ id: row.id, code: row.code, status: row.status, version: row.version, receivedAt: toIsoVn(row.receivedAt), dueAt: toIsoVn(row.dueAt) });
    },
  );

  app.get(
    '/api/v1/dossiers',
    {
      config: { access: { action: 'dossier.read' } },
      schema: { tags: ['dossiers'], summary: 'Dossiers of the caller’s scope, by work queue', querystring: ListQuery },
    },
    async (req) => {
      const q = req.query as z.infer<typeof ListQuery>;
      const p = req.principal!;
      const r = await listDossiers(db, {
        scope: p.scope,
        userId: p.id,
        queue: q.queue ?? 'open',
        q: q.q,
        procedureId: q.procedureId,
        sort: q.sort,
        dir: q.dir,
        page: q.page,
        pageSize: q.pageSize ?? PAGE_SIZE,
        cal: await calendarOf(db, p.orgUnitId),
      });
      return {
        total: r.total,
        page: r.page,
        pageSize: r.pageSize,
        items: r.rows.map((x) => ({
          ...x,
          receivedAt: toIsoVn(x.receivedAt),
          dueAt: toIsoVn(x.dueAt),
          extendedDueAt: isoOrNull(x.extendedDueAt),
          finishedAt: isoOrNull(x.finishedAt),
        })),
      };
    },
  );

  app.get(
    '/api/v1/dossiers/:id',
    {
      config: { access: { action: 'dossier.read' } },
      schema: { tags: ['dossiers'], summary: 'One dossier with its documents and events (404 outside the caller’s scope)', params: IdParams },
    },
    async (req) => {
      const v = await loadDossier(req, (req.params as { id: number }).id);
      const d = v.dossier;
      return {
        id: d.id,
        code: d.code,
        version: d.version,
        status: d.status,
        procedure: { id: v.procedure.id, code: v.procedure.code, name: v.procedure.name },
        orgUnit: { id: d.orgUnitId, name: v.orgUnitName },
        currentOrgUnitId: d.currentOrgUnitId,
        assignedTo: d.assignedTo,
        assigneeName: v.assigneeName,
        channel: d.channel,
        applicant: {
          kind: d.applicantKind,
          name: d.applicantName,
          idNumber: d.applicantIdNumber,
          phone: d.applicantPhone,
          email: d.applicantEmail,
          address: d.applicantAddress,
          adminUnitId: d.applicantAdminUnitId,
        },
        receivedAt: toIsoVn(d.receivedAt),
        dueAt: toIsoVn(d.dueAt),
        extendedDueAt: isoOrNull(d.extendedDueAt),
        due766At: toIsoVn(d.due766At),
        supplementCount: d.supplementCount,
        finishedAt: isoOrNull(d.finishedAt),
        outcome: d.outcome,
        returnedAt: isoOrNull(d.returnedAt),
        fee: { amountVnd: d.feeVnd, mode: d.feeMode, paidAt: isoOrNull(d.feePaidAt), receiptNo: d.feeReceiptNo },
        documents: v.documents.map((x) => ({ name: x.name, form: x.form, quantity: x.quantity })),
        events: v.events.map((e) => ({
          id: e.id,
          at: toIsoVn(e.at),
          kind: e.kind,
          actorName: e.actorName,
          fromOrgUnitId: e.fromOrgUnitId,
          toOrgUnitId: e.toOrgUnitId,
          note: e.note,
          data: e.data,
        })),
      };
    },
  );

  /** The dossier of an events request, loaded and scope-checked before the body is validated (404 first, never 400). */
  const eventTargets = new WeakMap<FastifyRequest, DossierView>();
  app.post(
    '/api/v1/dossiers/:id/events',
    {
      config: { access: { action: 'dossier.read' } },
      schema: { tags: ['dossiers'], summary: 'Record an event on a dossier (optimistic locking: 409 when `version` is stale)', params: IdParams, body: EventBody },
      preValidation: async (req) => {
        eventTargets.set(req, await loadDossier(req, (req.params as { id?: string }).id));
      },
    },
    async (req) => {
      const view = eventTargets.get(req) ?? (await loadDossier(req, (req.params as { id: number }).id));
      const b = req.body as z.infer<typeof EventBody>;
      await authorizeRecord(req, database, actionForEvent(b.kind), view.dossier.orgUnitId, { entity: 'dossier', entityId: view.dossier.code });
      const input = await prepareEvent(req, view, b.kind, b.note, b.data);
      const row = await recordEvent(database, actorOf(req), view.dossier.id, b.version, input);
      return {
        id: row.id,
        code: row.code,
        version: row.version,
        status: row.status,
        dueAt: toIsoVn(row.dueAt),
        extendedDueAt: isoOrNull(row.extendedDueAt),
        finishedAt: isoOrNull(row.finishedAt),
      };
    },
  );
}
