import { type SQL, sql } from 'drizzle-orm';
import type { Database, DbOrTx } from '../../core/db/index.js';
import { formatInteger, formatMoneyVnd } from '../../core/format/index.js';
import type { Locale } from '../../core/i18n/index.js';
import { tryDayNumberFromIso } from '../../core/calendar/time.js';
import { type ResolvedUnit, resolveUnitCode } from '../org/queries.js';
import { FIELDS, LEVEL_OF_KIND_SQL, LEVELS } from './model.js';
import { fieldLabel, levelLabel, monthLabel } from './stats-messages.js';

/*
 * Inspection statistics: inspections, subjects inspected, subjects with violations, penalty decisions, fines imposed
 * and collected, for a scope of org units × a period × field × level, grouped by level, field, org unit or month.
 * Definitions: STATISTICS.md in this folder. One SQL statement for all six measures: the three sources (inspections
 * with their inspected subjects, penalty decisions, payments) each aggregated per (org unit, group key), put together
 * with UNION ALL and rolled up through org_units (level, name). Runs unchanged on PostgreSQL 15 and PGlite.
 */

type DbLike = DbOrTx | Database;

export type InspectionGroupBy = 'level' | 'field' | 'org_unit' | 'month';
export const INSPECTION_GROUP_BYS: readonly InspectionGroupBy[] = ['level', 'field', 'org_unit', 'month'];

export interface InspectionStatsQuery {
  /** org unit ids whose records count (inspections.org_unit_id, penalty_decisions.org_unit_id); null = every unit */
  scope: readonly number[] | null;
  /** ISO dates of the first and the last day of the period, both included (DATE columns are compared with them) */
  firstDay: string;
  lastDay: string;
  /** FIELDS: the inspection's field (a decision's and a payment's field is their inspection's) */
  field?: string;
  /** LEVELS: the level of the running / deciding org unit (by org_units.kind) */
  level?: string;
  groupBy: InspectionGroupBy;
  /** language of the row labels; default 'vi' */
  locale?: Locale;
}

export interface StatsMeasures {
  /** cuộc thanh tra, kiểm tra: decision date in the period, not cancelled */
  inspections: number;
  /** lượt đối tượng được thanh tra, kiểm tra in those inspections (a subject inspected twice counts twice) */
  subjectsInspected: number;
  /** of those, with outcome 'violation' (the review's "trường hợp vi phạm") */
  subjectsWithViolations: number;
  /** quyết định xử phạt decided in the period */
  penaltyDecisions: number;
  /** sum of their fines, whole đồng */
  finesImposedVnd: number;
  /** payments made in the period on decisions of the scope (of any decision date), whole đồng */
  finesCollectedVnd: number;
}

export const MEASURES: readonly (keyof StatsMeasures)[] = [
  'inspections',
  'subjectsInspected',
  'subjectsWithViolations',
  'penaltyDecisions',
  'finesImposedVnd',
  'finesCollectedVnd',
];

export interface StatsRow extends StatsMeasures {
  /** level (province …) / field (environment …) / org unit id / YYYY-MM; 'total' for the totals row */
  key: string;
  /** "Cấp tỉnh", "Môi trường", the org unit's name, "Tháng 3/2023", "Tổng cộng" */
  label: string;
}

export interface InspectionStats {
  rows: StatsRow[];
  totals: StatsRow;
}

export type { ResolvedUnit };

/** `resolveUnitCode` of the org module (org unit code or GSO code → subtree ids), taking the `Database` wrapper too. */
export function resolveUnit(db: DbLike, codeOrGso: string, date: string): Promise<ResolvedUnit | null> {
  return resolveUnitCode(drizzleOf(db), codeOrGso, date);
}

/**
 * The six measures grouped by level, field, org unit (the running / deciding unit itself, not rolled up to a parent)
 * or month (of the inspection's decision date, the decision date, the payment date), and their totals. Groups
 * without any record are left out, except months: every month of the period has a row. One statement.
 */
export async function inspectionStats(db: DbLike, q: InspectionStatsQuery): Promise<InspectionStats> {
  checkQuery(q);
  const locale = q.locale ?? 'vi';
  const needField = q.field !== undefined || q.groupBy === 'field';
  // the per-source key: the field, or the day (a month's rows are rolled up from the few days in the outer query,
  // cheaper than formatting every row's date), or nothing (level and org unit come from the org unit)
  const gk = (field: SQL, day: SQL): SQL => (q.groupBy === 'field' ? field : q.groupBy === 'month' ? day : sql`NULL::text`);
  const first = sql`${q.firstDay}::date`;
  const last = sql`${q.lastDay}::date`;
  const fieldOf = (alias: string) => (q.field !== undefined ? sql` AND ${sql.raw(alias)}.field = ${q.field}` : sql``);
  // a decision's field is its inspection's: joined only when the field is asked for
  const decisionInspection = needField
    ? sql`JOIN inspected_subjects ds ON ds.id = d.inspected_subject_id JOIN inspections di ON di.id = ds.inspection_id`
    : sql``;
  const decisionField = needField ? sql`di.field` : sql`NULL::text`;
  const outer = {
    level: sql.raw(LEVEL_OF_KIND_SQL('o.kind')),
    field: sql`c.gk`,
    month: sql`to_char(c.gk, 'YYYY-MM')`,
    org_unit: sql`o.id::text`,
  }[q.groupBy];
  const found = await rowsOf<Record<keyof StatsMeasures, string | number | bigint> & { key: string; label: string; level: string }>(
    drizzleOf(db),
    sql`WITH i AS NOT MATERIALIZED (
          SELECT i.id, i.org_unit_id, i.field, i.decision_date
            FROM inspections i
           WHERE i.decision_date BETWEEN ${first} AND ${last} AND i.status <> 'cancelled'
             AND ${scopeCondition(q.scope, 'i')}${fieldOf('i')}
        ),
        c AS (
          SELECT i.org_unit_id AS unit, ${gk(sql`i.field`, sql`i.decision_date`)} AS gk,
                 count(*) AS n_insp, 0::bigint AS n_subj, 0::bigint AS n_viol, 0::bigint AS n_dec, 0::numeric AS fines, 0::numeric AS paid
            FROM i GROUP BY 1, 2
          UNION ALL
          SELECT i.org_unit_id, ${gk(sql`i.field`, sql`i.decision_date`)},
                 0, count(*), count(*) FILTER (WHERE s.outcome = 'violation'), 0, 0, 0
            FROM i JOIN inspected_subjects s ON s.inspection_id = i.id GROUP BY 1, 2
          UNION ALL
          SELECT d.org_unit_id, ${gk(decisionField, sql`d.decided_on`)}, 0, 0, 0, count(*), sum(d.fine_vnd), 0
            FROM penalty_decisions d ${decisionInspection}
           WHERE d.decided_on BETWEEN ${first} AND ${last} AND ${scopeCondition(q.scope, 'd')}${fieldOf('di')}
           GROUP BY 1, 2
          UNION ALL
          SELECT d.org_unit_id, ${gk(decisionField, sql`p.paid_on`)}, 0, 0, 0, 0, 0, sum(p.amount_vnd)
            FROM penalty_payments p JOIN penalty_decisions d ON d.id = p.decision_id ${decisionInspection}
           WHERE p.paid_on BETWEEN ${first} AND ${last} AND ${scopeCondition(q.scope, 'd')}${fieldOf('di')}
           GROUP BY 1, 2
        )
        SELECT ${outer} AS key, min(o.name) AS label, min(${sql.raw(LEVEL_OF_KIND_SQL('o.kind'))}) AS level,
               sum(c.n_insp)::bigint AS inspections, sum(c.n_subj)::bigint AS "subjectsInspected",
               sum(c.n_viol)::bigint AS "subjectsWithViolations", sum(c.n_dec)::bigint AS "penaltyDecisions",
               sum(c.fines)::bigint AS "finesImposedVnd", sum(c.paid)::bigint AS "finesCollectedVnd"
          FROM c JOIN org_units o ON o.id = c.unit
         ${q.level !== undefined ? sql`WHERE ${sql.raw(LEVEL_OF_KIND_SQL('o.kind'))} = ${q.level}` : sql``}
         GROUP BY ${outer}`,
  );
  let rows = found.map((r) => toRow(String(r.key), String(r.label), r));
  if (q.groupBy === 'level') {
    for (const r of rows) r.label = levelLabel(r.key, locale);
    rows.sort(byOrder(LEVELS));
  } else if (q.groupBy === 'field') {
    for (const r of rows) r.label = fieldLabel(r.key, locale);
    rows.sort(byOrder(FIELDS));
  } else if (q.groupBy === 'org_unit') {
    const levelOf = new Map(found.map((r) => [String(r.key), String(r.level)]));
    const rank = (k: string) => LEVELS.indexOf(levelOf.get(k) as (typeof LEVELS)[number]);
    rows.sort((a, b) => rank(a.key) - rank(b.key) || collator.compare(a.label, b.label) || Number(a.key) - Number(b.key));
  } else {
    const byKey = new Map(rows.map((r) => [r.key, r]));
    rows = monthKeys(q.firstDay, q.lastDay).map((k) => byKey.get(k) ?? toRow(k, k, {}));
    for (const r of rows) r.label = monthLabel(r.key, locale);
  }
  const totals = toRow('total', locale === 'vi' ? 'Tổng cộng' : 'Total', {});
  for (const r of rows) for (const m of MEASURES) totals[m] += r[m];
  return { rows, totals };
}

/** First and last year with an inspection of the scope (by decision date); null when there is none. */
export async function inspectionYears(db: DbLike, scope: readonly number[] | null): Promise<{ first: number; last: number } | null> {
  const [r] = await rowsOf<{ first: number | null; last: number | null }>(
    drizzleOf(db),
    sql`SELECT extract(year FROM min(i.decision_date))::int AS first, extract(year FROM max(i.decision_date))::int AS last
          FROM inspections i WHERE ${scopeCondition(scope, 'i')}`,
  );
  return r && r.first !== null && r.last !== null ? { first: Number(r.first), last: Number(r.last) } : null;
}

/* ---------------------------------------------------------------- the year-end review's sentence */

/**
 * How a sum of đồng compares with its rounded figure as `formatMoneyVnd` prints it ("1,7 tỷ đồng" for
 * 1.712.500.000): 'more' when the figure is below the exact sum ("hơn 1,7 tỷ đồng"), 'exact' when equal
 * ("là 651,2 triệu đồng"), 'less' when rounding went up ("gần 1,8 tỷ đồng" for 1.750.000.000). The rounded figure is
 * read back from formatMoneyVnd's own Vietnamese output, so the two can never disagree.
 */
export function roundedComparison(amountVnd: number): 'more' | 'exact' | 'less' {
  const exact = BigInt(Math.round(amountVnd));
  const shown = formatMoneyVnd(amountVnd, 'vi');
  const m = /^(-?)([\d.]+)(?:,(\d))?(?: (tỷ|triệu))? đồng$/.exec(shown);
  if (!m) throw new RangeError(`formatMoneyVnd gave an unexpected figure: "${shown}"`);
  const unit = m[4] === 'tỷ' ? 1_000_000_000n : m[4] === 'triệu' ? 1_000_000n : 1n;
  const whole = BigInt(m[2]!.replace(/\./g, ''));
  let rounded = whole * unit + (m[3] ? (BigInt(m[3]) * unit) / 10n : 0n);
  if (m[1] === '-') rounded = -rounded;
  return rounded < exact ? 'more' : rounded === exact ? 'exact' : 'less';
}

/**
 * The year-end review's sentence for one level, e.g. for the province row of 2023: "cấp tỉnh đã triển khai 17 cuộc
 * thanh tra, kiểm tra đối với 106 tổ chức, cá nhân, phát hiện và xử lý 12 trường hợp vi phạm với tổng số tiền phạt
 * hơn 1,7 tỷ đồng". The amount is the fines imposed, as formatMoneyVnd rounds it, preceded by "hơn" when the rounded
 * figure is below the exact sum, "là" when equal, "gần" when above (see roundedComparison). Without violations the
 * sentence ends "…, không phát hiện trường hợp vi phạm". Lower-case, no final full stop: it is a clause of a report.
 */
export function reviewSentence(row: StatsMeasures, levelKey: string, locale: Locale = 'vi'): string {
  const n = (x: number) => formatInteger(x, locale);
  const level = levelLabel(levelKey, locale);
  const money = formatMoneyVnd(row.finesImposedVnd, locale);
  const cmp = roundedComparison(row.finesImposedVnd);
  if (locale === 'en') {
    const head = `at ${level.toLowerCase()}, ${n(row.inspections)} inspections and checks covered ${n(row.subjectsInspected)} organisations and individuals`;
    if (row.subjectsWithViolations === 0 && row.finesImposedVnd === 0) return `${head}; no violation was found`;
    const q = { more: 'more than ', exact: '', less: 'nearly ' }[cmp];
    return `${head}, finding and handling ${n(row.subjectsWithViolations)} violations with fines totalling ${q}${money}`;
  }
  const head = `${level.toLocaleLowerCase('vi')} đã triển khai ${n(row.inspections)} cuộc thanh tra, kiểm tra đối với ${n(row.subjectsInspected)} tổ chức, cá nhân`;
  if (row.subjectsWithViolations === 0 && row.finesImposedVnd === 0) return `${head}, không phát hiện trường hợp vi phạm`;
  const q = { more: 'hơn', exact: 'là', less: 'gần' }[cmp];
  return `${head}, phát hiện và xử lý ${n(row.subjectsWithViolations)} trường hợp vi phạm với tổng số tiền phạt ${q} ${money}`;
}

/** A sentence as it stands alone: capitalised, with a full stop. */
export function asSentence(clause: string): string {
  return `${clause.charAt(0).toLocaleUpperCase('vi')}${clause.slice(1)}.`;
}

/** The review sentences of the level rows, in level order (rows with at least one record). */
export function reviewSentences(levelRows: readonly StatsRow[], locale: Locale = 'vi'): { level: string; text: string }[] {
  return levelRows.map((r) => ({ level: r.key, text: reviewSentence(r, r.key, locale) }));
}

/* ---------------------------------------------------------------- helpers */

/** The months of [firstDay, lastDay] as `YYYY-MM`. */
export function monthKeys(firstDay: string, lastDay: string): string[] {
  const out: string[] = [];
  let y = Number(firstDay.slice(0, 4));
  let m = Number(firstDay.slice(5, 7));
  const endY = Number(lastDay.slice(0, 4));
  const endM = Number(lastDay.slice(5, 7));
  while (y < endY || (y === endY && m <= endM)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

function checkQuery(q: InspectionStatsQuery): void {
  const a = tryDayNumberFromIso(q.firstDay);
  const b = tryDayNumberFromIso(q.lastDay);
  if (a === null) throw new RangeError(`firstDay: not a date (YYYY-MM-DD): "${q.firstDay}"`);
  if (b === null) throw new RangeError(`lastDay: not a date (YYYY-MM-DD): "${q.lastDay}"`);
  if (b < a) throw new RangeError(`lastDay: ${q.lastDay} is before ${q.firstDay}`);
  if (!INSPECTION_GROUP_BYS.includes(q.groupBy)) throw new RangeError(`groupBy: one of ${INSPECTION_GROUP_BYS.join(', ')}`);
  if (q.field !== undefined && !(FIELDS as readonly string[]).includes(q.field)) throw new RangeError(`field: one of ${FIELDS.join(', ')}`);
  if (q.level !== undefined && !(LEVELS as readonly string[]).includes(q.level)) throw new RangeError(`level: one of ${LEVELS.join(', ')}`);
  if (q.scope?.some((id) => !Number.isSafeInteger(id))) throw new RangeError('scope: org unit ids are integers');
}

/** `alias.org_unit_id` in the scope; the scope is one `$n::int[]` parameter. `alias` is fixed in this file. */
function scopeCondition(scope: readonly number[] | null, alias: string): SQL {
  if (scope === null) return sql`true`;
  if (scope.length === 0) return sql`false`;
  return sql`${sql.raw(alias)}.org_unit_id = ANY(${`{${scope.join(',')}}`}::int[])`;
}

function toRow(key: string, label: string, r: Partial<Record<keyof StatsMeasures, unknown>>): StatsRow {
  const row = { key, label } as StatsRow;
  for (const m of MEASURES) row[m] = Number(r[m] ?? 0);
  return row;
}

const collator = new Intl.Collator('vi', { numeric: true });

function byOrder(order: readonly string[]) {
  const rank = (k: string) => {
    const i = order.indexOf(k);
    return i < 0 ? order.length : i;
  };
  return (a: { key: string }, b: { key: string }) => rank(a.key) - rank(b.key) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

function drizzleOf(db: DbLike): DbOrTx {
  return 'copyRows' in db && 'engine' in db ? db.db : (db as DbOrTx);
}

/** Raw rows from either driver (node-postgres and PGlite both answer with `{ rows }`). */
async function rowsOf<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
