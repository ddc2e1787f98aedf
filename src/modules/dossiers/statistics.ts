import { type SQL, sql } from 'drizzle-orm';
import { isWorkingDay, loadWorkCalendar, type WorkCalendar } from '../../core/calendar/index.js';
import { DAY_MS, isoFromDayNumber, vnDayNumber } from '../../core/calendar/time.js';
import type { Database, DbOrTx } from '../../core/db/index.js';
import { percentOf } from '../../core/format/index.js';
import {
  getOrgUnit,
  type OrgTreeNode,
  orgTreeAsOf,
  type ResolvedUnit,
  resolveUnitCode,
} from '../org/queries.js';
import { monthsOf } from '../../core/period.js';
import { FIELDS, LEVELS } from './model.js';
import { fieldLabel, levelLabel, monthLabel } from './stats-messages.js';

/*
 * Dossier statistics: Biểu số 06/VPCP/KSTT (Thông tư 01/2020/TT-VPCP) and Decision 766 group 2, computed from the
 * dossier rows with one SQL statement per table (conditional aggregates). Definitions: STATISTICS.md in this folder.
 *
 * Every function takes a Drizzle database/transaction or the `Database` wrapper. Instants are half-open periods
 * [from, to); calendar days are Asia/Ho_Chi_Minh days. The SQL runs unchanged on PostgreSQL 15 and PGlite.
 */

type DbLike = DbOrTx | Database;

const TZ = sql.raw(`'Asia/Ho_Chi_Minh'`);
/**
 * The Vietnam calendar day of a timestamptz column. Asia/Ho_Chi_Minh has been UTC+07:00 without daylight saving since
 * 1975 (core/calendar/time.ts relies on the same fact), so the fixed offset gives exactly what
 * `(x AT TIME ZONE 'Asia/Ho_Chi_Minh')::date` gives, without a time-zone database lookup per row: four times faster on
 * PGlite, where that lookup dominated the whole Biểu 06 statement. The test checks both agree at local midnight.
 */
export function vnDaySql(column: SQL): SQL {
  return sql`(${column} AT TIME ZONE INTERVAL '+07:00')::date`;
}

/* ---------------------------------------------------------------- periods and units */

// Shared with the other statistics (inspections …): periods in core/period.ts, unit codes in the org module.
export { monthsOf, type Period, type PeriodInput, periodLabel, periodOf } from '../../core/period.js';
export type { ResolvedUnit };

const VN_OFFSET_MS = 7 * 3_600_000;

/** `resolveUnitCode` of the org module, taking the `Database` wrapper too. */
export function resolveUnit(db: DbLike, codeOrGso: string, date: string): Promise<ResolvedUnit | null> {
  return resolveUnitCode(drizzleOf(db), codeOrGso, date);
}

/* ---------------------------------------------------------------- Biểu 06 */

export type GroupBy = 'level' | 'field' | 'procedure' | 'org_unit' | 'month';
export const GROUP_BYS: readonly GroupBy[] = ['level', 'field', 'procedure', 'org_unit', 'month'];

export interface StatsFilter {
  /** org unit ids whose dossiers count (dossiers.org_unit_id); null = every org unit */
  scope: readonly number[] | null;
  from: Date;
  to: Date;
  /** the moment open dossiers are judged at when the period is not over; default now. Used as least(to, asOf). */
  asOf?: Date;
  /** procedures.field */
  field?: string;
  /** one procedure version (dossiers.procedure_id) */
  procedureId?: number;
  /** every version of a procedure (procedures.code) */
  procedureCode?: string;
}

export interface Bieu06Query extends StatsFilter {
  groupBy: GroupBy;
}

/** Columns 3–13 of Biểu 06 (1 = STT, 2 = the row's label). */
export interface Bieu06Counts {
  /** (3) Tổng số nhận giải quyết = (4) + (5) + (6) */
  receivedTotal: number;
  /** (4) mới tiếp nhận trực tuyến (channel 2) */
  receivedOnline: number;
  /** (5) mới tiếp nhận trực tiếp và dịch vụ bưu chính (channels 1, 3) */
  receivedDirect: number;
  /** (6) từ kỳ trước: received before the period, still open at its start */
  carriedOver: number;
  /** (7) đã giải quyết: finished in the period = (8) + (9) + (10) */
  doneTotal: number;
  /** (8) trước hạn: finished on a Vietnam calendar day before the due instant's day */
  doneEarly: number;
  /** (9) đúng hạn: finished on the due day, at or before the due instant */
  doneOnTime: number;
  /** (10) quá hạn: finished after the due instant */
  doneLate: number;
  /** (11) đang giải quyết: still open at the end of the period = (12) + (13) */
  openTotal: number;
  /** (12) trong hạn: due at or after least(end of period, as-of) */
  openWithin: number;
  /** (13) quá hạn: due before least(end of period, as-of) */
  openOverdue: number;
}

export const BIEU06_COLUMNS: readonly (keyof Bieu06Counts)[] = [
  'receivedTotal',
  'receivedOnline',
  'receivedDirect',
  'carriedOver',
  'doneTotal',
  'doneEarly',
  'doneOnTime',
  'doneLate',
  'openTotal',
  'openWithin',
  'openOverdue',
];

export interface Bieu06Row extends Bieu06Counts {
  /** level / field / procedure code / org unit id / YYYY-MM; 'total' for a totals row */
  key: string;
  /** Vietnamese label ("Cấp huyện", "Đất đai", procedure name, org unit name, "Tháng 3/2023", "Tổng cộng") */
  label: string;
  /** (8) + (9) */
  earlyOrOnTime: number;
  /** (8 + 9) / 7 as a ratio (0.982 → "98,2%" with formatPercent); null when nothing was finished */
  onTimeRate: number | null;
}

export interface Bieu06LevelBlock {
  level: Bieu06Row;
  fields: Bieu06Row[];
}

/** The whole form: one block per level (with a row per field) and the totals, from one statement. */
export interface Bieu06Report {
  levels: Bieu06LevelBlock[];
  totals: Bieu06Row;
}

/**
 * Biểu 06 rows grouped by procedure level, field, procedure (code: every version), the dossier's org unit, or month
 * (each month its own period: carried over from the previous month, judged at the month's end). One statement.
 */
export async function bieu06(db: DbLike, q: Bieu06Query): Promise<Bieu06Row[]> {
  checkFilter(q);
  const d = drizzleOf(db);
  if (q.groupBy === 'month') return bieu06ByMonth(d, q);
  const p = bounds(q);
  const byProcedure = q.groupBy !== 'org_unit';
  const outer = {
    level: { key: sql`p.level`, label: sql`NULL` },
    field: { key: sql`p.field`, label: sql`NULL` },
    procedure: { key: sql`p.code`, label: sql`(array_agg(p.name ORDER BY p.valid_from DESC))[1]` },
    org_unit: { key: sql`c.gk::text`, label: sql`NULL` },
  }[q.groupBy];
  const found = await rowsOf<Bieu06Counts & { key: string; label: string | null }>(
    d,
    sql`WITH c AS (${grouped(q, byProcedure ? sql`d.procedure_id` : sql`d.org_unit_id`, p)})
        SELECT ${outer.key} AS key, ${outer.label} AS label, ${ROLL_UP}
          FROM c ${byProcedure ? sql`JOIN procedures p ON p.id = c.gk` : sql``}
         GROUP BY ${outer.key}`,
  );
  const rows = found.map((r) => toRow(r.key, r.label ?? r.key, r));
  if (q.groupBy === 'level') {
    for (const r of rows) r.label = levelLabel(r.key);
    return rows.sort(byOrder(LEVELS));
  }
  if (q.groupBy === 'field') {
    for (const r of rows) r.label = fieldLabel(r.key);
    return rows.sort(byOrder(FIELDS));
  }
  if (q.groupBy === 'org_unit') {
    const names = await orgUnitNames(d, rows.map((r) => Number(r.key)), isoFromDayNumber(vnDayNumber(q.to.getTime() - 1)));
    for (const r of rows) r.label = names.get(Number(r.key)) ?? r.key;
    return rows.sort((a, b) => collator.compare(a.label, b.label) || Number(a.key) - Number(b.key));
  }
  return rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The totals row of Biểu 06 for the filter (one statement, no grouping). */
export async function bieu06Totals(db: DbLike, q: StatsFilter): Promise<Bieu06Row> {
  checkFilter(q);
  const d = drizzleOf(db);
  const p = bounds(q);
  const [r] = await rowsOf<Bieu06Counts>(
    d,
    sql`SELECT ${countColumns(p.from, p.to, p.asOf)} FROM dossiers d WHERE ${whereOf(q, p.from, p.to)}`,
  );
  return toRow('total', 'Tổng cộng', r ?? zeroCounts());
}

/**
 * The form as the template lays it out: per level (Cấp tỉnh, Cấp huyện, Cấp xã) a row and a row per field, and the
 * totals, in one statement (GROUPING SETS). Levels and fields without dossiers are left out.
 */
export async function bieu06Report(db: DbLike, q: StatsFilter): Promise<Bieu06Report> {
  checkFilter(q);
  const d = drizzleOf(db);
  const p = bounds(q);
  const found = await rowsOf<Bieu06Counts & { level: string | null; field: string | null; g: number }>(
    d,
    sql`WITH c AS (${grouped(q, sql`d.procedure_id`, p)})
        SELECT p.level AS level, p.field AS field, GROUPING(p.level, p.field)::int AS g, ${ROLL_UP}
          FROM c JOIN procedures p ON p.id = c.gk
         GROUP BY GROUPING SETS ((p.level, p.field), (p.level), ())`,
  );
  let totals = toRow('total', 'Tổng cộng', zeroCounts());
  const levels = new Map<string, Bieu06LevelBlock>();
  const fieldRows: Bieu06Row[] = [];
  for (const r of found) {
    if (r.g === 3) totals = toRow('total', 'Tổng cộng', r);
    else if (r.g === 1) levels.set(r.level!, { level: toRow(r.level!, levelLabel(r.level!), r), fields: [] });
    else fieldRows.push({ ...toRow(r.field!, fieldLabel(r.field!), r), key: `${r.level}/${r.field}` });
  }
  for (const f of fieldRows) {
    const [level, field] = f.key.split('/') as [string, string];
    levels.get(level)?.fields.push({ ...f, key: field });
  }
  const blocks = [...levels.values()].sort((a, b) => byOrder(LEVELS)(a.level, b.level));
  for (const b of blocks) b.fields.sort(byOrder(FIELDS));
  return { levels: blocks, totals };
}

async function bieu06ByMonth(d: DbOrTx, q: Bieu06Query): Promise<Bieu06Row[]> {
  const p = bounds(q);
  const asOf = (q.asOf ?? new Date()).getTime();
  const months = monthsOf(q.from, q.to);
  if (months.length === 0) return [];
  const list = (xs: string[]) => `{${xs.join(',')}}`;
  const mf = list(months.map((m) => m.from.toISOString()));
  const mt = list(months.map((m) => m.to.toISOString()));
  const ma = list(months.map((m) => new Date(Math.min(m.to.getTime(), asOf)).toISOString()));
  const mk = list(months.map((m) => m.key));
  const found = await rowsOf<Bieu06Counts & { key: string }>(
    d,
    sql`WITH c AS (${grouped(q, sql`m.k`, { from: sql`m.f`, to: sql`m.t`, asOf: sql`m.a` }, {
      join: sql`JOIN unnest(${mf}::timestamptz[], ${mt}::timestamptz[], ${ma}::timestamptz[], ${mk}::text[]) AS m(f, t, a, k)
                  ON d.received_at < m.t AND (d.finished_at IS NULL OR d.finished_at >= m.f)`,
      outer: p,
    })})
        SELECT c.gk AS key, ${ROLL_UP} FROM c GROUP BY c.gk`,
  );
  const byKey = new Map(found.map((r) => [r.key, r]));
  return months.map((m) => toRow(m.key, monthLabel(m.key), byKey.get(m.key) ?? zeroCounts()));
}

/** Names of org units by id, from the org module's dated tree (one query), falling back to getOrgUnit. */
async function orgUnitNames(d: DbOrTx, ids: number[], day: string): Promise<Map<number, string>> {
  const names = new Map<number, string>();
  if (ids.length === 0) return names;
  const walk = (nodes: OrgTreeNode[]) => {
    for (const n of nodes) {
      names.set(n.id, n.name);
      walk(n.children);
    }
  };
  walk(await orgTreeAsOf(d, day));
  for (const id of ids) {
    if (!names.has(id)) {
      const u = await getOrgUnit(d, id);
      if (u) names.set(id, u.name);
    }
  }
  return names;
}

/* ---------------------------------------------------------------- Decision 766, group 2 */

export interface Indicators766 {
  /** done + in progress in the period (the denominator of 2.1) = Biểu 06 column (3) */
  considered: number;
  done: number;
  open: number;
  /** done with at most one supplement request and finished_at ≤ due_766_at */
  onTimeDone: number;
  /**
   * in progress with at most one supplement request and judged no later than due_766_at, judged at least(to, asOf)
   * or, while the clock is stopped (stopped_at), at the instant it stopped (as clock.ts is766OnTime does)
   */
  onTimeOpen: number;
  /** 2.1: (onTimeDone + onTimeOpen) / considered; null when nothing was considered */
  onTimeRate: number | null;
  /** 2.2: average working time from receipt to finish of the done dossiers, in working days (8 h) */
  avgWorkingDays: number | null;
  /** the same in calendar days (24 h), for comparison */
  avgCalendarDays: number | null;
  /** done dossiers finished after their legal due instant (Biểu 06 late) */
  lateDone: number;
  /** done dossiers the applicant rated, and those rated 1–2 ("không hài lòng": the dislikes of 766) */
  rated: number;
  disliked: number;
  /** group 5, 5.4: 100% − (late rate + dislike rate) over the done dossiers; null when none is done */
  satisfaction: number | null;
}

/**
 * Decision 766 indicators 2.1 and 2.2 for the filter. Two statements: the counts (and the calendar-day average),
 * then — when something was finished — the working-time average, computed in SQL from a cumulative working-time
 * table of the days concerned built from the work calendar (`loadWorkCalendar`, default office hours), so the
 * result equals the mean of `workingTimeBetween(received_at, finished_at)` over the done rows, whatever their number.
 */
export async function indicators766(db: DbLike, q: StatsFilter, cal?: WorkCalendar): Promise<Indicators766> {
  checkFilter(q);
  const d = drizzleOf(db);
  const p = bounds(q);
  const where = whereOf(q, p.from, p.to);
  const done = sql`d.finished_at < ${p.to}`;
  const open = sql`(d.finished_at IS NULL OR d.finished_at >= ${p.to})`;
  const [r] = await rowsOf<{
    considered: number;
    done: number;
    open: number;
    onTimeDone: number;
    onTimeOpen: number;
    avgCalendarDays: number | null;
    firstReceivedMs: number | null;
    lastFinishedMs: number | null;
    lateDone: number;
    rated: number;
    disliked: number;
  }>(
    d,
    sql`SELECT count(*)::int AS considered,
               count(*) FILTER (WHERE ${done})::int AS done,
               count(*) FILTER (WHERE ${open})::int AS open,
               count(*) FILTER (WHERE ${done} AND d.supplement_count <= 1 AND d.finished_at <= d.due_766_at)::int AS "onTimeDone",
               count(*) FILTER (WHERE ${open} AND d.supplement_count <= 1
                                  AND least(${p.asOf}, coalesce(d.stopped_at, ${p.asOf})) <= d.due_766_at)::int AS "onTimeOpen",
               (avg(date_part('epoch', d.finished_at) - date_part('epoch', d.received_at)) FILTER (WHERE ${done}) / 86400)::float8 AS "avgCalendarDays",
               count(*) FILTER (WHERE ${done} AND d.finished_at > d.due_at)::int AS "lateDone",
               count(r.dossier_id) FILTER (WHERE ${done})::int AS rated,
               count(*) FILTER (WHERE ${done} AND r.score <= 2)::int AS disliked,
               (extract(epoch FROM min(d.received_at) FILTER (WHERE ${done})) * 1000)::float8 AS "firstReceivedMs",
               (extract(epoch FROM max(d.finished_at) FILTER (WHERE ${done})) * 1000)::float8 AS "lastFinishedMs"
          FROM dossiers d LEFT JOIN dossier_ratings r ON r.dossier_id = d.id
         WHERE ${where}`,
  );
  const c = r ?? {
    considered: 0,
    done: 0,
    open: 0,
    onTimeDone: 0,
    onTimeOpen: 0,
    avgCalendarDays: null,
    firstReceivedMs: null,
    lastFinishedMs: null,
    lateDone: 0,
    rated: 0,
    disliked: 0,
  };
  let avgWorkingDays: number | null = null;
  if (c.done > 0 && c.firstReceivedMs !== null && c.lastFinishedMs !== null) {
    const calendar = cal ?? (await loadWorkCalendar(d));
    const firstDay = vnDayNumber(Math.min(Number(c.firstReceivedMs), Number(c.lastFinishedMs)));
    const lastDay = vnDayNumber(Math.max(Number(c.firstReceivedMs), Number(c.lastFinishedMs)));
    const table = workingTable(calendar, firstDay, lastDay);
    const w = (local: SQL, day: SQL) => workingMsExpr(local, day, table);
    // OFFSET 0 keeps each level a real subquery, so every per-row value is computed once, not once per use
    const [a] = await rowsOf<{ avg: number | null }>(
      d,
      sql`SELECT (avg(${w(sql`b.ef`, sql`b.fday`)} - ${w(sql`b.er`, sql`b.rday`)}) / ${sql.raw(String(table.dayMs))}::float8)::float8 AS avg
            FROM (SELECT a.ef, a.er, floor(a.ef / ${sql.raw(String(DAY_MS))})::int AS fday, floor(a.er / ${sql.raw(String(DAY_MS))})::int AS rday
                    FROM (SELECT date_part('epoch', d.finished_at) * 1000 + ${sql.raw(String(VN_OFFSET_MS))} AS ef,
                                 date_part('epoch', d.received_at) * 1000 + ${sql.raw(String(VN_OFFSET_MS))} AS er
                            FROM dossiers d
                           WHERE ${where} AND ${done}
                          OFFSET 0) a
                  OFFSET 0) b`,
    );
    avgWorkingDays = a?.avg === null || a?.avg === undefined ? null : Number(a.avg);
  }
  return {
    considered: c.considered,
    done: c.done,
    open: c.open,
    onTimeDone: c.onTimeDone,
    onTimeOpen: c.onTimeOpen,
    onTimeRate: percentOf(c.onTimeDone + c.onTimeOpen, c.considered),
    avgWorkingDays,
    avgCalendarDays: c.avgCalendarDays === null ? null : Number(c.avgCalendarDays),
    lateDone: c.lateDone,
    rated: c.rated,
    disliked: c.disliked,
    satisfaction: c.done > 0 ? Math.max(0, 1 - (c.lateDone + c.disliked) / c.done) : null,
  };
}

interface WorkingTable {
  firstDay: number;
  /** working ms before each day (index 1 = firstDay), as a PostgreSQL array literal */
  cumulative: string;
  /** 1 for a working day, 0 otherwise */
  working: string;
  intervals: readonly { start: number; end: number }[];
  dayMs: number;
}

/** Cumulative working time per local day from firstDay to lastDay, from the calendar (JS is the one source of truth). */
function workingTable(cal: WorkCalendar, firstDay: number, lastDay: number): WorkingTable {
  const cum: number[] = [];
  const work: number[] = [];
  let total = 0;
  for (let day = firstDay; day <= lastDay; day++) {
    const w = isWorkingDay(cal, isoFromDayNumber(day));
    cum.push(total);
    work.push(w ? 1 : 0);
    if (w) total += cal.dayMs;
  }
  return {
    firstDay,
    cumulative: `{${cum.join(',')}}`,
    working: `{${work.join(',')}}`,
    intervals: cal.intervals.map((i) => ({ start: Math.round(i.start), end: Math.round(i.end) })),
    dayMs: cal.dayMs,
  };
}

/**
 * Working milliseconds from local midnight of table.firstDay to an instant, given as local milliseconds since the
 * epoch (`local`) and its local day number (`day`): cumulative[day] + (working day ? office time elapsed that day : 0).
 * The difference of two is workingTimeBetween.
 */
function workingMsExpr(local: SQL, day: SQL, t: WorkingTable): SQL {
  const idx = sql`(${day} - ${sql.raw(String(t.firstDay - 1))})`;
  const tod = sql`(${local} - ${day}::float8 * ${sql.raw(String(DAY_MS))})`;
  const elapsed = sql.join(
    t.intervals.map((i) => sql`greatest(0, least(${tod}, ${sql.raw(String(i.end))}) - ${sql.raw(String(i.start))})`),
    sql` + `,
  );
  return sql`((${t.cumulative}::float8[])[${idx}] + (${t.working}::float8[])[${idx}] * (${elapsed}))`;
}

/* ---------------------------------------------------------------- helpers for pages and the CLI */

/**
 * First and last year (Vietnam time) in which a dossier of the scope was received; null when there is none. With a
 * scope, min and max are taken per org unit, so each is one probe of the (org_unit_id, received_at) index.
 */
export async function dossierYears(db: DbLike, scope: readonly number[] | null): Promise<{ first: number; last: number } | null> {
  const d = drizzleOf(db);
  const range =
    scope === null
      ? sql`SELECT min(d.received_at) AS lo, max(d.received_at) AS hi FROM dossiers d`
      : sql`SELECT min(x.lo) AS lo, max(x.hi) AS hi
              FROM unnest(${intArray(scope)}::int[]) AS u(id)
              CROSS JOIN LATERAL (SELECT min(d.received_at) AS lo, max(d.received_at) AS hi
                                    FROM dossiers d WHERE d.org_unit_id = u.id) x`;
  const [r] = await rowsOf<{ first: number | null; last: number | null }>(
    d,
    sql`SELECT extract(year FROM r.lo AT TIME ZONE ${TZ})::int AS first, extract(year FROM r.hi AT TIME ZONE ${TZ})::int AS last
          FROM (${range}) r`,
  );
  return r && r.first !== null && r.last !== null ? { first: Number(r.first), last: Number(r.last) } : null;
}

export interface ProcedureOption {
  code: string;
  name: string;
  level: string;
  field: string;
}

/** Procedures by code (the latest version's name), optionally of one field, sorted by code. */
export async function procedureOptions(db: DbLike, field?: string): Promise<ProcedureOption[]> {
  return rowsOf<ProcedureOption>(
    drizzleOf(db),
    sql`SELECT DISTINCT ON (code) code, name, level, field FROM procedures
         ${field ? sql`WHERE field = ${field}` : sql``}
         ORDER BY code, valid_from DESC`,
  );
}

/* ---------------------------------------------------------------- SQL building */

function ts(d: Date): SQL {
  return sql`${d.toISOString()}::timestamptz`;
}

function bounds(q: StatsFilter): { from: SQL; to: SQL; asOf: SQL } {
  const asOf = Math.min(q.to.getTime(), (q.asOf ?? new Date()).getTime());
  return { from: ts(q.from), to: ts(q.to), asOf: ts(new Date(asOf)) };
}

/** A PostgreSQL array literal of integers, passed as one parameter (`$n::int[]`). */
function intArray(ids: readonly number[]): string {
  if (ids.some((id) => !Number.isSafeInteger(id))) throw new RangeError('scope: org unit ids are integers');
  return `{${ids.join(',')}}`;
}

function scopeCondition(scope: readonly number[] | null): SQL {
  if (scope === null) return sql`true`;
  if (scope.length === 0) return sql`false`;
  return sql`d.org_unit_id = ANY(${intArray(scope)}::int[])`;
}

/**
 * The dossiers a period concerns: received before its end and not finished before its start. Columns 3–13 split
 * exactly this set, so (3) = (7) + (11) holds by construction (and the test checks it).
 */
function whereOf(q: StatsFilter, from: SQL, to: SQL): SQL {
  const conds: SQL[] = [
    sql`d.received_at < ${to}`,
    sql`(d.finished_at IS NULL OR d.finished_at >= ${from})`,
    scopeCondition(q.scope),
  ];
  if (q.field !== undefined) conds.push(sql`d.procedure_id IN (SELECT pf.id FROM procedures pf WHERE pf.field = ${q.field})`);
  if (q.procedureCode !== undefined) {
    conds.push(sql`d.procedure_id IN (SELECT pc.id FROM procedures pc WHERE pc.code = ${q.procedureCode})`);
  }
  if (q.procedureId !== undefined) conds.push(sql`d.procedure_id = ${q.procedureId}`);
  return sql.join(conds, sql` AND `);
}

/**
 * The 11 conditional counts (columns 3–13) over the period [F, T), open dossiers judged at A = least(T, as-of).
 * (3), (7) and (11) are counted on their own, not summed from their parts, so the identities are a real check.
 */
function countColumns(F: SQL, T: SQL, A: SQL): SQL {
  const done = sql`d.finished_at < ${T}`;
  const open = sql`(d.finished_at IS NULL OR d.finished_at >= ${T})`;
  const finishedDay = vnDaySql(sql`d.finished_at`);
  const dueDay = vnDaySql(sql`d.due_at`);
  return sql`count(*) AS "receivedTotal",
    count(*) FILTER (WHERE d.received_at >= ${F} AND d.channel = 2) AS "receivedOnline",
    count(*) FILTER (WHERE d.received_at >= ${F} AND d.channel IN (1, 3)) AS "receivedDirect",
    count(*) FILTER (WHERE d.received_at < ${F}) AS "carriedOver",
    count(*) FILTER (WHERE ${done}) AS "doneTotal",
    count(*) FILTER (WHERE ${done} AND ${finishedDay} < ${dueDay}) AS "doneEarly",
    count(*) FILTER (WHERE ${done} AND ${finishedDay} = ${dueDay} AND d.finished_at <= d.due_at) AS "doneOnTime",
    count(*) FILTER (WHERE ${done} AND d.finished_at > d.due_at) AS "doneLate",
    count(*) FILTER (WHERE ${open}) AS "openTotal",
    count(*) FILTER (WHERE ${open} AND d.due_at >= ${A}) AS "openWithin",
    count(*) FILTER (WHERE ${open} AND d.due_at < ${A}) AS "openOverdue"`;
}

/**
 * The per-dossier step of every table: the conditional counts grouped by one small integer key of the dossier row
 * (its procedure version or its org unit; the month for monthly rows). The caller rolls these few rows up (by level,
 * field, procedure code) through the procedure catalogue, so no join touches every dossier, and PostgreSQL can run
 * this step in parallel workers (partial aggregation); on PGlite it is the cheapest shape too (see STATISTICS.md).
 */
function grouped(q: StatsFilter, groupKey: SQL, at: { from: SQL; to: SQL; asOf: SQL }, month?: { join: SQL; outer: { from: SQL; to: SQL } }): SQL {
  const where = month ? whereOf(q, month.outer.from, month.outer.to) : whereOf(q, at.from, at.to);
  return sql`SELECT ${groupKey} AS gk, ${countColumns(at.from, at.to, at.asOf)}
      FROM dossiers d ${month ? month.join : sql``}
     WHERE ${where}
     GROUP BY 1`;
}

/** Columns 3–13 summed over the grouped rows `c` (see grouped). */
const ROLL_UP = sql.raw(BIEU06_COLUMNS.map((c) => `coalesce(sum(c."${c}"), 0)::int AS "${c}"`).join(',\n    '));

function checkFilter(q: StatsFilter): void {
  if (!(q.from instanceof Date) || Number.isNaN(q.from.getTime())) throw new RangeError('from: not a valid Date');
  if (!(q.to instanceof Date) || Number.isNaN(q.to.getTime())) throw new RangeError('to: not a valid Date');
  if (q.to.getTime() <= q.from.getTime()) throw new RangeError('to: must be after from');
  if (q.asOf !== undefined && Number.isNaN(q.asOf.getTime())) throw new RangeError('asOf: not a valid Date');
  if (q.scope?.some((id) => !Number.isSafeInteger(id))) throw new RangeError('scope: org unit ids are integers');
  if (q.procedureId !== undefined && !Number.isSafeInteger(q.procedureId)) throw new RangeError('procedureId: not an integer');
}

export function zeroCounts(): Bieu06Counts {
  return {
    receivedTotal: 0,
    receivedOnline: 0,
    receivedDirect: 0,
    carriedOver: 0,
    doneTotal: 0,
    doneEarly: 0,
    doneOnTime: 0,
    doneLate: 0,
    openTotal: 0,
    openWithin: 0,
    openOverdue: 0,
  };
}

function toRow(key: string, label: string, r: Bieu06Counts): Bieu06Row {
  const counts = Object.fromEntries(BIEU06_COLUMNS.map((c) => [c, Number(r[c] ?? 0)])) as unknown as Bieu06Counts;
  const earlyOrOnTime = counts.doneEarly + counts.doneOnTime;
  return { key, label, ...counts, earlyOrOnTime, onTimeRate: percentOf(earlyOrOnTime, counts.doneTotal) };
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
