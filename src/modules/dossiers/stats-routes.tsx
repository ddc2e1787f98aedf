import type { FastifyInstance, FastifyRequest } from 'fastify';
import { todayVn } from '../../core/calendar/index.js';
import { type ComponentChildren, Fragment } from 'preact';
import { z } from 'zod';
import type { Principal } from '../../core/access.js';
import type { Database } from '../../core/db/index.js';
import { errorOf, type FieldError, sortErrors, ValidationError } from '../../core/errors.js';
import { formatInteger, formatNumber, formatPercent } from '../../core/format/index.js';
import type { AppContext } from '../../core/http.js';
import type { Locale, T } from '../../core/i18n/index.js';
import { PERIOD_API_PARAMS, PERIOD_PARAMS, type PeriodQuery, periodFromQuery, withPeriodRules } from '../../core/period.js';
import { addNavItems, sendReportPage, tOf } from '../../core/render.js';
import {
  Details,
  PeriodFields,
  Select,
  SummaryList,
  Table,
  TableFilter,
  hrefWith,
  type QueryParams,
  paramsOf,
} from '../../ui/index.js';
import { type OrgTreeNode, orgTreeAsOf } from '../org/queries.js';
import { FIELDS } from './model.js';
import './policies.js';
import { type Chart, fieldsChart, monthlyChart, svgDataUrl, unitsChart } from './stats-charts.js';
import { fieldLabel, levelLabel, monthLabel, ROMAN } from './stats-messages.js';
import { bieu06Xlsx, XLSX_CONTENT_TYPE } from './stats-xlsx.js';
import {
  type Bieu06Report,
  type Bieu06Row,
  bieu06,
  bieu06Report,
  dossierYears,
  GROUP_BYS,
  type GroupBy,
  type Indicators766,
  indicators766,
  type Period,
  type ProcedureOption,
  periodLabel,
  periodOf,
  procedureOptions,
  resolveUnit,
  type StatsFilter,
} from './statistics.js';

/**
 * Dossier statistics for people and programs:
 * - GET /thong-ke/ho-so        the page: filters, Biểu 06 (grouped headers), Decision 766 group 2, three SVG charts
 *                              each followed by its data
 * - GET /thong-ke/ho-so.xlsx   the same form as an XLSX file in the template's layout
 * - GET /api/v1/dossier-stats  JSON
 * Steps of each: access (dossier.stats) → validate the query → scope = the user's scope ∩ the chosen unit's subtree
 * → one statement per table (statistics.ts) → view.
 */

export const STATS_NAV = [{ href: '/thong-ke/ho-so', label: 'nav.dossierStats', action: 'dossier.stats' }];

const ACCESS = { access: { action: 'dossier.stats' } } as const;

/** What the user asked for, as typed (page parameters are Vietnamese, API parameters English). */
interface RawInput extends PeriodQuery {
  unit?: string;
  field?: string;
  procedure?: string;
}

type InputKey = keyof RawInput;

/** Page parameter names, in the order the fields appear (the error summary follows it). */
const PAGE_PARAMS: Record<InputKey, string> = {
  ...PERIOD_PARAMS,
  unit: 'don-vi',
  field: 'linh-vuc',
  procedure: 'thu-tuc',
};

interface Resolved {
  period: Period;
  /** org unit ids counted: the user's scope ∩ the chosen unit's subtree */
  scope: number[];
  unit: { code: string; name: string } | null;
  field?: string;
  procedure?: ProcedureOption;
}

const blank = (v: string | undefined) => v === undefined || v.trim() === '';

/**
 * Checks the input and resolves the period, the unit and the scope. Errors name the input key; the caller maps
 * them to its own parameter names.
 */
async function resolveInput(database: Database, user: Principal, raw: RawInput, t: T): Promise<{ resolved?: Resolved; errors: FieldError[] }> {
  const userScope = [...user.scope].sort((a, b) => a - b);
  const { period, errors } = await periodFromQuery(raw, t, async () => (await dossierYears(database, userScope))?.last);
  const day = period?.lastDay ?? todayVn();
  let scope = userScope;
  let unit: Resolved['unit'] = null;
  if (!blank(raw.unit)) {
    const found = await resolveUnit(database, raw.unit!, day);
    if (!found) errors.push({ field: 'unit', message: t('dossierStats.err.unit') });
    else {
      const allowed = new Set(found.ids);
      scope = userScope.filter((id) => allowed.has(id));
      unit = { code: found.code, name: found.name };
    }
  }
  let field: string | undefined;
  if (!blank(raw.field)) {
    if ((FIELDS as readonly string[]).includes(raw.field!)) field = raw.field;
    else errors.push({ field: 'field', message: t('dossierStats.err.field') });
  }
  let procedure: ProcedureOption | undefined;
  if (!blank(raw.procedure)) {
    procedure = (await procedureOptions(database)).find((p) => p.code === raw.procedure);
    if (!procedure) errors.push({ field: 'procedure', message: t('dossierStats.err.procedure') });
  }
  if (errors.length || !period) return { errors: sortErrors(errors, Object.keys(PAGE_PARAMS)) };
  return {
    errors: [],
    resolved: {
      period,
      scope,
      unit,
      ...(field ? { field } : {}),
      ...(procedure ? { procedure } : {}),
    },
  };
}

function filterOf(r: Resolved): StatsFilter {
  return {
    scope: r.scope,
    from: r.period.from,
    to: r.period.to,
    ...(r.field ? { field: r.field } : {}),
    ...(r.procedure ? { procedureCode: r.procedure.code } : {}),
  };
}

const pageInput = (query: QueryParams): RawInput => paramsOf(query, PAGE_PARAMS);

const ApiQuery = withPeriodRules(
  z.object({
    ...PERIOD_API_PARAMS,
    unit: z.string().min(1).max(40).optional().describe('org unit code (STNMT, PTNMT-947) or GSO code (94, 947)'),
    field: z.enum(FIELDS).optional(),
    procedure: z.string().min(1).max(40).optional().describe('procedure code (every version)'),
    groupBy: z.enum(GROUP_BYS as [GroupBy, ...GroupBy[]]).default('level'),
  }),
);

export function registerStatsRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { database, config } = ctx;
  addNavItems(STATS_NAV);

  app.get('/thong-ke/ho-so', { config: ACCESS }, async (req, reply) => {
    const t = tOf(req);
    const query = (req.query ?? {}) as QueryParams;
    const raw = pageInput(query);
    const { resolved, errors } = await resolveInput(database, req.principal!, raw, t);
    const pageErrors = errors.map((e) => ({ field: PAGE_PARAMS[e.field as InputKey] ?? e.field, message: e.message }));
    const form = await filterForm(database, req, raw, resolved, pageErrors);
    const crumbs = [{ href: '/', label: t('nav.home') }, { label: t('dossierStats.title') }];
    const body = resolved ? await resultsView(database, req, resolved, query) : null;
    return sendReportPage(req, reply, config, { title: t('dossierStats.title'), breadcrumbs: crumbs, form, errors: pageErrors, body });
  });

  app.get('/thong-ke/ho-so.xlsx', { config: ACCESS }, async (req, reply) => {
    const t = tOf(req);
    const { resolved, errors } = await resolveInput(database, req.principal!, pageInput((req.query ?? {}) as QueryParams), t);
    if (!resolved) throw new ValidationError(errors.map((e) => ({ field: PAGE_PARAMS[e.field as InputKey] ?? e.field, message: e.message })));
    const filter = filterOf(resolved);
    const report = await bieu06Report(database, filter);
    const indicators = await indicators766(database, filter);
    const file = await bieu06Xlsx(report, {
      unitName: resolved.unit?.name ?? req.principal!.orgUnitName,
      periodLabel: periodLabel(resolved.period),
      firstDay: resolved.period.firstDay,
      lastDay: resolved.period.lastDay,
      generatedAt: new Date(),
      ...(resolved.field ? { field: fieldLabel(resolved.field) } : {}),
      ...(resolved.procedure ? { procedure: `${resolved.procedure.code} ${resolved.procedure.name}` } : {}),
      indicators,
    });
    const name = `bieu-06-${resolved.period.firstDay}-${resolved.period.lastDay}.xlsx`;
    return reply.type(XLSX_CONTENT_TYPE).header('content-disposition', `attachment; filename="${name}"`).send(file);
  });

  app.get(
    '/api/v1/dossier-stats',
    {
      config: ACCESS,
      schema: {
        tags: ['dossiers'],
        summary: 'Biểu 06 (TT 01/2020/TT-VPCP) rows and totals, and Decision 766 group 2, over the caller’s scope',
        querystring: ApiQuery,
      },
    },
    async (req) => {
      const q = req.query as z.infer<typeof ApiQuery>;
      const raw: RawInput = {
        ...(q.year !== undefined ? { year: String(q.year) } : {}),
        ...(q.quarter !== undefined ? { quarter: String(q.quarter) } : {}),
        ...(q.month !== undefined ? { month: String(q.month) } : {}),
        ...(q.from !== undefined ? { from: q.from } : {}),
        ...(q.to !== undefined ? { to: q.to } : {}),
        ...(q.unit !== undefined ? { unit: q.unit } : {}),
        ...(q.field !== undefined ? { field: q.field } : {}),
        ...(q.procedure !== undefined ? { procedure: q.procedure } : {}),
      };
      const { resolved, errors } = await resolveInput(database, req.principal!, raw, tOf(req));
      if (!resolved) throw new ValidationError(errors);
      const filter = filterOf(resolved);
      const asOf = new Date();
      const rows = await bieu06(database, { ...filter, asOf, groupBy: q.groupBy });
      const report = await bieu06Report(database, { ...filter, asOf });
      return {
        form: 'Biểu số 06/VPCP/KSTT',
        period: {
          kind: resolved.period.kind,
          label: periodLabel(resolved.period, req.locale),
          from: resolved.period.firstDay,
          to: resolved.period.lastDay,
          start: resolved.period.from.toISOString(),
          end: resolved.period.to.toISOString(),
        },
        unit: resolved.unit,
        scope: resolved.scope,
        asOf: asOf.toISOString(),
        groupBy: q.groupBy,
        rows,
        totals: report.totals,
        indicators766: await indicators766(database, { ...filter, asOf }),
      };
    },
  );
}

/* ---------------------------------------------------------------- views */

async function filterForm(
  database: Database,
  req: FastifyRequest,
  raw: RawInput,
  resolved: Resolved | undefined,
  errors: FieldError[],
) {
  const t = tOf(req);
  const user = req.principal!;
  const err = (key: InputKey) => errorOf(errors, PAGE_PARAMS[key]);
  const years = await dossierYears(database, [...user.scope]);
  const units = await unitOptions(database, user, resolved?.period.lastDay ?? todayVn());
  const procedures = await procedureOptions(database, resolved?.field);
  return (
    <TableFilter action="/thong-ke/ho-so" title={t('dossierStats.filter')} active={Object.values(raw).some((v) => !blank(v))} t={t}>
      <PeriodFields values={raw} period={resolved?.period} years={years} error={err} t={t} />
      <Select name="don-vi" label={t('dossierStats.unit')} options={units} value={raw.unit ?? ''} emptyOption={user.orgUnitName} error={err('unit')} t={t} />
      <Select
        name="linh-vuc"
        label={t('dossierStats.field')}
        options={FIELDS.map((f) => ({ value: f, label: fieldLabel(f, req.locale) }))}
        value={raw.field ?? ''}
        emptyOption={t('dossierStats.allFields')}
        error={err('field')}
        t={t}
      />
      <Select
        name="thu-tuc"
        label={t('dossierStats.procedure')}
        options={procedures.map((p) => ({ value: p.code, label: `${p.code} – ${p.name}` }))}
        value={raw.procedure ?? ''}
        emptyOption={t('dossierStats.allProcedures')}
        error={err('procedure')}
        t={t}
      />
    </TableFilter>
  );
}

/** The org units of the user's scope valid on `day`, indented by depth, the user's own unit first. */
async function unitOptions(database: Database, user: Principal, day: string) {
  const out: { value: string; label: string }[] = [];
  const walk = (nodes: OrgTreeNode[], depth: number) => {
    for (const n of nodes) {
      const inScope = user.scope.has(n.id);
      if (inScope) out.push({ value: n.code, label: `${'– '.repeat(depth)}${n.name} (${n.code})` });
      walk(n.children, inScope ? depth + 1 : depth);
    }
  };
  walk(await orgTreeAsOf(database.db, day), 0);
  return out;
}

async function resultsView(database: Database, req: FastifyRequest, r: Resolved, query: QueryParams) {
  const t = tOf(req);
  const locale = req.locale;
  const filter = filterOf(r);
  const report = await bieu06Report(database, filter);
  const unitName = r.unit?.name ?? req.principal!.orgUnitName;
  const period = periodLabel(r.period, locale);
  const caption = t('dossierStats.caption', { period, unit: unitName });
  /** the period inside a sentence: "…, năm 2023" */
  const inSentence = period.charAt(0).toLocaleLowerCase(locale) + period.slice(1);
  const download = (
    <p class="govuk-body">
      <a class="govuk-link" href={hrefWith('/thong-ke/ho-so.xlsx', query, { lang: undefined })} download>
        {t('dossierStats.downloadXlsx')}
      </a>
    </p>
  );
  if (report.totals.receivedTotal === 0) {
    return (
      <>
        <h2 class="govuk-heading-m">{caption}</h2>
        <p class="govuk-body">{t('dossierStats.empty')}</p>
      </>
    );
  }
  const indicators = await indicators766(database, filter);
  const year = periodOf({ year: r.period.year });
  const months = await bieu06(database, { ...filter, from: year.from, to: year.to, groupBy: 'month' });
  const units = await bieu06(database, { ...filter, groupBy: 'org_unit' });
  const fields = (await bieu06(database, { ...filter, groupBy: 'field' })).map((f) => ({ ...f, label: fieldLabel(f.key, locale) }));
  const charts = [
    { chart: await monthlyChart(months, r.period.year, locale), data: <MonthlyData rows={months} t={t} locale={locale} /> },
    { chart: await unitsChart(units, inSentence, locale), data: <UnitsData rows={units} t={t} locale={locale} /> },
    { chart: await fieldsChart(fields, inSentence, locale), data: <FieldsData rows={fields} t={t} locale={locale} /> },
  ];
  return (
    <>
      <h2 class="govuk-heading-m">
        {t('dossierStats.formCode')}
        <span class="govuk-caption-m">{t('dossierStats.formTitle')}</span>
      </h2>
      <Bieu06Table report={report} caption={caption} t={t} locale={locale} />
      {download}
      <I766 indicators={indicators} t={t} locale={locale} />
      <h2 class="govuk-heading-m">{t('dossierStats.charts')}</h2>
      {charts.map(({ chart, data }, i) => (
        <ChartFigure key={chart.title} chart={chart} index={i} t={t}>
          {data}
        </ChartFigure>
      ))}
    </>
  );
}

const NUMERIC_CELL = 'govuk-table__cell govuk-table__cell--numeric';
const NUMERIC_HEADER = 'govuk-table__header govuk-table__header--numeric';

function NumberCells({ row, locale }: { row: Bieu06Row; locale: Locale }) {
  return (
    <>
      {[
        row.receivedTotal,
        row.receivedOnline,
        row.receivedDirect,
        row.carriedOver,
        row.doneTotal,
        row.doneEarly,
        row.doneOnTime,
        row.doneLate,
        row.openTotal,
        row.openWithin,
        row.openOverdue,
      ].map((n, i) => (
        <td key={i} class={NUMERIC_CELL}>
          {formatInteger(n, locale)}
        </td>
      ))}
      <td class={NUMERIC_CELL}>{formatPercent(row.onTimeRate, 1, locale)}</td>
    </>
  );
}

/** Biểu 06 as in the template: two header rows with the column groups, the column numbers, levels, fields, totals. */
function Bieu06Table({ report, caption, t, locale }: { report: Bieu06Report; caption: string; t: T; locale: Locale }) {
  const bold = 'govuk-!-font-weight-bold';
  return (
    <section class="tnmt-table-wrapper" aria-labelledby="bieu06-caption" tabindex={0}>
      <table class="govuk-table tnmt-bieu06" id="bieu06">
        <caption id="bieu06-caption" class="govuk-table__caption govuk-table__caption--s">
          {caption}
        </caption>
        <colgroup span={2} />
        <colgroup span={4} />
        <colgroup span={4} />
        <colgroup span={3} />
        <colgroup span={1} />
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" rowSpan={2} class="govuk-table__header">
              {t('dossierStats.col.no')}
            </th>
            <th scope="col" rowSpan={2} class="govuk-table__header">
              {t('dossierStats.col.label')}
            </th>
            <th scope="colgroup" colSpan={4} class="govuk-table__header">
              {t('dossierStats.col.received')}
            </th>
            <th scope="colgroup" colSpan={4} class="govuk-table__header">
              {t('dossierStats.col.done')}
            </th>
            <th scope="colgroup" colSpan={3} class="govuk-table__header">
              {t('dossierStats.col.open')}
            </th>
            <th scope="col" rowSpan={2} class={NUMERIC_HEADER}>
              {t('dossierStats.col.rate')}
            </th>
          </tr>
          <tr class="govuk-table__row">
            {(
              ['total', 'online', 'direct', 'carried', 'total', 'early', 'onTime', 'late', 'total', 'within', 'overdue'] as const
            ).map((k, i) => (
              <th key={i} scope="col" class={NUMERIC_HEADER}>
                {t(`dossierStats.col.${k}`)}
                <span class="govuk-hint govuk-!-font-size-14 govuk-!-margin-0"> ({i + 3})</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {report.levels.map((b, i) => (
            <Fragment key={b.level.key}>
              <tr class="govuk-table__row">
                <td class={`govuk-table__cell ${bold}`}>{ROMAN[i] ?? String(i + 1)}</td>
                <th scope="row" class={`govuk-table__header ${bold}`}>
                  {levelLabel(b.level.key, locale)}
                </th>
                <NumberCells row={b.level} locale={locale} />
              </tr>
              {b.fields.map((f, j) => (
                <tr key={`${b.level.key}/${f.key}`} class="govuk-table__row">
                  <td class="govuk-table__cell">{j + 1}</td>
                  <th scope="row" class="govuk-table__header govuk-!-font-weight-regular">
                    {fieldLabel(f.key, locale)}
                  </th>
                  <NumberCells row={f} locale={locale} />
                </tr>
              ))}
            </Fragment>
          ))}
          <tr class="govuk-table__row">
            <td class="govuk-table__cell" />
            <th scope="row" class={`govuk-table__header ${bold}`}>
              {t('dossierStats.totals')}
            </th>
            <NumberCells row={report.totals} locale={locale} />
          </tr>
        </tbody>
      </table>
    </section>
  );
}

function I766({ indicators: i, t, locale }: { indicators: Indicators766; t: T; locale: Locale }) {
  const days = (x: number | null) => formatNumber(x, 1, locale);
  return (
    <>
      <h2 class="govuk-heading-m">{t('dossierStats.i766')}</h2>
      <SummaryList
        rows={[
          {
            key: t('dossierStats.i766.rate'),
            value: t('dossierStats.i766.rateValue', {
              rate: formatPercent(i.onTimeRate, 1, locale),
              part: formatInteger(i.onTimeDone + i.onTimeOpen, locale),
              whole: formatInteger(i.considered, locale),
            }),
          },
          {
            key: t('dossierStats.i766.avg'),
            value: t('dossierStats.i766.avgValue', {
              working: days(i.avgWorkingDays),
              calendar: days(i.avgCalendarDays),
              count: formatInteger(i.done, locale),
            }),
          },
          {
            key: t('dossierStats.i766.satisfaction'),
            value: t('dossierStats.i766.satisfactionValue', {
              rate: formatPercent(i.satisfaction, 1, locale),
              late: formatInteger(i.lateDone, locale),
              disliked: formatInteger(i.disliked, locale),
              done: formatInteger(i.done, locale),
              rated: formatInteger(i.rated, locale),
            }),
          },
        ]}
      />
      <p class="govuk-body-s">{t('dossierStats.i766.note')}</p>
    </>
  );
}

function ChartFigure({ chart, index, t, children }: { chart: Chart; index: number; t: T; children: ComponentChildren }) {
  return (
    <div class="govuk-!-margin-bottom-8">
      <figure class="govuk-!-margin-0" aria-labelledby={`chart-${index}-caption`}>
        <figcaption id={`chart-${index}-caption`} class="govuk-heading-s">
          {chart.title}
        </figcaption>
        <img src={svgDataUrl(chart.svg)} alt={`${chart.title}. ${chart.description}`} class="govuk-!-width-full" />
      </figure>
      <Details summary={`${t('dossierStats.chartData')}: ${chart.title}`}>{children}</Details>
    </div>
  );
}

function MonthlyData({ rows, t, locale }: { rows: Bieu06Row[]; t: T; locale: Locale }) {
  return (
    <Table
      id="data-monthly"
      t={t}
      caption={t('dossierStats.chartData')}
      captionHidden
      firstCellIsHeader
      rows={rows}
      columns={[
        { key: 'key', label: t('dossierStats.monthCol'), render: (r) => monthLabel(r.key, locale) },
        { key: 'new', label: t('dossierStats.series.newReceived'), numeric: true, render: (r) => formatInteger(r.receivedOnline + r.receivedDirect, locale) },
        { key: 'doneTotal', label: t('dossierStats.series.done'), numeric: true, render: (r) => formatInteger(r.doneTotal, locale) },
        { key: 'doneLate', label: t('dossierStats.series.late'), numeric: true, render: (r) => formatInteger(r.doneLate, locale) },
      ]}
    />
  );
}

function UnitsData({ rows, t, locale }: { rows: Bieu06Row[]; t: T; locale: Locale }) {
  return (
    <Table
      id="data-units"
      t={t}
      caption={t('dossierStats.chartData')}
      captionHidden
      firstCellIsHeader
      rows={rows}
      columns={[
        { key: 'label', label: t('dossierStats.orgUnit') },
        { key: 'doneTotal', label: t('dossierStats.series.done'), numeric: true, render: (r) => formatInteger(r.doneTotal, locale) },
        { key: 'earlyOrOnTime', label: t('dossierStats.series.earlyOrOnTime'), numeric: true, render: (r) => formatInteger(r.earlyOrOnTime, locale) },
        { key: 'doneLate', label: t('dossierStats.series.late'), numeric: true, render: (r) => formatInteger(r.doneLate, locale) },
        { key: 'onTimeRate', label: t('dossierStats.col.rate'), numeric: true, render: (r) => formatPercent(r.onTimeRate, 1, locale) },
      ]}
    />
  );
}

function FieldsData({ rows, t, locale }: { rows: Bieu06Row[]; t: T; locale: Locale }) {
  return (
    <Table
      id="data-fields"
      t={t}
      caption={t('dossierStats.chartData')}
      captionHidden
      firstCellIsHeader
      rows={rows}
      columns={[
        { key: 'label', label: t('dossierStats.field') },
        { key: 'doneEarly', label: t('dossierStats.col.early'), numeric: true, render: (r) => formatInteger(r.doneEarly, locale) },
        { key: 'doneOnTime', label: t('dossierStats.col.onTime'), numeric: true, render: (r) => formatInteger(r.doneOnTime, locale) },
        { key: 'doneLate', label: t('dossierStats.col.late'), numeric: true, render: (r) => formatInteger(r.doneLate, locale) },
        { key: 'doneTotal', label: t('dossierStats.series.done'), numeric: true, render: (r) => formatInteger(r.doneTotal, locale) },
      ]}
    />
  );
}
