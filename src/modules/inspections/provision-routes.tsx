import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { can } from '../../core/access.js';
import { type FieldError, NotFoundError, ValidationError } from '../../core/errors.js';
import { formatDate, formatInteger, formatVnd } from '../../core/format/index.js';
import { type AppContext, actorOf, redirectWithFlash } from '../../core/http.js';
import type { Locale, T } from '../../core/i18n/index.js';
import { sendPage, tOf } from '../../core/render.js';
import { normaliseDateInput, parseWholeVnd } from '../../core/validation.js';
import {
  Button,
  Checkboxes,
  CsrfField,
  DateInput,
  ErrorSummary,
  firstParam,
  InsetText,
  type QueryParams,
  Radios,
  Select,
  SummaryList,
  Table,
  TableFilter,
  Tag,
  Textarea,
  TextInput,
} from '../../ui/index.js';
import { citeProvision, FIELDS, fineRangeFor } from './model.js';
import './policies.js';
import { addProvisionVersion, getProvision, listProvisions, type Provision, type ProvisionInput } from './provisions.js';
import './subject-messages.js';

/*
 * The violation catalogue (danh mục hành vi vi phạm):
 *   GET  /danh-muc-vi-pham                     filters linh-vuc (field), van-ban (decree), ngay (valid on); all versions by default (provision.read)
 *   GET  /danh-muc-vi-pham/moi?thay=ID, POST   add a provision, or a new version replacing ID from a later day (provision.manage)
 *   GET  /api/v1/violation-provisions?validOn=&field=&decree=
 * Ranges are shown for individuals (the decree's) and for organisations (times the entry's multiplier). Entries not
 * checked against the official text carry the "Chưa đối chiếu" tag (see provisions-data.ts and CONTEXT.md).
 */

type Body = Record<string, string | string[] | undefined>;
const READ = { access: { action: 'provision.read' } } as const;
const MANAGE = { access: { action: 'provision.manage' } } as const;
const ISO = /^\d{4}-\d{2}-\d{2}$/;
const isIsoDate = (s: string) => ISO.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
const FORM_FIELDS = [
  'decree',
  'article',
  'clause',
  'point',
  'description',
  'field',
  'fineMinVnd',
  'fineMaxVnd',
  'warningOnly',
  'organisationMultiplier',
  'remedialMeasures',
  'validFrom',
  'source',
  'verified',
] as const;
type FormValues = Record<(typeof FORM_FIELDS)[number], string>;

const one = (b: Body, k: string): string => {
  const v = b[k];
  return Array.isArray(v) ? String(v[0] ?? '') : String(v ?? '');
};

/** "từ 1.000.000 đồng đến 2.000.000 đồng" as a cell: the range, or "Cảnh cáo". */
export function rangeText(p: Provision, kind: 'individual' | 'organisation', t: T, locale: Locale): string {
  if (p.warningOnly) return t('provision.warningOnly');
  const r = fineRangeFor(p, kind);
  return t('provision.range', { min: formatVnd(r.min, locale), max: formatVnd(r.max, locale) });
}

/** The parts of a source: text as is, web addresses as links showing their host. */
function SourceCell({ source }: { source: string }) {
  const parts = source.split(/(https?:\/\/[^\s;()]+)/g).filter((x) => x.trim() !== '');
  return (
    <span class="govuk-!-font-size-16">
      {parts.map((x, i) => {
        if (!/^https?:\/\//.test(x)) return <span key={i}>{x}</span>;
        let host = x;
        try {
          host = new URL(x).host;
        } catch {
          /* shown as typed */
        }
        return (
          <a key={i} class="govuk-link" href={x} rel="noreferrer noopener">
            {host}
          </a>
        );
      })}
    </span>
  );
}

/** Whole đồng; this form also takes commas as separators, and separators anywhere. '' → NaN (the command names the field). */
const parseFine = (s: string): number => parseWholeVnd(s.replace(/[.,\s]/g, '')) ?? Number.NaN;

function toInput(v: FormValues): ProvisionInput {
  const int = (s: string) => (/^\d{1,4}$/.test(s.trim()) ? Number(s.trim()) : Number.NaN);
  return {
    decree: v.decree,
    article: int(v.article),
    clause: v.clause.trim() === '' ? null : int(v.clause),
    point: v.point.trim() === '' ? null : v.point.trim().toLowerCase(),
    description: v.description,
    field: v.field,
    fineMinVnd: v.warningOnly === 'yes' && v.fineMinVnd.trim() === '' ? 0 : parseFine(v.fineMinVnd),
    fineMaxVnd: v.warningOnly === 'yes' && v.fineMaxVnd.trim() === '' ? 0 : parseFine(v.fineMaxVnd),
    warningOnly: v.warningOnly === 'yes',
    organisationMultiplier: Number(v.organisationMultiplier),
    remedialMeasures: v.remedialMeasures
      .split(/\r?\n/)
      .map((x) => x.trim())
      .filter(Boolean),
    validFrom: normaliseDateInput(v.validFrom),
    source: v.source,
    verified: v.verified === 'yes',
  };
}

function valuesOf(p: Provision | null): FormValues {
  return {
    decree: p?.decree ?? '',
    article: p ? String(p.article) : '',
    clause: p?.clause != null ? String(p.clause) : '',
    point: p?.point ?? '',
    description: p?.description ?? '',
    field: p?.field ?? '',
    fineMinVnd: p ? formatInteger(p.fineMinVnd) : '',
    fineMaxVnd: p ? formatInteger(p.fineMaxVnd) : '',
    warningOnly: p?.warningOnly ? 'yes' : '',
    organisationMultiplier: String(p?.organisationMultiplier ?? 2),
    remedialMeasures: (p?.remedialMeasures ?? []).join('\n'),
    validFrom: '',
    source: p?.source ?? '',
    verified: '',
  };
}

export function registerProvisionRoutes(app: FastifyInstance, ctx: AppContext) {
  const { database, config } = ctx;
  const db = database.db;
  const crumbs = (t: T, last?: string) => [
    { href: '/', label: t('nav.home') },
    ...(last ? [{ href: '/danh-muc-vi-pham', label: t('provision.title') }, { label: last }] : [{ label: t('provision.title') }]),
  ];

  app.get('/danh-muc-vi-pham', { config: READ }, async (req, reply) => {
    const t = tOf(req);
    const locale = req.locale;
    const q = (req.query ?? {}) as QueryParams;
    const field = FIELDS.find((f) => f === firstParam(q, 'linh-vuc')) ?? '';
    const all = await listProvisions(db);
    const decrees = [...new Set(all.map((p) => p.decree))].sort();
    const decree = decrees.find((d) => d === firstParam(q, 'van-ban')) ?? '';
    const typedDate = normaliseDateInput(firstParam(q, 'ngay') ?? '');
    const validOn = isIsoDate(typedDate) ? typedDate : '';
    const rows = await listProvisions(db, { field: field || undefined, decree: decree || undefined, validOn: validOn || undefined });
    const manage = can(req.principal, 'provision.manage');
    const validity = (p: Provision) =>
      p.validTo
        ? t('provision.validFromTo', { from: formatDate(p.validFrom, locale), to: formatDate(p.validTo, locale) })
        : t('provision.validFrom', { from: formatDate(p.validFrom, locale) });
    return sendPage(
      req,
      reply,
      config,
      { title: t('provision.title'), breadcrumbs: crumbs(t) },
      <>
        <h1 class="govuk-heading-l">{t('provision.title')}</h1>
        <p class="govuk-body">{t('provision.intro')}</p>
        <InsetText>{t('provision.unverifiedNote')}</InsetText>
        {manage ? <Button href="/danh-muc-vi-pham/moi">{t('provision.add')}</Button> : null}
        <TableFilter action="/danh-muc-vi-pham" active={Boolean(field || decree || validOn)} t={t}>
          <Select
            name="linh-vuc"
            label={t('provision.filter.field')}
            options={FIELDS.map((f) => ({ value: f, label: t(`subject.field.${f}`) }))}
            value={field}
            emptyOption={t('provision.filter.all')}
            t={t}
          />
          <Select name="van-ban" label={t('provision.filter.decree')} options={decrees.map((d) => ({ value: d, label: d }))} value={decree} emptyOption={t('provision.filter.all')} t={t} />
          <DateInput name="ngay" label={t('provision.filter.validOn')} hint={t('provision.filter.validOn.hint')} value={validOn} t={t} />
        </TableFilter>
        <Table<Provision>
          t={t}
          id="provisions"
          caption={t('provision.caption', { count: formatInteger(rows.length, locale) })}
          rows={rows}
          empty={{ title: t('provision.none') }}
          columns={[
            { key: 'citation', label: t('provision.col.citation'), render: (p) => citeProvision(p) },
            {
              key: 'description',
              label: t('provision.col.act'),
              render: (p) => (
                <>
                  {p.description}
                  <div class="govuk-hint govuk-!-font-size-16 govuk-!-margin-bottom-0">{t(`subject.field.${p.field}`)}</div>
                </>
              ),
            },
            { key: 'individual', label: t('provision.col.individual'), numeric: true, render: (p) => rangeText(p, 'individual', t, locale) },
            { key: 'organisation', label: t('provision.col.organisation'), numeric: true, render: (p) => rangeText(p, 'organisation', t, locale) },
            { key: 'validity', label: t('provision.col.validity'), render: validity },
            {
              key: 'verified',
              label: t('provision.col.check'),
              render: (p) => (p.verified ? <Tag colour="green">{t('provision.verified')}</Tag> : <Tag colour="yellow">{t('provision.unverified')}</Tag>),
            },
            { key: 'source', label: t('provision.col.source'), render: (p) => <SourceCell source={p.source} /> },
            ...(manage
              ? [
                  {
                    key: 'action',
                    label: t('provision.col.action'),
                    labelHidden: true,
                    render: (p: Provision) =>
                      p.validTo === null ? (
                        <a class="govuk-link" href={`/danh-muc-vi-pham/moi?thay=${p.id}`}>
                          {t('provision.newVersion')}
                          <span class="govuk-visually-hidden"> {citeProvision(p)}</span>
                        </a>
                      ) : null,
                  },
                ]
              : []),
          ]}
        />
      </>,
    );
  });

  async function formPage(req: FastifyRequest, reply: FastifyReply, replaced: Provision | null, values: FormValues, errors: FieldError[]) {
    const t = tOf(req);
    const locale = req.locale;
    const err = (f: string) =>
      errors
        .filter((e) => e.field === f)
        .map((e) => e.message)
        .join('. ') || undefined;
    const rank = (e: FieldError) => {
      const i = (FORM_FIELDS as readonly string[]).indexOf(e.field);
      return i < 0 ? FORM_FIELDS.length : i;
    };
    const summary = [...errors].sort((a, b) => rank(a) - rank(b)).map((e) => ((FORM_FIELDS as readonly string[]).includes(e.field) ? e : { ...e, field: 'decree' }));
    const title = replaced ? t('provision.form.titleReplace') : t('provision.form.title');
    const action = replaced ? `/danh-muc-vi-pham/moi?thay=${replaced.id}` : '/danh-muc-vi-pham/moi';
    return sendPage(
      req,
      reply,
      config,
      { title, status: errors.length ? 400 : 200, hasErrors: errors.length > 0, breadcrumbs: crumbs(t, title) },
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <ErrorSummary errors={summary} t={t} />
          <h1 class="govuk-heading-l">{title}</h1>
          {replaced ? (
            <>
              <h2 class="govuk-heading-m">{t('provision.form.replacing')}</h2>
              <SummaryList
                rows={[
                  { key: t('provision.col.citation'), value: citeProvision(replaced) },
                  { key: t('provision.col.act'), value: replaced.description },
                  { key: t('provision.col.individual'), value: rangeText(replaced, 'individual', t, locale) },
                  { key: t('provision.col.organisation'), value: rangeText(replaced, 'organisation', t, locale) },
                  { key: t('provision.col.validity'), value: t('provision.validFrom', { from: formatDate(replaced.validFrom, locale) }) },
                ]}
              />
              <InsetText>{t('provision.form.replacingHint')}</InsetText>
            </>
          ) : null}
          <form method="post" action={action} novalidate>
            <CsrfField token={req.csrfToken()} />
            <TextInput name="decree" label={t('provision.decree')} hint={t('provision.decree.hint')} value={values.decree} error={err('decree')} width={20} spellcheck={false} t={t} />
            <TextInput name="article" label={t('provision.article')} value={values.article} error={err('article')} inputmode="numeric" width={4} t={t} />
            <TextInput name="clause" label={t('provision.clause')} value={values.clause} error={err('clause')} inputmode="numeric" width={4} optional t={t} />
            <TextInput name="point" label={t('provision.point')} value={values.point} error={err('point')} width={2} optional spellcheck={false} t={t} />
            <Textarea name="description" label={t('provision.description')} value={values.description} error={err('description')} rows={3} t={t} />
            <Select
              name="field"
              label={t('provision.field')}
              options={FIELDS.map((f) => ({ value: f, label: t(`subject.field.${f}`) }))}
              value={values.field}
              emptyOption
              error={err('field')}
              t={t}
            />
            <TextInput name="fineMinVnd" label={t('provision.fineMin')} hint={t('provision.fine.hint')} value={values.fineMinVnd} error={err('fineMinVnd')} inputmode="numeric" width={20} t={t} />
            <TextInput name="fineMaxVnd" label={t('provision.fineMax')} hint={t('provision.fine.hint')} value={values.fineMaxVnd} error={err('fineMaxVnd')} inputmode="numeric" width={20} t={t} />
            <Checkboxes
              name="warningOnly"
              small
              items={[{ value: 'yes', label: t('provision.warningOnlyLabel') }]}
              values={values.warningOnly === 'yes' ? ['yes'] : []}
              error={err('warningOnly')}
              t={t}
            />
            <Radios
              name="organisationMultiplier"
              legend={t('provision.multiplier')}
              legendSize="s"
              inline
              items={[
                { value: '2', label: t('provision.multiplier.2') },
                { value: '1', label: t('provision.multiplier.1') },
              ]}
              value={values.organisationMultiplier}
              error={err('organisationMultiplier')}
              t={t}
            />
            <Textarea name="remedialMeasures" label={t('provision.remedies')} hint={t('provision.remedies.hint')} value={values.remedialMeasures} error={err('remedialMeasures')} rows={3} optional t={t} />
            <DateInput name="validFrom" label={t('provision.validFromLabel')} value={values.validFrom} error={err('validFrom')} min={replaced ? replaced.validFrom : undefined} t={t} />
            <Textarea name="source" label={t('provision.source')} hint={t('provision.source.hint')} value={values.source} error={err('source')} rows={2} t={t} />
            <Checkboxes
              name="verified"
              small
              items={[{ value: 'yes', label: t('provision.verifiedLabel') }]}
              values={values.verified === 'yes' ? ['yes'] : []}
              error={err('verified')}
              t={t}
            />
            <Button preventDoubleClick>{t('provision.save')}</Button>
          </form>
        </div>
      </div>,
    );
  }

  async function replacedOf(req: FastifyRequest): Promise<Provision | null> {
    const raw = firstParam((req.query ?? {}) as QueryParams, 'thay');
    if (raw === undefined || raw === '') return null;
    const id = /^\d{1,9}$/.test(raw) ? Number(raw) : 0;
    const p = id > 0 ? await getProvision(db, id) : null;
    if (!p) throw new NotFoundError();
    return p;
  }

  app.get('/danh-muc-vi-pham/moi', { config: MANAGE }, async (req, reply) => {
    const replaced = await replacedOf(req);
    return formPage(req, reply, replaced, valuesOf(replaced), []);
  });

  app.post('/danh-muc-vi-pham/moi', { config: MANAGE }, async (req, reply) => {
    const t = tOf(req);
    const replaced = await replacedOf(req);
    const b = (req.body ?? {}) as Body;
    const values = Object.fromEntries(FORM_FIELDS.map((k) => [k, one(b, k)])) as FormValues;
    try {
      const row = await addProvisionVersion(db, actorOf(req), toInput(values), replaced?.id);
      return redirectWithFlash(req, reply, '/danh-muc-vi-pham', t('provision.saved', { citation: citeProvision(row) }));
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      return formPage(req, reply, replaced, values, e.fields);
    }
  });

  const ListQuery = z.object({
    validOn: z.string().regex(ISO, 'YYYY-MM-DD').refine(isIsoDate, 'not a calendar date').optional(),
    field: z.enum(FIELDS).optional(),
    decree: z.string().max(40).optional(),
  });

  app.get(
    '/api/v1/violation-provisions',
    { config: READ, schema: { tags: ['inspections'], summary: 'The violation catalogue, optionally the versions valid on a day, of a field or a decree', querystring: ListQuery } },
    async (req) => {
      const q = req.query as z.infer<typeof ListQuery>;
      const rows = await listProvisions(db, q);
      return {
        total: rows.length,
        items: rows.map((p) => ({
          ...p,
          citation: citeProvision(p),
          individualRange: fineRangeFor(p, 'individual'),
          organisationRange: fineRangeFor(p, 'organisation'),
        })),
      };
    },
  );
}
