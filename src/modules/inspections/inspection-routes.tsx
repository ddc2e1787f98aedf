import { eq } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { render } from 'preact-render-to-string';
import { z } from 'zod';
import { can, type Principal } from '../../core/access.js';
import { daysBetween, todayVn } from '../../core/calendar/index.js';
import type { DbOrTx } from '../../core/db/index.js';
import { ConflictError, errorOf, type FieldError, NotFoundError, sortErrors, ValidationError } from '../../core/errors.js';
import { formatDate, formatInteger, formatVnd, placeDateLine } from '../../core/format/index.js';
import { type AppContext, actorOf, authorizeRecord, redirectWithFlash } from '../../core/http.js';
import type { T } from '../../core/i18n/index.js';
import { sendPage, tOf } from '../../core/render.js';
import { normaliseDateInput, parseWholeVnd } from '../../core/validation.js';
import {
  Button,
  ConflictSummary,
  DateInput,
  Details,
  ErrorMessage,
  ErrorSummary,
  FileUpload,
  Form,
  Fieldset,
  formatBytes,
  InsetText,
  Pagination,
  Radios,
  Select,
  SummaryList,
  type SummaryRow,
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
} from '../../ui/index.js';
import { agencyOf } from '../dossiers/documents.js';
import { getOrgUnit } from '../org/queries.js';
import {
  addEvidence,
  addInspectedSubject,
  concludeInspection,
  createInspection,
  EVIDENCE_MAX_BYTES,
  type InspectionInput,
  issuePenaltyDecision,
  markRemedyDone,
  type PenaltyInput,
  recordFindings,
  recordPayment,
  recordViolation,
  setInspectionStatus,
  updateInspection,
  validateInspection,
} from './commands.js';
import { labelOf, outcomeColour, statusColour } from './inspection-messages.js';
import {
  citeProvision,
  FIELDS,
  fineRangeFor,
  INSPECTION_KINDS,
  INSPECTION_MODES,
  INSPECTION_STATUSES,
  levelOfOrgUnitKind,
  LEVEL_LABELS,
  normaliseIdNumber,
  normaliseTaxCode,
  OUTCOMES,
  SECTORS,
  SUBJECT_KINDS,
  type SubjectKind,
} from './model.js';
import './policies.js';
import { listProvisions, type Provision } from './provisions.js';
import {
  getDecisionDetail,
  getInspectedSubjectDetail,
  getInspectionDetail,
  type InspectionListRow,
  listInspections,
  overduePayments,
  overdueRemedies,
  type QueueRow,
  queueCounts,
} from './queries.js';
import { inspectedSubjects, inspections, violationEvidence, violations } from './schema.js';
import { createSubject, findSubjectByIdentifier, getSubject, type Subject } from './subjects.js';

/*
 * The inspection pages and their JSON API (see WORKFLOW.md):
 *   GET  /thanh-tra                          list (filters year, field, status, kind, unit, q; page) and the queues
 *                                            ?hang=qua-han-nop-phat | qua-han-khac-phuc
 *   GET  /thanh-tra/moi, POST                create an inspection (its decision, team, period)
 *   GET  /thanh-tra/:id                      the inspection: summary, team, subjects, add-subject forms, start / cancel / conclude
 *   GET  /thanh-tra/:id/sua, POST            edit (optimistic locking → 409 with what was typed)
 *   POST /thanh-tra/:id/doi-tuong            add a subject: an existing one (subjectQuery) or a new one inline
 *   POST /thanh-tra/:id/trang-thai           start / cancel;  POST /thanh-tra/:id/ket-luan  conclude
 *   GET  /thanh-tra/doi-tuong/:id            one inspected subject: findings, violations, evidence, penalty decision form
 *   POST /thanh-tra/doi-tuong/:id/ket-qua | /vi-pham (multipart) | /bang-chung (multipart) | /quyet-dinh
 *   GET  /thanh-tra/quyet-dinh/:id           the penalty decision: lines, payments, remedies; /ban-in its printed form
 *   POST /thanh-tra/quyet-dinh/:id/nop-phat | /khac-phuc
 *   GET  /thanh-tra/bang-chung/:id           an evidence file, authorised through its violation's inspection
 *   GET  /api/v1/inspections, /api/v1/inspections/:id, POST /api/v1/inspections, GET /api/v1/penalty-decisions/:id,
 *   GET  /api/v1/inspection-queues
 * Each handler: access (route rule, then authorizeRecord on the record's org unit) → parse → command → flash + 303,
 * or the same page again with the errors and what was typed (400, 409 on a version conflict).
 */

type Body = Record<string, string | string[] | undefined>;
type InspectionView = NonNullable<Awaited<ReturnType<typeof getInspectionDetail>>>;
type SubjectView = NonNullable<Awaited<ReturnType<typeof getInspectedSubjectDetail>>>;
type DecisionView = NonNullable<Awaited<ReturnType<typeof getDecisionDetail>>>;

const READ = 'inspection.read';
const WRITE = 'inspection.write';
const PAGE_SIZE = 25;
const TEAM_ROWS = 6;
const REMEDY_ROWS = 3;
const QUEUE_PAYMENTS = 'qua-han-nop-phat';
const QUEUE_REMEDIES = 'qua-han-khac-phuc';
/** the role words written into the team list (data, in Vietnamese like the decision itself) */
const ROLE_HEAD = 'Trưởng đoàn';
const ROLE_MEMBER = 'Thành viên';

const one = (b: Body, k: string): string => {
  const v = b[k];
  return Array.isArray(v) ? String(v[0] ?? '') : String(v ?? '');
};
const positiveInt = (s: string | undefined): number | undefined => {
  if (!s || !/^\d{1,10}$/.test(s.trim())) return undefined;
  const n = Number(s.trim());
  return n > 0 && n < 2 ** 31 ? n : undefined;
};
const isOpen = (status: string) => status === 'planned' || status === 'in_progress';
const identifierOf = (s: Pick<Subject, 'taxCode' | 'idNumber'>) => s.taxCode ?? s.idNumber ?? '';

/** "từ 1.000.000 đồng đến 2.000.000 đồng" for this subject's kind, or "Chỉ phạt cảnh cáo". */
function rangeText(t: T, p: Provision, kind: SubjectKind, locale: 'vi' | 'en'): string {
  if (p.warningOnly) return t('insp.subject.warningOnly');
  const r = fineRangeFor(p, kind);
  return t(kind === 'organisation' ? 'insp.subject.rangeOrg' : 'insp.subject.rangePerson', { min: formatVnd(r.min, locale), max: formatVnd(r.max, locale) });
}

/** The conflict notice: the record changed since the form was read; the typed values stay in the form. */
function Conflict(props: { t: T; message: string; href: string }) {
  const { t } = props;
  return <ConflictSummary title={t('insp.conflict.title')} message={props.message} hint={t('insp.conflict.body')} links={[{ href: props.href, label: t('insp.page.actions') }]} />;
}

/* ------------------------------------------------------------------------------------------------ inspection form */

interface InspectionValues {
  orgUnitId: string;
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

const blankTeam = () => Array.from({ length: TEAM_ROWS }, (_, i) => ({ name: '', role: i === 0 ? ROLE_HEAD : ROLE_MEMBER }));

function inspectionValuesOf(b: Body): InspectionValues {
  const team = blankTeam().map((row, i) => ({ name: one(b, `team-${i}-name`), role: one(b, `team-${i}-role`) || (b[`team-${i}-role`] === undefined ? row.role : '') }));
  return {
    orgUnitId: one(b, 'orgUnitId'),
    decisionNumber: one(b, 'decisionNumber'),
    decisionDate: one(b, 'decisionDate'),
    mode: one(b, 'mode'),
    kind: one(b, 'kind'),
    field: one(b, 'field'),
    title: one(b, 'title'),
    team,
    startsOn: one(b, 'startsOn'),
    endsOn: one(b, 'endsOn'),
  };
}

function valuesOfInspection(i: InspectionView['inspection']): InspectionValues {
  const team = blankTeam();
  i.team.slice(0, TEAM_ROWS).forEach((m, k) => {
    team[k] = { name: m.name, role: m.role };
  });
  return {
    orgUnitId: String(i.orgUnitId),
    decisionNumber: i.decisionNumber,
    decisionDate: i.decisionDate,
    mode: i.mode,
    kind: i.kind,
    field: i.field,
    title: i.title,
    team,
    startsOn: i.startsOn,
    endsOn: i.endsOn,
  };
}

/** The command's input, and where each team entry came from on the form (the head is always entry 0). */
function toInspectionInput(v: InspectionValues, orgUnitId: number): { input: InspectionInput; teamRows: number[] } {
  const teamRows = [0, ...v.team.map((_, i) => i).filter((i) => i > 0 && v.team[i]!.name.trim() !== '')];
  return {
    input: {
      orgUnitId,
      decisionNumber: v.decisionNumber.trim(),
      decisionDate: normaliseDateInput(v.decisionDate),
      mode: v.mode,
      kind: v.kind,
      field: v.field,
      title: v.title.trim(),
      team: teamRows.map((i) => ({ name: v.team[i]!.name.trim(), role: v.team[i]!.role.trim() || (i === 0 ? ROLE_HEAD : ROLE_MEMBER) })),
      startsOn: normaliseDateInput(v.startsOn),
      endsOn: normaliseDateInput(v.endsOn),
    },
    teamRows,
  };
}

/** Command field names → form element ids (team entries back to their form rows). */
function inspectionErrorIds(errors: readonly FieldError[], teamRows: readonly number[]): FieldError[] {
  return errors.map((e) => {
    const m = /^team\.(\d+)\.(name|role)$/.exec(e.field);
    if (m) return { ...e, field: `team-${teamRows[Number(m[1])] ?? 0}-${m[2]}` };
    if (e.field === 'team' || e.field.startsWith('team.')) return { ...e, field: 'team-0-name' };
    return e;
  });
}

const INSPECTION_FIELDS = [
  'orgUnitId',
  'decisionNumber',
  'decisionDate',
  'mode',
  'kind',
  'field',
  'title',
  ...Array.from({ length: TEAM_ROWS }, (_, i) => [`team-${i}-name`, `team-${i}-role`]).flat(),
  'startsOn',
  'endsOn',
];

/* ------------------------------------------------------------------------------------------------ multipart */

interface Upload {
  fields: Body;
  file: { buffer: Buffer; name: string } | null;
  /** the file exceeded the server's upload limit and was not read */
  tooLarge: boolean;
}

/** A multipart form's fields and its one file (put the file input last: after an oversized file nothing more is read). */
async function readUpload(req: FastifyRequest): Promise<Upload> {
  if (!req.isMultipart()) return { fields: (req.body ?? {}) as Body, file: null, tooLarge: false };
  const fields: Record<string, string> = {};
  let file: Upload['file'] = null;
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        const buffer = await part.toBuffer();
        if (part.filename && buffer.length > 0 && !file) file = { buffer, name: part.filename };
      } else fields[part.fieldname] = String(part.value ?? '');
    }
  } catch (e) {
    if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') return { fields, file: null, tooLarge: true };
    throw e;
  }
  return { fields, file, tooLarge: false };
}

/* ------------------------------------------------------------------------------------------------ routes */

export function registerInspectionRoutes(app: FastifyInstance, ctx: AppContext) {
  const { database, config, files } = ctx;
  const db = database.db;

  const crumbs = (t: T, ...rest: { href?: string; label: string }[]) => [{ href: '/', label: t('nav.home') }, { href: '/thanh-tra', label: t('insp.title') }, ...rest];

  /** Org units of the user's scope: those existing today first, an ended one with its end date. */
  async function scopeUnits(p: Principal, t: T, locale: 'vi' | 'en') {
    const today = todayVn();
    const units = (await Promise.all([...p.scope].map((id) => getOrgUnit(db, id)))).filter((u) => u !== null);
    const ended = (u: (typeof units)[number]) => (u.validTo !== null && String(u.validTo).slice(0, 10) <= today ? 1 : 0);
    return units
      .sort((a, b) => ended(a) - ended(b) || a.code.localeCompare(b.code))
      .map((u) => ({
        value: String(u.id),
        label: `${u.name} (${u.code}${ended(u) ? `, ${t('insp.form.until', { date: formatDate(String(u.validTo).slice(0, 10), locale) })}` : ''})`,
      }));
  }

  async function loadInspection(req: FastifyRequest, rawId: unknown, action = READ): Promise<InspectionView> {
    const id = positiveInt(String(rawId ?? ''));
    const found = id ? await getInspectionDetail(db, id) : null;
    await authorizeRecord(req, database, action, found?.inspection.orgUnitId ?? null, { entity: 'inspection', entityId: String(rawId ?? '').slice(0, 40) });
    if (!found) throw new NotFoundError();
    return found;
  }

  async function loadSubject(req: FastifyRequest, rawId: unknown, action = READ): Promise<SubjectView> {
    const id = positiveInt(String(rawId ?? ''));
    const found = id ? await getInspectedSubjectDetail(db, id) : null;
    await authorizeRecord(req, database, action, found?.inspection.orgUnitId ?? null, { entity: 'inspected_subject', entityId: String(rawId ?? '').slice(0, 40) });
    if (!found) throw new NotFoundError();
    return found;
  }

  async function loadDecision(req: FastifyRequest, rawId: unknown, action = READ): Promise<DecisionView> {
    const id = positiveInt(String(rawId ?? ''));
    const found = id ? await getDecisionDetail(db, id) : null;
    await authorizeRecord(req, database, action, found?.decision.orgUnitId ?? null, { entity: 'penalty_decision', entityId: String(rawId ?? '').slice(0, 40) });
    if (!found) throw new NotFoundError();
    return found;
  }

  /* ---------------------------------------------------------------- list and queues */

  app.get('/thanh-tra', { config: { access: { action: READ } } }, async (req, reply) => {
    const t = tOf(req);
    const locale = req.locale;
    const p = req.principal!;
    const raw = (req.query ?? {}) as QueryParams;
    const today = todayVn();
    const queue = [QUEUE_PAYMENTS, QUEUE_REMEDIES].find((q) => q === firstParam(raw, 'hang')) ?? 'all';
    const counts = await queueCounts(db, p.scope, today);
    const n = (x: number) => formatInteger(x, locale);
    const tabs = [
      { key: 'all', label: t('insp.tab.all'), count: null as number | null },
      { key: QUEUE_PAYMENTS, label: t('insp.tab.overduePayments'), count: counts.overduePayments },
      { key: QUEUE_REMEDIES, label: t('insp.tab.overdueRemedies'), count: counts.overdueRemedies },
    ];
    let content: ComponentChildren;
    if (queue === 'all') {
      const yearRaw = (firstParam(raw, 'year') ?? '').trim();
      const year = /^\d{4}$/.test(yearRaw) ? Number(yearRaw) : undefined;
      const field = FIELDS.find((f) => f === firstParam(raw, 'field'));
      const status = INSPECTION_STATUSES.find((s) => s === firstParam(raw, 'status'));
      const kind = INSPECTION_KINDS.find((k) => k === firstParam(raw, 'kind'));
      const unitId = positiveInt(firstParam(raw, 'unit'));
      const orgUnitId = unitId && p.scope.has(unitId) ? unitId : undefined;
      const q = (firstParam(raw, 'q') ?? '').trim().slice(0, 100);
      const query: QueryParams = { year: year ? String(year) : undefined, field, status, kind, unit: orgUnitId ? String(orgUnitId) : undefined, q: q || undefined };
      const filter = { year, field, status, kind, orgUnitId, q: q || undefined, pageSize: PAGE_SIZE };
      const requested = positiveInt(firstParam(raw, 'page')) ?? 1;
      let result = await listInspections(db, p.scope, { ...filter, page: requested });
      const pageCount = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
      const page = Math.min(requested, pageCount);
      if (page !== requested) result = await listInspections(db, p.scope, { ...filter, page });
      const filtered = Boolean(year || field || status || kind || orgUnitId || q);
      const units = await scopeUnits(p, t, locale);
      content = (
        <>
          <TableFilter action="/thanh-tra" active={filtered} t={t}>
            <TextInput name="year" label={t('insp.filter.year')} hint={t('insp.filter.yearHint')} value={yearRaw} inputmode="numeric" width={4} t={t} />
            <Select name="field" label={t('insp.filter.field')} options={FIELDS.map((f) => ({ value: f, label: labelOf(t, 'field', f) }))} value={field ?? ''} emptyOption={t('insp.filter.all')} t={t} />
            <Select name="status" label={t('insp.filter.status')} options={INSPECTION_STATUSES.map((s) => ({ value: s, label: labelOf(t, 'status', s) }))} value={status ?? ''} emptyOption={t('insp.filter.all')} t={t} />
            <Select name="kind" label={t('insp.filter.kind')} options={INSPECTION_KINDS.map((k) => ({ value: k, label: labelOf(t, 'kind', k) }))} value={kind ?? ''} emptyOption={t('insp.filter.all')} t={t} />
            {units.length > 1 ? <Select name="unit" label={t('insp.filter.unit')} options={units} value={orgUnitId ? String(orgUnitId) : ''} emptyOption={t('insp.filter.all')} t={t} /> : null}
            <TextInput name="q" label={t('insp.filter.q')} hint={t('insp.filter.qHint')} value={q} spellcheck={false} t={t} />
          </TableFilter>
          <Table<InspectionListRow>
            t={t}
            id="inspections"
            caption={t('insp.caption', { count: n(result.total) })}
            rows={result.rows}
            empty={{ title: filtered ? t('insp.empty.filtered') : t('insp.empty') }}
            columns={[
              {
                key: 'decisionNumber',
                label: t('insp.col.decision'),
                nowrap: true,
                render: (r) => (
                  <>
                    <a class="govuk-link" href={`/thanh-tra/${r.id}`}>
                      {r.decisionNumber}
                    </a>
                    <div class="govuk-hint govuk-!-font-size-16 govuk-!-margin-bottom-0">{formatDate(r.decisionDate, locale)}</div>
                  </>
                ),
              },
              { key: 'title', label: t('insp.col.title') },
              { key: 'orgUnitName', label: t('insp.col.unit') },
              { key: 'field', label: t('insp.col.field'), render: (r) => labelOf(t, 'field', r.field) },
              { key: 'kind', label: t('insp.col.kind'), render: (r) => `${labelOf(t, 'mode', r.mode)} · ${labelOf(t, 'kind', r.kind)}` },
              { key: 'status', label: t('insp.col.status'), render: (r) => <Tag colour={statusColour(r.status)}>{labelOf(t, 'status', r.status)}</Tag> },
              { key: 'subjects', label: t('insp.col.subjects'), numeric: true, render: (r) => n(r.subjects) },
              { key: 'violating', label: t('insp.col.violating'), numeric: true, render: (r) => n(r.violating) },
              { key: 'finesVnd', label: t('insp.col.fines'), numeric: true, nowrap: true, render: (r) => formatVnd(r.finesVnd, locale) },
            ]}
          />
          <Pagination page={page} pageCount={pageCount} basePath="/thanh-tra" query={query} t={t} />
        </>
      );
    } else if (queue === QUEUE_PAYMENTS) {
      const rows = await overduePayments(db, p.scope, today);
      content = (
        <>
          <WarningText t={t}>{t('insp.queue.payments.warning')}</WarningText>
          <Table<QueueRow>
            t={t}
            id="overdue-payments"
            caption={t('insp.queue.payments.caption', { count: n(rows.length) })}
            rows={rows}
            empty={{ title: t('insp.queue.payments.empty') }}
            columns={[
              decisionColumn(t, locale),
              { key: 'subjectName', label: t('insp.col.subject') },
              { key: 'orgUnitName', label: t('insp.col.unit') },
              {
                key: 'dueOn',
                label: t('insp.col.dueOn'),
                nowrap: true,
                render: (r) => (
                  <>
                    {formatDate(r.dueOn, locale)} <Tag colour="red">{t('insp.daysLate', { n: n(daysBetween(r.dueOn, today)) })}</Tag>
                  </>
                ),
              },
              { key: 'fineVnd', label: t('insp.col.fine'), numeric: true, nowrap: true, render: (r) => formatVnd(r.fineVnd, locale) },
              { key: 'paidVnd', label: t('insp.col.paid'), numeric: true, nowrap: true, render: (r) => formatVnd(r.paidVnd, locale) },
              { key: 'remaining', label: t('insp.col.remaining'), numeric: true, nowrap: true, render: (r) => formatVnd(r.fineVnd - r.paidVnd, locale) },
            ]}
          />
        </>
      );
    } else {
      const rows = await overdueRemedies(db, p.scope, today);
      content = (
        <>
          <WarningText t={t}>{t('insp.queue.remedies.warning')}</WarningText>
          <Table<QueueRow>
            t={t}
            id="overdue-remedies"
            caption={t('insp.queue.remedies.caption', { count: n(rows.length) })}
            rows={rows}
            empty={{ title: t('insp.queue.remedies.empty') }}
            columns={[
              decisionColumn(t, locale),
              { key: 'subjectName', label: t('insp.col.subject') },
              { key: 'orgUnitName', label: t('insp.col.unit') },
              { key: 'remedy', label: t('insp.col.remedy') },
              {
                key: 'dueOn',
                label: t('insp.col.deadline'),
                nowrap: true,
                render: (r) => (
                  <>
                    {formatDate(r.dueOn, locale)} <Tag colour="red">{t('insp.daysLate', { n: n(daysBetween(r.dueOn, today)) })}</Tag>
                  </>
                ),
              },
            ]}
          />
        </>
      );
    }
    return sendPage(
      req,
      reply,
      config,
      { title: t('insp.title'), breadcrumbs: [{ href: '/', label: t('nav.home') }, { label: t('insp.title') }] },
      <>
        <div class="govuk-grid-row">
          <div class="govuk-grid-column-two-thirds">
            <h1 class="govuk-heading-l">{t('insp.title')}</h1>
          </div>
          {can(p, WRITE) ? (
            <div class="govuk-grid-column-one-third govuk-!-text-align-right">
              <Button href="/thanh-tra/moi">{t('insp.new')}</Button>
            </div>
          ) : null}
        </div>
        {queue === 'all' && (counts.overduePayments > 0 || counts.overdueRemedies > 0) ? (
          <WarningText t={t}>
            {counts.overduePayments > 0 ? (
              <>
                {t('insp.warning.overduePayments', { n: n(counts.overduePayments) })}{' '}
                <a class="govuk-link" href={hrefWith('/thanh-tra', { hang: QUEUE_PAYMENTS })}>
                  {t('insp.warning.see')}
                  <span class="govuk-visually-hidden"> {t('insp.tab.overduePayments')}</span>
                </a>
                {counts.overdueRemedies > 0 ? <br /> : null}
              </>
            ) : null}
            {counts.overdueRemedies > 0 ? (
              <>
                {t('insp.warning.overdueRemedies', { n: n(counts.overdueRemedies) })}{' '}
                <a class="govuk-link" href={hrefWith('/thanh-tra', { hang: QUEUE_REMEDIES })}>
                  {t('insp.warning.see')}
                  <span class="govuk-visually-hidden"> {t('insp.tab.overdueRemedies')}</span>
                </a>
              </>
            ) : null}
          </WarningText>
        ) : null}
        <div class="govuk-tabs">
          <nav aria-label={t('insp.tabs')}>
            <ul class="govuk-tabs__list">
              {tabs.map((tab) => (
                <li key={tab.key} class={cx('govuk-tabs__list-item', tab.key === queue && 'govuk-tabs__list-item--selected')}>
                  <a class="govuk-tabs__tab" href={tab.key === 'all' ? '/thanh-tra' : hrefWith('/thanh-tra', { hang: tab.key })} aria-current={tab.key === queue ? 'page' : undefined}>
                    {tab.label}
                    {tab.count !== null ? ` (${n(tab.count)})` : ''}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <div class="govuk-tabs__panel">{content}</div>
        </div>
      </>,
    );
  });

  /* ---------------------------------------------------------------- create and edit */

  interface FormState {
    status?: number;
    errors?: FieldError[];
    conflict?: string;
  }

  async function inspectionFormPage(req: FastifyRequest, reply: FastifyReply, values: InspectionValues, state: FormState & { edit?: InspectionView; version?: number }) {
    const t = tOf(req);
    const locale = req.locale;
    const errors = sortErrors(state.errors ?? [], INSPECTION_FIELDS);
    const err = (id: string) => errorOf(errors, id);
    const edit = state.edit;
    const title = edit ? t('insp.form.editTitle') : t('insp.form.createTitle');
    const units = edit ? [] : await scopeUnits(req.principal!, t, locale);
    const action = edit ? `/thanh-tra/${edit.inspection.id}/sua` : '/thanh-tra/moi';
    const today = todayVn();
    return sendPage(
      req,
      reply,
      config,
      {
        title,
        status: state.status ?? (errors.length ? 400 : 200),
        hasErrors: errors.length > 0,
        breadcrumbs: crumbs(t, ...(edit ? [{ href: `/thanh-tra/${edit.inspection.id}`, label: edit.inspection.decisionNumber }] : []), { label: title }),
      },
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          {state.conflict ? <Conflict t={t} message={state.conflict} href="#decisionNumber" /> : <ErrorSummary errors={errors} t={t} />}
          <h1 class="govuk-heading-l">{title}</h1>
          <Form action={action} csrfToken={req.csrfToken()}>
            {edit ? (
              <>
                <input type="hidden" name="version" value={String(state.version ?? edit.inspection.version)} />
                <SummaryList rows={[{ key: t('insp.form.orgUnit'), value: edit.orgUnit.name }]} />
              </>
            ) : (
              <Select name="orgUnitId" label={t('insp.form.orgUnit')} hint={t('insp.form.orgUnitHint')} options={units} value={values.orgUnitId} error={err('orgUnitId')} t={t} />
            )}
            <TextInput name="decisionNumber" label={t('insp.form.decisionNumber')} hint={t('insp.form.decisionNumberHint')} value={values.decisionNumber} error={err('decisionNumber')} width={20} spellcheck={false} t={t} />
            <DateInput name="decisionDate" label={t('insp.form.decisionDate')} value={values.decisionDate} max={today} error={err('decisionDate')} t={t} />
            <Radios
              name="mode"
              legend={t('insp.form.mode')}
              legendSize="s"
              inline
              items={INSPECTION_MODES.map((m) => ({ value: m, label: labelOf(t, 'mode', m) }))}
              value={values.mode}
              error={err('mode')}
              t={t}
            />
            <Radios name="kind" legend={t('insp.form.kind')} legendSize="s" items={INSPECTION_KINDS.map((k) => ({ value: k, label: labelOf(t, 'kind', k) }))} value={values.kind} error={err('kind')} t={t} />
            <Select name="field" label={t('insp.form.field')} options={FIELDS.map((f) => ({ value: f, label: labelOf(t, 'field', f) }))} value={values.field} emptyOption error={err('field')} t={t} />
            <Textarea name="title" label={t('insp.form.title')} hint={t('insp.form.titleHint')} value={values.title} error={err('title')} rows={3} t={t} />
            <Fieldset legend={t('insp.form.team')} legendSize="m">
              <p class="govuk-hint">{t('insp.form.teamHint')}</p>
              {values.team.map((row, i) => {
                const who = i === 0 ? t('insp.form.head') : t('insp.form.member', { n: i });
                return (
                  <div class="govuk-grid-row" key={`team-${i}`}>
                    <div class="govuk-grid-column-one-half">
                      <TextInput name={`team-${i}-name`} label={`${t('insp.form.name')} (${who})`} value={row.name} error={err(`team-${i}-name`)} optional={i > 0} autocomplete="off" spellcheck={false} t={t} />
                    </div>
                    <div class="govuk-grid-column-one-half">
                      <TextInput name={`team-${i}-role`} label={`${t('insp.form.role')} (${who})`} value={row.role} error={err(`team-${i}-role`)} optional={i > 0} t={t} />
                    </div>
                  </div>
                );
              })}
            </Fieldset>
            <Fieldset legend={t('insp.form.period')} legendSize="m">
              <DateInput name="startsOn" label={t('insp.form.startsOn')} value={values.startsOn} error={err('startsOn')} t={t} />
              <DateInput name="endsOn" label={t('insp.form.endsOn')} value={values.endsOn} error={err('endsOn')} t={t} />
            </Fieldset>
            <div class="govuk-button-group">
              <Button preventDoubleClick>{edit ? t('insp.form.save') : t('insp.form.create')}</Button>
              <a class="govuk-link" href={edit ? `/thanh-tra/${edit.inspection.id}` : '/thanh-tra'}>
                {t('insp.form.cancel')}
              </a>
            </div>
          </Form>
        </div>
      </div>,
    );
  }

  app.get('/thanh-tra/moi', { config: { access: { action: WRITE } } }, async (req, reply) => {
    const p = req.principal!;
    const values: InspectionValues = {
      orgUnitId: String(p.orgUnitId),
      decisionNumber: '',
      decisionDate: '',
      mode: p.roles.includes('inspector') && levelOfOrgUnitKind((await getOrgUnit(db, p.orgUnitId))?.kind ?? '') === 'district' ? 'check' : 'inspection',
      kind: 'planned',
      field: 'environment',
      title: '',
      team: blankTeam(),
      startsOn: '',
      endsOn: '',
    };
    return inspectionFormPage(req, reply, values, {});
  });

  /** Field errors of the running unit: one of the user's scope where they may write. */
  function unitErrors(req: FastifyRequest, orgUnitId: number | undefined): FieldError[] {
    const p = req.principal!;
    if (orgUnitId === undefined || !p.scope.has(orgUnitId) || !can(p, WRITE, orgUnitId))
      return [{ field: 'orgUnitId', message: tOf(req)('insp.form.orgUnitOutOfScope') }];
    return [];
  }

  app.post('/thanh-tra/moi', { config: { access: { action: WRITE } } }, async (req, reply) => {
    const t = tOf(req);
    const values = inspectionValuesOf((req.body ?? {}) as Body);
    const orgUnitId = positiveInt(values.orgUnitId);
    const { input, teamRows } = toInspectionInput(values, orgUnitId ?? 0);
    try {
      const errors = [...unitErrors(req, orgUnitId), ...validateInspection(input, todayVn())];
      if (errors.length) throw new ValidationError(errors);
      const row = await createInspection(db, actorOf(req), input);
      return redirectWithFlash(req, reply, `/thanh-tra/${row.id}`, t('insp.created', { number: row.decisionNumber }));
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      return inspectionFormPage(req, reply, values, { errors: dedupe(inspectionErrorIds(e.fields, teamRows)) });
    }
  });

  app.get('/thanh-tra/:id/sua', { config: { access: { action: WRITE } } }, async (req, reply) => {
    const view = await loadInspection(req, (req.params as { id?: string }).id, WRITE);
    return inspectionFormPage(req, reply, valuesOfInspection(view.inspection), { edit: view });
  });

  app.post('/thanh-tra/:id/sua', { config: { access: { action: WRITE } } }, async (req, reply) => {
    const t = tOf(req);
    const view = await loadInspection(req, (req.params as { id?: string }).id, WRITE);
    const b = (req.body ?? {}) as Body;
    const values = { ...inspectionValuesOf(b), orgUnitId: String(view.inspection.orgUnitId) };
    const version = positiveInt(one(b, 'version')) ?? -1;
    const { input, teamRows } = toInspectionInput(values, view.inspection.orgUnitId);
    const { orgUnitId: _unit, ...changes } = input;
    try {
      await updateInspection(db, actorOf(req), view.inspection.id, version, changes);
      return redirectWithFlash(req, reply, `/thanh-tra/${view.inspection.id}`, t('insp.saved'));
    } catch (e) {
      const fresh = (await getInspectionDetail(db, view.inspection.id)) ?? view;
      if (e instanceof ValidationError) return inspectionFormPage(req, reply, values, { edit: fresh, version, errors: dedupe(inspectionErrorIds(e.fields, teamRows)) });
      if (e instanceof ConflictError) return inspectionFormPage(req, reply, values, { edit: fresh, status: 409, conflict: e.message || t('insp.conflict.title') });
      throw e;
    }
  });

  /* ---------------------------------------------------------------- the inspection page */

  type InspectionForm = 'existing' | 'new' | 'start' | 'cancel' | 'conclude';
  interface InspectionPageState extends FormState {
    form?: InspectionForm;
    values?: Record<string, string>;
  }
  /** The element ids each form's errors link to; an unknown field links to the form itself. */
  const INSPECTION_FORM_IDS: Record<InspectionForm, string[]> = {
    existing: ['subjectQuery'],
    new: ['new-kind', 'new-name', 'new-taxCode', 'new-idNumber', 'new-address', 'new-sector'],
    start: [],
    cancel: [],
    conclude: ['conclusionNumber', 'conclusionDate', 'conclusion'],
  };
  const FORM_CONTAINER: Record<InspectionForm, string> = {
    existing: 'them-doi-tuong',
    new: 'them-doi-tuong-moi',
    start: 'bat-dau',
    cancel: 'huy',
    conclude: 'ket-luan',
  };

  async function inspectionPage(req: FastifyRequest, reply: FastifyReply, view: InspectionView, state: InspectionPageState = {}) {
    const t = tOf(req);
    const locale = req.locale;
    const p = req.principal!;
    const i = view.inspection;
    const canWrite = can(p, WRITE, i.orgUnitId);
    const open = isOpen(i.status);
    const form = state.form;
    // The forms this page shows; an error of a form not shown (the inspection changed meanwhile) links to the actions.
    const shown: Record<InspectionForm, boolean> = {
      existing: canWrite && open,
      new: canWrite && open,
      start: canWrite && i.status === 'planned',
      cancel: canWrite && open,
      conclude: canWrite && open,
    };
    const errors = (state.errors ?? []).map((e) =>
      !form ? e : !shown[form] ? { ...e, field: 'thao-tac' } : INSPECTION_FORM_IDS[form].includes(e.field) ? e : { ...e, field: FORM_CONTAINER[form] },
    );
    const err = (f: InspectionForm, id: string) => (form === f ? errorOf(errors, id) : undefined);
    const val = (f: InspectionForm, k: string, fallback = '') => (form === f ? (state.values?.[k] ?? fallback) : fallback);
    const version = String(i.version);
    const csrf = req.csrfToken();
    const n = (x: number) => formatInteger(x, locale);
    const totals = view.subjects.reduce(
      (acc, s) => {
        acc.violating += s.inspected.outcome === 'violation' ? 1 : 0;
        for (const d of s.decisions) {
          acc.fines += d.fineVnd;
          acc.paid += d.paidVnd;
        }
        return acc;
      },
      { violating: 0, fines: 0, paid: 0 },
    );
    const summary: SummaryRow[] = [
      { key: t('insp.page.decision'), value: t('insp.page.decisionValue', { number: i.decisionNumber, date: formatDate(i.decisionDate, locale) }) },
      { key: t('insp.page.unit'), value: view.orgUnit.name },
      { key: t('insp.page.level'), value: LEVEL_LABELS[levelOfOrgUnitKind(view.orgUnit.kind)] },
      { key: t('insp.page.mode'), value: labelOf(t, 'mode', i.mode) },
      { key: t('insp.page.kind'), value: labelOf(t, 'kind', i.kind) },
      { key: t('insp.page.field'), value: labelOf(t, 'field', i.field) },
      { key: t('insp.page.period'), value: t('insp.page.periodValue', { from: formatDate(i.startsOn, locale), to: formatDate(i.endsOn, locale) }) },
      { key: t('insp.page.status'), value: <Tag colour={statusColour(i.status)}>{labelOf(t, 'status', i.status)}</Tag> },
      ...(i.conclusionNumber && i.conclusionDate
        ? [
            {
              key: t('insp.page.conclusion'),
              value: (
                <>
                  {t('insp.page.conclusionValue', { number: i.conclusionNumber, date: formatDate(i.conclusionDate, locale) })}
                  {i.conclusion ? <p class="govuk-body govuk-!-margin-top-2 govuk-!-margin-bottom-0">{i.conclusion}</p> : null}
                </>
              ),
            },
          ]
        : []),
    ].map((r, k) => (k === 0 && canWrite && open ? { ...r, actions: [{ href: `/thanh-tra/${i.id}/sua`, label: t('insp.page.edit'), visuallyHiddenText: i.decisionNumber }] } : r));
    const summaryErrors = form ? errors : [];
    return sendPage(
      req,
      reply,
      config,
      { title: `${i.decisionNumber} – ${i.title}`, status: state.status, hasErrors: summaryErrors.length > 0, breadcrumbs: crumbs(t, { label: i.decisionNumber }) },
      <>
        {state.conflict ? <Conflict t={t} message={state.conflict} href={`#${form ? FORM_CONTAINER[form] : 'thao-tac'}`} /> : <ErrorSummary errors={summaryErrors} t={t} />}
        <span class="govuk-caption-l">
          {labelOf(t, 'mode', i.mode)} · {i.decisionNumber}
        </span>
        <h1 class="govuk-heading-l">{i.title}</h1>
        <div class="govuk-grid-row">
          <div class="govuk-grid-column-two-thirds">
            <h2 class="govuk-heading-m">{t('insp.page.summary')}</h2>
            <SummaryList rows={summary} />
            <Table
              t={t}
              id="team"
              caption={t('insp.page.team')}
              rows={i.team}
              columns={[
                { key: 'name', label: t('insp.form.name') },
                { key: 'role', label: t('insp.form.role') },
              ]}
            />
          </div>
          <div class="govuk-grid-column-one-third">
            <h2 class="govuk-heading-m" id="thao-tac">
              {t('insp.page.actions')}
            </h2>
            {!canWrite ? <p class="govuk-body">{t('insp.page.readOnly')}</p> : null}
            {canWrite && i.status === 'planned' ? (
              <Details summary={t('insp.start.title')} id={FORM_CONTAINER.start} open={form === 'start'}>
                <form method="post" action={`/thanh-tra/${i.id}/trang-thai`} novalidate>
                  <input type="hidden" name="_csrf" value={csrf} />
                  <input type="hidden" name="version" value={version} />
                  <input type="hidden" name="status" value="in_progress" />
                  {form === 'start' && errors.length ? <ErrorMessage message={errors.map((e) => e.message).join('. ')} t={t} /> : null}
                  <Button preventDoubleClick>{t('insp.start.submit')}</Button>
                </form>
              </Details>
            ) : null}
            {canWrite && open ? (
              <Details summary={t('insp.conclude.title')} id={FORM_CONTAINER.conclude} open={form === 'conclude'}>
                <form method="post" action={`/thanh-tra/${i.id}/ket-luan`} novalidate>
                  <input type="hidden" name="_csrf" value={csrf} />
                  <input type="hidden" name="version" value={version} />
                  {form === 'conclude' && errorOf(errors, FORM_CONTAINER.conclude) ? <ErrorMessage message={errorOf(errors, FORM_CONTAINER.conclude)!} t={t} /> : null}
                  <TextInput name="conclusionNumber" label={t('insp.conclude.number')} value={val('conclude', 'conclusionNumber')} error={err('conclude', 'conclusionNumber')} spellcheck={false} t={t} />
                  <DateInput name="conclusionDate" label={t('insp.conclude.date')} value={val('conclude', 'conclusionDate')} error={err('conclude', 'conclusionDate')} t={t} />
                  <Textarea name="conclusion" label={t('insp.conclude.text')} value={val('conclude', 'conclusion')} error={err('conclude', 'conclusion')} rows={5} t={t} />
                  <Button preventDoubleClick>{t('insp.conclude.submit')}</Button>
                </form>
              </Details>
            ) : null}
            {canWrite && open ? (
              <Details summary={t('insp.cancel.title')} id={FORM_CONTAINER.cancel} open={form === 'cancel'}>
                <form method="post" action={`/thanh-tra/${i.id}/trang-thai`} novalidate>
                  <input type="hidden" name="_csrf" value={csrf} />
                  <input type="hidden" name="version" value={version} />
                  <input type="hidden" name="status" value="cancelled" />
                  <p class="govuk-body-s">{t('insp.cancel.hint')}</p>
                  {form === 'cancel' && errors.length ? <ErrorMessage message={errors.map((e) => e.message).join('. ')} t={t} /> : null}
                  <Button variant="warning" preventDoubleClick>
                    {t('insp.cancel.submit')}
                  </Button>
                </form>
              </Details>
            ) : null}
            <p class="govuk-hint govuk-!-font-size-16">{t('insp.page.version', { version: n(i.version) })}</p>
          </div>
        </div>
        <h2 class="govuk-heading-m">{t('insp.page.subjects')}</h2>
        <p class="govuk-body" id="totals">
          {t('insp.page.totals', { subjects: n(view.subjects.length), violating: n(totals.violating), fines: formatVnd(totals.fines, locale), paid: formatVnd(totals.paid, locale) })}
        </p>
        <Table<InspectionView['subjects'][number]>
          t={t}
          id="subjects"
          caption={t('insp.page.subjects')}
          captionHidden
          rows={view.subjects}
          empty={{ title: t('insp.page.noSubjects') }}
          columns={[
            {
              key: 'subject',
              label: t('insp.col.subject'),
              render: (s) => (
                <>
                  <a class="govuk-link" href={`/thanh-tra/doi-tuong/${s.inspected.id}`}>
                    {s.subject.name}
                  </a>
                  <div class="govuk-hint govuk-!-font-size-16 govuk-!-margin-bottom-0">
                    {labelOf(t, 'subjectKind', s.subject.kind)}
                    {identifierOf(s.subject) ? ` · ${identifierOf(s.subject)}` : ''} ·{' '}
                    <a class="govuk-link" href={`/doi-tuong/${s.subject.id}`}>
                      {t('insp.page.history')}
                      <span class="govuk-visually-hidden"> {s.subject.name}</span>
                    </a>
                  </div>
                </>
              ),
            },
            { key: 'facility', label: t('insp.page.facility'), render: (s) => s.facility?.name ?? '—' },
            { key: 'outcome', label: t('insp.page.outcome'), render: (s) => <Tag colour={outcomeColour(s.inspected.outcome)}>{labelOf(t, 'outcome', s.inspected.outcome)}</Tag> },
            { key: 'violations', label: t('insp.page.violations'), numeric: true, render: (s) => n(s.violations) },
            {
              key: 'decisions',
              label: t('insp.page.decisions'),
              render: (s) =>
                s.decisions.length ? (
                  <ul class="govuk-list govuk-!-font-size-16 govuk-!-margin-bottom-0">
                    {s.decisions.map((d) => (
                      <li key={d.id}>
                        <a class="govuk-link" href={`/thanh-tra/quyet-dinh/${d.id}`}>
                          {d.number}
                        </a>
                        : {formatVnd(d.fineVnd, locale)} · {t('insp.col.paid')} {formatVnd(d.paidVnd, locale)}
                      </li>
                    ))}
                  </ul>
                ) : (
                  '—'
                ),
            },
          ]}
        />
        {canWrite && open ? (
          <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
              <h2 class="govuk-heading-m">{t('insp.add.title')}</h2>
              <form method="post" action={`/thanh-tra/${i.id}/doi-tuong`} novalidate id={FORM_CONTAINER.existing}>
                <input type="hidden" name="_csrf" value={csrf} />
                <input type="hidden" name="how" value="existing" />
                <TextInput
                  name="subjectQuery"
                  label={t('insp.add.existing')}
                  labelSize="s"
                  hint={t('insp.add.subjectQueryHint')}
                  value={val('existing', 'subjectQuery')}
                  error={err('existing', 'subjectQuery') ?? err('existing', FORM_CONTAINER.existing)}
                  width={20}
                  spellcheck={false}
                  autocomplete="off"
                  t={t}
                />
                <Button variant="secondary" preventDoubleClick>
                  {t('insp.add.addExisting')}
                </Button>
              </form>
              <form method="post" action={`/thanh-tra/${i.id}/doi-tuong`} novalidate id={FORM_CONTAINER.new}>
                <input type="hidden" name="_csrf" value={csrf} />
                <input type="hidden" name="how" value="new" />
                <Fieldset legend={t('insp.add.new')} legendSize="s">
                  {form === 'new' && errorOf(errors, FORM_CONTAINER.new) ? <ErrorMessage message={errorOf(errors, FORM_CONTAINER.new)!} t={t} /> : null}
                  <Radios
                    name="kind"
                    idPrefix="new-kind"
                    legend={t('insp.add.kind')}
                    legendSize="s"
                    small
                    items={SUBJECT_KINDS.map((k) => ({ value: k, label: labelOf(t, 'subjectKind', k) }))}
                    value={val('new', 'kind', 'organisation')}
                    error={err('new', 'new-kind')}
                    t={t}
                  />
                  <TextInput name="name" id="new-name" label={t('insp.add.name')} value={val('new', 'name')} error={err('new', 'new-name')} autocomplete="off" t={t} />
                  <TextInput name="taxCode" id="new-taxCode" label={t('insp.add.taxCode')} hint={t('insp.add.taxCodeHint')} value={val('new', 'taxCode')} error={err('new', 'new-taxCode')} width={20} inputmode="numeric" spellcheck={false} optional t={t} />
                  <TextInput name="idNumber" id="new-idNumber" label={t('insp.add.idNumber')} hint={t('insp.add.idNumberHint')} value={val('new', 'idNumber')} error={err('new', 'new-idNumber')} width={20} inputmode="numeric" spellcheck={false} optional t={t} />
                  <TextInput name="address" id="new-address" label={t('insp.add.address')} value={val('new', 'address')} error={err('new', 'new-address')} optional autocomplete="off" t={t} />
                  <Select
                    name="sector"
                    id="new-sector"
                    label={t('insp.add.sector')}
                    options={SECTORS.map((s) => ({ value: s, label: labelOf(t, 'sector', s) }))}
                    value={val('new', 'sector')}
                    emptyOption
                    optional
                    error={err('new', 'new-sector')}
                    t={t}
                  />
                </Fieldset>
                <Button variant="secondary" preventDoubleClick>
                  {t('insp.add.addNew')}
                </Button>
              </form>
            </div>
          </div>
        ) : !open ? (
          <InsetText>{t('insp.page.closed')}</InsetText>
        ) : null}
      </>,
    );
  }

  app.get('/thanh-tra/:id', { config: { access: { action: READ } } }, async (req, reply) => {
    const view = await loadInspection(req, (req.params as { id?: string }).id);
    return inspectionPage(req, reply, view);
  });

  /** The existing subject a query names: a tax code, a CCCD, or the subject's own code (its id). */
  async function subjectByQuery(q: string): Promise<Subject | null> {
    const s = q.trim();
    if (!s) return null;
    const tax = normaliseTaxCode(s);
    const cccd = normaliseIdNumber(s);
    if (tax || cccd) {
      const found = await findSubjectByIdentifier(db, { taxCode: tax, idNumber: cccd });
      if (found) return found;
    }
    const id = /^\d{1,9}$/.test(s) ? positiveInt(s) : undefined;
    return id ? getSubject(db, id) : null;
  }

  const NEW_SUBJECT_FIELDS = ['kind', 'name', 'taxCode', 'idNumber', 'address', 'sector'];

  app.post('/thanh-tra/:id/doi-tuong', { config: { access: { action: WRITE } } }, async (req, reply) => {
    const t = tOf(req);
    const view = await loadInspection(req, (req.params as { id?: string }).id, WRITE);
    const b = (req.body ?? {}) as Body;
    const how: InspectionForm = one(b, 'how') === 'new' ? 'new' : 'existing';
    const values: Record<string, string> = {};
    for (const k of ['subjectQuery', ...NEW_SUBJECT_FIELDS]) values[k] = one(b, k);
    const inspectionId = view.inspection.id;
    try {
      if (how === 'existing') {
        const q = values.subjectQuery!.trim();
        if (!q) throw ValidationError.one('subjectQuery', t('insp.add.queryMissing'));
        const subject = await subjectByQuery(q);
        if (!subject) throw ValidationError.one('subjectQuery', t('insp.add.notFound', { q: q.slice(0, 40) }));
        try {
          await addInspectedSubject(db, actorOf(req), { inspectionId, subjectId: subject.id });
        } catch (e) {
          if (e instanceof ValidationError) throw new ValidationError(e.fields.map((f) => ({ ...f, field: 'subjectQuery' })));
          throw e;
        }
        return redirectWithFlash(req, reply, `/thanh-tra/${inspectionId}`, t('insp.added', { name: subject.name }));
      }
      const input = {
        kind: values.kind!,
        name: values.name!,
        taxCode: values.taxCode || null,
        idNumber: values.idNumber || null,
        address: values.address || null,
        sector: values.sector || null,
      };
      // Both or neither: the new subject is registered only if it joins the inspection.
      const subject = await db.transaction(async (tx) => {
        let created: Subject;
        try {
          created = await createSubject(tx, actorOf(req), input, req.principal!.orgUnitId);
        } catch (e) {
          if (e instanceof ValidationError)
            throw new ValidationError(e.fields.map((f) => ({ ...f, field: NEW_SUBJECT_FIELDS.includes(f.field) ? `new-${f.field}` : 'new-name' })));
          throw e;
        }
        try {
          await addInspectedSubject(tx, actorOf(req), { inspectionId, subjectId: created.id });
        } catch (e) {
          if (e instanceof ValidationError) throw new ValidationError(e.fields.map((f) => ({ ...f, field: FORM_CONTAINER.new })));
          throw e;
        }
        return created;
      });
      return redirectWithFlash(req, reply, `/thanh-tra/${inspectionId}`, t('insp.added', { name: subject.name }));
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      const fresh = (await getInspectionDetail(db, inspectionId)) ?? view;
      return inspectionPage(req, reply, fresh, { status: 400, form: how, values, errors: dedupe(e.fields) });
    }
  });

  app.post('/thanh-tra/:id/trang-thai', { config: { access: { action: WRITE } } }, async (req, reply) => {
    const t = tOf(req);
    const view = await loadInspection(req, (req.params as { id?: string }).id, WRITE);
    const b = (req.body ?? {}) as Body;
    const status = one(b, 'status') === 'cancelled' ? 'cancelled' : 'in_progress';
    const form: InspectionForm = status === 'cancelled' ? 'cancel' : 'start';
    const version = positiveInt(one(b, 'version')) ?? -1;
    try {
      await setInspectionStatus(db, actorOf(req), view.inspection.id, version, status);
      return redirectWithFlash(req, reply, `/thanh-tra/${view.inspection.id}`, t('insp.statusSaved', { status: labelOf(t, 'status', status) }));
    } catch (e) {
      const fresh = (await getInspectionDetail(db, view.inspection.id)) ?? view;
      if (e instanceof ValidationError) return inspectionPage(req, reply, fresh, { status: 400, form, errors: e.fields });
      if (e instanceof ConflictError) return inspectionPage(req, reply, fresh, { status: 409, form, conflict: e.message || t('insp.conflict.title') });
      throw e;
    }
  });

  app.post('/thanh-tra/:id/ket-luan', { config: { access: { action: WRITE } } }, async (req, reply) => {
    const t = tOf(req);
    const view = await loadInspection(req, (req.params as { id?: string }).id, WRITE);
    const b = (req.body ?? {}) as Body;
    const values = { conclusionNumber: one(b, 'conclusionNumber'), conclusionDate: one(b, 'conclusionDate'), conclusion: one(b, 'conclusion') };
    const version = positiveInt(one(b, 'version')) ?? -1;
    try {
      const row = await concludeInspection(db, actorOf(req), view.inspection.id, version, {
        conclusionNumber: values.conclusionNumber.trim(),
        conclusionDate: normaliseDateInput(values.conclusionDate),
        conclusion: values.conclusion.trim(),
      });
      return redirectWithFlash(req, reply, `/thanh-tra/${view.inspection.id}`, t('insp.concluded', { number: row.conclusionNumber ?? values.conclusionNumber }));
    } catch (e) {
      const fresh = (await getInspectionDetail(db, view.inspection.id)) ?? view;
      if (e instanceof ValidationError) return inspectionPage(req, reply, fresh, { status: 400, form: 'conclude', values, errors: e.fields });
      if (e instanceof ConflictError) return inspectionPage(req, reply, fresh, { status: 409, form: 'conclude', values, conflict: e.message || t('insp.conflict.title') });
      throw e;
    }
  });

  /* ---------------------------------------------------------------- the inspected subject page */

  type SubjectForm = 'findings' | 'violation' | 'evidence' | 'penalty';
  interface SubjectPageState extends FormState {
    form?: SubjectForm;
    values?: Record<string, string>;
    /** the violation whose evidence form was sent */
    violationId?: number;
    version?: number;
  }
  const SUBJECT_CONTAINER: Record<SubjectForm, string> = { findings: 'ket-qua', violation: 'ghi-vi-pham', evidence: 'vi-pham', penalty: 'quyet-dinh-xu-phat' };

  /** The provisions a violation may cite: those in force today or on the first day of the inspection, by field. */
  async function provisionChoices(view: SubjectView): Promise<Provision[]> {
    const [today, then] = await Promise.all([listProvisions(db, { validOn: todayVn() }), listProvisions(db, { validOn: view.inspection.startsOn })]);
    return [...new Map([...today, ...then].map((p) => [p.id, p])).values()];
  }

  /** Unpenalised violations of the subject, in the order the penalty form lists them. */
  const unpenalised = (view: SubjectView) => view.violations.filter((v) => v.decisionId === null);

  function penaltyDefaults(view: SubjectView): Record<string, string> {
    const measures = [...new Set(unpenalised(view).flatMap((v) => v.provision.remedialMeasures))].slice(0, REMEDY_ROWS);
    const values: Record<string, string> = {};
    measures.forEach((m, k) => {
      values[`remedies-${k}-description`] = m;
    });
    return values;
  }

  async function subjectPage(req: FastifyRequest, reply: FastifyReply, view: SubjectView, state: SubjectPageState = {}) {
    const t = tOf(req);
    const locale = req.locale;
    const p = req.principal!;
    const { inspected, inspection, subject } = view;
    const kind = (SUBJECT_KINDS as readonly string[]).includes(subject.kind) ? (subject.kind as SubjectKind) : 'individual';
    const canWrite = can(p, WRITE, inspection.orgUnitId);
    const open = isOpen(inspection.status);
    const form = state.form;
    const errors = state.errors ?? [];
    const csrf = req.csrfToken();
    const today = todayVn();
    const n = (x: number) => formatInteger(x, locale);
    const val = (f: SubjectForm, k: string, fallback = '') => (form === f ? (state.values?.[k] ?? fallback) : fallback);
    const err = (f: SubjectForm, id: string) => (form === f ? errorOf(errors, id) : undefined);
    const pending = unpenalised(view);
    const provisions = canWrite && open ? await provisionChoices(view) : [];
    const groups = FIELDS.map((f) => ({
      label: labelOf(t, 'field', f),
      options: provisions
        .filter((x) => x.field === f)
        .map((x) => ({
          value: String(x.id),
          label: `${citeProvision(x)} – ${x.description} (${rangeText(t, x, kind, locale)})${x.verified ? '' : ` – ${t('insp.subject.unverified')}`}`,
        })),
    })).filter((g) => g.options.length);
    const penaltyValues = form === 'penalty' ? (state.values ?? {}) : penaltyDefaults(view);
    const pv = (k: string) => penaltyValues[k] ?? '';
    const summary: SummaryRow[] = [
      { key: t('insp.subject.kind'), value: labelOf(t, 'subjectKind', subject.kind) },
      ...(subject.taxCode ? [{ key: t('insp.subject.taxCode'), value: subject.taxCode }] : []),
      ...(subject.idNumber ? [{ key: t('insp.subject.idNumber'), value: subject.idNumber }] : []),
      ...(subject.address ? [{ key: t('insp.subject.address'), value: subject.address }] : []),
      ...(view.facility ? [{ key: t('insp.page.facility'), value: view.facility.name }] : []),
      {
        key: t('insp.subject.code'),
        value: (
          <>
            {String(subject.id)} ·{' '}
            <a class="govuk-link" href={`/doi-tuong/${subject.id}`}>
              {t('insp.page.history')}
            </a>
          </>
        ),
      },
      { key: t('insp.subject.outcome'), value: <Tag colour={outcomeColour(inspected.outcome)}>{labelOf(t, 'outcome', inspected.outcome)}</Tag> },
      ...(inspected.inspectedOn ? [{ key: t('insp.subject.inspectedOn'), value: formatDate(inspected.inspectedOn, locale) }] : []),
      ...(inspected.findings ? [{ key: t('insp.subject.findingsText'), value: inspected.findings }] : []),
    ];
    // The forms this page shows; an error of a form not shown (the inspection changed meanwhile) links to the heading.
    const shown: Record<SubjectForm, boolean> = {
      findings: canWrite && open,
      violation: canWrite && open && groups.length > 0,
      evidence: canWrite && inspection.status !== 'cancelled',
      penalty: canWrite && inspection.status !== 'cancelled',
    };
    const summaryErrors = !form
      ? errors
      : !shown[form]
        ? errors.map((e) => ({ ...e, field: 'subject-heading' }))
        : form === 'evidence' && state.violationId !== undefined
          ? errors.map((e) => ({ ...e, field: `evidence-${state.violationId}` }))
          : errors.map((e) => (formIds(form).includes(e.field) ? e : { ...e, field: SUBJECT_CONTAINER[form] }));
    function formIds(f: SubjectForm | undefined): string[] {
      switch (f) {
        case 'findings':
          return ['inspectedOn', 'findings', 'outcome'];
        case 'violation':
          return ['provisionId', 'description', 'committedOn', 'file'];
        case 'penalty':
          return [
            'number',
            'decidedOn',
            'signerName',
            'signerTitle',
            ...pending.flatMap((v) => [`fine-${v.violation.id}`, `reason-${v.violation.id}`]),
            'additionalPenalties',
            'paymentDueOn',
            ...Array.from({ length: REMEDY_ROWS }, (_, k) => [`remedies-${k}-description`, `remedies-${k}-deadline`]).flat(),
          ];
        default:
          return [];
      }
    }
    const containerError = (f: SubjectForm) => (form === f ? errorOf(summaryErrors, SUBJECT_CONTAINER[f]) : undefined);
    return sendPage(
      req,
      reply,
      config,
      {
        title: `${subject.name} – ${inspection.decisionNumber}`,
        status: state.status,
        hasErrors: summaryErrors.length > 0,
        breadcrumbs: crumbs(t, { href: `/thanh-tra/${inspection.id}`, label: inspection.decisionNumber }, { label: subject.name }),
      },
      <>
        {state.conflict ? <Conflict t={t} message={state.conflict} href={`#${form ? SUBJECT_CONTAINER[form] : 'ket-qua'}`} /> : <ErrorSummary errors={summaryErrors} t={t} />}
        <span class="govuk-caption-l">
          <a class="govuk-link" href={`/thanh-tra/${inspection.id}`}>
            {t('insp.subject.caption', { number: inspection.decisionNumber })}
          </a>
        </span>
        <h1 class="govuk-heading-l" id="subject-heading">
          {subject.name}
        </h1>
        <SummaryList rows={summary} />

        {canWrite && open ? (
          <section id={SUBJECT_CONTAINER.findings} aria-labelledby="findings-heading">
            <h2 class="govuk-heading-m" id="findings-heading">
              {t('insp.subject.findings')}
            </h2>
            <form method="post" action={`/thanh-tra/doi-tuong/${inspected.id}/ket-qua`} novalidate>
              <input type="hidden" name="_csrf" value={csrf} />
              <input type="hidden" name="version" value={String(form === 'findings' && !state.conflict && state.version !== undefined ? state.version : inspected.version)} />
              {containerError('findings') ? <ErrorMessage message={containerError('findings')!} t={t} /> : null}
              <DateInput
                name="inspectedOn"
                label={t('insp.subject.inspectedOn')}
                value={val('findings', 'inspectedOn', inspected.inspectedOn ?? '')}
                min={inspection.startsOn}
                max={[inspection.endsOn, today].sort()[0]}
                error={err('findings', 'inspectedOn')}
                t={t}
              />
              <Textarea name="findings" label={t('insp.subject.findingsText')} value={val('findings', 'findings', inspected.findings ?? '')} error={err('findings', 'findings')} rows={5} t={t} />
              <Radios
                name="outcome"
                legend={t('insp.subject.outcome')}
                legendSize="s"
                small
                items={OUTCOMES.map((o) => ({ value: o, label: labelOf(t, 'outcome', o) }))}
                value={val('findings', 'outcome', inspected.outcome)}
                error={err('findings', 'outcome')}
                t={t}
              />
              <Button variant="secondary" preventDoubleClick>
                {t('insp.subject.saveFindings')}
              </Button>
            </form>
          </section>
        ) : null}

        <section id={SUBJECT_CONTAINER.evidence} aria-labelledby="violations-heading">
          <h2 class="govuk-heading-m" id="violations-heading">
            {t('insp.subject.violations')}
          </h2>
          {view.violations.length === 0 ? <p class="govuk-body">{t('insp.subject.noViolations')}</p> : null}
          {view.violations.map(({ violation: v, provision: pr, evidence, decisionId }) => {
            const decision = decisionId ? view.decisions.find((d) => d.id === decisionId) : undefined;
            const evidenceId = `evidence-${v.id}`;
            const evidenceError = form === 'evidence' && state.violationId === v.id ? errors.map((e) => e.message).join('. ') : undefined;
            return (
              <div class="govuk-summary-card" key={v.id}>
                <div class="govuk-summary-card__title-wrapper">
                  <h3 class="govuk-summary-card__title">
                    {citeProvision(pr)}{' '}
                    {pr.verified ? null : (
                      <Tag colour="orange">
                        {t('insp.subject.unverified')}
                        <span class="govuk-visually-hidden">: {t('insp.subject.unverifiedHint')}</span>
                      </Tag>
                    )}
                  </h3>
                </div>
                <div class="govuk-summary-card__content">
                  <p class="govuk-body-s govuk-!-margin-bottom-2">{pr.description}</p>
                  <p class="govuk-body-s govuk-!-margin-bottom-2">{rangeText(t, pr, kind, locale)}</p>
                  <p class="govuk-body">{v.description}</p>
                  <p class="govuk-body-s">{t('insp.subject.committedOn', { date: formatDate(v.committedOn, locale) })}</p>
                  <p class="govuk-body-s">
                    {decision ? (
                      <a class="govuk-link" href={`/thanh-tra/quyet-dinh/${decision.id}`}>
                        {t('insp.subject.inDecision', { number: decision.number })}
                      </a>
                    ) : (
                      <Tag colour="yellow">{t('insp.subject.notPenalised')}</Tag>
                    )}
                  </p>
                  <h4 class="govuk-heading-s">{t('insp.subject.evidence')}</h4>
                  {evidence.length ? (
                    <ul class="govuk-list">
                      {evidence.map((f) => (
                        <li key={f.id}>
                          <a class="govuk-link" href={`/thanh-tra/bang-chung/${f.id}`}>
                            {f.originalName}
                          </a>{' '}
                          <span class="govuk-hint govuk-!-font-size-16">({formatBytes(f.sizeBytes, locale)})</span>
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <p class="govuk-body-s">{t('insp.subject.noEvidence')}</p>
                  )}
                  {canWrite && inspection.status !== 'cancelled' ? (
                    <Details summary={t('insp.subject.addEvidence')} open={Boolean(evidenceError)}>
                      <Form action={`/thanh-tra/doi-tuong/${inspected.id}/bang-chung`} csrfToken={csrf} multipart>
                        <input type="hidden" name="violationId" value={String(v.id)} />
                        <FileUpload
                          name="file"
                          id={evidenceId}
                          label={t('insp.subject.evidenceFile')}
                          accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
                          acceptText={t('insp.evidence.type')}
                          maxSizeBytes={EVIDENCE_MAX_BYTES}
                          error={evidenceError}
                          t={t}
                        />
                        <Button variant="secondary" preventDoubleClick>
                          {t('insp.subject.upload')}
                        </Button>
                      </Form>
                    </Details>
                  ) : null}
                </div>
              </div>
            );
          })}
        </section>

        {canWrite && open && groups.length ? (
          <section id={SUBJECT_CONTAINER.violation} aria-labelledby="violation-heading">
            <h2 class="govuk-heading-m" id="violation-heading">
              {t('insp.violation.title')}
            </h2>
            <Form action={`/thanh-tra/doi-tuong/${inspected.id}/vi-pham`} csrfToken={csrf} multipart>
              {containerError('violation') ? <ErrorMessage message={containerError('violation')!} t={t} /> : null}
              <Select
                name="provisionId"
                label={t('insp.violation.provision')}
                hint={t('insp.violation.provisionHint')}
                groups={groups}
                value={val('violation', 'provisionId')}
                error={err('violation', 'provisionId')}
                emptyOption
                width="full"
                t={t}
              />
              <Textarea name="description" label={t('insp.violation.description')} hint={t('insp.violation.descriptionHint')} value={val('violation', 'description')} error={err('violation', 'description')} rows={3} t={t} />
              <DateInput name="committedOn" label={t('insp.violation.committedOn')} value={val('violation', 'committedOn')} max={today} error={err('violation', 'committedOn')} t={t} />
              <FileUpload
                name="file"
                label={t('insp.violation.file')}
                hint={t('insp.subject.fileAgain')}
                accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
                acceptText={t('insp.evidence.type')}
                maxSizeBytes={EVIDENCE_MAX_BYTES}
                optional
                error={err('violation', 'file')}
                t={t}
              />
              <Button preventDoubleClick>{t('insp.violation.submit')}</Button>
            </Form>
          </section>
        ) : null}

        {view.decisions.length ? (
          <Table<SubjectView['decisions'][number]>
            t={t}
            id="decisions"
            caption={t('insp.page.decisions')}
            rows={view.decisions}
            columns={[
              {
                key: 'number',
                label: t('insp.col.penalty'),
                render: (d) => (
                  <a class="govuk-link" href={`/thanh-tra/quyet-dinh/${d.id}`}>
                    {d.number}
                  </a>
                ),
              },
              { key: 'decidedOn', label: t('insp.decision.decidedOn'), render: (d) => formatDate(d.decidedOn, locale) },
              { key: 'fineVnd', label: t('insp.col.fine'), numeric: true, render: (d) => formatVnd(d.fineVnd, locale) },
              { key: 'paidVnd', label: t('insp.col.paid'), numeric: true, render: (d) => formatVnd(d.paidVnd, locale) },
            ]}
          />
        ) : null}

        {canWrite && inspection.status !== 'cancelled' ? (
          <section id={SUBJECT_CONTAINER.penalty} aria-labelledby="penalty-heading">
            <h2 class="govuk-heading-m" id="penalty-heading">
              {t('insp.penalty.title')}
            </h2>
            {pending.length === 0 ? (
              <p class="govuk-body">{t('insp.penalty.none')}</p>
            ) : (
              <form method="post" action={`/thanh-tra/doi-tuong/${inspected.id}/quyet-dinh`} novalidate>
                <input type="hidden" name="_csrf" value={csrf} />
                {containerError('penalty') ? <ErrorMessage message={containerError('penalty')!} t={t} /> : null}
                <TextInput name="number" label={t('insp.penalty.number')} hint={t('insp.penalty.numberHint')} value={pv('number')} error={err('penalty', 'number')} width={20} spellcheck={false} t={t} />
                <DateInput name="decidedOn" label={t('insp.penalty.decidedOn')} value={pv('decidedOn')} max={today} error={err('penalty', 'decidedOn')} t={t} />
                <TextInput name="signerName" label={t('insp.penalty.signerName')} value={pv('signerName')} error={err('penalty', 'signerName')} autocomplete="off" t={t} />
                <TextInput name="signerTitle" label={t('insp.penalty.signerTitle')} hint={t('insp.penalty.signerTitleHint')} value={pv('signerTitle')} error={err('penalty', 'signerTitle')} t={t} />
                <Fieldset legend={t('insp.penalty.lines')} legendSize="s">
                  <p class="govuk-hint">{t('insp.penalty.linesHint')}</p>
                  {pending.map(({ violation: v, provision: pr }) => (
                    <div key={v.id} class="govuk-!-margin-bottom-6">
                      <TextInput
                        name={`fine-${v.id}`}
                        label={t('insp.penalty.fine', { cite: citeProvision(pr) })}
                        hint={`${v.description} — ${rangeText(t, pr, kind, locale)}`}
                        value={pv(`fine-${v.id}`)}
                        error={err('penalty', `fine-${v.id}`)}
                        inputmode="numeric"
                        width={20}
                        suffix="đồng"
                        spellcheck={false}
                        t={t}
                      />
                      <TextInput name={`reason-${v.id}`} label={t('insp.penalty.reason')} value={pv(`reason-${v.id}`)} error={err('penalty', `reason-${v.id}`)} optional t={t} />
                    </div>
                  ))}
                </Fieldset>
                <Textarea name="additionalPenalties" label={t('insp.penalty.additional')} hint={t('insp.penalty.additionalHint')} value={pv('additionalPenalties')} error={err('penalty', 'additionalPenalties')} rows={2} optional t={t} />
                <DateInput name="paymentDueOn" label={t('insp.penalty.paymentDueOn')} hint={t('insp.penalty.paymentDueOnHint')} value={pv('paymentDueOn')} error={err('penalty', 'paymentDueOn')} optional t={t} />
                <Fieldset legend={t('insp.penalty.remedies')} legendSize="s">
                  <p class="govuk-hint">{t('insp.penalty.remediesHint')}</p>
                  {Array.from({ length: REMEDY_ROWS }, (_, k) => (
                    <div key={k}>
                      <Textarea
                        name={`remedies-${k}-description`}
                        label={t('insp.penalty.remedy', { n: k + 1 })}
                        value={pv(`remedies-${k}-description`)}
                        error={err('penalty', `remedies-${k}-description`)}
                        rows={2}
                        optional
                        t={t}
                      />
                      <DateInput
                        name={`remedies-${k}-deadline`}
                        label={t('insp.penalty.remedyDeadline', { n: k + 1 })}
                        value={pv(`remedies-${k}-deadline`)}
                        error={err('penalty', `remedies-${k}-deadline`)}
                        optional
                        t={t}
                      />
                    </div>
                  ))}
                </Fieldset>
                <Button preventDoubleClick>{t('insp.penalty.submit')}</Button>
              </form>
            )}
          </section>
        ) : null}
        <p class="govuk-hint govuk-!-font-size-16">{t('insp.page.version', { version: n(inspected.version) })}</p>
      </>,
    );
  }

  app.get('/thanh-tra/doi-tuong/:id', { config: { access: { action: READ } } }, async (req, reply) => {
    const view = await loadSubject(req, (req.params as { id?: string }).id);
    return subjectPage(req, reply, view);
  });

  app.post('/thanh-tra/doi-tuong/:id/ket-qua', { config: { access: { action: WRITE } } }, async (req, reply) => {
    const t = tOf(req);
    const view = await loadSubject(req, (req.params as { id?: string }).id, WRITE);
    const b = (req.body ?? {}) as Body;
    const values = { inspectedOn: one(b, 'inspectedOn'), findings: one(b, 'findings'), outcome: one(b, 'outcome') };
    const version = positiveInt(one(b, 'version')) ?? -1;
    try {
      await recordFindings(db, actorOf(req), {
        inspectedSubjectId: view.inspected.id,
        version,
        inspectedOn: values.inspectedOn.trim() ? normaliseDateInput(values.inspectedOn) : null,
        findings: values.findings.trim(),
        outcome: values.outcome as 'pending' | 'compliant' | 'violation',
      });
      return redirectWithFlash(req, reply, `/thanh-tra/doi-tuong/${view.inspected.id}`, t('insp.subject.findingsSaved'));
    } catch (e) {
      const fresh = (await getInspectedSubjectDetail(db, view.inspected.id)) ?? view;
      if (e instanceof ValidationError) return subjectPage(req, reply, fresh, { status: 400, form: 'findings', values, version, errors: e.fields });
      if (e instanceof ConflictError) return subjectPage(req, reply, fresh, { status: 409, form: 'findings', values, conflict: e.message || t('insp.conflict.title') });
      throw e;
    }
  });

  /** Field error of an upload the server refused to read, or of a file above the evidence limit. */
  function fileSizeError(req: FastifyRequest, upload: Upload): FieldError[] {
    const t = tOf(req);
    const max = formatBytes(EVIDENCE_MAX_BYTES, req.locale);
    if (upload.tooLarge) return [{ field: 'file', message: t('insp.subject.tooLarge', { size: t('insp.subject.moreThan', { max: formatBytes(config.maxUploadBytes, req.locale) }), max }) }];
    if (upload.file && upload.file.buffer.length > EVIDENCE_MAX_BYTES) {
      const size = formatBytes(upload.file.buffer.length, req.locale);
      return [{ field: 'file', message: t('insp.subject.tooLarge', { size: size === max ? t('insp.subject.moreThan', { max }) : size, max }) }];
    }
    return [];
  }

  app.post('/thanh-tra/doi-tuong/:id/vi-pham', { config: { access: { action: WRITE } } }, async (req, reply) => {
    const t = tOf(req);
    const view = await loadSubject(req, (req.params as { id?: string }).id, WRITE);
    const upload = await readUpload(req);
    const b = upload.fields;
    const values = { provisionId: one(b, 'provisionId'), description: one(b, 'description'), committedOn: one(b, 'committedOn') };
    try {
      const tooBig = fileSizeError(req, upload);
      if (tooBig.length) throw new ValidationError(tooBig);
      const provisionId = positiveInt(values.provisionId);
      if (!provisionId) throw ValidationError.one('provisionId', t('insp.violation.provisionMissing'));
      // The violation and its evidence together: a refused file leaves no violation behind.
      const violation = await db.transaction(async (tx) => {
        const v = await recordViolation(tx, actorOf(req), {
          inspectedSubjectId: view.inspected.id,
          provisionId,
          description: values.description.trim(),
          committedOn: normaliseDateInput(values.committedOn),
        });
        if (upload.file) await addEvidence(tx, files, actorOf(req), { violationId: v.id, buffer: upload.file.buffer, originalName: upload.file.name });
        return v;
      });
      const cited = (await provisionChoices(view)).find((x) => x.id === violation.provisionId);
      return redirectWithFlash(req, reply, `/thanh-tra/doi-tuong/${view.inspected.id}`, t('insp.violation.saved', { cite: cited ? citeProvision(cited) : String(violation.provisionId) }));
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      const fresh = (await getInspectedSubjectDetail(db, view.inspected.id)) ?? view;
      return subjectPage(req, reply, fresh, { status: 400, form: 'violation', values, errors: dedupe(e.fields) });
    }
  });

  app.post('/thanh-tra/doi-tuong/:id/bang-chung', { config: { access: { action: WRITE } } }, async (req, reply) => {
    const t = tOf(req);
    const view = await loadSubject(req, (req.params as { id?: string }).id, WRITE);
    const upload = await readUpload(req);
    const violationId = positiveInt(one(upload.fields, 'violationId'));
    const target = view.violations.find((v) => v.violation.id === violationId);
    if (!target) throw new NotFoundError();
    try {
      const tooBig = fileSizeError(req, upload);
      if (tooBig.length) throw new ValidationError(tooBig);
      if (!upload.file) throw ValidationError.one('file', t('insp.subject.noFile'));
      const row = await addEvidence(db, files, actorOf(req), { violationId: target.violation.id, buffer: upload.file.buffer, originalName: upload.file.name });
      return redirectWithFlash(req, reply, `/thanh-tra/doi-tuong/${view.inspected.id}`, t('insp.subject.evidenceAdded', { name: row.originalName }));
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      const fresh = (await getInspectedSubjectDetail(db, view.inspected.id)) ?? view;
      return subjectPage(req, reply, fresh, { status: 400, form: 'evidence', violationId: target.violation.id, errors: e.fields });
    }
  });

  app.post('/thanh-tra/doi-tuong/:id/quyet-dinh', { config: { access: { action: WRITE } } }, async (req, reply) => {
    const t = tOf(req);
    const view = await loadSubject(req, (req.params as { id?: string }).id, WRITE);
    const b = (req.body ?? {}) as Body;
    const pending = unpenalised(view);
    const values: Record<string, string> = {};
    for (const k of ['number', 'decidedOn', 'signerName', 'signerTitle', 'additionalPenalties', 'paymentDueOn']) values[k] = one(b, k);
    for (const v of pending) {
      values[`fine-${v.violation.id}`] = one(b, `fine-${v.violation.id}`);
      values[`reason-${v.violation.id}`] = one(b, `reason-${v.violation.id}`);
    }
    for (let k = 0; k < REMEDY_ROWS; k++) {
      values[`remedies-${k}-description`] = one(b, `remedies-${k}-description`);
      values[`remedies-${k}-deadline`] = one(b, `remedies-${k}-deadline`);
    }
    const parseErrors: FieldError[] = [];
    const lineOf: number[] = [];
    const lines: PenaltyInput['lines'] = [];
    for (const { violation: v } of pending) {
      const raw = values[`fine-${v.id}`]!.trim();
      if (raw === '') continue;
      const fine = parseWholeVnd(raw);
      if (fine === undefined) parseErrors.push({ field: `fine-${v.id}`, message: t('insp.penalty.fineInvalid') });
      lineOf.push(v.id);
      lines.push({ violationId: v.id, fineVnd: fine ?? 0, outOfRangeReason: values[`reason-${v.id}`]!.trim() || null });
    }
    const remedyOf: number[] = [];
    const remedies: PenaltyInput['remedies'] = [];
    for (let k = 0; k < REMEDY_ROWS; k++) {
      const description = values[`remedies-${k}-description`]!.trim();
      const deadline = values[`remedies-${k}-deadline`]!.trim();
      if (!description && !deadline) continue;
      remedyOf.push(k);
      remedies.push({ description, deadline: normaliseDateInput(deadline) });
    }
    const firstFine = pending[0] ? `fine-${pending[0].violation.id}` : SUBJECT_CONTAINER.penalty;
    const toIds = (fields: readonly FieldError[]) =>
      fields.map((e) => {
        const line = /^lines\.(\d+)\.(\w+)$/.exec(e.field);
        if (line) {
          const vid = lineOf[Number(line[1])];
          return { ...e, field: vid === undefined ? firstFine : `${line[2] === 'outOfRangeReason' ? 'reason' : 'fine'}-${vid}` };
        }
        if (e.field === 'lines') return { ...e, field: firstFine };
        const rem = /^remedies\.(\d+)\.(description|deadline)$/.exec(e.field);
        if (rem) return { ...e, field: `remedies-${remedyOf[Number(rem[1])] ?? 0}-${rem[2]}` };
        return e;
      });
    try {
      if (parseErrors.length) throw new ValidationError(parseErrors);
      const row = await issuePenaltyDecision(db, actorOf(req), {
        inspectedSubjectId: view.inspected.id,
        number: values.number!.trim(),
        decidedOn: normaliseDateInput(values.decidedOn),
        signerName: values.signerName!.trim(),
        signerTitle: values.signerTitle!.trim(),
        lines,
        additionalPenalties: values.additionalPenalties!.trim() || null,
        paymentDueOn: values.paymentDueOn!.trim() ? normaliseDateInput(values.paymentDueOn) : null,
        remedies,
      });
      return redirectWithFlash(req, reply, `/thanh-tra/quyet-dinh/${row.id}`, t('insp.penalty.issued', { number: row.number }));
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      const fresh = (await getInspectedSubjectDetail(db, view.inspected.id)) ?? view;
      return subjectPage(req, reply, fresh, { status: 400, form: 'penalty', values, errors: dedupe(toIds(e.fields)) });
    }
  });

  /* ---------------------------------------------------------------- the penalty decision */

  type DecisionForm = 'payment' | 'remedy';
  interface DecisionPageState extends FormState {
    form?: DecisionForm;
    values?: Record<string, string>;
    remedyId?: number;
  }

  async function decisionPage(req: FastifyRequest, reply: FastifyReply, view: DecisionView, state: DecisionPageState = {}) {
    const t = tOf(req);
    const locale = req.locale;
    const p = req.principal!;
    const { decision: d, inspection, subject } = view;
    const canWrite = can(p, WRITE, d.orgUnitId);
    const today = todayVn();
    const csrf = req.csrfToken();
    const form = state.form;
    const n = (x: number) => formatInteger(x, locale);
    const unit = await getOrgUnit(db, d.orgUnitId);
    const errors = state.errors ?? [];
    const paymentIds = ['paidOn', 'amountVnd', 'receiptNumber'];
    const remedyShown = view.remedies.some((r) => r.id === state.remedyId && !r.doneOn);
    const summaryErrors =
      form === 'payment'
        ? errors.map((e) => (!(canWrite && view.remainingVnd > 0) ? { ...e, field: 'nop-phat' } : paymentIds.includes(e.field) ? e : { ...e, field: 'paidOn' }))
        : form === 'remedy' && state.remedyId !== undefined
          ? errors.map((e) => ({ ...e, field: !(canWrite && remedyShown) ? 'khac-phuc' : e.field === 'note' ? `note-${state.remedyId}` : `doneOn-${state.remedyId}` }))
          : [];
    const err = (id: string) => errorOf(summaryErrors, id);
    const val = (k: string) => state.values?.[k] ?? '';
    const overdue = view.remainingVnd > 0 && d.paymentDueOn < today;
    const kind = (SUBJECT_KINDS as readonly string[]).includes(subject.kind) ? (subject.kind as SubjectKind) : 'individual';
    const title = t('insp.decision.title', { number: d.number });
    const remedyState = (r: DecisionView['remedies'][number]) => (r.doneOn ? 'done' : r.deadline < today ? 'overdue' : 'pending');
    return sendPage(
      req,
      reply,
      config,
      {
        title,
        status: state.status,
        hasErrors: summaryErrors.length > 0,
        breadcrumbs: crumbs(t, { href: `/thanh-tra/${inspection.id}`, label: inspection.decisionNumber }, { href: `/thanh-tra/doi-tuong/${view.inspected.id}`, label: subject.name }, { label: d.number }),
      },
      <>
        {state.conflict ? <Conflict t={t} message={state.conflict} href="#khac-phuc" /> : <ErrorSummary errors={summaryErrors} t={t} />}
        <span class="govuk-caption-l">{unit?.name}</span>
        <h1 class="govuk-heading-l">{title}</h1>
        <p class="govuk-body">
          <a class="govuk-link" href={`/thanh-tra/quyet-dinh/${d.id}/ban-in`}>
            {t('insp.decision.print')}
          </a>
        </p>
        {overdue ? <WarningText t={t}>{t('insp.decision.overdue', { n: n(daysBetween(d.paymentDueOn, today)), amount: formatVnd(view.remainingVnd, locale) })}</WarningText> : null}
        <SummaryList
          rows={[
            {
              key: t('insp.decision.subject'),
              value: (
                <a class="govuk-link" href={`/thanh-tra/doi-tuong/${view.inspected.id}`}>
                  {subject.name}
                  {identifierOf(subject) ? ` (${identifierOf(subject)})` : ''}
                </a>
              ),
            },
            {
              key: t('insp.decision.inspection'),
              value: (
                <a class="govuk-link" href={`/thanh-tra/${inspection.id}`}>
                  {inspection.decisionNumber} – {inspection.title}
                </a>
              ),
            },
            { key: t('insp.decision.decidedOn'), value: formatDate(d.decidedOn, locale) },
            { key: t('insp.decision.signer'), value: `${d.signerName}, ${d.signerTitle}` },
            { key: t('insp.decision.total'), value: formatVnd(d.fineVnd, locale) },
            { key: t('insp.decision.paid'), value: formatVnd(view.paidVnd, locale) },
            {
              key: t('insp.decision.remaining'),
              value: view.remainingVnd > 0 ? formatVnd(view.remainingVnd, locale) : <Tag colour="green">{t('insp.decision.paidInFull')}</Tag>,
            },
            {
              key: t('insp.decision.dueOn'),
              value: (
                <>
                  {formatDate(d.paymentDueOn, locale)} {overdue ? <Tag colour="red">{t('insp.decision.remedy.overdue')}</Tag> : null}
                </>
              ),
            },
            ...(d.additionalPenalties ? [{ key: t('insp.decision.additional'), value: d.additionalPenalties }] : []),
          ]}
        />
        <Table<DecisionView['lines'][number]>
          t={t}
          id="lines"
          caption={t('insp.decision.lines')}
          rows={view.lines}
          columns={[
            {
              key: 'citation',
              label: t('insp.decision.citation'),
              render: (l) => (
                <>
                  {citeProvision(l.provision)}
                  {l.provision.verified ? null : (
                    <>
                      {' '}
                      <Tag colour="orange">{t('insp.subject.unverified')}</Tag>
                    </>
                  )}
                  <div class="govuk-hint govuk-!-font-size-16 govuk-!-margin-bottom-0">{rangeText(t, l.provision, kind, locale)}</div>
                </>
              ),
            },
            {
              key: 'act',
              label: t('insp.decision.act'),
              render: (l) => (
                <>
                  {l.violation.description}
                  {l.line.outOfRangeReason ? <div class="govuk-hint govuk-!-font-size-16 govuk-!-margin-bottom-0">{t('insp.decision.outOfRange', { reason: l.line.outOfRangeReason })}</div> : null}
                </>
              ),
            },
            { key: 'fine', label: t('insp.decision.lineFine'), numeric: true, nowrap: true, render: (l) => formatVnd(l.line.fineVnd, locale) },
          ]}
        />
        <h2 class="govuk-heading-m" id="nop-phat">
          {t('insp.decision.payments')}
        </h2>
        <Table<DecisionView['payments'][number]>
          t={t}
          id="payments"
          caption={t('insp.decision.payments')}
          captionHidden
          rows={view.payments}
          empty={{ title: t('insp.decision.noPayments') }}
          columns={[
            { key: 'paidOn', label: t('insp.decision.paidOn'), render: (x) => formatDate(x.paidOn, locale) },
            { key: 'receiptNumber', label: t('insp.decision.receipt') },
            { key: 'amountVnd', label: t('insp.decision.amount'), numeric: true, nowrap: true, render: (x) => formatVnd(x.amountVnd, locale) },
          ]}
        />
        {canWrite && view.remainingVnd > 0 ? (
          <Details summary={t('insp.decision.recordPayment')} open={form === 'payment'}>
            <form method="post" action={`/thanh-tra/quyet-dinh/${d.id}/nop-phat`} novalidate>
              <input type="hidden" name="_csrf" value={csrf} />
              <DateInput name="paidOn" label={t('insp.decision.paidOn')} value={form === 'payment' ? val('paidOn') : ''} max={today} error={err('paidOn')} t={t} />
              <TextInput
                name="amountVnd"
                label={t('insp.decision.amount')}
                hint={t('insp.decision.amountHint')}
                value={form === 'payment' ? val('amountVnd') : ''}
                error={err('amountVnd')}
                inputmode="numeric"
                width={20}
                suffix="đồng"
                spellcheck={false}
                t={t}
              />
              <TextInput name="receiptNumber" label={t('insp.decision.receipt')} value={form === 'payment' ? val('receiptNumber') : ''} error={err('receiptNumber')} width={20} spellcheck={false} t={t} />
              <Button preventDoubleClick>{t('insp.decision.recordPayment')}</Button>
            </form>
          </Details>
        ) : null}
        <h2 class="govuk-heading-m" id="khac-phuc">
          {t('insp.decision.remedies')}
        </h2>
        {view.remedies.length === 0 ? <p class="govuk-body">{t('insp.decision.noRemedies')}</p> : null}
        {view.remedies.map((r) => {
          const s = remedyState(r);
          const mine = form === 'remedy' && state.remedyId === r.id;
          return (
            <div class="govuk-summary-card" key={r.id}>
              <div class="govuk-summary-card__title-wrapper">
                <h3 class="govuk-summary-card__title">{r.description}</h3>
              </div>
              <div class="govuk-summary-card__content">
                <SummaryList
                  rows={[
                    { key: t('insp.col.deadline'), value: formatDate(r.deadline, locale) },
                    {
                      key: t('insp.decision.remedyStatus'),
                      value: (
                        <Tag colour={s === 'done' ? 'green' : s === 'overdue' ? 'red' : 'blue'}>
                          {s === 'done' ? t('insp.decision.remedy.done', { date: formatDate(r.doneOn, locale) }) : t(`insp.decision.remedy.${s}`)}
                        </Tag>
                      ),
                    },
                    ...(r.doneNote ? [{ key: t('insp.decision.doneNote'), value: r.doneNote }] : []),
                  ]}
                />
                {canWrite && !r.doneOn ? (
                  <Details summary={t('insp.decision.markDone')} open={mine}>
                    <form method="post" action={`/thanh-tra/quyet-dinh/${d.id}/khac-phuc`} novalidate>
                      <input type="hidden" name="_csrf" value={csrf} />
                      <input type="hidden" name="remedyId" value={String(r.id)} />
                      <input type="hidden" name="version" value={String(r.version)} />
                      <DateInput name="doneOn" id={`doneOn-${r.id}`} label={t('insp.decision.doneOn')} value={mine ? val('doneOn') : ''} max={today} error={mine ? err(`doneOn-${r.id}`) : undefined} t={t} />
                      <Textarea name="note" id={`note-${r.id}`} label={t('insp.decision.doneNote')} value={mine ? val('note') : ''} error={mine ? err(`note-${r.id}`) : undefined} rows={2} optional t={t} />
                      <Button variant="secondary" preventDoubleClick>
                        {t('insp.decision.markDone')}
                      </Button>
                    </form>
                  </Details>
                ) : null}
              </div>
            </div>
          );
        })}
        <p class="govuk-body">
          <a class="govuk-link" href={`/thanh-tra/doi-tuong/${view.inspected.id}`}>
            {t('insp.decision.back')}
          </a>
        </p>
      </>,
    );
  }

  app.get('/thanh-tra/quyet-dinh/:id', { config: { access: { action: READ } } }, async (req, reply) => {
    const view = await loadDecision(req, (req.params as { id?: string }).id);
    return decisionPage(req, reply, view);
  });

  app.post('/thanh-tra/quyet-dinh/:id/nop-phat', { config: { access: { action: WRITE } } }, async (req, reply) => {
    const t = tOf(req);
    const view = await loadDecision(req, (req.params as { id?: string }).id, WRITE);
    const b = (req.body ?? {}) as Body;
    const values = { paidOn: one(b, 'paidOn'), amountVnd: one(b, 'amountVnd'), receiptNumber: one(b, 'receiptNumber') };
    try {
      const amount = parseWholeVnd(values.amountVnd);
      if (amount === undefined || amount <= 0) throw ValidationError.one('amountVnd', t('insp.decision.amountInvalid'));
      const row = await recordPayment(db, actorOf(req), {
        decisionId: view.decision.id,
        paidOn: normaliseDateInput(values.paidOn),
        amountVnd: amount,
        receiptNumber: values.receiptNumber.trim(),
      });
      return redirectWithFlash(req, reply, `/thanh-tra/quyet-dinh/${view.decision.id}`, t('insp.decision.paymentSaved', { amount: formatVnd(row.amountVnd, req.locale) }));
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      const fresh = (await getDecisionDetail(db, view.decision.id)) ?? view;
      return decisionPage(req, reply, fresh, { status: 400, form: 'payment', values, errors: e.fields });
    }
  });

  app.post('/thanh-tra/quyet-dinh/:id/khac-phuc', { config: { access: { action: WRITE } } }, async (req, reply) => {
    const t = tOf(req);
    const view = await loadDecision(req, (req.params as { id?: string }).id, WRITE);
    const b = (req.body ?? {}) as Body;
    const remedy = view.remedies.find((r) => String(r.id) === one(b, 'remedyId').trim());
    if (!remedy) throw new NotFoundError();
    const values = { doneOn: one(b, 'doneOn'), note: one(b, 'note') };
    const version = positiveInt(one(b, 'version')) ?? -1;
    try {
      await markRemedyDone(db, actorOf(req), { remedyId: remedy.id, version, doneOn: normaliseDateInput(values.doneOn), note: values.note.trim() });
      return redirectWithFlash(req, reply, `/thanh-tra/quyet-dinh/${view.decision.id}`, t('insp.decision.remedySaved'));
    } catch (e) {
      const fresh = (await getDecisionDetail(db, view.decision.id)) ?? view;
      if (e instanceof ValidationError) return decisionPage(req, reply, fresh, { status: 400, form: 'remedy', remedyId: remedy.id, values, errors: e.fields });
      if (e instanceof ConflictError) return decisionPage(req, reply, fresh, { status: 409, form: 'remedy', remedyId: remedy.id, values, conflict: e.message || t('insp.conflict.title') });
      throw e;
    }
  });

  /** The decision as printed: Decree 30/2020 header (agency left, national motto right), number, place-date line. */
  app.get('/thanh-tra/quyet-dinh/:id/ban-in', { config: { access: { action: READ } } }, async (req, reply) => {
    const view = await loadDecision(req, (req.params as { id?: string }).id);
    reply.header('cache-control', 'no-store');
    return reply.type('text/html; charset=utf-8').send(await decisionPrintHtml(db, view));
  });

  /* ---------------------------------------------------------------- evidence files */

  app.get('/thanh-tra/bang-chung/:id', { config: { access: { action: READ } } }, async (req, reply) => {
    const rawId = (req.params as { id?: string }).id;
    const id = positiveInt(String(rawId ?? ''));
    const [row] = id
      ? await db
          .select({ evidence: violationEvidence, orgUnitId: inspections.orgUnitId })
          .from(violationEvidence)
          .innerJoin(violations, eq(violations.id, violationEvidence.violationId))
          .innerJoin(inspectedSubjects, eq(inspectedSubjects.id, violations.inspectedSubjectId))
          .innerJoin(inspections, eq(inspections.id, inspectedSubjects.inspectionId))
          .where(eq(violationEvidence.id, id))
      : [];
    await authorizeRecord(req, database, READ, row?.orgUnitId ?? null, { entity: 'violation_evidence', entityId: String(rawId ?? '').slice(0, 40) });
    if (!row) throw new NotFoundError();
    const ev = row.evidence;
    const bytes = await files.get(ev.fileSha256);
    const ascii = ev.originalName.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 100) || 'bang-chung';
    return reply
      .type(ev.mediaType)
      .header('cache-control', 'private, no-store')
      .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(ev.originalName)}`)
      .send(bytes);
  });

  /* ---------------------------------------------------------------- JSON API */

  const IdParams = z.object({ id: z.coerce.number().int().positive().max(2 ** 31 - 1) });
  const ListQuery = z.object({
    year: z.coerce.number().int().min(1990).max(2100).optional(),
    field: z.enum(FIELDS).optional(),
    status: z.enum(INSPECTION_STATUSES).optional(),
    kind: z.enum(INSPECTION_KINDS).optional(),
    orgUnitId: z.coerce.number().int().positive().optional().describe('running unit, within the caller’s scope'),
    q: z.string().max(100).optional().describe('decision number or title, diacritics ignored'),
    page: z.coerce.number().int().positive().max(100_000).optional(),
    pageSize: z.coerce.number().int().positive().max(200).optional(),
  });
  const InspectionBody = z.object({
    orgUnitId: z.number().int().positive().optional().describe('running unit; default the caller’s unit'),
    decisionNumber: z.string().max(200),
    decisionDate: z.string().max(20).describe('YYYY-MM-DD, not after today'),
    mode: z.string().max(20).describe('inspection | check'),
    kind: z.string().max(20).describe('planned | unannounced | complaint | follow_up'),
    field: z.string().max(30).describe('environment | land | water | minerals | hydrometeorology | surveying'),
    title: z.string().max(2000),
    team: z.array(z.object({ name: z.string().max(200), role: z.string().max(200) })).max(20).describe('the head first'),
    startsOn: z.string().max(20),
    endsOn: z.string().max(20),
  });

  app.get(
    '/api/v1/inspections',
    { config: { access: { action: READ } }, schema: { tags: ['inspections'], summary: 'Inspections of the caller’s scope, newest decision first', querystring: ListQuery } },
    async (req) => {
      const q = req.query as z.infer<typeof ListQuery>;
      const pageSize = q.pageSize ?? PAGE_SIZE;
      const page = q.page ?? 1;
      const r = await listInspections(db, req.principal!.scope, { ...q, page, pageSize });
      return { total: r.total, page, pageSize, items: r.rows };
    },
  );

  app.get(
    '/api/v1/inspections/:id',
    { config: { access: { action: READ } }, schema: { tags: ['inspections'], summary: 'One inspection with its subjects and penalty decisions (404 outside the caller’s scope)', params: IdParams } },
    async (req) => {
      const v = await loadInspection(req, (req.params as { id: number }).id);
      return {
        ...v.inspection,
        orgUnit: v.orgUnit,
        level: levelOfOrgUnitKind(v.orgUnit.kind),
        subjects: v.subjects.map((s) => ({
          id: s.inspected.id,
          subject: { id: s.subject.id, kind: s.subject.kind, name: s.subject.name, taxCode: s.subject.taxCode, idNumber: s.subject.idNumber },
          facility: s.facility ? { id: s.facility.id, name: s.facility.name } : null,
          inspectedOn: s.inspected.inspectedOn,
          outcome: s.inspected.outcome,
          version: s.inspected.version,
          violations: s.violations,
          decisions: s.decisions,
        })),
      };
    },
  );

  app.post(
    '/api/v1/inspections',
    {
      config: { access: { action: WRITE } },
      schema: { tags: ['inspections'], summary: 'Create an inspection (400 with the refused fields, as every API of the system)', body: InspectionBody },
    },
    async (req, reply) => {
      const b = req.body as z.infer<typeof InspectionBody>;
      const orgUnitId = b.orgUnitId ?? req.principal!.orgUnitId;
      const input: InspectionInput = { ...b, orgUnitId };
      const errors = [...unitErrors(req, orgUnitId), ...validateInspection(input, todayVn())];
      if (errors.length) throw new ValidationError(dedupe(errors));
      const row = await createInspection(db, actorOf(req), input);
      return reply.status(201).send(row);
    },
  );

  app.get(
    '/api/v1/penalty-decisions/:id',
    { config: { access: { action: READ } }, schema: { tags: ['inspections'], summary: 'One penalty decision: lines, payments, remedies (404 outside the caller’s scope)', params: IdParams } },
    async (req) => {
      const v = await loadDecision(req, (req.params as { id: number }).id);
      return {
        ...v.decision,
        inspection: { id: v.inspection.id, decisionNumber: v.inspection.decisionNumber, title: v.inspection.title },
        subject: { id: v.subject.id, kind: v.subject.kind, name: v.subject.name, taxCode: v.subject.taxCode, idNumber: v.subject.idNumber },
        lines: v.lines.map((l) => ({
          violationId: l.violation.id,
          citation: citeProvision(l.provision),
          provisionId: l.provision.id,
          verified: l.provision.verified,
          description: l.violation.description,
          committedOn: l.violation.committedOn,
          fineVnd: l.line.fineVnd,
          outOfRangeReason: l.line.outOfRangeReason,
        })),
        payments: v.payments.map((x) => ({ id: x.id, paidOn: x.paidOn, amountVnd: x.amountVnd, receiptNumber: x.receiptNumber })),
        remedies: v.remedies.map((r) => ({ id: r.id, description: r.description, deadline: r.deadline, doneOn: r.doneOn, doneNote: r.doneNote, version: r.version })),
        paidVnd: v.paidVnd,
        remainingVnd: v.remainingVnd,
      };
    },
  );

  app.get(
    '/api/v1/inspection-queues',
    { config: { access: { action: READ } }, schema: { tags: ['inspections'], summary: 'Overdue fines and overdue remedial measures in the caller’s scope' } },
    async (req) => {
      const today = todayVn();
      const [payments, remedies] = await Promise.all([overduePayments(db, req.principal!.scope, today), overdueRemedies(db, req.principal!.scope, today)]);
      return { today, overduePayments: payments, overdueRemedies: remedies };
    },
  );
}

/** The decision column of the queues: number linked, date beneath. */
function decisionColumn(t: T, locale: 'vi' | 'en') {
  return {
    key: 'number',
    label: t('insp.col.penalty'),
    nowrap: true,
    render: (r: QueueRow) => (
      <>
        <a class="govuk-link" href={`/thanh-tra/quyet-dinh/${r.decisionId}`}>
          {r.number}
        </a>
        <div class="govuk-hint govuk-!-font-size-16 govuk-!-margin-bottom-0">{formatDate(r.decidedOn, locale)}</div>
      </>
    ),
  };
}

/** One message per field and text (a command and the page may report the same problem). */
function dedupe(errors: readonly FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const k = `${e.field}|${e.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * The printed penalty decision (Vietnamese whatever the interface language: it is a legal document), laid out as
 * Decree 30/2020/NĐ-CP asks, with the print stylesheet of the one-stop desk's forms.
 */
export async function decisionPrintHtml(db: DbOrTx, view: DecisionView): Promise<string> {
  const d = view.decision;
  const agency = await agencyOf(db, d.orgUnitId);
  const kind = (SUBJECT_KINDS as readonly string[]).includes(view.subject.kind) ? (view.subject.kind as SubjectKind) : 'individual';
  const who = kind === 'organisation' ? 'Tổ chức' : 'Ông (bà)/hộ';
  return `<!doctype html>${render(
    <html lang="vi">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`Quyết định xử phạt vi phạm hành chính – ${d.number}`}</title>
        <link rel="stylesheet" href="/assets/print-forms.css" />
      </head>
      <body class="pf-body">
        <nav class="pf-toolbar" aria-label="Thao tác với quyết định">
          <a class="pf-toolbar__link" href={`/thanh-tra/quyet-dinh/${d.id}`}>
            Quay lại
          </a>
          <span class="pf-toolbar__hint">
            Để in: nhấn <kbd>Ctrl</kbd> + <kbd>P</kbd> (máy Mac: <kbd>⌘</kbd> + <kbd>P</kbd>), chọn khổ giấy A4.
          </span>
        </nav>
        <main class="pf-main">
          <article class="pf-sheet pf-sheet--a4" aria-label="Quyết định xử phạt vi phạm hành chính">
            <header class="pf-header">
              <div class="pf-agency">
                <p class="pf-agency__superior">{agency.superior}</p>
                <p class="pf-agency__issuer">
                  {agency.issuer.map((line, k) => (
                    <span class="pf-agency__line" key={k}>
                      {line}
                    </span>
                  ))}
                </p>
                <span class="pf-rule" aria-hidden="true" />
                <p class="pf-number">Số: {d.number}</p>
              </div>
              <div class="pf-motto">
                <p class="pf-motto__nation">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p>
                <p class="pf-motto__slogan">
                  <span>Độc lập - Tự do - Hạnh phúc</span>
                </p>
                <p class="pf-place-date">{placeDateLine(agency.place, d.decidedOn)}</p>
              </div>
            </header>
            <h1 class="pf-title">QUYẾT ĐỊNH</h1>
            <p class="pf-subtitle">
              <strong>Xử phạt vi phạm hành chính</strong>
            </p>
            <div class="pf-content">
              <p class="pf-para pf-para--indent">
                Căn cứ kết quả {view.inspection.mode === 'inspection' ? 'thanh tra' : 'kiểm tra'} theo Quyết định số {view.inspection.decisionNumber} ngày {formatDate(view.inspection.decisionDate)} về việc{' '}
                {`${view.inspection.title.charAt(0).toLocaleLowerCase('vi')}${view.inspection.title.slice(1)};`}
              </p>
              <p class="pf-para pf-para--center">
                <strong>QUYẾT ĐỊNH:</strong>
              </p>
              <p class="pf-para pf-para--indent">
                <strong>Điều 1.</strong> Xử phạt vi phạm hành chính đối với {who}: <strong>{view.subject.name}</strong>
                {view.subject.taxCode ? `; mã số thuế: ${view.subject.taxCode}` : ''}
                {view.subject.idNumber ? `; số định danh cá nhân: ${view.subject.idNumber}` : ''}
                {view.subject.address ? `; địa chỉ: ${view.subject.address}` : ''}, về các hành vi vi phạm sau:
              </p>
              <table class="pf-table">
                <thead>
                  <tr>
                    <th scope="col">TT</th>
                    <th scope="col">Hành vi vi phạm</th>
                    <th scope="col">Căn cứ</th>
                    <th scope="col">Mức phạt</th>
                  </tr>
                </thead>
                <tbody>
                  {view.lines.map((l, k) => (
                    <tr key={l.line.id}>
                      <td class="pf-center">{k + 1}</td>
                      <td>{l.violation.description}</td>
                      <td>{citeProvision(l.provision)}</td>
                      <td class="pf-right">{formatVnd(l.line.fineVnd)}</td>
                    </tr>
                  ))}
                  <tr>
                    <td />
                    <td>
                      <strong>Tổng cộng</strong>
                    </td>
                    <td />
                    <td class="pf-right">
                      <strong>{formatVnd(d.fineVnd)}</strong>
                    </td>
                  </tr>
                </tbody>
              </table>
              {d.additionalPenalties ? (
                <p class="pf-para pf-para--indent">Hình thức xử phạt bổ sung: {d.additionalPenalties}.</p>
              ) : null}
              {view.remedies.length ? (
                <>
                  <p class="pf-para pf-para--indent">Biện pháp khắc phục hậu quả:</p>
                  <ol class="pf-list">
                    {view.remedies.map((r) => (
                      <li key={r.id}>
                        {r.description} (thời hạn thực hiện: đến ngày {formatDate(r.deadline)})
                      </li>
                    ))}
                  </ol>
                </>
              ) : null}
              <p class="pf-para pf-para--indent">
                <strong>Điều 2.</strong> {who} {view.subject.name} phải nộp tiền phạt {formatVnd(d.fineVnd)} vào tài khoản của Kho bạc Nhà nước chậm nhất đến ngày{' '}
                {formatDate(d.paymentDueOn)}. Quá thời hạn này mà không chấp hành thì bị cưỡng chế thi hành theo quy định của pháp luật.
              </p>
            </div>
            <div class="pf-signatures pf-signatures--one">
              <div />
              <div class="pf-signer">
                <p class="pf-signer__title">{d.signerTitle.toLocaleUpperCase('vi')}</p>
                <p class="pf-signer__hint">(Ký, ghi rõ họ tên, đóng dấu)</p>
                <p class="pf-signer__name">{d.signerName}</p>
              </div>
            </div>
          </article>
        </main>
      </body>
    </html>,
  )}`;
}
