import { and, desc, eq } from 'drizzle-orm';
import { vnIsoDate } from '../../core/calendar/index.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { recordAudit } from '../../core/audit/index.js';
import { auditLog } from '../../core/audit/schema.js';
import { detectMediaType, isUtf8Text } from '../../core/files/index.js';
import { type FieldError, NotFoundError, ValidationError } from '../../core/errors.js';
import { formatDate, formatDateTime, formatInteger } from '../../core/format/index.js';
import { type AppContext, actorOf } from '../../core/http.js';
import { sendPage, tOf } from '../../core/render.js';
import {
  Button,
  ErrorSummary,
  FileUpload,
  Form,
  formatBytes,
  Panel,
  Select,
  SummaryList,
  Table,
  WarningText,
} from '../../ui/index.js';
import { orgUnits } from '../org/schema.js';
import {
  applyImport,
  IMPORT_MEDIA_TYPES,
  type ImportMapping,
  type ImportTable,
  type ImportValidation,
  readTable,
  rejectedRowsCsv,
  suggestMapping,
  TARGET_FIELDS,
  type TargetField,
  tableKindOf,
  validateImport,
} from './import.js';
import { FIELD_HINTS, FIELD_LABELS } from './import-messages.js';
import './policies.js';
import { statusName } from './public-messages.js';

/*
 * /ho-so/nhap — import of dossiers from another one-stop system (admin only, action 'dossier.import').
 *   1. GET/POST /ho-so/nhap             upload a CSV or XLSX; it is kept in the file store, later steps name it by SHA-256
 *   2. GET  /ho-so/nhap/:sha            match columns to fields (prefilled by suggestMapping) + default org unit
 *   3. GET  /ho-so/nhap/:sha/xem-truoc  preview: counts, rejected rows with reasons, warnings, the first valid rows
 *      GET  /ho-so/nhap/:sha/loi.csv    the rejected rows with a reason column
 *   4. POST /ho-so/nhap/:sha            import (one transaction) → 303 to /ho-so/nhap/:sha/ket-qua
 * Everything works without JavaScript: the mapping travels in the query string (steps 2–3) and as hidden fields
 * (step 4) as `f_<field>=<0-based column>` and `donVi=<org unit id>`.
 */

const ACCESS = { access: { action: 'dossier.import' } };
const SHA_RE = /^[0-9a-f]{64}$/;
const LIST_LIMIT = 200;
const VALID_SHOWN = 20;

type Query = Record<string, string | string[] | undefined>;

interface MappingInput {
  mapping: ImportMapping;
  defaultOrgUnitId: number | null;
}

function first(v: unknown): string {
  return (Array.isArray(v) ? String(v[0] ?? '') : typeof v === 'string' ? v : '').trim();
}

/** The mapping carried by a query string or form body; `explicit` when it names at least one field. */
function mappingOf(src: Query, columnCount: number): MappingInput & { explicit: boolean } {
  const mapping: ImportMapping = {};
  let explicit = false;
  for (const f of TARGET_FIELDS) {
    const key = `f_${f.key}`;
    if (key in src) explicit = true;
    const v = first(src[key]);
    if (/^\d{1,4}$/.test(v) && Number(v) < columnCount) mapping[f.key] = Number(v);
  }
  const unit = first(src.donVi);
  if ('donVi' in src) explicit = true;
  return { mapping, defaultOrgUnitId: /^\d{1,9}$/.test(unit) ? Number(unit) : null, explicit };
}

/** The mapping as query parameters (every field, empty when not mapped, so an explicit "none" survives). */
function mappingParams(m: MappingInput): [string, string][] {
  const out: [string, string][] = TARGET_FIELDS.map((f) => [`f_${f.key}`, m.mapping[f.key] === undefined ? '' : String(m.mapping[f.key])]);
  out.push(['donVi', m.defaultOrgUnitId ? String(m.defaultOrgUnitId) : '']);
  return out;
}

function mappingQuery(m: MappingInput): string {
  return new URLSearchParams(mappingParams(m)).toString();
}

/** Form ids of the mapping page for the error summary. */
function fieldId(field: string): string {
  return field === 'defaultOrgUnit' ? 'donVi' : `f_${field}`;
}

export function registerImportRoutes(app: FastifyInstance, ctx: AppContext) {
  const { database, config, files } = ctx;
  const db = database.db;

  const crumbs = (req: FastifyRequest, current?: string) => {
    const t = tOf(req);
    return [
      { href: '/', label: t('nav.home') },
      { href: '/ho-so', label: t('dossierImport.dossiers') },
      ...(current ? [{ href: '/ho-so/nhap', label: t('dossierImport.title') }, { label: current }] : [{ label: t('dossierImport.title') }]),
    ];
  };

  /** The stored file named by :sha, read as a table; 404 when it is unknown or not CSV/XLSX. */
  const loadFile = async (req: FastifyRequest): Promise<{ sha: string; name: string; table: ImportTable }> => {
    const sha = String((req.params as { sha?: string }).sha ?? '');
    if (!SHA_RE.test(sha)) throw new NotFoundError();
    const info = await files.info(db, sha);
    const kind = info ? tableKindOf(info.mediaType) : null;
    if (!info || !kind || !(await files.exists(sha))) throw new NotFoundError();
    return { sha, name: info.originalName, table: await readTable(await files.get(sha), kind) };
  };

  /** Org units the user may import into: current ones first, then those that have ended. */
  const unitsInScope = async (req: FastifyRequest) => {
    const t = tOf(req);
    const today = vnIsoDate(new Date());
    const rows = await db.select({ id: orgUnits.id, code: orgUnits.code, name: orgUnits.name, validTo: orgUnits.validTo }).from(orgUnits);
    const ended = (u: (typeof rows)[number]) => (u.validTo !== null && u.validTo <= today ? 1 : 0);
    return rows
      .filter((u) => req.principal!.scope.has(u.id))
      .sort((a, b) => ended(a) - ended(b) || a.code.localeCompare(b.code))
      .map((u) => ({
        value: String(u.id),
        label: `${u.name} (${u.code}${u.validTo ? `, ${t('dossierImport.until', { date: formatDate(u.validTo, req.locale) })}` : ''})`,
      }));
  };

  // ---- step 1: upload ----

  const uploadPage = (req: FastifyRequest, reply: FastifyReply, errors: FieldError[] = []) => {
    const t = tOf(req);
    return sendPage(
      req,
      reply,
      config,
      { title: t('dossierImport.title'), status: errors.length ? 400 : 200, hasErrors: errors.length > 0, breadcrumbs: crumbs(req) },
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} t={t} />
          <span class="govuk-caption-l">{t('dossierImport.step', { n: 1 })}</span>
          <h1 class="govuk-heading-l">{t('dossierImport.title')}</h1>
          <p class="govuk-body">{t('dossierImport.intro')}</p>
          <p class="govuk-body">{t('dossierImport.introRules')}</p>
          <Form action="/ho-so/nhap" csrfToken={req.csrfToken()} multipart>
            <FileUpload
              name="file"
              label={t('dossierImport.file')}
              accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              acceptText={t('dossierImport.fileTypes')}
              maxSizeBytes={config.maxUploadBytes}
              error={errors.map((e) => e.message).join('. ') || undefined}
              t={t}
            />
            <Button preventDoubleClick>{t('dossierImport.upload')}</Button>
          </Form>
        </div>
      </div>,
    );
  };

  app.get('/ho-so/nhap', { config: ACCESS }, async (req, reply) => uploadPage(req, reply));

  app.post('/ho-so/nhap', { config: ACCESS }, async (req, reply) => {
    const t = tOf(req);
    const fail = (message: string) => uploadPage(req, reply, [{ field: 'file', message }]);
    if (!req.isMultipart()) return fail(t('dossierImport.notMultipart'));
    let name = '';
    let buffer: Buffer;
    try {
      const part = await req.file();
      if (!part?.filename) return fail(t('dossierImport.noFile'));
      name = part.filename;
      buffer = await part.toBuffer();
    } catch (e) {
      if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
        return fail(t('dossierImport.tooLarge', { size: formatBytes(config.maxUploadBytes, req.locale) }));
      throw e;
    }
    if (!buffer.length) return fail(t('dossierImport.noFile'));
    const detected = await detectMediaType(buffer, IMPORT_MEDIA_TYPES, name);
    if (!detected.ok) return fail(t(/\.csv$/i.test(name) && !isUtf8Text(buffer) ? 'dossierImport.notUtf8' : 'dossierImport.badType'));
    let stored: Awaited<ReturnType<typeof files.put>>;
    try {
      stored = await files.put(db, buffer, { originalName: name, allowedTypes: IMPORT_MEDIA_TYPES, createdBy: req.principal!.id, field: 'file' });
    } catch (e) {
      if (e instanceof ValidationError) return uploadPage(req, reply, e.fields);
      throw e;
    }
    try {
      await readTable(buffer, tableKindOf(stored.mediaType)!);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      // The file stays in the store (quarantined); the audit trail says why it was not read.
      await recordAudit(db, actorOf(req), {
        action: 'dossier.import',
        entity: 'dossier_import',
        entityId: stored.sha256,
        outcome: 'failed',
        orgUnitId: req.principal!.orgUnitId,
        detail: `${name}: ${e.fields.map((f) => f.message).join('; ')}`,
      });
      return uploadPage(req, reply, e.fields.map((f) => ({ field: 'file', message: f.message })));
    }
    return reply.redirect(`/ho-so/nhap/${stored.sha256}`, 303);
  });

  // ---- step 2: mapping ----

  const mappingPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    file: { sha: string; name: string; table: ImportTable },
    input: MappingInput,
    errors: FieldError[] = [],
  ) => {
    const t = tOf(req);
    const { table } = file;
    const errorOf = (id: string) => errors.filter((e) => e.field === id).map((e) => e.message).join('. ') || undefined;
    const dataRows = table.rows.filter((r) => r.some((c) => c !== '')).length;
    const options = table.columns.map((c, i) => {
      const sample = table.rows.slice(0, 50).find((r) => r[i])?.[i];
      const short = sample && sample.length > 40 ? `${sample.slice(0, 39)}…` : sample;
      return { value: String(i), label: short ? t('dossierImport.example', { column: c, value: short }) : c };
    });
    const units = await unitsInScope(req);
    return sendPage(
      req,
      reply,
      config,
      {
        title: t('dossierImport.mapTitle'),
        status: errors.length ? 400 : 200,
        hasErrors: errors.length > 0,
        breadcrumbs: crumbs(req, t('dossierImport.mapTitle')),
      },
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} t={t} />
          <span class="govuk-caption-l">{t('dossierImport.step', { n: 2 })}</span>
          <h1 class="govuk-heading-l">{t('dossierImport.mapTitle')}</h1>
          <p class="govuk-body">
            {t('dossierImport.mapIntro', {
              name: file.name,
              rows: formatInteger(dataRows, req.locale),
              cols: formatInteger(table.columns.length, req.locale),
              header: table.headerRow,
            })}
          </p>
          <p class="govuk-body">{t('dossierImport.mapLead')}</p>
          <Form action={`/ho-so/nhap/${file.sha}/xem-truoc`} method="get">
            {TARGET_FIELDS.map((f) => (
              <Select
                key={f.key}
                name={`f_${f.key}`}
                label={FIELD_LABELS[f.key][req.locale]}
                hint={FIELD_HINTS[f.key]?.[req.locale]}
                optional={!f.required && f.key !== 'orgUnitCode'}
                options={options}
                emptyOption={t('dossierImport.notInFile')}
                value={input.mapping[f.key] ?? ''}
                error={errorOf(`f_${f.key}`)}
                t={t}
              />
            ))}
            <Select
              name="donVi"
              label={t('dossierImport.defaultUnit')}
              hint={t('dossierImport.defaultUnitHint')}
              options={units}
              emptyOption={t('dossierImport.noDefaultUnit')}
              value={input.defaultOrgUnitId ?? ''}
              error={errorOf('donVi')}
              t={t}
            />
            <Button>{t('dossierImport.toPreview')}</Button>
          </Form>
          <p class="govuk-body">
            <a class="govuk-link" href="/ho-so/nhap">
              {t('dossierImport.otherFile')}
            </a>
          </p>
        </div>
      </div>,
    );
  };

  app.get('/ho-so/nhap/:sha', { config: ACCESS }, async (req, reply) => {
    const file = await loadFile(req);
    const given = mappingOf((req.query ?? {}) as Query, file.table.columns.length);
    const input = given.explicit ? given : { mapping: suggestMapping(file.table.columns), defaultOrgUnitId: null };
    return mappingPage(req, reply, file, input);
  });

  /** Validation of the file with a mapping; a mapping problem answers with the mapping page (400). */
  const validate = async (req: FastifyRequest, src: Query) => {
    const file = await loadFile(req);
    const input = mappingOf(src, file.table.columns.length);
    try {
      const result = await validateImport(db, file.table, input.mapping, { defaultOrgUnitId: input.defaultOrgUnitId, scope: req.principal!.scope });
      return { file, input, result, errors: null };
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      return { file, input, result: null, errors: e.fields.map((f) => ({ field: fieldId(f.field), message: f.message })) };
    }
  };

  // ---- step 3: preview ----

  const previewPage = (
    req: FastifyRequest,
    reply: FastifyReply,
    file: { sha: string; name: string; table: ImportTable },
    input: MappingInput,
    r: ImportValidation,
    notice?: string,
  ) => {
    const t = tOf(req);
    const n = (x: number) => formatInteger(x, req.locale);
    const label = (f: TargetField) => FIELD_LABELS[f]?.[req.locale] ?? f;
    const q = mappingQuery(input);
    const problemColumns = [
      { key: 'row', label: t('dossierImport.row'), numeric: true, nowrap: true, render: (p: { row: number }) => String(p.row) },
      { key: 'field', label: t('dossierImport.field'), render: (p: { field: TargetField }) => label(p.field) },
      { key: 'message', label: t('dossierImport.reason') },
    ];
    return sendPage(
      req,
      reply,
      config,
      { title: t('dossierImport.previewTitle'), status: notice ? 409 : 200, breadcrumbs: crumbs(req, t('dossierImport.previewTitle')) },
      <>
        <span class="govuk-caption-l">{t('dossierImport.step', { n: 3 })}</span>
        <h1 class="govuk-heading-l">{t('dossierImport.previewTitle')}</h1>
        {notice ? <WarningText t={t}>{notice}</WarningText> : null}
        <p class="govuk-body">{file.name}</p>
        <SummaryList
          rows={[
            { key: t('dossierImport.countTotal'), value: n(r.total) },
            { key: t('dossierImport.countValid'), value: n(r.valid.length) },
            { key: t('dossierImport.countExisting'), value: n(r.duplicates) },
            { key: t('dossierImport.countRejected'), value: n(r.rejectedRows) },
            { key: t('dossierImport.countWarnings'), value: n(r.warnings.length) },
          ]}
        />
        {r.valid.length > 0 ? (
          <Form action={`/ho-so/nhap/${file.sha}`} csrfToken={req.csrfToken()}>
            {mappingParams(input).map(([k, v]) => (
              <input type="hidden" name={k} value={v} key={k} />
            ))}
            <input type="hidden" name="expected" value={String(r.valid.length)} />
            {r.rejectedRows > 0 ? <WarningText t={t}>{t('dossierImport.rejectedNote', { count: n(r.rejectedRows) })}</WarningText> : null}
            <Button preventDoubleClick>{t('dossierImport.apply', { count: n(r.valid.length) })}</Button>
          </Form>
        ) : (
          <p class="govuk-body govuk-!-font-weight-bold">{t('dossierImport.nothing')}</p>
        )}
        <ul class="govuk-list">
          <li>
            <a class="govuk-link" href={`/ho-so/nhap/${file.sha}?${q}`}>
              {t('dossierImport.changeMapping')}
            </a>
          </li>
          <li>
            <a class="govuk-link" href="/ho-so/nhap">
              {t('dossierImport.otherFile')}
            </a>
          </li>
        </ul>
        {r.rejected.length > 0 ? (
          <>
            <h2 class="govuk-heading-m">{t('dossierImport.rejectedTitle')}</h2>
            <p class="govuk-body">
              <a class="govuk-link" href={`/ho-so/nhap/${file.sha}/loi.csv?${q}`} download>
                {t('dossierImport.downloadRejected')}
              </a>
            </p>
            <Table
              t={t}
              id="rejected"
              caption={t('dossierImport.rejectedTitle')}
              captionHidden
              rows={r.rejected.slice(0, LIST_LIMIT)}
              columns={problemColumns}
            />
            {r.rejected.length > LIST_LIMIT ? (
              <p class="govuk-body">{t('dossierImport.shown', { shown: n(LIST_LIMIT), total: n(r.rejected.length) })}</p>
            ) : null}
          </>
        ) : null}
        {r.warnings.length > 0 ? (
          <>
            <h2 class="govuk-heading-m">{t('dossierImport.warningsTitle')}</h2>
            <Table
              t={t}
              id="warnings"
              caption={t('dossierImport.warningsTitle')}
              captionHidden
              rows={r.warnings.slice(0, LIST_LIMIT)}
              columns={problemColumns.map((c) => (c.key === 'message' ? { ...c, label: t('dossierImport.remark') } : c))}
            />
            {r.warnings.length > LIST_LIMIT ? (
              <p class="govuk-body">{t('dossierImport.shown', { shown: n(LIST_LIMIT), total: n(r.warnings.length) })}</p>
            ) : null}
          </>
        ) : null}
        {r.valid.length > 0 ? (
          <>
            <h2 class="govuk-heading-m">{t('dossierImport.validTitle')}</h2>
            <Table
              t={t}
              id="valid"
              caption={t('dossierImport.validFirst', { shown: n(Math.min(VALID_SHOWN, r.valid.length)), total: n(r.valid.length) })}
              captionSize="m"
              rows={r.valid.slice(0, VALID_SHOWN)}
              columns={[
                { key: 'row', label: t('dossierImport.row'), numeric: true, nowrap: true, render: (p) => String(p.row) },
                { key: 'code', label: FIELD_LABELS.code[req.locale], nowrap: true },
                { key: 'procedureCode', label: t('dossierImport.procedure'), nowrap: true },
                { key: 'orgUnitName', label: t('dossierImport.unit') },
                { key: 'applicantName', label: t('dossierImport.applicant') },
                { key: 'receivedAt', label: FIELD_LABELS.receivedAt[req.locale], nowrap: true, render: (p) => formatDateTime(p.receivedAt, req.locale) },
                { key: 'dueAt', label: t('dossierImport.computedDue'), nowrap: true, render: (p) => formatDateTime(p.clock.dueAt, req.locale) },
                { key: 'finishedAt', label: FIELD_LABELS.finishedAt[req.locale], nowrap: true, render: (p) => formatDateTime(p.clock.finishedAt, req.locale) },
                { key: 'status', label: t('dossierImport.statusCol'), render: (p) => statusName(p.clock.status, req.locale) },
              ]}
            />
          </>
        ) : null}
      </>,
    );
  };

  app.get('/ho-so/nhap/:sha/xem-truoc', { config: ACCESS }, async (req, reply) => {
    const v = await validate(req, (req.query ?? {}) as Query);
    if (!v.result) return mappingPage(req, reply, v.file, v.input, v.errors!);
    return previewPage(req, reply, v.file, v.input, v.result);
  });

  app.get('/ho-so/nhap/:sha/loi.csv', { config: ACCESS }, async (req, reply) => {
    const v = await validate(req, (req.query ?? {}) as Query);
    if (!v.result) throw new ValidationError(v.errors!);
    const base = v.file.name.replace(/\.[^.]*$/, '').replace(/[^\p{L}\p{N}._-]+/gu, '-').slice(0, 80) || 'ho-so';
    const ascii = `${base.normalize('NFD').replace(/[^\x20-\x7e]/g, '') || 'ho-so'}-loi.csv`;
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(`${base}-loi.csv`)}`)
      .send(rejectedRowsCsv(v.file.table, v.result.rejected));
  });

  // ---- step 4: import and result ----

  app.post('/ho-so/nhap/:sha', { config: ACCESS }, async (req, reply) => {
    const t = tOf(req);
    const body = (req.body ?? {}) as Query;
    const v = await validate(req, body);
    if (!v.result) return mappingPage(req, reply, v.file, v.input, v.errors!);
    const expected = first(body.expected);
    if (!v.result.valid.length) return reply.redirect(`/ho-so/nhap/${v.file.sha}/xem-truoc?${mappingQuery(v.input)}`, 303);
    if (expected !== String(v.result.valid.length)) return previewPage(req, reply, v.file, v.input, v.result, t('dossierImport.changed'));
    await applyImport(database, actorOf(req), v.result.valid, {
      fileName: v.file.name,
      sha256: v.file.sha,
      alreadyImported: v.result.duplicates,
      rejectedRows: v.result.rejectedRows,
    });
    return reply.redirect(`/ho-so/nhap/${v.file.sha}/ket-qua`, 303);
  });

  app.get('/ho-so/nhap/:sha/ket-qua', { config: ACCESS }, async (req, reply) => {
    const t = tOf(req);
    const sha = String((req.params as { sha?: string }).sha ?? '');
    if (!SHA_RE.test(sha)) throw new NotFoundError();
    const [entry] = await db
      .select({ after: auditLog.after })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'dossier.import'), eq(auditLog.entityId, sha), eq(auditLog.outcome, 'ok'), eq(auditLog.actorId, req.principal!.id)))
      .orderBy(desc(auditLog.id))
      .limit(1);
    if (!entry) throw new NotFoundError();
    const a = (entry.after ?? {}) as { file?: string; imported?: number; alreadyImported?: number | null; rejectedRows?: number | null };
    const n = (x: number) => formatInteger(x, req.locale);
    return sendPage(
      req,
      reply,
      config,
      { title: t('dossierImport.doneTitle', { count: n(a.imported ?? 0) }), breadcrumbs: crumbs(req, t('dossierImport.doneTitle', { count: n(a.imported ?? 0) })) },
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <Panel title={t('dossierImport.doneTitle', { count: n(a.imported ?? 0) })}>{t('dossierImport.doneFile', { name: a.file ?? '' })}</Panel>
          {a.alreadyImported ? <p class="govuk-body">{t('dossierImport.doneSkipped', { count: n(a.alreadyImported) })}</p> : null}
          {a.rejectedRows ? <p class="govuk-body">{t('dossierImport.doneRejected', { count: n(a.rejectedRows) })}</p> : null}
          <ul class="govuk-list">
            <li>
              <a class="govuk-link" href="/ho-so">
                {t('dossierImport.toList')}
              </a>
            </li>
            <li>
              <a class="govuk-link" href="/ho-so/nhap">
                {t('dossierImport.another')}
              </a>
            </li>
          </ul>
        </div>
      </div>,
    );
  });
}
