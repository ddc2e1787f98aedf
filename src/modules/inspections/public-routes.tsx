import { eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { todayVn } from '../../core/calendar/index.js';
import type { DbOrTx } from '../../core/db/index.js';
import type { FieldError } from '../../core/errors.js';
import { compareVi, formatDate, formatInteger, formatMoneyVnd, formatNumber, formatVnd } from '../../core/format/index.js';
import type { AppContext } from '../../core/http.js';
import type { Locale, T } from '../../core/i18n/index.js';
import { addPublicNavItems, publicNavOf, tOf } from '../../core/render.js';
import {
  ErrorSummary,
  firstParam,
  hrefWith,
  InsetText,
  Page,
  Pagination,
  type QueryParams,
  renderPage,
  Select,
  SummaryList,
  type SummaryRow,
  Table,
  TableFilter,
  Tag,
  type TagColour,
  TextInput,
} from '../../ui/index.js';
import { PROVINCE_CODE } from '../org/admin-data.js';
import { adminTreeAsOf } from '../org/queries.js';
import { adminUnits } from '../org/schema.js';
import { type HistoryEntry, type HistoryTotals, inspectionRecordsOf, sortEntries, subjectHistory } from './history.js';
import { type ComplianceStatus, citeProvision, FIELDS, normaliseTaxCode } from './model.js';
import './public-messages.js';
import { inspections, provisions, violations } from './schema.js';
import { escapeLike, resolveSubject } from './subject-commands.js';
import { complianceColour } from './subject-messages.js';
import { type DistrictMap, FacilityMap, loadDistrictMap } from './subject-routes.js';
import { getSubject } from './subjects.js';

/*
 * Public enforcement records (after US EPA ECHO: "a facility's whole compliance history, public"). No sign-in.
 *   GET /cong-khai/xu-ly-vi-pham        the register of penalty decisions against organisations: filters (nam, huyen,
 *                                       linhvuc, q), the summary of the filter, the table, pagination
 *   GET /cong-khai/xu-ly-vi-pham.csv    the same filter as CSV (UTF-8 with BOM, header row, one row per decision)
 *   GET /cong-khai/co-so/:id            the public compliance report of one organisation (a merged one → 301 to its
 *                                       survivor; an individual, a household or a missing id → the same 404)
 *
 * Privacy (Decree 13/2023/NĐ-CP): only subjects of kind `organisation` are shown; never a representative, a phone,
 * a CCCD, team members, signers, receipt numbers, evidence files or the team's findings and violation write-ups —
 * a violation is shown by its citation and the decree's own wording of the act. The queries below select only the
 * columns these pages show, so nothing else can leak into them.
 *
 * "Today" is the Vietnamese calendar day the request is served (vnIsoDate); payment and remedy statuses are
 * computed for it. Rate-limited per address like the dossier lookup; cacheable for 5 minutes (Vary: Cookie, as the
 * language may come from a cookie).
 */

const PAGE_SIZE = 25;
const SEARCH_MAX = 100;
const PAGE_LIMIT = { max: 60, timeWindow: '1 minute' } as const;
const CSV_LIMIT = { max: 10, timeWindow: '1 minute' } as const;
const CACHE = 'public, max-age=300';
export const REGISTER_PATH = '/cong-khai/xu-ly-vi-pham';
const REPORT_PATH = '/cong-khai/co-so';

/* ------------------------------------------------------------------------------------------------ statuses */

/** Payment state of a decision's fine, from the payments recorded against it. */
export type PaymentStatus = 'none' | 'paid' | 'partial' | 'unpaid';

/** `none` = no fine (a warning); `paid` = payments reach the fine; `partial` = something paid; `unpaid` = nothing. */
export function paymentStatusOf(fineVnd: number, paidVnd: number): PaymentStatus {
  if (fineVnd <= 0) return 'none';
  if (paidVnd >= fineVnd) return 'paid';
  return paidVnd > 0 ? 'partial' : 'unpaid';
}

/** State of a decision's remedial measures on `today`. */
export type RemedyStatus = 'none' | 'done' | 'in_progress' | 'overdue';

/**
 * `none` = the decision orders no remedy; `done` = every remedy done; `overdue` = a remedy not done whose deadline
 * is before today; `in_progress` = remedies not done, none past its deadline (a deadline of today is not late).
 */
export function remedyStatusOf(remedies: readonly { deadline: string; doneOn: string | null }[], today: string): RemedyStatus {
  if (remedies.length === 0) return 'none';
  const pending = remedies.filter((r) => r.doneOn === null);
  if (pending.length === 0) return 'done';
  return pending.some((r) => r.deadline < today) ? 'overdue' : 'in_progress';
}

const PAYMENT_COLOURS: Record<PaymentStatus, TagColour> = { none: 'grey', paid: 'green', partial: 'blue', unpaid: 'blue' };
const REMEDY_COLOURS: Record<RemedyStatus, TagColour> = { none: 'grey', done: 'green', in_progress: 'blue', overdue: 'red' };

/* ------------------------------------------------------------------------------------------------ place names */

const UNIT_TYPE_NAMES: Record<string, string> = {
  xa: 'Xã',
  phuong: 'Phường',
  thi_tran: 'Thị trấn',
  huyen: 'Huyện',
  thi_xa: 'Thị xã',
  thanh_pho: 'Thành phố',
  thanh_pho_tw: 'Thành phố',
  tinh: 'Tỉnh',
  dac_khu: 'Đặc khu',
};

/** "Thị trấn Kế Sách" from the stored name "Kế Sách" (communes are stored without their type; districts with it). */
function unitLabel(name: string, unitType: string | null): string {
  const prefix = unitType ? UNIT_TYPE_NAMES[unitType] : undefined;
  return !prefix || name.startsWith(prefix) ? name : `${prefix} ${name}`;
}

/** "Xã Hòa Tú 1, Huyện Mỹ Xuyên" for administrative unit ids (the district added when the unit's parent is one). */
async function placeNames(db: DbOrTx, ids: (number | null)[]): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((x): x is number => x !== null))];
  const out = new Map<number, string>();
  if (!wanted.length) return out;
  const cols = { id: adminUnits.id, name: adminUnits.name, unitType: adminUnits.unitType, level: adminUnits.level, parentId: adminUnits.parentId };
  const units = await db.select(cols).from(adminUnits).where(inArray(adminUnits.id, wanted));
  const parentIds = [...new Set(units.map((u) => u.parentId).filter((x): x is number => x !== null))];
  const parents = parentIds.length ? await db.select(cols).from(adminUnits).where(inArray(adminUnits.id, parentIds)) : [];
  const parentById = new Map(parents.map((p) => [p.id, p]));
  for (const u of units) {
    const p = u.parentId !== null ? parentById.get(u.parentId) : undefined;
    const parts = [unitLabel(u.name, u.unitType)];
    if (u.level === 3 && p?.level === 2) parts.push(unitLabel(p.name, p.unitType));
    out.set(u.id, parts.join(', '));
  }
  return out;
}

const joinPlace = (...parts: (string | null | undefined)[]) => parts.filter((p) => p && p.trim() !== '').join(', ');

/* ------------------------------------------------------------------------------------------------ the register */

export interface RegisterFilter {
  /** the year of the decision (decided_on) */
  year?: number;
  /** a district-level administrative unit: decisions whose place is in it (the unit or a unit below it) */
  districtId?: number;
  /** FIELDS: the inspection's field */
  field?: string;
  /** an organisation's name (diacritics and case ignored) or the start of its tax code */
  q?: string;
}

export interface RegisterRow {
  decisionId: number;
  number: string;
  decidedOn: string;
  paymentDueOn: string;
  fineVnd: number;
  paidVnd: number;
  subjectId: number;
  name: string;
  taxCode: string | null;
  /** the inspected facility, when the inspection named one */
  facilityName: string | null;
  /** the facility's address, else the organisation's */
  address: string | null;
  /** "Xã …, Huyện …" of the facility (else of the organisation) */
  place: string | null;
  /** the district of that place, when it has one */
  district: string | null;
  /** the deciding org unit */
  unitName: string;
  field: string;
  /** the provisions of the decision's lines, as decisions cite them, in line order, without repeats */
  citations: string[];
  paymentStatus: PaymentStatus;
  /** the fine is not fully paid and its payment date is before today */
  paymentOverdue: boolean;
  remedyStatus: RemedyStatus;
}

export interface RegisterSummary {
  decisions: number;
  organisations: number;
  finesVnd: number;
  /** Σ payments recorded against the decisions */
  paidVnd: number;
  /** Σ per decision max(fine − paid, 0) — the definition of history.ts */
  outstandingVnd: number;
}

async function rowsOf<R>(db: DbOrTx, query: SQL): Promise<R[]> {
  const result = (await db.execute(query)) as unknown as { rows: R[] };
  return result.rows;
}

const intArray = (ids: readonly number[]) => sql.raw(`ARRAY[${(ids.length ? ids : [-1]).map((n) => Math.trunc(Number(n))).join(',')}]::int[]`);

/**
 * The decisions the register may show, with what they are paid: the subject is an organisation and the inspection
 * is not cancelled (the WHERE of `conditionsOf` says so); the place of a decision is the inspected facility when the
 * inspection names one, else the organisation's registered unit.
 */
const FROM = sql`FROM penalty_decisions d
  JOIN inspected_subjects x ON x.id = d.inspected_subject_id
  JOIN inspections i ON i.id = x.inspection_id
  JOIN inspection_subjects s ON s.id = x.subject_id
  LEFT JOIN inspection_facilities f ON f.id = x.facility_id
  LEFT JOIN LATERAL (SELECT coalesce(sum(p.amount_vnd), 0) AS paid FROM penalty_payments p WHERE p.decision_id = d.id) pp ON true`;
const PLACE = sql`(CASE WHEN f.id IS NOT NULL THEN f.admin_unit_id ELSE s.admin_unit_id END)`;

/** The unit and every unit below it through parent links (any date: communes that ended still belong to it). */
async function unitAndBelow(db: DbOrTx, id: number): Promise<number[]> {
  const found = await rowsOf<{ id: number }>(
    db,
    sql`WITH RECURSIVE u(id, depth) AS (
          SELECT a.id, 0 FROM admin_units a WHERE a.id = ${id}
          UNION ALL
          SELECT c.id, u.depth + 1 FROM admin_units c JOIN u ON c.parent_id = u.id WHERE u.depth < 4)
        SELECT id FROM u`,
  );
  return found.map((r) => Number(r.id));
}

async function conditionsOf(db: DbOrTx, f: RegisterFilter): Promise<SQL> {
  const conds: SQL[] = [sql`s.kind = 'organisation'`, sql`i.status <> 'cancelled'`];
  if (f.year !== undefined) conds.push(sql`d.decided_on >= ${`${f.year}-01-01`}::date AND d.decided_on < ${`${f.year + 1}-01-01`}::date`);
  if (f.field) conds.push(sql`i.field = ${f.field}`);
  if (f.districtId !== undefined) conds.push(sql`${PLACE} = ANY(${intArray(await unitAndBelow(db, f.districtId))})`);
  const q = (f.q ?? '').trim().replace(/\s+/g, ' ').slice(0, SEARCH_MAX);
  if (q) {
    const matches: SQL[] = [sql`f_unaccent(lower(s.name)) LIKE f_unaccent(lower(${`%${escapeLike(q)}%`}))`];
    const digits = q.replace(/[\s.]/g, '');
    if (/^\d[\d-]{2,13}$/.test(digits)) matches.push(sql`s.tax_code LIKE ${`${escapeLike(digits)}%`}`);
    const whole = normaliseTaxCode(digits);
    if (whole) matches.push(sql`s.tax_code = ${whole}`);
    conds.push(sql`(${sql.join(matches, sql` OR `)})`);
  }
  return sql.join(conds, sql` AND `);
}

interface RawRow {
  decisionId: number;
  number: string;
  decidedOn: string;
  paymentDueOn: string;
  fineVnd: number | string | bigint;
  paidVnd: number | string | bigint;
  subjectId: number;
  name: string;
  taxCode: string | null;
  facilityName: string | null;
  address: string | null;
  placeId: number | null;
  unitName: string;
  field: string;
}

async function loadRows(db: DbOrTx, where: SQL, today: string, limit?: number, offset = 0): Promise<RegisterRow[]> {
  const raw = await rowsOf<RawRow>(
    db,
    sql`SELECT d.id AS "decisionId", d.number, d.decided_on::text AS "decidedOn", d.payment_due_on::text AS "paymentDueOn",
               d.fine_vnd::bigint AS "fineVnd", pp.paid::bigint AS "paidVnd",
               s.id AS "subjectId", s.name, s.tax_code AS "taxCode", f.name AS "facilityName",
               CASE WHEN f.id IS NOT NULL THEN f.address ELSE s.address END AS address, ${PLACE} AS "placeId",
               o.name AS "unitName", i.field
          ${FROM}
          JOIN org_units o ON o.id = d.org_unit_id
         WHERE ${where}
         ORDER BY d.decided_on DESC, d.id DESC
         ${limit !== undefined ? sql`LIMIT ${limit} OFFSET ${offset}` : sql``}`,
  );
  if (!raw.length) return [];
  const citations = new Map<number, string[]>();
  const remedies = new Map<number, { deadline: string; doneOn: string | null }[]>();
  // In chunks, so a CSV of every decision never builds one huge statement.
  for (let i = 0; i < raw.length; i += 2000) {
    const ids = raw.slice(i, i + 2000).map((r) => Number(r.decisionId));
    const lines = await rowsOf<{ decisionId: number; decree: string; article: number; clause: number | null; point: string | null }>(
      db,
      sql`SELECT l.decision_id AS "decisionId", p.decree, p.article, p.clause, p.point
            FROM penalty_lines l JOIN violations v ON v.id = l.violation_id JOIN violation_provisions p ON p.id = v.provision_id
           WHERE l.decision_id = ANY(${intArray(ids)}) ORDER BY l.decision_id, l.id`,
    );
    for (const l of lines) {
      const list = citations.get(Number(l.decisionId)) ?? [];
      const c = citeProvision({ decree: l.decree, article: Number(l.article), clause: l.clause === null ? null : Number(l.clause), point: l.point });
      if (!list.includes(c)) list.push(c);
      citations.set(Number(l.decisionId), list);
    }
    const rs = await rowsOf<{ decisionId: number; deadline: string; doneOn: string | null }>(
      db,
      sql`SELECT r.decision_id AS "decisionId", r.deadline::text AS deadline, r.done_on::text AS "doneOn"
            FROM remedial_measures r WHERE r.decision_id = ANY(${intArray(ids)})`,
    );
    for (const r of rs) remedies.set(Number(r.decisionId), [...(remedies.get(Number(r.decisionId)) ?? []), { deadline: r.deadline, doneOn: r.doneOn }]);
  }
  const places = await placeNames(
    db,
    raw.map((r) => (r.placeId === null ? null : Number(r.placeId))),
  );
  const districts = await districtNames(
    db,
    raw.map((r) => (r.placeId === null ? null : Number(r.placeId))),
  );
  return raw.map((r) => {
    const id = Number(r.decisionId);
    const fineVnd = Number(r.fineVnd);
    const paidVnd = Number(r.paidVnd);
    const paymentStatus = paymentStatusOf(fineVnd, paidVnd);
    const placeId = r.placeId === null ? null : Number(r.placeId);
    return {
      decisionId: id,
      number: r.number,
      decidedOn: r.decidedOn,
      paymentDueOn: r.paymentDueOn,
      fineVnd,
      paidVnd,
      subjectId: Number(r.subjectId),
      name: r.name,
      taxCode: r.taxCode,
      facilityName: r.facilityName,
      address: r.address,
      place: placeId !== null ? (places.get(placeId) ?? null) : null,
      district: placeId !== null ? (districts.get(placeId) ?? null) : null,
      unitName: r.unitName,
      field: r.field,
      citations: citations.get(id) ?? [],
      paymentStatus,
      paymentOverdue: (paymentStatus === 'partial' || paymentStatus === 'unpaid') && r.paymentDueOn < today,
      remedyStatus: remedyStatusOf(remedies.get(id) ?? [], today),
    };
  });
}

/** The district (level 2) a unit is in, or is. */
async function districtNames(db: DbOrTx, ids: (number | null)[]): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((x): x is number => x !== null))];
  const out = new Map<number, string>();
  if (!wanted.length) return out;
  const found = await rowsOf<{ id: number; name: string; unitType: string }>(
    db,
    sql`SELECT a.id, coalesce(CASE WHEN a.level = 2 THEN a.name END, p.name) AS name,
               coalesce(CASE WHEN a.level = 2 THEN a.unit_type END, p.unit_type) AS "unitType"
          FROM admin_units a LEFT JOIN admin_units p ON p.id = a.parent_id AND p.level = 2
         WHERE a.id = ANY(${intArray(wanted)})`,
  );
  for (const r of found) if (r.name) out.set(Number(r.id), unitLabel(r.name, r.unitType));
  return out;
}

/** Counts and sums of every decision of the filter (not just one page). */
export async function registerSummary(db: DbOrTx, f: RegisterFilter): Promise<RegisterSummary> {
  const where = await conditionsOf(db, f);
  const [r] = await rowsOf<Record<string, number | string | bigint>>(
    db,
    sql`SELECT count(*)::int AS decisions, count(DISTINCT s.id)::int AS organisations,
               coalesce(sum(d.fine_vnd), 0)::bigint AS fines, coalesce(sum(pp.paid), 0)::bigint AS paid,
               coalesce(sum(greatest(d.fine_vnd - pp.paid, 0)), 0)::bigint AS outstanding
          ${FROM} WHERE ${where}`,
  );
  return {
    decisions: Number(r?.decisions ?? 0),
    organisations: Number(r?.organisations ?? 0),
    finesVnd: Number(r?.fines ?? 0),
    paidVnd: Number(r?.paid ?? 0),
    outstandingVnd: Number(r?.outstanding ?? 0),
  };
}

/** One page of the register (newest first: decision date, then id), the page clamped to the last one. */
export async function publicRegister(
  db: DbOrTx,
  f: RegisterFilter,
  today: string,
  opts: { page?: number; pageSize?: number } = {},
): Promise<{ rows: RegisterRow[]; summary: RegisterSummary; page: number; pageCount: number; pageSize: number }> {
  const pageSize = Math.min(Math.max(Math.trunc(opts.pageSize ?? PAGE_SIZE), 1), 200);
  const summary = await registerSummary(db, f);
  const pageCount = Math.max(1, Math.ceil(summary.decisions / pageSize));
  const page = Math.min(Math.max(Math.trunc(opts.page ?? 1), 1), pageCount);
  const rows = summary.decisions ? await loadRows(db, await conditionsOf(db, f), today, pageSize, (page - 1) * pageSize) : [];
  return { rows, summary, page, pageCount, pageSize };
}

/** Every decision of the filter, newest first (for the CSV). */
export async function publicRegisterAll(db: DbOrTx, f: RegisterFilter, today: string): Promise<RegisterRow[]> {
  return loadRows(db, await conditionsOf(db, f), today);
}

/** The years with a decision the register may show, newest first, and the first such decision's date. */
export async function registerYears(db: DbOrTx): Promise<{ years: number[]; firstOn: string | null }> {
  const found = await rowsOf<{ y: number; first: string }>(
    db,
    sql`SELECT extract(year FROM d.decided_on)::int AS y, min(d.decided_on)::text AS first
          ${FROM} WHERE s.kind = 'organisation' AND i.status <> 'cancelled'
         GROUP BY 1 ORDER BY 1 DESC`,
  );
  const firsts = found.map((r) => r.first).sort();
  return { years: found.map((r) => Number(r.y)), firstOn: firsts[0] ?? null };
}

/**
 * The province's districts valid in the given years (on the first or the last day of each), through the org
 * module's dated tree, in Vietnamese order. Since 01/07/2025 there are no districts: a later year has none.
 */
export async function districtOptions(db: DbOrTx, years: readonly number[]): Promise<{ id: number; name: string }[]> {
  const seen = new Map<number, string>();
  for (const y of years)
    for (const day of [`${y}-01-01`, `${y}-12-31`]) {
      const [root] = await adminTreeAsOf(db, day, PROVINCE_CODE);
      for (const d of root?.children ?? []) if (!seen.has(d.id)) seen.set(d.id, unitLabel(d.name, d.unitType));
    }
  return [...seen].map(([id, name]) => ({ id, name })).sort((a, b) => compareVi(a.name, b.name) || a.id - b.id);
}

/* ------------------------------------------------------------------------------------------------ CSV */

function csvCell(v: string): string {
  // a cell a spreadsheet would run as a formula gets a leading apostrophe
  const safe = /^[=@\t\r]/.test(v) || /^[+-][^\d\s]/.test(v) ? `'${v}` : v;
  return /[",\r\n;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The register as CSV for open-data use: UTF-8 with a BOM (so spreadsheets read the Vietnamese), a header row, one
 * row per decision, CRLF line ends; dates ISO (YYYY-MM-DD), amounts whole đồng without grouping; `baseUrl` makes the
 * report links absolute.
 */
export function registerCsv(rows: readonly RegisterRow[], t: T, baseUrl: string): string {
  const head = ['organisation', 'taxCode', 'facility', 'address', 'district', 'unit', 'number', 'decidedOn', 'field', 'provisions', 'fine', 'paid', 'due', 'payment', 'remedy', 'report'];
  const lines = [head.map((k) => csvCell(t(`enforcementPublic.csv.${k}`))).join(',')];
  for (const r of rows)
    lines.push(
      [
        r.name,
        r.taxCode ?? '',
        r.facilityName ?? '',
        joinPlace(r.address, r.place),
        r.district ?? '',
        r.unitName,
        r.number,
        r.decidedOn,
        t(`subject.field.${r.field}`),
        r.citations.join('; '),
        String(r.fineVnd),
        String(r.paidVnd),
        r.paymentDueOn,
        t(`enforcementPublic.payment.${r.paymentStatus}`),
        t(`enforcementPublic.remedy.${r.remedyStatus}`),
        `${baseUrl}${REPORT_PATH}/${r.subjectId}`,
      ]
        .map(csvCell)
        .join(','),
    );
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

/* ------------------------------------------------------------------------------------------------ the report */

export interface PublicReport {
  subject: { id: number; name: string; taxCode: string | null; sector: string | null; address: string | null; place: string | null };
  facilities: { id: number; name: string; address: string | null; place: string | null; sector: string | null; latitude: number | null; longitude: number | null }[];
  status: ComplianceStatus;
  totals: HistoryTotals;
  /** newest first; text in the reader's language; no link (the staff pages are not public) */
  entries: HistoryEntry[];
}

export type PublicReportResult = { kind: 'not_found' } | { kind: 'moved'; to: number } | { kind: 'ok'; report: PublicReport };

/**
 * The public compliance report of an organisation on `today`: status and totals from `subjectHistory` with scope null
 * (every unit's records), the timeline rebuilt from the inspection records without personal data. A subject that
 * is not an organisation, or does not exist, is `not_found` alike; a merged organisation is `moved` to its survivor
 * (when the survivor is an organisation too).
 */
export async function publicComplianceReport(db: DbOrTx, id: number, today: string, t: T, locale: Locale = 'vi'): Promise<PublicReportResult> {
  const asked = await getSubject(db, id);
  if (asked?.kind !== 'organisation') return { kind: 'not_found' };
  if (asked.mergedIntoId !== null) {
    const survivor = await resolveSubject(db, id);
    return survivor && survivor.id !== id && survivor.kind === 'organisation' && survivor.mergedIntoId === null ? { kind: 'moved', to: survivor.id } : { kind: 'not_found' };
  }
  const h = await subjectHistory(db, id, null, today);
  if (!h) return { kind: 'not_found' };
  const s = h.subject;
  const { visible: r } = await inspectionRecordsOf(db, s.id, null);
  const inspectionIds = [...new Set(r.inspected.map((i) => i.inspectionId))];
  const meta = inspectionIds.length
    ? await db.select({ id: inspections.id, kind: inspections.kind, field: inspections.field }).from(inspections).where(inArray(inspections.id, inspectionIds))
    : [];
  const metaById = new Map(meta.map((m) => [m.id, m]));
  const violationIds = r.violations.map((v) => v.id);
  const acts = violationIds.length
    ? await db
        .select({ id: violations.id, act: provisions.description })
        .from(violations)
        .innerJoin(provisions, eq(provisions.id, violations.provisionId))
        .where(inArray(violations.id, violationIds))
    : [];
  const actById = new Map(acts.map((a) => [a.id, a.act]));
  const places = await placeNames(db, [s.adminUnitId, ...h.facilities.map((f) => f.adminUnitId)]);

  const inspectedById = new Map(r.inspected.map((i) => [i.id, i]));
  const decisionById = new Map(r.decisions.map((d) => [d.id, d]));
  const date = (d: string) => formatDate(d, locale);
  const money = (n: number) => formatVnd(n, locale);
  const entries: HistoryEntry[] = [];
  for (const i of r.inspected) {
    const m = metaById.get(i.inspectionId);
    entries.push({
      date: i.date,
      kind: 'inspection',
      title: t('enforcementPublic.entry.inspection', { mode: t(`insp.mode.${i.mode}`), number: i.decisionNumber, date: date(i.decisionDate) }),
      detail: t('enforcementPublic.entry.inspectionDetail', {
        unit: i.unitName,
        field: m ? t(`subject.field.${m.field}`) : '',
        kind: m ? t(`insp.kind.${m.kind}`) : '',
      }),
      tag:
        i.status === 'cancelled'
          ? { text: t('enforcementPublic.entry.cancelled'), colour: 'grey' }
          : { text: t(`insp.outcome.${i.outcome}`), colour: i.outcome === 'violation' ? 'red' : i.outcome === 'compliant' ? 'green' : 'grey' },
    });
  }
  for (const v of r.violations)
    entries.push({
      date: v.committedOn,
      kind: 'violation',
      title: t('enforcementPublic.entry.violation', { citation: v.citation }),
      // the decree's wording of the act, never the team's write-up of what they found
      detail: actById.get(v.id),
      tag: v.penalised ? { text: t('enforcementPublic.entry.penalised'), colour: 'grey' } : { text: t('enforcementPublic.entry.unpenalised'), colour: 'orange' },
    });
  for (const d of r.decisions) {
    const status = paymentStatusOf(d.fineVnd, d.paidVnd);
    const left = Math.max(d.fineVnd - d.paidVnd, 0);
    const overdue = (status === 'partial' || status === 'unpaid') && d.paymentDueOn < today;
    entries.push({
      date: d.decidedOn,
      kind: 'penalty_decision',
      title: t('enforcementPublic.entry.decision', { number: d.number }),
      detail:
        t('enforcementPublic.entry.decisionDetail', { unit: inspectedById.get(d.inspectedSubjectId)?.unitName ?? '', due: date(d.paymentDueOn) }) +
        (left > 0 ? t('enforcementPublic.entry.decisionLeft', { amount: money(left) }) : ''),
      amountVnd: d.fineVnd,
      tag: {
        text: overdue ? t('enforcementPublic.paymentOverdue', { date: date(d.paymentDueOn) }) : t(`enforcementPublic.payment.${status}`),
        colour: overdue ? 'red' : PAYMENT_COLOURS[status],
      },
    });
  }
  for (const p of r.payments)
    entries.push({
      date: p.paidOn,
      kind: 'payment',
      title: t('enforcementPublic.entry.payment', { number: decisionById.get(p.decisionId)?.number ?? '' }),
      amountVnd: p.amountVnd,
    });
  for (const m of r.remedies) {
    const number = decisionById.get(m.decisionId)?.number ?? '';
    entries.push({
      date: m.doneOn ?? m.deadline,
      kind: 'remedy',
      title: t('enforcementPublic.entry.remedy', { description: m.description }),
      detail: m.doneOn
        ? t('enforcementPublic.entry.remedyDone', { deadline: date(m.deadline), done: date(m.doneOn), number })
        : t('enforcementPublic.entry.remedyDetail', { deadline: date(m.deadline), number }),
      tag: m.doneOn
        ? { text: t('enforcementPublic.entry.remedy.done'), colour: 'green' }
        : m.deadline < today
          ? { text: t('enforcementPublic.entry.remedy.overdue'), colour: 'red' }
          : { text: t('enforcementPublic.entry.remedy.pending'), colour: 'blue' },
    });
  }
  return {
    kind: 'ok',
    report: {
      subject: {
        id: s.id,
        name: s.name,
        taxCode: s.taxCode,
        sector: s.sector,
        address: s.address,
        place: s.adminUnitId !== null ? (places.get(s.adminUnitId) ?? null) : null,
      },
      facilities: h.facilities.map((f) => ({
        id: f.id,
        name: f.name,
        address: f.address,
        place: f.adminUnitId !== null ? (places.get(f.adminUnitId) ?? null) : null,
        sector: f.sector,
        latitude: f.latitude,
        longitude: f.longitude,
      })),
      status: h.status,
      totals: h.totals,
      entries: sortEntries(entries),
    },
  };
}

/* ------------------------------------------------------------------------------------------------ query of the register */

interface RegisterQuery {
  /** what was typed, kept in the form */
  values: { q: string; nam: string; huyen: string; linhvuc: string };
  filter: RegisterFilter;
  errors: FieldError[];
  page: number;
  years: number[];
  firstOn: string | null;
  districts: { id: number; name: string }[];
}

const str = (v: string | undefined) => (v ?? '').trim();

async function readRegisterQuery(db: DbOrTx, raw: QueryParams, t: T, today: string): Promise<RegisterQuery> {
  const values = { q: str(firstParam(raw, 'q')), nam: str(firstParam(raw, 'nam')), huyen: str(firstParam(raw, 'huyen')), linhvuc: str(firstParam(raw, 'linhvuc')) };
  const errors: FieldError[] = [];
  const filter: RegisterFilter = {};
  const maxYear = Number(today.slice(0, 4)) + 1;
  if (values.q.length > SEARCH_MAX) errors.push({ field: 'q', message: t('enforcementPublic.error.q') });
  else if (values.q) filter.q = values.q;
  if (values.nam) {
    const y = /^\d{4}$/.test(values.nam) ? Number(values.nam) : Number.NaN;
    if (y >= 2000 && y <= maxYear) filter.year = y;
    else errors.push({ field: 'nam', message: t('enforcementPublic.error.year', { max: maxYear }) });
  }
  const { years, firstOn } = await registerYears(db);
  const districts = await districtOptions(db, filter.year !== undefined ? [filter.year] : years);
  if (values.huyen) {
    const d = /^\d{1,9}$/.test(values.huyen) ? districts.find((x) => x.id === Number(values.huyen)) : undefined;
    if (d) filter.districtId = d.id;
    else errors.push({ field: 'huyen', message: filter.year !== undefined ? t('enforcementPublic.error.districtYear', { year: filter.year }) : t('enforcementPublic.error.district') });
  }
  if (values.linhvuc) {
    if ((FIELDS as readonly string[]).includes(values.linhvuc)) filter.field = values.linhvuc;
    else errors.push({ field: 'linhvuc', message: t('enforcementPublic.error.field') });
  }
  const p = str(firstParam(raw, 'page'));
  const page = /^\d{1,6}$/.test(p) && Number(p) > 0 ? Number(p) : 1;
  return { values, filter, errors, page, years, firstOn, districts };
}

/* ------------------------------------------------------------------------------------------------ page shell */

// The register and the reports (under /cong-khai/co-so/) share one item of the public navigation.
addPublicNavItems([{ href: REGISTER_PATH, label: 'enforcementPublic.nav.register' }]);

function sendPublic(
  ctx: AppContext,
  req: FastifyRequest,
  reply: FastifyReply,
  opts: { title: string; status?: number; hasErrors?: boolean; breadcrumbs?: { href?: string; label: string }[] },
  body: ComponentChildren,
) {
  const t = tOf(req);
  const status = opts.status ?? 200;
  const html = renderPage(
    <Page
      title={opts.title}
      locale={req.locale}
      t={t}
      orgName={ctx.config.orgName}
      variant="public"
      currentPath={req.url}
      nav={publicNavOf(req, t)}
      breadcrumbs={opts.breadcrumbs}
      hasErrors={opts.hasErrors}
    >
      {body}
    </Page>,
  );
  return reply
    .status(status)
    .header('cache-control', status === 200 ? CACHE : 'no-store')
    .header('vary', 'Cookie')
    .type('text/html; charset=utf-8')
    .send(html);
}

/* ------------------------------------------------------------------------------------------------ views */

function RegisterTable(props: { rows: RegisterRow[]; caption: string; t: T; locale: Locale }) {
  const { t, locale } = props;
  const date = (d: string) => formatDate(d, locale);
  return (
    <Table<RegisterRow>
      t={t}
      id="quyet-dinh"
      caption={props.caption}
      rows={props.rows}
      firstCellIsHeader
      empty={{ title: t('enforcementPublic.empty') }}
      columns={[
        {
          key: 'name',
          label: t('enforcementPublic.col.organisation'),
          render: (r) => (
            <a class="govuk-link" href={`${REPORT_PATH}/${r.subjectId}`}>
              {r.name}
              <span class="govuk-visually-hidden"> ({t('enforcementPublic.viewReport')})</span>
            </a>
          ),
        },
        { key: 'taxCode', label: t('enforcementPublic.col.taxCode'), nowrap: true, render: (r) => r.taxCode ?? '—' },
        {
          key: 'address',
          label: t('enforcementPublic.col.address'),
          render: (r) => (
            <>
              {r.facilityName ? <strong class="govuk-!-font-weight-bold">{r.facilityName}: </strong> : null}
              {joinPlace(r.address, r.place) || '—'}
            </>
          ),
        },
        { key: 'unitName', label: t('enforcementPublic.col.unit') },
        {
          key: 'decision',
          label: t('enforcementPublic.col.decision'),
          render: (r) => (
            <>
              <span class="tnmt-nowrap">{r.number}</span> <span class="tnmt-nowrap">{t('enforcementPublic.decisionOn', { date: date(r.decidedOn) })}</span>
            </>
          ),
        },
        {
          key: 'citations',
          label: t('enforcementPublic.col.provisions'),
          render: (r) =>
            r.citations.length ? (
              <ul class="govuk-list govuk-!-font-size-16 govuk-!-margin-bottom-0">
                {r.citations.map((c) => (
                  <li key={c}>{c}</li>
                ))}
              </ul>
            ) : (
              '—'
            ),
        },
        { key: 'fineVnd', label: t('enforcementPublic.col.fine'), numeric: true, nowrap: true, render: (r) => formatVnd(r.fineVnd, locale) },
        {
          key: 'payment',
          label: t('enforcementPublic.col.payment'),
          render: (r) => (
            <>
              <Tag colour={r.paymentOverdue ? 'red' : PAYMENT_COLOURS[r.paymentStatus]}>{t(`enforcementPublic.payment.${r.paymentStatus}`)}</Tag>
              {r.paymentStatus !== 'none' && r.paymentStatus !== 'paid' ? (
                <div class="govuk-hint govuk-!-font-size-16 govuk-!-margin-bottom-0 govuk-!-margin-top-1">
                  {r.paymentOverdue ? t('enforcementPublic.paymentOverdue', { date: date(r.paymentDueOn) }) : t('enforcementPublic.paymentDue', { date: date(r.paymentDueOn) })}
                </div>
              ) : null}
            </>
          ),
        },
        {
          key: 'remedy',
          label: t('enforcementPublic.col.remedy'),
          render: (r) => <Tag colour={REMEDY_COLOURS[r.remedyStatus]}>{t(`enforcementPublic.remedy.${r.remedyStatus}`)}</Tag>,
        },
      ]}
    />
  );
}

/* ------------------------------------------------------------------------------------------------ routes */

export function registerPublicEnforcementRoutes(app: FastifyInstance, ctx: AppContext) {
  const db = ctx.database.db;
  let mapCache: Promise<DistrictMap | null> | undefined;
  const districtMap = () => {
    mapCache ??= loadDistrictMap(db).catch(() => null);
    return mapCache;
  };

  app.get(REGISTER_PATH, { config: { access: 'public', rateLimit: PAGE_LIMIT } }, async (req, reply) => {
    const t = tOf(req);
    const locale = req.locale;
    const today = todayVn();
    const rq = await readRegisterQuery(db, (req.query ?? {}) as QueryParams, t, today);
    const title = t('enforcementPublic.register.title');
    const query: QueryParams = { q: rq.values.q || undefined, nam: rq.values.nam || undefined, huyen: rq.values.huyen || undefined, linhvuc: rq.values.linhvuc || undefined };
    const filtered = Boolean(rq.values.q || rq.values.nam || rq.values.huyen || rq.values.linhvuc);
    const yearOptions = [...rq.years];
    if (rq.filter.year !== undefined && !yearOptions.includes(rq.filter.year)) yearOptions.push(rq.filter.year);
    yearOptions.sort((a, b) => b - a);
    const form = (
      <TableFilter action={REGISTER_PATH} active={filtered} title={t('enforcementPublic.filter.title')} t={t}>
        <TextInput
          name="q"
          type="search"
          label={t('enforcementPublic.filter.q')}
          hint={t('enforcementPublic.filter.q.hint')}
          value={rq.values.q}
          error={rq.errors.find((e) => e.field === 'q')?.message}
          spellcheck={false}
          t={t}
        />
        <Select
          name="nam"
          label={t('enforcementPublic.filter.year')}
          options={[
            ...yearOptions.map((y) => ({ value: String(y), label: String(y) })),
            ...(rq.values.nam && rq.filter.year === undefined ? [{ value: rq.values.nam, label: rq.values.nam }] : []),
          ]}
          value={rq.values.nam}
          emptyOption={t('enforcementPublic.filter.all')}
          error={rq.errors.find((e) => e.field === 'nam')?.message}
          t={t}
        />
        <Select
          name="huyen"
          label={t('enforcementPublic.filter.district')}
          hint={t('enforcementPublic.filter.district.hint')}
          options={rq.districts.map((d) => ({ value: String(d.id), label: d.name }))}
          value={rq.values.huyen}
          emptyOption={t('enforcementPublic.filter.all')}
          error={rq.errors.find((e) => e.field === 'huyen')?.message}
          t={t}
        />
        <Select
          name="linhvuc"
          label={t('enforcementPublic.filter.field')}
          options={FIELDS.map((f) => ({ value: f, label: t(`subject.field.${f}`) }))}
          value={rq.values.linhvuc}
          emptyOption={t('enforcementPublic.filter.all')}
          error={rq.errors.find((e) => e.field === 'linhvuc')?.message}
          t={t}
        />
      </TableFilter>
    );
    const intro = (
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <h1 class="govuk-heading-l">{title}</h1>
          <p class="govuk-body">{t('enforcementPublic.register.lead', { org: ctx.config.orgName, today: formatDate(today, locale) })}</p>
          <p class="govuk-body">
            {rq.firstOn ? t('enforcementPublic.register.since', { date: formatDate(rq.firstOn, locale) }) : t('enforcementPublic.register.sinceNone')}
          </p>
          <InsetText>{t('enforcementPublic.privacy')}</InsetText>
        </div>
      </div>
    );
    if (rq.errors.length)
      return sendPublic(ctx,
        req,
        reply,
        { title, status: 400, hasErrors: true },
        <>
          <ErrorSummary errors={rq.errors} t={t} />
          {intro}
          {form}
        </>,
      );
    const result = await publicRegister(db, rq.filter, today, { page: rq.page });
    const s = result.summary;
    const csvHref = hrefWith(`${REGISTER_PATH}.csv`, query);
    return sendPublic(ctx,
      req,
      reply,
      { title },
      <>
        {intro}
        {form}
        <h2 class="govuk-heading-m">{t('enforcementPublic.summary.title')}</h2>
        <p class="govuk-body" id="tong-hop">
          {t('enforcementPublic.summary', {
            decisions: formatInteger(s.decisions, locale),
            organisations: formatInteger(s.organisations, locale),
            fines: formatMoneyVnd(s.finesVnd, locale),
            paid: formatMoneyVnd(s.paidVnd, locale),
            outstanding: formatMoneyVnd(s.outstandingVnd, locale),
          })}
        </p>
        <p class="govuk-body govuk-!-margin-bottom-1">
          <a class="govuk-link" href={csvHref} download>
            {t('enforcementPublic.csv')}
          </a>
        </p>
        <p class="govuk-hint govuk-!-font-size-16">{t('enforcementPublic.csv.hint')}</p>
        <RegisterTable
          rows={result.rows}
          caption={t('enforcementPublic.caption', { page: formatInteger(result.page, locale), pages: formatInteger(result.pageCount, locale) })}
          t={t}
          locale={locale}
        />
        <Pagination page={result.page} pageCount={result.pageCount} basePath={REGISTER_PATH} query={query} t={t} />
      </>,
    );
  });

  app.get(`${REGISTER_PATH}.csv`, { config: { access: 'public', rateLimit: CSV_LIMIT } }, async (req, reply) => {
    const t = tOf(req);
    const today = todayVn();
    const rq = await readRegisterQuery(db, (req.query ?? {}) as QueryParams, t, today);
    if (rq.errors.length)
      return reply
        .status(400)
        .header('cache-control', 'no-store')
        .type('text/plain; charset=utf-8')
        .send(`${rq.errors.map((e) => `${e.field}: ${e.message}`).join('\n')}\n`);
    const rows = await publicRegisterAll(db, rq.filter, today);
    const name = `xu-ly-vi-pham${rq.filter.year !== undefined ? `-${rq.filter.year}` : ''}.csv`;
    return reply
      .header('cache-control', CACHE)
      .header('vary', 'Cookie')
      .header('content-disposition', `attachment; filename="${name}"`)
      .type('text/csv; charset=utf-8')
      .send(registerCsv(rows, t, `${req.protocol}://${req.host}`));
  });

  const notFound = (req: FastifyRequest, reply: FastifyReply) => {
    const t = tOf(req);
    const title = t('enforcementPublic.notFound.title');
    return sendPublic(ctx,
      req,
      reply,
      { title, status: 404 },
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <h1 class="govuk-heading-l">{title}</h1>
          <p class="govuk-body">{t('enforcementPublic.notFound.body')}</p>
          <p class="govuk-body">
            <a class="govuk-link" href={REGISTER_PATH}>
              {t('enforcementPublic.notFound.back')}
            </a>
          </p>
        </div>
      </div>,
    );
  };

  app.get(`${REPORT_PATH}/:id`, { config: { access: 'public', rateLimit: PAGE_LIMIT } }, async (req, reply) => {
    const t = tOf(req);
    const locale = req.locale;
    const today = todayVn();
    const rawId = String((req.params as { id?: string }).id ?? '');
    const id = /^\d{1,9}$/.test(rawId) ? Number(rawId) : 0;
    const found = id > 0 ? await publicComplianceReport(db, id, today, t, locale) : ({ kind: 'not_found' } as const);
    if (found.kind === 'not_found') return notFound(req, reply);
    if (found.kind === 'moved') return reply.header('cache-control', CACHE).redirect(`${REPORT_PATH}/${found.to}`, 301);
    const { subject: s, facilities, status, totals, entries } = found.report;
    const [{ firstOn }, map] = await Promise.all([
      recordsStartOn(db),
      facilities.some((f) => f.latitude !== null && f.longitude !== null) ? districtMap() : Promise.resolve(null),
    ]);
    const money = (n: number) => formatVnd(n, locale);
    const detailRows: SummaryRow[] = [
      { key: t('enforcementPublic.report.name'), value: s.name },
      { key: t('enforcementPublic.report.taxCode'), value: s.taxCode ?? '—' },
      { key: t('enforcementPublic.report.sector'), value: s.sector ? t(`subject.sector.${s.sector}`) : '—' },
      { key: t('enforcementPublic.report.address'), value: joinPlace(s.address, s.place) || '—' },
    ];
    const totalRows: SummaryRow[] = [
      { key: t('enforcementPublic.total.inspections'), value: formatInteger(totals.inspections, locale) },
      { key: t('enforcementPublic.total.violations'), value: formatInteger(totals.violations, locale) },
      { key: t('enforcementPublic.total.decisions'), value: formatInteger(totals.decisions, locale) },
      { key: t('enforcementPublic.total.fines'), value: money(totals.finesVnd) },
      { key: t('enforcementPublic.total.paid'), value: money(totals.paidVnd) },
      { key: t('enforcementPublic.total.outstanding'), value: money(totals.outstandingVnd) },
    ];
    const located = facilities.filter((f) => f.latitude !== null && f.longitude !== null) as ((typeof facilities)[number] & { latitude: number; longitude: number })[];
    const coord = (v: number | null) => (v === null ? '' : formatNumber(v, 5, locale));
    const lead = firstOn
      ? t('enforcementPublic.report.lead', { org: ctx.config.orgName, since: formatDate(firstOn, locale), today: formatDate(today, locale) })
      : t('enforcementPublic.report.leadNone', { org: ctx.config.orgName, today: formatDate(today, locale) });
    type Facility = (typeof facilities)[number];
    return sendPublic(ctx,
      req,
      reply,
      { title: s.name, breadcrumbs: [{ href: REGISTER_PATH, label: t('enforcementPublic.register.title') }, { label: s.name }] },
      <>
        <div class="govuk-grid-row">
          <div class="govuk-grid-column-two-thirds">
            <span class="govuk-caption-l">{t('enforcementPublic.report.caption')}</span>
            <h1 class="govuk-heading-l">{s.name}</h1>
            <p class="govuk-body">{lead}</p>
            <InsetText>{t('enforcementPublic.privacy')}</InsetText>
            <h2 class="govuk-heading-m">{t('enforcementPublic.report.statusLabel')}</h2>
            <p class="govuk-body">
              <Tag colour={complianceColour(status)}>{t(`history.status.${status}`)}</Tag>
            </p>
            <p class="govuk-body">{t(`enforcementPublic.explain.${status}`)}</p>
          </div>
        </div>
        <div class="govuk-grid-row">
          <div class="govuk-grid-column-one-half">
            <h2 class="govuk-heading-m">{t('enforcementPublic.report.details')}</h2>
            <SummaryList rows={detailRows} />
          </div>
          <div class="govuk-grid-column-one-half">
            <h2 class="govuk-heading-m">{t('enforcementPublic.report.totals')}</h2>
            <SummaryList rows={totalRows} />
          </div>
        </div>
        <Table<Facility>
          t={t}
          id="co-so"
          caption={t('enforcementPublic.facilities')}
          rows={facilities}
          firstCellIsHeader
          empty={{ title: t('enforcementPublic.facilities.none') }}
          columns={[
            { key: 'name', label: t('enforcementPublic.facility.name') },
            { key: 'address', label: t('enforcementPublic.facility.address'), render: (f) => joinPlace(f.address, f.place) || '—' },
            { key: 'sector', label: t('enforcementPublic.facility.sector'), render: (f) => (f.sector ? t(`subject.sector.${f.sector}`) : '—') },
            {
              key: 'coordinates',
              label: t('history.facility.coordinates'),
              nowrap: true,
              render: (f) => (f.latitude !== null && f.longitude !== null ? `${coord(f.latitude)}; ${coord(f.longitude)}` : '—'),
            },
          ]}
        />
        {map && located.length ? (
          <div class="govuk-grid-row">
            <div class="govuk-grid-column-one-half">
              <FacilityMap map={map} facilities={located} t={t} locale={locale} />
            </div>
          </div>
        ) : null}
        <Table<HistoryEntry>
          t={t}
          id="lich-su"
          caption={t('enforcementPublic.timeline')}
          rows={entries}
          empty={{ title: t('enforcementPublic.timeline.empty') }}
          columns={[
            { key: 'date', label: t('enforcementPublic.col.date'), nowrap: true, render: (e) => formatDate(e.date, locale) },
            { key: 'kind', label: t('enforcementPublic.col.kind'), render: (e) => t(`enforcementPublic.kind.${e.kind}`) },
            {
              key: 'title',
              label: t('enforcementPublic.col.what'),
              render: (e) => (
                <>
                  {e.title}
                  {e.detail ? <div class="govuk-hint govuk-!-font-size-16 govuk-!-margin-bottom-0">{e.detail}</div> : null}
                </>
              ),
            },
            { key: 'amountVnd', label: t('enforcementPublic.col.amount'), numeric: true, nowrap: true, render: (e) => (e.amountVnd !== undefined ? money(e.amountVnd) : '') },
            { key: 'tag', label: t('enforcementPublic.col.status'), render: (e) => (e.tag ? <Tag colour={e.tag.colour as TagColour}>{e.tag.text}</Tag> : '') },
          ]}
        />
        {s.taxCode ? (
          <p class="govuk-body">
            <a class="govuk-link" href={hrefWith(REGISTER_PATH, { q: s.taxCode })}>
              {t('enforcementPublic.report.toRegister')}
            </a>
          </p>
        ) : null}
      </>,
    );
  });
}

/** The day the system's inspection records start: the earliest decision date of an inspection not cancelled. */
async function recordsStartOn(db: DbOrTx): Promise<{ firstOn: string | null }> {
  const [r] = await rowsOf<{ first: string | null }>(db, sql`SELECT min(i.decision_date)::text AS first FROM inspections i WHERE i.status <> 'cancelled'`);
  return { firstOn: r?.first ?? null };
}
