import { and, desc, eq, gt, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../core/db/index.js';
import { adminUnits, orgUnits } from './schema.js';

/*
 * Reads of the org module. Every dated read uses the half-open rule: a row is valid on day D when
 * valid_from ≤ D < valid_to (valid_to null = still valid). Dates are ISO strings, YYYY-MM-DD.
 * The functions take a Drizzle database or transaction as their first argument, so they can run inside a command.
 */

export interface AdminUnitRecord {
  id: number;
  code: string;
  name: string;
  unitType: string;
  level: number;
  parentId: number | null;
  validFrom: string;
  validTo: string | null;
  source: string | null;
}

export interface AdminTreeNode {
  id: number;
  code: string;
  name: string;
  unitType: string;
  level: number;
  children: AdminTreeNode[];
}

/** A unit reached through successions, with the link that reached it. */
export interface AdminSuccessionLink extends AdminUnitRecord {
  kind: string;
  partial: boolean;
  effectiveOn: string;
  legalBasis: string | null;
  /** 1 = direct successor/predecessor, 2 = one further, … */
  depth: number;
  /** the unit on the other side of the link that reached this one */
  viaId: number;
}

export interface OrgUnitRecord {
  id: number;
  code: string;
  name: string;
  kind: string;
  parentId: number | null;
  adminUnitId: number;
  validFrom: string;
  validTo: string | null;
  successorId: number | null;
  agencyCode: string | null;
}

export interface OrgTreeNode {
  id: number;
  code: string;
  name: string;
  kind: string;
  adminUnitId: number;
  children: OrgTreeNode[];
}

/** Vietnamese-aware order; numeric so that "Phường 2" comes before "Phường 10". */
const collator = new Intl.Collator('vi', { numeric: true });

const adminUnitColumns = {
  id: adminUnits.id,
  code: adminUnits.code,
  name: adminUnits.name,
  unitType: adminUnits.unitType,
  level: adminUnits.level,
  parentId: adminUnits.parentId,
  validFrom: adminUnits.validFrom,
  validTo: adminUnits.validTo,
  source: adminUnits.source,
};

const orgUnitColumns = {
  id: orgUnits.id,
  code: orgUnits.code,
  name: orgUnits.name,
  kind: orgUnits.kind,
  parentId: orgUnits.parentId,
  adminUnitId: orgUnits.adminUnitId,
  validFrom: orgUnits.validFrom,
  validTo: orgUnits.validTo,
  successorId: orgUnits.successorId,
  agencyCode: orgUnits.agencyCode,
};

/* ---------------------------------------------------------------- administrative units */

/**
 * The tree of administrative units valid on `date`. Without `rootCode` the roots are the units with no parent
 * valid on that date (province-level units); with it, the one unit of that code valid on that date (or none).
 * Children are sorted by name, Vietnamese-aware.
 */
export async function adminTreeAsOf(db: DbOrTx, date: string, rootCode?: string): Promise<AdminTreeNode[]> {
  const d = isoDate(date);
  const roots =
    rootCode === undefined
      ? sql`(a.parent_id IS NULL OR NOT EXISTS (SELECT 1 FROM admin_units p WHERE p.id = a.parent_id AND ${validOn('p', d)}))`
      : sql`a.code = ${rootCode}`;
  const found = await rows<FlatNode & { unitType: string; level: number }>(
    db,
    sql`WITH RECURSIVE t AS (
          SELECT a.id, a.code, a.name, a.unit_type, a.level, a.parent_id, 0 AS depth
            FROM admin_units a WHERE ${validOn('a', d)} AND ${roots}
          UNION ALL
          SELECT c.id, c.code, c.name, c.unit_type, c.level, c.parent_id, t.depth + 1
            FROM admin_units c JOIN t ON c.parent_id = t.id
           WHERE ${validOn('c', d)} AND t.depth < 10)
        SELECT id, code, name, unit_type AS "unitType", level, parent_id AS "parentId", depth FROM t`,
  );
  return buildTree(found, (r) => ({ id: r.id, code: r.code, name: r.name, unitType: r.unitType, level: r.level }));
}

/** The administrative unit with this GSO code valid on `date`, or null. Codes are reused, so the date matters. */
export async function findAdminUnitByCode(db: DbOrTx, code: string, date: string): Promise<AdminUnitRecord | null> {
  const d = isoDate(date);
  const [row] = await db
    .select(adminUnitColumns)
    .from(adminUnits)
    .where(
      and(eq(adminUnits.code, code), lte(adminUnits.validFrom, d), or(isNull(adminUnits.validTo), gt(adminUnits.validTo, d))),
    )
    .orderBy(desc(adminUnits.validFrom))
    .limit(1);
  return row ?? null;
}

/** One administrative unit by id (any date), or null. */
export async function getAdminUnit(db: DbOrTx, id: number): Promise<AdminUnitRecord | null> {
  const [row] = await db.select(adminUnitColumns).from(adminUnits).where(eq(adminUnits.id, id));
  return row ?? null;
}

/** The stored GeoJSON geometry of a unit (WGS84), or null when we have none. */
export async function adminUnitBoundary(db: DbOrTx, id: number): Promise<unknown | null> {
  const [row] = await db.select({ boundary: adminUnits.boundary }).from(adminUnits).where(eq(adminUnits.id, id));
  return row?.boundary ?? null;
}

/**
 * Whether `childId` lies within `ancestorId` on `date`, walking parent links over rows valid on that date.
 * A unit is within itself. False when the child is not valid on that date.
 */
export async function isAdminUnitWithin(db: DbOrTx, childId: number, ancestorId: number, date: string): Promise<boolean> {
  const d = isoDate(date);
  const [r] = await rows<{ within: boolean }>(
    db,
    sql`WITH RECURSIVE up AS (
          SELECT a.id, a.parent_id, 0 AS depth FROM admin_units a WHERE a.id = ${childId} AND ${validOn('a', d)}
          UNION ALL
          SELECT p.id, p.parent_id, up.depth + 1 FROM admin_units p JOIN up ON p.id = up.parent_id
           WHERE ${validOn('p', d)} AND up.depth < 10)
        SELECT EXISTS (SELECT 1 FROM up WHERE id = ${ancestorId}) AS within`,
  );
  return r?.within === true;
}

/**
 * What became of a unit: its successors, nearest first. With `transitive`, successors of successors too
 * (Phường 9 → Phường 1 (2024) → Phường Phú Lợi (2025)); each unit appears once, at its smallest depth.
 */
export async function adminUnitSuccessors(
  db: DbOrTx,
  id: number,
  opts: { transitive?: boolean } = {},
): Promise<AdminSuccessionLink[]> {
  return successionWalk(db, id, 'forward', opts.transitive === true);
}

/** The units this one came from, nearest first; with `transitive`, their predecessors too. */
export async function adminUnitPredecessors(
  db: DbOrTx,
  id: number,
  opts: { transitive?: boolean } = {},
): Promise<AdminSuccessionLink[]> {
  return successionWalk(db, id, 'backward', opts.transitive === true);
}

async function successionWalk(
  db: DbOrTx,
  id: number,
  direction: 'forward' | 'backward',
  transitive: boolean,
): Promise<AdminSuccessionLink[]> {
  const [from, to] = direction === 'forward' ? ['predecessor_id', 'successor_id'] : ['successor_id', 'predecessor_id'];
  const fromCol = sql.raw(from);
  const toCol = sql.raw(to);
  const maxDepth = transitive ? 50 : 1;
  const found = await rows<AdminSuccessionLink>(
    db,
    sql`WITH RECURSIVE s AS (
          SELECT x.${toCol} AS id, x.${fromCol} AS via, x.kind, x.partial, x.effective_on, x.legal_basis,
                 1 AS depth, ARRAY[x.${fromCol}, x.${toCol}] AS path
            FROM admin_unit_successions x WHERE x.${fromCol} = ${id}
          UNION ALL
          SELECT x.${toCol}, x.${fromCol}, x.kind, x.partial, x.effective_on, x.legal_basis,
                 s.depth + 1, s.path || x.${toCol}
            FROM admin_unit_successions x JOIN s ON x.${fromCol} = s.id
           WHERE s.depth < ${maxDepth} AND NOT x.${toCol} = ANY (s.path))
        SELECT DISTINCT ON (u.id)
               u.id, u.code, u.name, u.unit_type AS "unitType", u.level, u.parent_id AS "parentId",
               u.valid_from::text AS "validFrom", u.valid_to::text AS "validTo", u.source,
               s.kind, s.partial, s.effective_on::text AS "effectiveOn", s.legal_basis AS "legalBasis",
               s.depth, s.via AS "viaId"
          FROM s JOIN admin_units u ON u.id = s.id
         ORDER BY u.id, s.depth, s.effective_on`,
  );
  return found.sort(
    (a, b) =>
      a.depth - b.depth ||
      (direction === 'forward' ? compare(a.effectiveOn, b.effectiveOn) : compare(b.effectiveOn, a.effectiveOn)) ||
      collator.compare(a.name, b.name) ||
      a.id - b.id,
  );
}

/* ---------------------------------------------------------------- org units */

/**
 * The tree of org units valid on `date`. Roots are units with no parent valid on that date; with `rootCode`, the
 * unit of that code valid on that date. Children sorted by name, Vietnamese-aware.
 */
export async function orgTreeAsOf(db: DbOrTx, date: string, rootCode?: string): Promise<OrgTreeNode[]> {
  const d = isoDate(date);
  const roots =
    rootCode === undefined
      ? sql`(o.parent_id IS NULL OR NOT EXISTS (SELECT 1 FROM org_units p WHERE p.id = o.parent_id AND ${validOn('p', d)}))`
      : sql`o.code = ${rootCode}`;
  const found = await rows<FlatNode & { kind: string; adminUnitId: number }>(
    db,
    sql`WITH RECURSIVE t AS (
          SELECT o.id, o.code, o.name, o.kind, o.admin_unit_id, o.parent_id, 0 AS depth
            FROM org_units o WHERE ${validOn('o', d)} AND ${roots}
          UNION ALL
          SELECT c.id, c.code, c.name, c.kind, c.admin_unit_id, c.parent_id, t.depth + 1
            FROM org_units c JOIN t ON c.parent_id = t.id
           WHERE ${validOn('c', d)} AND t.depth < 20)
        SELECT id, code, name, kind, admin_unit_id AS "adminUnitId", parent_id AS "parentId", depth FROM t`,
  );
  return buildTree(found, (r) => ({ id: r.id, code: r.code, name: r.name, kind: r.kind, adminUnitId: r.adminUnitId }));
}

/**
 * The org unit with this code valid on `date`; without a date, the most recent version of the code
 * (greatest valid_from), whether or not it is still valid. Null when there is none.
 */
export async function findOrgUnitByCode(db: DbOrTx, code: string, date?: string): Promise<OrgUnitRecord | null> {
  const conditions: SQL[] = [eq(orgUnits.code, code)];
  if (date !== undefined) {
    const d = isoDate(date);
    conditions.push(lte(orgUnits.validFrom, d), or(isNull(orgUnits.validTo), gt(orgUnits.validTo, d))!);
  }
  const [row] = await db
    .select(orgUnitColumns)
    .from(orgUnits)
    .where(and(...conditions))
    .orderBy(desc(orgUnits.validFrom))
    .limit(1);
  return row ?? null;
}

/** One org unit by id (any date), or null. */
export async function getOrgUnit(db: DbOrTx, id: number): Promise<OrgUnitRecord | null> {
  const [row] = await db.select(orgUnitColumns).from(orgUnits).where(eq(orgUnits.id, id));
  return row ?? null;
}

/** Whether org unit `childId` lies under `ancestorId` on `date` (parent links over rows valid then; a unit is within itself). */
export async function isOrgUnitWithin(db: DbOrTx, childId: number, ancestorId: number, date: string): Promise<boolean> {
  const d = isoDate(date);
  const [r] = await rows<{ within: boolean }>(
    db,
    sql`WITH RECURSIVE up AS (
          SELECT o.id, o.parent_id, 0 AS depth FROM org_units o WHERE o.id = ${childId} AND ${validOn('o', d)}
          UNION ALL
          SELECT p.id, p.parent_id, up.depth + 1 FROM org_units p JOIN up ON p.id = up.parent_id
           WHERE ${validOn('p', d)} AND up.depth < 20)
        SELECT EXISTS (SELECT 1 FROM up WHERE id = ${ancestorId}) AS within`,
  );
  return r?.within === true;
}

/**
 * The org units whose records a user of `orgUnitId` may act on, ascending ids: the unit itself, every unit below it
 * (at any date), and, because a successor inherits its predecessors' records, the scope of every unit whose
 * successor_id leads here, transitively. Empty when the unit does not exist.
 */
export async function orgScopeOf(db: DbOrTx, orgUnitId: number): Promise<number[]> {
  const found = await rows<{ id: number }>(
    db,
    sql`WITH RECURSIVE scope AS (
          SELECT o.id FROM org_units o WHERE o.id = ${orgUnitId}
          UNION
          SELECT o.id FROM org_units o JOIN scope s ON o.parent_id = s.id OR o.successor_id = s.id)
        SELECT id FROM scope ORDER BY id`,
  );
  return found.map((r) => Number(r.id));
}

/**
 * The org units valid on `date` whose administrative unit lies within `adminUnitId` on that date
 * (e.g. for district 947: PTNMT-947 and VPDK-947). Sorted by name.
 */
export async function orgUnitsForAdminUnit(db: DbOrTx, adminUnitId: number, date: string): Promise<OrgUnitRecord[]> {
  const d = isoDate(date);
  const found = await rows<OrgUnitRecord>(
    db,
    sql`WITH RECURSIVE area AS (
          SELECT a.id, 0 AS depth FROM admin_units a WHERE a.id = ${adminUnitId} AND ${validOn('a', d)}
          UNION ALL
          SELECT c.id, area.depth + 1 FROM admin_units c JOIN area ON c.parent_id = area.id
           WHERE ${validOn('c', d)} AND area.depth < 10)
        SELECT o.id, o.code, o.name, o.kind, o.parent_id AS "parentId", o.admin_unit_id AS "adminUnitId",
               o.valid_from::text AS "validFrom", o.valid_to::text AS "validTo", o.successor_id AS "successorId",
               o.agency_code AS "agencyCode"
          FROM org_units o
         WHERE o.admin_unit_id IN (SELECT id FROM area) AND ${validOn('o', d)}`,
  );
  return found.sort((a, b) => collator.compare(a.name, b.name) || a.id - b.id);
}

/* ---------------------------------------------------------------- helpers */

interface FlatNode {
  id: number;
  code: string;
  name: string;
  parentId: number | null;
  depth: number;
}

/** Nests rows found by a top-down walk; rows at depth 0 are the roots. */
function buildTree<R extends FlatNode, N extends { id: number; code: string; name: string; children: N[] }>(
  found: R[],
  toNode: (r: R) => Omit<N, 'children'>,
): N[] {
  const nodes = new Map<number, N>();
  for (const r of found) nodes.set(r.id, { ...toNode(r), children: [] } as unknown as N);
  const roots: N[] = [];
  for (const r of found) {
    const node = nodes.get(r.id)!;
    const parent = r.depth > 0 && r.parentId !== null ? nodes.get(r.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const order = (a: N, b: N) => collator.compare(a.name, b.name) || compare(a.code, b.code);
  for (const n of nodes.values()) n.children.sort(order);
  return roots.sort(order);
}

/** `alias` is valid on day `d` (half-open). `alias` is a fixed identifier chosen in this file, never user input. */
function validOn(alias: string, d: string): SQL {
  const a = sql.raw(alias);
  return sql`(${a}.valid_from <= ${d}::date AND (${a}.valid_to IS NULL OR ${a}.valid_to > ${d}::date))`;
}

function isoDate(date: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
    throw new RangeError(`expected a date as YYYY-MM-DD, got "${date}"`);
  }
  return date;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Raw rows from either driver (node-postgres and PGlite both answer with `{ rows }`). */
async function rows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/* ---------------------------------------------------------------- units named in statistics */

export interface ResolvedUnit {
  /** the code as given (org unit code or GSO code) */
  code: string;
  name: string;
  /** 'org_unit' for STNMT, PTNMT-947 …; 'admin_unit' for a GSO code such as 94 or 947 */
  kind: 'org_unit' | 'admin_unit';
  /** org unit ids whose records count: the subtree(s), ascending */
  ids: number[];
}

/**
 * An org unit code (STNMT, PTNMT-947; the version valid on `date`, else the latest one) with its subtree, or a GSO
 * administrative code (94, 947) valid on `date`: the org units whose administrative unit lies within it, with their
 * subtrees. Null when neither matches. `date` is an ISO date, usually the last day of the period.
 */
export async function resolveUnitCode(d: DbOrTx, codeOrGso: string, date: string): Promise<ResolvedUnit | null> {
  const code = codeOrGso.trim();
  if (code === '') return null;
  const org = (await findOrgUnitByCode(d, code, date)) ?? (await findOrgUnitByCode(d, code));
  if (org) return { code, name: org.name, kind: 'org_unit', ids: await orgScopeOf(d, org.id) };
  if (!/^\d{2,5}$/.test(code)) return null;
  const admin = await findAdminUnitByCode(d, code, date);
  if (!admin) return null;
  const units = await orgUnitsForAdminUnit(d, admin.id, date);
  const ids = new Set<number>();
  for (const u of units) for (const id of await orgScopeOf(d, u.id)) ids.add(id);
  return { code, name: admin.name, kind: 'admin_unit', ids: [...ids].sort((a, b) => a - b) };
}

