import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Principal } from '../../core/access.js';
import { todayVn } from '../../core/calendar/index.js';
import type { Database } from '../../core/db/index.js';
import { errorOf, type FieldError, sortErrors, ValidationError } from '../../core/errors.js';
import { formatInteger, formatMoneyVnd, formatVnd } from '../../core/format/index.js';
import type { AppContext } from '../../core/http.js';
import type { Locale, T } from '../../core/i18n/index.js';
import { PERIOD_API_PARAMS, PERIOD_PARAMS, type Period, type PeriodQuery, periodFromQuery, periodLabel, withPeriodRules } from '../../core/period.js';
import { sendReportPage, tOf } from '../../core/render.js';
import { hrefWith, InsetText, PeriodFields, paramsOf, type QueryParams, Select, TableFilter } from '../../ui/index.js';
import { type OrgTreeNode, orgTreeAsOf } from '../org/queries.js';
import { FIELDS, LEVELS } from './model.js';
import './policies.js';
import { type Chart, countsChart, moneyChart, svgDataUrl } from './stats-charts.js';
import { fieldLabel, levelLabel } from './stats-messages.js';
import { inspectionStatsXlsx, XLSX_CONTENT_TYPE } from './stats-xlsx.js';
import {
  asSentence,
  INSPECTION_GROUP_BYS,
  type InspectionGroupBy,
  type InspectionStatsQuery,
  inspectionStats,
  inspectionYears,
  resolveUnit,
  reviewSentences,
  type StatsRow,
} from './statistics.js';

/**
 * Inspection statistics for people and programs:
 * - GET /thong-ke/thanh-tra          the page: filters, the table, the review sentences, two SVG charts, downloads
 * - GET /thong-ke/thanh-tra.xlsx     the same table as an XLSX sheet
 * - GET /api/v1/inspection-stats     JSON
 * Steps of each: access (inspection.stats) → validate the query → scope = the user's scope ∩ the chosen unit's
 * subtree → one statement per grouping (statistics.ts) → view.
 */

const ACCESS = { access: { action: 'inspection.stats' } } as const;

/** What the user asked for, as typed (page parameters are Vietnamese, API parameters English). */
interface RawInput extends PeriodQuery {
  unit?: string;
  field?: string;
  level?: string;
  groupBy?: string;
}

type InputKey = keyof RawInput;

/** Page parameter names, in the order the fields appear (the error summary follows it). */
const PAGE_PARAMS: Record<InputKey, string> = {
  ...PERIOD_PARAMS,
  unit: 'don-vi',
  field: 'linh-vuc',
  level: 'cap',
  groupBy: 'nhom',
};

interface Resolved {
  period: Period;
  /** org unit ids counted: the user's scope ∩ the chosen unit's subtree */
  scope: number[];
  unit: { code: string; name: string } | null;
  field?: string;
  level?: string;
  groupBy: InspectionGroupBy;
}

const blank = (v: string | undefined) => v === undefined || v.trim() === '';

/** Checks the input and resolves the period, the unit and the scope. Errors name the input key. */
async function resolveInput(database: Database, user: Principal, raw: RawInput, t: T): Promise<{ resolved?: Resolved; errors: FieldError[] }> {
  const userScope = [...user.scope].sort((a, b) => a - b);
  const { period, errors } = await periodFromQuery(raw, t, async () => (await inspectionYears(database, userScope))?.last);
  let scope = userScope;
  let unit: Resolved['unit'] = null;
  if (!blank(raw.unit)) {
    const found = await resolveUnit(database, raw.unit!, period?.lastDay ?? todayVn());
    if (!found) errors.push({ field: 'unit', message: t('inspectionStats.err.unit') });
    else {
      const allowed = new Set(found.ids);
      scope = userScope.filter((id) => allowed.has(id));
      unit = { code: found.code, name: found.name };
    }
  }
  const field = blank(raw.field) ? undefined : raw.field!.trim();
  if (field !== undefined && !(FIELDS as readonly string[]).includes(field)) errors.push({ field: 'field', message: t('inspectionStats.err.field') });
  const level = blank(raw.level) ? undefined : raw.level!.trim();
  if (level !== undefined && !(LEVELS as readonly string[]).includes(level)) errors.push({ field: 'level', message: t('inspectionStats.err.level') });
  const groupBy = blank(raw.groupBy) ? 'level' : raw.groupBy!.trim();
  if (!(INSPECTION_GROUP_BYS as readonly string[]).includes(groupBy)) errors.push({ field: 'groupBy', message: t('inspectionStats.err.groupBy') });
  if (errors.length || !period) return { errors: sortErrors(errors, Object.keys(PAGE_PARAMS)) };
  return {
    errors: [],
    resolved: {
      period,
      scope,
      unit,
      ...(field !== undefined ? { field } : {}),
      ...(level !== undefined ? { level } : {}),
      groupBy: groupBy as InspectionGroupBy,
    },
  };
}

function queryOf(r: Resolved, locale: Locale): Omit<InspectionStatsQuery, 'groupBy'> {
  return {
    scope: r.scope,
    firstDay: r.period.firstDay,
    lastDay: r.period.lastDay,
    locale,
    ...(r.field !== undefined ? { field: r.field } : {}),
    ...(r.level !== undefined ? { level: r.level } : {}),
  };
}

/** The rows of the grouping asked for and the level rows for the sentences (one statement when they coincide). */
async function compute(database: Database, r: Resolved, locale: Locale) {
  const q = queryOf(r, locale);
  const stats = await inspectionStats(database, { ...q, groupBy: r.groupBy });
  const levels = r.groupBy === 'level' ? stats.rows : (await inspectionStats(database, { ...q, groupBy: 'level' })).rows;
  return { ...stats, sentences: reviewSentences(levels, locale) };
}

const pageInput = (query: QueryParams): RawInput => paramsOf(query, PAGE_PARAMS);

const pageErrorsOf = (errors: FieldError[]) => errors.map((e) => ({ field: PAGE_PARAMS[e.field as InputKey] ?? e.field, message: e.message }));

const ApiQuery = withPeriodRules(
  z.object({
    ...PERIOD_API_PARAMS,
    unit: z.string().min(1).max(40).optional().describe('org unit code (STNMT, TTRA, PTNMT-947) or GSO code (94, 947)'),
    field: z.enum(FIELDS).optional(),
    level: z.enum(LEVELS).optional(),
    groupBy: z.enum(INSPECTION_GROUP_BYS as [InspectionGroupBy, ...InspectionGroupBy[]]).default('level'),
  }),
);

/** The API link for what the page shows (English parameters). */
function apiHref(r: Resolved): string {
  const p = r.period;
  return hrefWith('/api/v1/inspection-stats', {
    ...(p.kind === 'custom' ? { from: p.firstDay, to: p.lastDay } : { year: String(p.year) }),
    quarter: p.quarter !== undefined ? String(p.quarter) : undefined,
    month: p.month !== undefined ? String(p.month) : undefined,
    unit: r.unit?.code,
    field: r.field,
    level: r.level,
    groupBy: r.groupBy,
  });
}

export function registerInspectionStatsRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { database, config } = ctx;

  app.get('/thong-ke/thanh-tra', { config: ACCESS }, async (req, reply) => {
    const t = tOf(req);
    const query = (req.query ?? {}) as QueryParams;
    const raw = pageInput(query);
    const { resolved, errors } = await resolveInput(database, req.principal!, raw, t);
    const pageErrors = pageErrorsOf(errors);
    const form = await filterForm(database, req, raw, resolved, pageErrors);
    const crumbs = [{ href: '/', label: t('nav.home') }, { label: t('inspectionStats.title') }];
    const body = resolved ? await resultsView(database, req, resolved, query) : null;
    return sendReportPage(req, reply, config, { title: t('inspectionStats.title'), breadcrumbs: crumbs, form, errors: pageErrors, body });
  });

  app.get('/thong-ke/thanh-tra.xlsx', { config: ACCESS }, async (req, reply) => {
    const t = tOf(req);
    const { resolved, errors } = await resolveInput(database, req.principal!, pageInput((req.query ?? {}) as QueryParams), t);
    if (!resolved) throw new ValidationError(pageErrorsOf(errors));
    const { rows, totals, sentences } = await compute(database, resolved, 'vi');
    const file = await inspectionStatsXlsx(rows, totals, {
      unitName: resolved.unit?.name ?? req.principal!.orgUnitName,
      periodLabel: periodLabel(resolved.period),
      firstDay: resolved.period.firstDay,
      lastDay: resolved.period.lastDay,
      generatedAt: new Date(),
      groupBy: resolved.groupBy,
      ...(resolved.field ? { field: fieldLabel(resolved.field) } : {}),
      ...(resolved.level ? { level: levelLabel(resolved.level).toLowerCase() } : {}),
      sentences: sentences.map((s) => s.text),
    });
    const name = `thong-ke-thanh-tra-${resolved.period.firstDay}-${resolved.period.lastDay}.xlsx`;
    return reply.type(XLSX_CONTENT_TYPE).header('content-disposition', `attachment; filename="${name}"`).send(file);
  });

  app.get(
    '/api/v1/inspection-stats',
    {
      config: ACCESS,
      schema: {
        tags: ['inspections'],
        summary:
          'Inspections, subjects inspected, subjects with violations, penalty decisions, fines imposed and collected, grouped, over the caller’s scope; with the review sentence per level',
        querystring: ApiQuery,
      },
    },
    async (req) => {
      const q = req.query as z.infer<typeof ApiQuery>;
      const raw: RawInput = { groupBy: q.groupBy };
      for (const k of ['year', 'quarter', 'month', 'from', 'to', 'unit', 'field', 'level'] as const) {
        if (q[k] !== undefined) raw[k] = String(q[k]);
      }
      const { resolved, errors } = await resolveInput(database, req.principal!, raw, tOf(req));
      if (!resolved) throw new ValidationError(errors);
      const { rows, totals, sentences } = await compute(database, resolved, req.locale);
      return {
        period: {
          kind: resolved.period.kind,
          label: periodLabel(resolved.period, req.locale),
          from: resolved.period.firstDay,
          to: resolved.period.lastDay,
        },
        unit: resolved.unit,
        scope: resolved.scope,
        field: resolved.field ?? null,
        level: resolved.level ?? null,
        groupBy: resolved.groupBy,
        rows,
        totals,
        sentences,
      };
    },
  );
}

/* ---------------------------------------------------------------- views */

async function filterForm(database: Database, req: FastifyRequest, raw: RawInput, resolved: Resolved | undefined, errors: FieldError[]) {
  const t = tOf(req);
  const user = req.principal!;
  const err = (key: InputKey) => errorOf(errors, PAGE_PARAMS[key]);
  const years = await inspectionYears(database, [...user.scope]);
  const units = await unitOptions(database, user, resolved?.period.lastDay ?? todayVn());
  return (
    <TableFilter action="/thong-ke/thanh-tra" title={t('inspectionStats.filter')} active={Object.values(raw).some((v) => !blank(v))} t={t}>
      <PeriodFields values={raw} period={resolved?.period} years={years} error={err} t={t} />
      <Select name="don-vi" label={t('inspectionStats.unit')} options={units} value={raw.unit ?? ''} emptyOption={user.orgUnitName} error={err('unit')} t={t} />
      <Select
        name="linh-vuc"
        label={t('inspectionStats.field')}
        options={FIELDS.map((f) => ({ value: f, label: fieldLabel(f, req.locale) }))}
        value={raw.field ?? ''}
        emptyOption={t('inspectionStats.allFields')}
        error={err('field')}
        t={t}
      />
      <Select
        name="cap"
        label={t('inspectionStats.level')}
        options={LEVELS.map((l) => ({ value: l, label: levelLabel(l, req.locale) }))}
        value={raw.level ?? ''}
        emptyOption={t('inspectionStats.allLevels')}
        error={err('level')}
        t={t}
      />
      <Select
        name="nhom"
        label={t('inspectionStats.groupBy')}
        options={INSPECTION_GROUP_BYS.map((g) => ({ value: g, label: t(`inspectionStats.by.${g}`) }))}
        value={raw.groupBy ?? 'level'}
        error={err('groupBy')}
        t={t}
      />
    </TableFilter>
  );
}

/** The org units of the user's scope valid on `day`, indented by depth, in tree order. */
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
  const { rows, totals, sentences } = await compute(database, r, locale);
  const unitName = r.unit?.name ?? req.principal!.orgUnitName;
  const period = periodLabel(r.period, locale);
  const caption = t('inspectionStats.caption', { period, unit: unitName });
  const empty = totals.inspections + totals.penaltyDecisions + totals.finesCollectedVnd === 0;
  if (empty) {
    return (
      <>
        <h2 class="govuk-heading-m">{caption}</h2>
        <p class="govuk-body">{t('inspectionStats.empty')}</p>
      </>
    );
  }
  const inSentence = period.charAt(0).toLocaleLowerCase(locale) + period.slice(1);
  const charts = [await countsChart(rows, r.groupBy, inSentence, locale), await moneyChart(rows, r.groupBy, inSentence, locale)];
  return (
    <>
      <StatsTable rows={rows} totals={totals} groupBy={r.groupBy} caption={caption} t={t} locale={locale} />
      <p class="govuk-body-s">{t('inspectionStats.definitions')}</p>
      <h2 class="govuk-heading-m">{t('inspectionStats.downloads')}</h2>
      <ul class="govuk-list">
        <li>
          <a class="govuk-link" href={hrefWith('/thong-ke/thanh-tra.xlsx', query, { lang: undefined })} download>
            {t('inspectionStats.downloadXlsx')}
          </a>
        </li>
        <li>
          <a class="govuk-link" href={apiHref(r)}>
            {t('inspectionStats.downloadJson')}
          </a>
        </li>
      </ul>
      <h2 class="govuk-heading-m">{t('inspectionStats.review')}</h2>
      <p class="govuk-hint">{t('inspectionStats.reviewHint')}</p>
      {sentences.length ? (
        sentences.map((s) => (
          <InsetText key={s.level}>
            <p class="govuk-body govuk-!-margin-0" lang={locale}>
              {asSentence(s.text)}
            </p>
          </InsetText>
        ))
      ) : (
        <p class="govuk-body">{t('inspectionStats.noLevels')}</p>
      )}
      <h2 class="govuk-heading-m">{t('inspectionStats.charts')}</h2>
      {charts.map((chart, i) => (
        <ChartFigure key={chart.title} chart={chart} index={i} />
      ))}
    </>
  );
}

const NUMERIC_CELL = 'govuk-table__cell govuk-table__cell--numeric';
const NUMERIC_HEADER = 'govuk-table__header govuk-table__header--numeric';

function Cells({ row, locale }: { row: StatsRow; locale: Locale }) {
  return (
    <>
      {[row.inspections, row.subjectsInspected, row.subjectsWithViolations, row.penaltyDecisions].map((n, i) => (
        <td key={i} class={NUMERIC_CELL}>
          {formatInteger(n, locale)}
        </td>
      ))}
      {[row.finesImposedVnd, row.finesCollectedVnd].map((v, i) => (
        <td key={`m${i}`} class={NUMERIC_CELL}>
          {formatMoneyVnd(v, locale)}
          <br />
          <span class="govuk-!-font-size-14">{formatVnd(v, locale)}</span>
        </td>
      ))}
    </>
  );
}

function StatsTable(props: { rows: StatsRow[]; totals: StatsRow; groupBy: InspectionGroupBy; caption: string; t: T; locale: Locale }) {
  const { t, locale } = props;
  return (
    <section class="tnmt-table-wrapper" aria-labelledby="inspection-stats-caption" tabindex={0}>
      <table class="govuk-table" id="inspection-stats">
        <caption id="inspection-stats-caption" class="govuk-table__caption govuk-table__caption--m">
          {props.caption}
        </caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">
              {t(`inspectionStats.by.${props.groupBy}`)}
            </th>
            {(['inspections', 'subjects', 'violations', 'decisions', 'fines', 'collected'] as const).map((k) => (
              <th key={k} scope="col" class={NUMERIC_HEADER}>
                {t(`inspectionStats.col.${k}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {props.rows.map((r) => (
            <tr key={r.key} class="govuk-table__row">
              <th scope="row" class="govuk-table__header govuk-!-font-weight-regular">
                {r.label}
              </th>
              <Cells row={r} locale={locale} />
            </tr>
          ))}
          <tr class="govuk-table__row">
            <th scope="row" class="govuk-table__header">
              {t('inspectionStats.totals')}
            </th>
            <Cells row={props.totals} locale={locale} />
          </tr>
        </tbody>
      </table>
    </section>
  );
}

function ChartFigure({ chart, index }: { chart: Chart; index: number }) {
  return (
    <figure class="govuk-!-margin-0 govuk-!-margin-bottom-8" aria-labelledby={`inspection-chart-${index}-caption`}>
      <figcaption id={`inspection-chart-${index}-caption`} class="govuk-heading-s">
        {chart.title}
      </figcaption>
      <img src={svgDataUrl(chart.svg)} alt={`${chart.title}. ${chart.description}`} class="govuk-!-width-full" />
    </figure>
  );
}
