import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { can } from '../../core/access.js';
import { NotFoundError, ValidationError } from '../../core/errors.js';
import { formatDate, formatInteger, formatVnd } from '../../core/format/index.js';
import { type AppContext, actorOf, redirectWithFlash } from '../../core/http.js';
import { sendPage, tOf } from '../../core/render.js';
import { normaliseDateInput } from '../../core/validation.js';
import {
  Button,
  ButtonGroup,
  DateInput,
  ErrorSummary,
  type FieldError,
  FileUpload,
  Form,
  Select,
  SummaryList,
  Table,
  TableFilter,
  Tag,
  TextInput,
} from '../../ui/index.js';
import {
  getProcedure,
  isIsoDate,
  listProcedures,
  listProcedureVersions,
  type ProcedureRecord,
  stepsTotal,
  TIME_LIMIT_UNITS,
  todayVn,
} from './catalogue.js';
import {
  DOCUMENT_FORM_LABELS,
  FIELD_LABELS,
  formatTimeLimit,
  LEVEL_LABELS,
  labelOf,
  STEP_ACTOR_LABELS,
} from './catalogue-messages.js';
import { COLUMN_HEADERS, exportCatalogueXlsx, type ImportRejection, importCatalogueXlsx, XLSX_CONTENT_TYPE } from './catalogue-xlsx.js';
import { FIELDS, LEVELS } from './model.js';
import './policies.js';

/*
 * Pages and API of the procedure catalogue. Each route: access (config) → validate input → query or command → view.
 *   GET  /thu-tuc                 list in force on a date, filters field / level / search (procedure.read)
 *   GET  /thu-tuc/xuat.xlsx       the same list as XLSX (procedure.read)
 *   GET  /thu-tuc/nhap            upload form (procedure.manage)
 *   POST /thu-tuc/nhap            import (multipart; CSRF token in the query string) (procedure.manage)
 *   GET  /thu-tuc/:id             one version: summary, documents, steps, the code's versions (procedure.read)
 *   GET  /api/v1/procedures       JSON list (procedure.read)
 *   GET  /api/v1/procedures/:id   JSON version (procedure.read)
 * Navigation is registered by the module that calls registerCatalogueRoutes.
 */

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const READ = { access: { action: 'procedure.read' } } as const;
const MANAGE = { access: { action: 'procedure.manage' } } as const;

const RequiredDocumentSchema = z.object({ name: z.string(), form: z.string(), quantity: z.number() });
const StepSchema = z.object({ name: z.string(), actor: z.string(), limitValue: z.number(), limitUnit: z.string() });
const ProcedureSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  field: z.string(),
  level: z.string(),
  handlingOrgUnitId: z.number().int().nullable(),
  handlingOrgUnitCode: z.string().nullable(),
  handlingOrgUnitName: z.string().nullable(),
  timeLimitValue: z.number(),
  timeLimitUnit: z.enum(TIME_LIMIT_UNITS),
  difficultAreaExtraDays: z.number().int(),
  feeVnd: z.number().int(),
  feeNote: z.string().nullable(),
  legalBasis: z.string(),
  requiredDocuments: z.array(RequiredDocumentSchema),
  steps: z.array(StepSchema),
  validFrom: z.string(),
  validTo: z.string().nullable(),
});
const ListQuery = z.object({
  date: z.string().regex(ISO_DATE, 'YYYY-MM-DD').refine(isIsoDate, 'not a calendar date').optional(),
  field: z.enum(FIELDS).optional(),
  level: z.enum(LEVELS).optional(),
  q: z.string().max(200).optional(),
});
const IdParams = z.object({ id: z.coerce.number().int().positive() });

interface ListParams {
  date: string;
  field: string;
  level: string;
  q: string;
}

/** The list page's filters from its query string; anything invalid falls back to "all" / today. */
function listParams(query: unknown): ListParams {
  const q = (query ?? {}) as Record<string, unknown>;
  const one = (k: string) => (typeof q[k] === 'string' ? (q[k] as string).trim() : '');
  const date = normaliseDateInput(one('ngay'));
  return {
    date: isIsoDate(date) ? date : todayVn(),
    field: (FIELDS as readonly string[]).includes(one('linhvuc')) ? one('linhvuc') : '',
    level: (LEVELS as readonly string[]).includes(one('cap')) ? one('cap') : '',
    q: one('q').slice(0, 200),
  };
}

export function registerCatalogueRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { database, config } = ctx;

  const crumbs = (req: FastifyRequest, last?: string) => {
    const t = tOf(req);
    return [
      { href: '/', label: t('nav.home') },
      ...(last ? [{ href: '/thu-tuc', label: t('catalogue.title') }, { label: last }] : [{ label: t('catalogue.title') }]),
    ];
  };

  app.get('/thu-tuc', { config: READ }, async (req, reply) => {
    const t = tOf(req);
    const locale = req.locale;
    const p = listParams(req.query);
    const rows = await listProcedures(database.db, { date: p.date, field: p.field || undefined, level: p.level || undefined, q: p.q || undefined });
    const query = { ngay: p.date === todayVn() ? undefined : p.date, linhvuc: p.field || undefined, cap: p.level || undefined, q: p.q || undefined };
    const exportHref = `/thu-tuc/xuat.xlsx?ngay=${p.date}`;
    return sendPage(
      req,
      reply,
      config,
      { title: t('catalogue.title'), breadcrumbs: crumbs(req) },
      <>
        <h1 class="govuk-heading-l">{t('catalogue.title')}</h1>
        <ButtonGroup>
          <Button href={exportHref} variant="secondary">
            {t('catalogue.download')}
          </Button>
          {can(req.principal, 'procedure.manage') ? (
            <Button href="/thu-tuc/nhap" variant="secondary">
              {t('catalogue.import')}
            </Button>
          ) : null}
        </ButtonGroup>
        <TableFilter action="/thu-tuc" t={t} active={Boolean(query.ngay || query.linhvuc || query.cap || query.q)}>
          <Select
            name="linhvuc"
            label={t('catalogue.field')}
            emptyOption={t('catalogue.all')}
            options={FIELDS.map((f) => ({ value: f, label: labelOf(FIELD_LABELS, f, locale) }))}
            value={p.field}
            t={t}
          />
          <Select
            name="cap"
            label={t('catalogue.level')}
            emptyOption={t('catalogue.all')}
            options={LEVELS.map((l) => ({ value: l, label: labelOf(LEVEL_LABELS, l, locale) }))}
            value={p.level}
            t={t}
          />
          <TextInput name="q" type="search" label={t('catalogue.search')} hint={t('catalogue.searchHint')} value={p.q} spellcheck={false} t={t} />
          <DateInput name="ngay" label={t('catalogue.asOf')} value={p.date} t={t} />
        </TableFilter>
        <Table<ProcedureRecord>
          t={t}
          caption={t('catalogue.count', { count: formatInteger(rows.length, locale), date: formatDate(p.date, locale) })}
          rows={rows}
          empty={{ title: t('catalogue.none') }}
          columns={[
            {
              key: 'code',
              label: t('catalogue.code'),
              nowrap: true,
              render: (r) => (
                <a class="govuk-link" href={`/thu-tuc/${r.id}`}>
                  {r.code}
                </a>
              ),
            },
            { key: 'name', label: t('catalogue.name') },
            { key: 'field', label: t('catalogue.field'), render: (r) => labelOf(FIELD_LABELS, r.field, locale) },
            { key: 'level', label: t('catalogue.level'), nowrap: true, render: (r) => labelOf(LEVEL_LABELS, r.level, locale) },
            { key: 'timeLimit', label: t('catalogue.timeLimit'), render: (r) => formatTimeLimit(r.timeLimitValue, r.timeLimitUnit, locale) },
            {
              key: 'fee',
              label: t('catalogue.fee'),
              numeric: true,
              render: (r) => (
                <>
                  <span class="tnmt-nowrap">{formatVnd(r.feeVnd, locale)}</span>
                  {r.feeNote ? <div class="govuk-hint govuk-!-font-size-16 govuk-!-margin-bottom-0">{r.feeNote}</div> : null}
                </>
              ),
            },
          ]}
        />
      </>,
    );
  });

  app.get('/thu-tuc/xuat.xlsx', { config: READ }, async (req, reply) => {
    const p = listParams(req.query);
    const file = await exportCatalogueXlsx(database.db, p.date);
    return reply
      .header('content-type', XLSX_CONTENT_TYPE)
      .header('content-disposition', `attachment; filename="danh-muc-thu-tuc-${p.date}.xlsx"`)
      .header('cache-control', 'no-store')
      .send(file);
  });

  const importPage = (req: FastifyRequest, reply: FastifyReply, errors: FieldError[], rejected: ImportRejection[]) => {
    const t = tOf(req);
    const title = t('catalogue.import');
    const fileError = errors.filter((e) => e.field === 'file').map((e) => e.message).join('. ') || undefined;
    return sendPage(
      req,
      reply,
      config,
      { title, breadcrumbs: crumbs(req, title), status: errors.length ? 400 : 200, hasErrors: errors.length > 0 },
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-full">
          <ErrorSummary errors={errors} t={t} />
          <h1 class="govuk-heading-l">{title}</h1>
          <p class="govuk-body">{t('catalogue.importLead')}</p>
          {rejected.length ? (
            <>
              <h2 class="govuk-heading-m" id="loi-nhap">
                {t('catalogue.rejectedTitle', { count: formatInteger(rejected.length, req.locale) })}
              </h2>
              <p class="govuk-body">{t('catalogue.rejectedLead')}</p>
              <Table<ImportRejection>
                t={t}
                id="dong-loi"
                caption={t('catalogue.rejectedTitle', { count: formatInteger(rejected.length, req.locale) })}
                captionHidden
                rows={rejected}
                columns={[
                  { key: 'row', label: t('catalogue.row'), numeric: true, nowrap: true, render: (r) => String(r.row) },
                  { key: 'field', label: t('catalogue.column'), nowrap: true, render: (r) => columnLabel(r.field) },
                  { key: 'message', label: t('catalogue.problem') },
                ]}
              />
            </>
          ) : null}
          <Form action="/thu-tuc/nhap" multipart csrfToken={req.csrfToken()}>
            <FileUpload name="file" label={t('catalogue.file')} accept=".xlsx" acceptText="XLSX" maxSizeBytes={config.maxUploadBytes} error={fileError} t={t} />
            <Button>{t('catalogue.upload')}</Button>
          </Form>
        </div>
      </div>,
    );
  };

  app.get('/thu-tuc/nhap', { config: MANAGE }, async (req, reply) => importPage(req, reply, [], []));

  app.post('/thu-tuc/nhap', { config: MANAGE }, async (req, reply) => {
    const t = tOf(req);
    let data: Buffer | null = null;
    if (req.isMultipart()) {
      for await (const part of req.parts()) {
        if (part.type === 'file') {
          const bytes = await part.toBuffer();
          if (part.fieldname === 'file' && part.filename && bytes.length && !data) data = bytes;
        }
      }
    }
    if (!data) return importPage(req, reply, [{ field: 'file', message: t('catalogue.fileMissing') }], []);
    try {
      const result = await importCatalogueXlsx(database, actorOf(req), data);
      if (result.rejected.length) {
        const message = t('catalogue.rejectedTitle', { count: formatInteger(result.rejected.length, req.locale) });
        return importPage(req, reply, [{ field: 'file', message }], result.rejected);
      }
      return redirectWithFlash(
        req,
        reply,
        '/thu-tuc',
        t('catalogue.imported', { created: formatInteger(result.created, req.locale), unchanged: formatInteger(result.unchanged, req.locale) }),
      );
    } catch (e) {
      if (e instanceof ValidationError) return importPage(req, reply, e.fields, []);
      throw e;
    }
  });

  app.get('/thu-tuc/:id', { config: READ }, async (req, reply) => {
    const t = tOf(req);
    const locale = req.locale;
    const parsed = IdParams.safeParse(req.params);
    if (!parsed.success) throw new NotFoundError();
    const p = await getProcedure(database.db, parsed.data.id);
    if (!p) throw new NotFoundError();
    const versions = await listProcedureVersions(database.db, p.code);
    const total = stepsTotal(p.steps, p.timeLimitUnit);
    const totalUnit = p.timeLimitUnit === 'same_day' ? 'working_hours' : p.timeLimitUnit;
    const period = (from: string, to: string | null) => `${formatDate(from, locale)} – ${to ? formatDate(to, locale) : '…'}`;
    return sendPage(
      req,
      reply,
      config,
      { title: `${p.code} – ${p.name}`, breadcrumbs: crumbs(req, p.code) },
      <>
        <span class="govuk-caption-l">{p.code}</span>
        <h1 class="govuk-heading-l">{p.name}</h1>
        <SummaryList
          rows={[
            { key: t('catalogue.code'), value: p.code },
            { key: t('catalogue.field'), value: labelOf(FIELD_LABELS, p.field, locale) },
            { key: t('catalogue.level'), value: labelOf(LEVEL_LABELS, p.level, locale) },
            {
              key: t('catalogue.handlingUnit'),
              value: p.handlingOrgUnitCode
                ? `${p.handlingOrgUnitName} (${p.handlingOrgUnitCode})`
                : t('catalogue.eachUnit', { level: labelOf(LEVEL_LABELS, p.level, locale).toLocaleLowerCase(locale) }),
            },
            { key: t('catalogue.timeLimit'), value: formatTimeLimit(p.timeLimitValue, p.timeLimitUnit, locale) },
            {
              key: t('catalogue.difficultArea'),
              value: p.difficultAreaExtraDays ? t('catalogue.difficultAreaValue', { days: formatInteger(p.difficultAreaExtraDays, locale) }) : '—',
            },
            { key: t('catalogue.fee'), value: formatVnd(p.feeVnd, locale) },
            { key: t('catalogue.feeNote'), value: p.feeNote ?? '—' },
            { key: t('catalogue.legalBasis'), value: p.legalBasis },
            { key: t('catalogue.validity'), value: period(p.validFrom, p.validTo) },
          ]}
        />
        <Table<ProcedureRecord['requiredDocuments'][number]>
          t={t}
          id="thanh-phan-ho-so"
          caption={t('catalogue.documents')}
          rows={p.requiredDocuments}
          columns={[
            { key: 'name', label: t('catalogue.documentName') },
            { key: 'form', label: t('catalogue.documentForm'), render: (d) => labelOf(DOCUMENT_FORM_LABELS, d.form, locale) },
            { key: 'quantity', label: t('catalogue.quantity'), numeric: true },
          ]}
        />
        <Table<ProcedureRecord['steps'][number] & { no: number }>
          t={t}
          id="quy-trinh"
          caption={t('catalogue.steps')}
          rows={p.steps.map((s, i) => ({ ...s, no: i + 1 }))}
          columns={[
            { key: 'no', label: t('catalogue.stepNo'), numeric: true },
            { key: 'name', label: t('catalogue.stepName') },
            { key: 'actor', label: t('catalogue.stepActor'), render: (s) => labelOf(STEP_ACTOR_LABELS, s.actor, locale) },
            { key: 'limit', label: t('catalogue.stepLimit'), nowrap: true, render: (s) => formatTimeLimit(s.limitValue, s.limitUnit, locale) },
          ]}
        />
        {total !== null && p.steps.length ? (
          <p class="govuk-body govuk-hint">{t('catalogue.stepsTotal', { total: formatTimeLimit(total, totalUnit, locale) })}</p>
        ) : null}
        <Table<ProcedureRecord>
          t={t}
          id="phien-ban"
          caption={t('catalogue.versions', { code: p.code })}
          rows={versions}
          columns={[
            {
              key: 'validFrom',
              label: t('catalogue.validFrom'),
              nowrap: true,
              render: (v) =>
                v.id === p.id ? (
                  <>
                    {formatDate(v.validFrom, locale)} <Tag colour="grey">{t('catalogue.current')}</Tag>
                  </>
                ) : (
                  <a class="govuk-link" href={`/thu-tuc/${v.id}`}>
                    {formatDate(v.validFrom, locale)}
                  </a>
                ),
            },
            {
              key: 'validTo',
              label: t('catalogue.validTo'),
              nowrap: true,
              render: (v) => (v.validTo ? formatDate(v.validTo, locale) : <Tag colour="green">{t('catalogue.open')}</Tag>),
            },
            { key: 'timeLimit', label: t('catalogue.timeLimit'), render: (v) => formatTimeLimit(v.timeLimitValue, v.timeLimitUnit, locale) },
            { key: 'fee', label: t('catalogue.fee'), numeric: true, render: (v) => formatVnd(v.feeVnd, locale) },
          ]}
        />
      </>,
    );
  });

  app.get(
    '/api/v1/procedures',
    {
      config: READ,
      schema: {
        tags: ['procedures'],
        summary: 'Procedures in force on a date (default today), filtered by field, level and a diacritic-insensitive search',
        querystring: ListQuery,
        response: { 200: z.array(ProcedureSchema) },
      },
    },
    async (req) => {
      const q = req.query as z.infer<typeof ListQuery>;
      return listProcedures(database.db, q);
    },
  );

  app.get(
    '/api/v1/procedures/:id',
    {
      config: READ,
      schema: { tags: ['procedures'], summary: 'One procedure version', params: IdParams, response: { 200: ProcedureSchema } },
    },
    async (req) => {
      const { id } = req.params as z.infer<typeof IdParams>;
      const p = await getProcedure(database.db, id);
      if (!p) throw new NotFoundError();
      return p;
    },
  );
}

/** The column header of a field key, for the rejected-rows table. */
function columnLabel(field: string): string {
  return field === 'file' ? 'Tệp' : (COLUMN_HEADERS[field] ?? field);
}
