import { and, asc, eq, inArray, isNull, ne, or, type SQL, sql } from 'drizzle-orm';
import { type Actor, recordAudit } from '../../core/audit/index.js';
import { vnIsoDate } from '../../core/calendar/index.js';
import type { DbOrTx } from '../../core/db/index.js';
import { ConflictError, NotFoundError, ValidationError } from '../../core/errors.js';
import { formatNumber } from '../../core/format/index.js';
import { type AdminTreeNode, adminTreeAsOf } from '../org/queries.js';
import { adminUnits } from '../org/schema.js';
import { normaliseIdNumber, normaliseTaxCode } from './model.js';
import { facilities, inspectedSubjects, inspections, subjects } from './schema.js';
import {
  type Facility,
  type FacilityInput,
  getSubject,
  normalisedSubject,
  type Subject,
  type SubjectInput,
  validateFacility,
  validateSubject,
} from './subjects.js';

/*
 * Commands and queries on the subject registry beyond registration (subjects.ts): editing a subject or a facility,
 * searching, finding likely duplicates and merging them. Every write is one transaction with its audit entry.
 */

/** The columns a user edits; the audit entry keeps them before and after. */
const EDITABLE = ['kind', 'name', 'taxCode', 'idNumber', 'representative', 'address', 'adminUnitId', 'phone', 'sector'] as const;
type Editable = Pick<Subject, (typeof EDITABLE)[number]>;

function editable(s: Subject): Editable {
  const out: Record<string, unknown> = {};
  for (const k of EDITABLE) out[k] = s[k];
  return out as Editable;
}

/** Another unmerged subject already holding this tax code or CCCD → the field error naming it. */
async function identifierTaken(db: DbOrTx, selfId: number | null, values: { taxCode: string | null; idNumber: string | null }) {
  const others = (col: typeof subjects.taxCode | typeof subjects.idNumber, v: string) =>
    db
      .select()
      .from(subjects)
      .where(and(eq(col, v), isNull(subjects.mergedIntoId), selfId === null ? undefined : ne(subjects.id, selfId)))
      .limit(1);
  if (values.taxCode) {
    const [s] = await others(subjects.taxCode, values.taxCode);
    if (s) return { field: 'taxCode', message: `Đã có đối tượng mang mã số thuế này: ${s.name} (mã ${s.id}). Mỗi mã số thuế chỉ thuộc một đối tượng.`, existing: s };
  }
  if (values.idNumber) {
    const [s] = await others(subjects.idNumber, values.idNumber);
    if (s) return { field: 'idNumber', message: `Đã có đối tượng mang số CCCD này: ${s.name} (mã ${s.id}). Mỗi số CCCD chỉ thuộc một đối tượng.`, existing: s };
  }
  return null;
}

/**
 * Edits a subject with optimistic locking: `version` is the one the user read; another → ConflictError. The same
 * checks as registration (format, unique tax code and CCCD among unmerged subjects). A merged subject cannot be
 * edited (edit its survivor). Audited with the editable columns before and after.
 */
export async function updateSubject(db: DbOrTx, actor: Actor, id: number, version: number, input: SubjectInput): Promise<Subject> {
  const errors = validateSubject(input);
  if (errors.length) throw new ValidationError(errors);
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(subjects).where(eq(subjects.id, id)).for('update');
    if (!current) throw new NotFoundError(`subject ${id}`);
    if (current.mergedIntoId !== null) throw new ConflictError(`Đối tượng này đã được gộp vào đối tượng mã ${current.mergedIntoId}; hãy sửa đối tượng đó.`);
    if (current.version !== version)
      throw new ConflictError(`Đối tượng đã được người khác sửa sau khi bạn mở trang (bạn sửa phiên bản ${version}, hiện là phiên bản ${current.version}). Xem lại thông tin mới rồi sửa lại.`);
    const values = await normalisedSubject(tx, input);
    const taken = await identifierTaken(tx, id, values);
    if (taken) throw ValidationError.one(taken.field, taken.message);
    const [row] = await tx
      .update(subjects)
      .set({ ...values, version: current.version + 1 })
      .where(and(eq(subjects.id, id), eq(subjects.version, version)))
      .returning();
    if (!row) throw new ConflictError('Đối tượng vừa được người khác sửa. Tải lại trang rồi sửa lại.');
    await recordAudit(tx, actor, { action: 'subject.update', entity: 'inspection_subject', entityId: String(id), before: editable(current), after: editable(row) });
    return row;
  });
}

/** Edits a facility (name, address, commune, coordinates, sector) with the checks of `addFacility`. Audited. */
export async function updateFacility(db: DbOrTx, actor: Actor, facilityId: number, input: FacilityInput): Promise<Facility> {
  const errors = validateFacility(input);
  if (errors.length) throw new ValidationError(errors);
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(facilities).where(eq(facilities.id, facilityId)).for('update');
    if (!current) throw new NotFoundError(`facility ${facilityId}`);
    if (input.adminUnitId != null) {
      const [au] = await tx.select({ id: adminUnits.id }).from(adminUnits).where(eq(adminUnits.id, input.adminUnitId));
      if (!au) throw ValidationError.one('adminUnitId', 'Đơn vị hành chính không tồn tại');
    }
    const values = {
      name: input.name.trim().replace(/\s+/g, ' '),
      address: input.address?.trim() || null,
      adminUnitId: input.adminUnitId ?? null,
      latitude: input.latitude ?? null,
      longitude: input.longitude ?? null,
      sector: input.sector || null,
    };
    const [row] = await tx.update(facilities).set(values).where(eq(facilities.id, facilityId)).returning();
    const before = { name: current.name, address: current.address, adminUnitId: current.adminUnitId, latitude: current.latitude, longitude: current.longitude, sector: current.sector };
    await recordAudit(tx, actor, { action: 'facility.update', entity: 'inspection_facility', entityId: String(facilityId), before, after: values });
    return row!;
  });
}

/* ---------------------------------------------------------------- search */

export interface SubjectSearch {
  /** name (diacritics and case ignored, a near spelling accepted), the start of a tax code, or a whole CCCD */
  q?: string;
  kind?: string;
  sector?: string;
  /** an administrative unit: subjects registered in it or in a unit below it (today's tree) */
  adminUnitId?: number;
  page?: number;
  pageSize?: number;
}

export interface SubjectSearchRow extends Subject {
  facilityCount: number;
  /** the latest day the subject was inspected (the team's day on site, else the inspection's first day); cancelled inspections do not count */
  latestInspectionOn: string | null;
}

/** `%`, `_` and `\` typed by a user are literal in a LIKE pattern. */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The outer row's id in correlated subqueries (Drizzle leaves a lone table's columns unqualified). */
const SUBJECT_ID = sql.raw('inspection_subjects.id');

/** The words of a subject name as compared: lower case, without diacritics (đ → d), one space between words. */
const folded = (col: SQL | typeof subjects.name) => sql`f_unaccent(lower(${col}))`;

/** The id of an administrative unit and those below it in today's tree (the unit alone when it is not in it). */
async function unitAndBelow(db: DbOrTx, id: number): Promise<number[]> {
  const find = (nodes: AdminTreeNode[]): AdminTreeNode | undefined => {
    for (const n of nodes) {
      if (n.id === id) return n;
      const f = find(n.children);
      if (f) return f;
    }
    return undefined;
  };
  const node = find(await adminTreeAsOf(db, vnIsoDate(new Date())));
  const out: number[] = [id];
  const walk = (n: AdminTreeNode) => {
    for (const c of n.children) {
      out.push(c.id);
      walk(c);
    }
  };
  if (node) walk(node);
  return out;
}

/**
 * The registry search (subjects not merged away), ordered by name without diacritics then id. A name matches when
 * it contains the words typed (diacritics and case ignored: "nha may xay xat" finds "Nhà máy xay xát") or is close
 * to them (pg_trgm word similarity ≥ 0.6, for a misspelt word); digits match the start of a tax code or a whole CCCD.
 */
export async function searchSubjects(db: DbOrTx, f: SubjectSearch = {}): Promise<{ rows: SubjectSearchRow[]; total: number; page: number; pageSize: number }> {
  const pageSize = Math.min(Math.max(Math.trunc(f.pageSize ?? 25), 1), 200);
  const page = Math.max(Math.trunc(f.page ?? 1), 1);
  const conds: SQL[] = [isNull(subjects.mergedIntoId)];
  const q = (f.q ?? '').trim().replace(/\s+/g, ' ').slice(0, 100);
  if (q) {
    const matches: SQL[] = [sql`${folded(subjects.name)} LIKE ${folded(sql`${`%${escapeLike(q)}%`}`)}`];
    if (q.length >= 4) matches.push(sql`word_similarity(${folded(sql`${q}`)}, ${folded(subjects.name)}) >= 0.6`);
    const digits = q.replace(/[\s.]/g, '');
    if (/^\d[\d-]{2,13}$/.test(digits)) matches.push(sql`${subjects.taxCode} LIKE ${`${escapeLike(digits)}%`}`);
    if (/^\d{12}$/.test(digits)) matches.push(eq(subjects.idNumber, digits));
    conds.push(or(...matches)!);
  }
  if (f.kind) conds.push(eq(subjects.kind, f.kind));
  if (f.sector) conds.push(eq(subjects.sector, f.sector));
  if (f.adminUnitId !== undefined) conds.push(inArray(subjects.adminUnitId, await unitAndBelow(db, f.adminUnitId)));
  const where = and(...conds);
  const [{ total } = { total: 0 }] = await db
    .select({ total: sql<number>`count(*)::int`.mapWith(Number) })
    .from(subjects)
    .where(where);
  const rows = await db
    .select({
      subject: subjects,
      facilityCount: sql<number>`(SELECT count(*)::int FROM inspection_facilities f WHERE f.subject_id = ${SUBJECT_ID})`.mapWith(Number),
      latestInspectionOn: sql<string | null>`(SELECT max(coalesce(x.inspected_on, i.starts_on))::text FROM inspected_subjects x
        JOIN inspections i ON i.id = x.inspection_id WHERE x.subject_id = ${SUBJECT_ID} AND i.status <> 'cancelled')`,
    })
    .from(subjects)
    .where(where)
    .orderBy(sql`${folded(subjects.name)} COLLATE "C"`, asc(subjects.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { rows: rows.map((r) => ({ ...r.subject, facilityCount: r.facilityCount, latestInspectionOn: r.latestInspectionOn })), total, page, pageSize };
}

/* ---------------------------------------------------------------- duplicates */

export interface SubjectSummary extends Subject {
  facilityCount: number;
  inspectionCount: number;
}

/** Same tax code written differently (digits equal), or similar names in one commune with at most one identifier. */
export type DuplicateReason = 'same_tax_code' | 'similar_name';

export interface DuplicateCandidate {
  a: SubjectSummary;
  b: SubjectSummary;
  reason: DuplicateReason;
  /** pg_trgm similarity of the names without diacritics, 0–1 */
  similarity: number;
  /** Vietnamese, for the page */
  explanation: string;
  /** the one to keep by default: the one with an identifier, else the one inspected more, else the older */
  suggestedSurvivorId: number;
}

/** Subjects sharing a 10-digit tax code root with different suffixes: a company and its branch, or two branches. */
export interface RelatedPair {
  a: SubjectSummary;
  b: SubjectSummary;
  relation: 'parent_branch' | 'branches';
  root: string;
  explanation: string;
}

const NAME_SIMILARITY = 0.6;
const digitsOf = (col: string) => `regexp_replace(${col}, '[^0-9]', '', 'g')`;

async function rowsOf<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

async function summaries(db: DbOrTx, ids: number[]): Promise<Map<number, SubjectSummary>> {
  if (!ids.length) return new Map();
  const rows = await db
    .select({
      subject: subjects,
      facilityCount: sql<number>`(SELECT count(*)::int FROM inspection_facilities f WHERE f.subject_id = ${SUBJECT_ID})`.mapWith(Number),
      inspectionCount: sql<number>`(SELECT count(*)::int FROM inspected_subjects x WHERE x.subject_id = ${SUBJECT_ID})`.mapWith(Number),
    })
    .from(subjects)
    .where(inArray(subjects.id, ids));
  return new Map(rows.map((r) => [r.subject.id, { ...r.subject, facilityCount: r.facilityCount, inspectionCount: r.inspectionCount }]));
}

const hasIdentifier = (s: Subject) => Boolean(s.taxCode || s.idNumber);

function suggestedSurvivor(a: SubjectSummary, b: SubjectSummary): number {
  if (hasIdentifier(a) !== hasIdentifier(b)) return hasIdentifier(a) ? a.id : b.id;
  if (a.inspectionCount !== b.inspectionCount) return a.inspectionCount > b.inspectionCount ? a.id : b.id;
  return Math.min(a.id, b.id);
}

/**
 * Pairs of unmerged subjects that are likely one and the same, with the reason, most likely first:
 * - the same tax code written differently (spaces, dots, a missing hyphen in rows imported from elsewhere);
 * - names with pg_trgm similarity > 0.6 (diacritics and case ignored) in the same administrative unit, when at most
 *   one of the two has a tax code or CCCD (two different identifiers mean two different subjects).
 * A company (2200123456) and its branch (2200123456-001), or two branches of one company, share the 10-digit root but
 * are distinct subjects: they are returned as `related`, never as candidates. `limit` applies to each list.
 */
export async function duplicateCandidates(db: DbOrTx, opts: { limit?: number } = {}): Promise<{ candidates: DuplicateCandidate[]; related: RelatedPair[] }> {
  const limit = Math.min(Math.max(Math.trunc(opts.limit ?? 100), 1), 1000);
  const live = sql.raw('a.merged_into_id IS NULL AND b.merged_into_id IS NULL');
  const sameCode = await rowsOf<{ a: number; b: number; sim: number }>(
    db,
    sql`SELECT a.id AS a, b.id AS b, similarity(f_unaccent(lower(a.name)), f_unaccent(lower(b.name))) AS sim
          FROM inspection_subjects a JOIN inspection_subjects b ON a.id < b.id
         WHERE ${live} AND a.tax_code IS NOT NULL AND b.tax_code IS NOT NULL
           AND ${sql.raw(digitsOf('a.tax_code'))} = ${sql.raw(digitsOf('b.tax_code'))}
         ORDER BY a.id, b.id LIMIT ${limit}`,
  );
  const similar = await rowsOf<{ a: number; b: number; sim: number }>(
    db,
    sql`SELECT a.id AS a, b.id AS b, similarity(f_unaccent(lower(a.name)), f_unaccent(lower(b.name))) AS sim
          FROM inspection_subjects a JOIN inspection_subjects b ON b.admin_unit_id = a.admin_unit_id AND a.id < b.id
         WHERE ${live} AND a.admin_unit_id IS NOT NULL
           AND (CASE WHEN a.tax_code IS NOT NULL OR a.id_number IS NOT NULL THEN 1 ELSE 0 END)
             + (CASE WHEN b.tax_code IS NOT NULL OR b.id_number IS NOT NULL THEN 1 ELSE 0 END) <= 1
           AND f_unaccent(lower(a.name)) % f_unaccent(lower(b.name))
           AND similarity(f_unaccent(lower(a.name)), f_unaccent(lower(b.name))) > ${NAME_SIMILARITY}
         ORDER BY 3 DESC, a.id, b.id LIMIT ${limit}`,
  );
  const related = await rowsOf<{ a: number; b: number; root: string }>(
    db,
    sql`SELECT a.id AS a, b.id AS b, left(${sql.raw(digitsOf('a.tax_code'))}, 10) AS root
          FROM inspection_subjects a JOIN inspection_subjects b ON a.id < b.id
         WHERE ${live} AND a.tax_code IS NOT NULL AND b.tax_code IS NOT NULL
           AND left(${sql.raw(digitsOf('a.tax_code'))}, 10) = left(${sql.raw(digitsOf('b.tax_code'))}, 10)
           AND ${sql.raw(digitsOf('a.tax_code'))} <> ${sql.raw(digitsOf('b.tax_code'))}
         ORDER BY 3, a.id, b.id LIMIT ${limit}`,
  );
  const ids = new Set<number>();
  for (const r of [...sameCode, ...similar, ...related]) ids.add(Number(r.a)).add(Number(r.b));
  const byId = await summaries(db, [...ids]);
  const seen = new Set<string>();
  const candidates: DuplicateCandidate[] = [];
  const push = (r: { a: number; b: number; sim: number }, reason: DuplicateReason) => {
    const key = `${r.a}-${r.b}`;
    const a = byId.get(Number(r.a));
    const b = byId.get(Number(r.b));
    if (seen.has(key) || !a || !b) return;
    seen.add(key);
    const sim = Math.round(Number(r.sim) * 100) / 100;
    const ident = [a, b].filter(hasIdentifier).length;
    const explanation =
      reason === 'same_tax_code'
        ? `Cùng mã số thuế, ghi khác nhau: "${a.taxCode}" và "${b.taxCode}"`
        : `Tên gần giống nhau (độ tương đồng ${formatNumber(sim, 2)}) và cùng đơn vị hành chính; ${ident === 0 ? 'cả hai chưa có mã số thuế hoặc CCCD' : 'chỉ một đối tượng có mã số thuế hoặc CCCD'}`;
    candidates.push({ a, b, reason, similarity: sim, explanation, suggestedSurvivorId: suggestedSurvivor(a, b) });
  };
  for (const r of sameCode) push(r, 'same_tax_code');
  for (const r of similar) push(r, 'similar_name');
  const relatedPairs: RelatedPair[] = [];
  for (const r of related) {
    const a = byId.get(Number(r.a));
    const b = byId.get(Number(r.b));
    if (!a || !b) continue;
    const parentBranch = [a, b].some((s) => (s.taxCode ?? '').replace(/\D/g, '').length === 10);
    relatedPairs.push({
      a,
      b,
      relation: parentBranch ? 'parent_branch' : 'branches',
      root: String(r.root),
      explanation: parentBranch
        ? `Doanh nghiệp và đơn vị phụ thuộc (chi nhánh) cùng mã số thuế gốc ${r.root}: hai đối tượng khác nhau, không gộp`
        : `Hai đơn vị phụ thuộc của cùng doanh nghiệp mã số thuế ${r.root}: hai đối tượng khác nhau, không gộp`,
    });
  }
  return { candidates: candidates.slice(0, limit), related: relatedPairs };
}

/* ---------------------------------------------------------------- merge */

export interface MergeInput {
  survivorId: number;
  duplicateId: number;
  /** the survivor's version the user compared */
  version: number;
  /** the duplicate's version the user compared (checked when given) */
  duplicateVersion?: number;
}

export interface MergeResult {
  survivor: Subject;
  movedFacilityIds: number[];
  movedInspectedSubjectIds: number[];
  /** survivor columns filled from the duplicate */
  filled: string[];
}

/** Columns of the survivor that the duplicate fills when the survivor has none. */
const FILLABLE = ['taxCode', 'idNumber', 'representative', 'address', 'adminUnitId', 'phone', 'sector'] as const;

/**
 * Merges a duplicate into a survivor, in one transaction: the duplicate's facilities and inspection records
 * (inspected_subjects, and with them violations and decisions) move to the survivor; the survivor's empty columns
 * are filled from the duplicate; the duplicate keeps its row with merged_into_id and merged_at, so links to it
 * still resolve (subjects merged into it earlier are re-pointed to the survivor). Refused when both were subjects
 * of one inspection (the inspection would then list the survivor twice), naming the inspection, and when both carry
 * different tax codes or CCCDs. Audited on both subjects with what moved.
 */
export async function mergeSubjects(db: DbOrTx, actor: Actor, input: MergeInput): Promise<MergeResult> {
  if (input.survivorId === input.duplicateId) throw ValidationError.one('duplicateId', 'Chọn hai đối tượng khác nhau để gộp');
  return db.transaction(async (tx) => {
    const locked = await tx
      .select()
      .from(subjects)
      .where(inArray(subjects.id, [input.survivorId, input.duplicateId]))
      .orderBy(asc(subjects.id))
      .for('update');
    const survivor = locked.find((s) => s.id === input.survivorId);
    const duplicate = locked.find((s) => s.id === input.duplicateId);
    if (!survivor) throw new NotFoundError(`subject ${input.survivorId}`);
    if (!duplicate) throw new NotFoundError(`subject ${input.duplicateId}`);
    for (const [s, field] of [
      [survivor, 'survivorId'],
      [duplicate, 'duplicateId'],
    ] as const)
      if (s.mergedIntoId !== null) throw ValidationError.one(field, `Đối tượng ${s.name} (mã ${s.id}) đã được gộp vào đối tượng mã ${s.mergedIntoId} trước đó`);
    if (survivor.version !== input.version || (input.duplicateVersion !== undefined && duplicate.version !== input.duplicateVersion))
      throw new ConflictError('Một trong hai đối tượng vừa được sửa sau khi bạn mở trang so sánh. Xem lại rồi xác nhận gộp lần nữa.');
    const clash: string[] = [];
    const digits = (v: string | null) => (v ?? '').replace(/\D/g, '');
    if (survivor.taxCode && duplicate.taxCode && digits(survivor.taxCode) !== digits(duplicate.taxCode))
      clash.push(`mã số thuế khác nhau (${survivor.taxCode} và ${duplicate.taxCode})`);
    if (survivor.idNumber && duplicate.idNumber && survivor.idNumber !== duplicate.idNumber) clash.push(`số CCCD khác nhau (${survivor.idNumber} và ${duplicate.idNumber})`);
    if (clash.length) throw ValidationError.one('duplicateId', `Không gộp được: hai đối tượng có ${clash.join(', ')}, nên là hai đối tượng khác nhau.`);
    const shared = await tx
      .select({ id: inspections.id, decisionNumber: inspections.decisionNumber, decisionDate: inspections.decisionDate, title: inspections.title })
      .from(inspectedSubjects)
      .innerJoin(inspections, eq(inspections.id, inspectedSubjects.inspectionId))
      .where(
        and(
          eq(inspectedSubjects.subjectId, survivor.id),
          sql`EXISTS (SELECT 1 FROM inspected_subjects d WHERE d.inspection_id = ${inspectedSubjects.inspectionId} AND d.subject_id = ${duplicate.id})`,
        ),
      )
      .orderBy(asc(inspections.decisionDate), asc(inspections.id));
    if (shared.length) {
      const names = shared.map((i) => `Quyết định số ${i.decisionNumber} ngày ${i.decisionDate.split('-').reverse().join('/')} (${i.title})`).join('; ');
      throw ValidationError.one(
        'duplicateId',
        `Không gộp được: cả hai đối tượng cùng có tên trong cuộc thanh tra, kiểm tra theo ${names}. Gộp sẽ làm cuộc đó có hai lần cùng một đối tượng; hãy xử lý trong cuộc thanh tra, kiểm tra đó trước.`,
      );
    }
    const movedFacilities = await tx.update(facilities).set({ subjectId: survivor.id }).where(eq(facilities.subjectId, duplicate.id)).returning({ id: facilities.id });
    const movedInspected = await tx
      .update(inspectedSubjects)
      .set({ subjectId: survivor.id })
      .where(eq(inspectedSubjects.subjectId, duplicate.id))
      .returning({ id: inspectedSubjects.id });
    const repointed = await tx.update(subjects).set({ mergedIntoId: survivor.id }).where(eq(subjects.mergedIntoId, duplicate.id)).returning({ id: subjects.id });
    // The duplicate leaves the unique indexes (they cover unmerged rows only) before its identifiers move.
    await tx
      .update(subjects)
      .set({ mergedIntoId: survivor.id, mergedAt: sql`now()`, version: duplicate.version + 1 })
      .where(eq(subjects.id, duplicate.id));
    const fill: Record<string, unknown> = {};
    for (const k of FILLABLE) if ((survivor[k] === null || survivor[k] === '') && duplicate[k] !== null && duplicate[k] !== '') fill[k] = duplicate[k];
    if (typeof fill.taxCode === 'string') fill.taxCode = normaliseTaxCode(fill.taxCode) ?? fill.taxCode;
    if (typeof fill.idNumber === 'string') fill.idNumber = normaliseIdNumber(fill.idNumber) ?? fill.idNumber;
    const [updated] = await tx
      .update(subjects)
      .set({ ...fill, version: survivor.version + 1 })
      .where(eq(subjects.id, survivor.id))
      .returning();
    const moved = {
      movedFacilityIds: movedFacilities.map((r) => r.id),
      movedInspectedSubjectIds: movedInspected.map((r) => r.id),
      repointedSubjectIds: repointed.map((r) => r.id),
      filled: fill,
    };
    await recordAudit(tx, actor, {
      action: 'subject.merge',
      entity: 'inspection_subject',
      entityId: String(survivor.id),
      before: { survivor: editable(survivor), duplicate: { id: duplicate.id, ...editable(duplicate) } },
      after: { survivor: editable(updated!), duplicateId: duplicate.id, ...moved },
    });
    await recordAudit(tx, actor, {
      action: 'subject.merged_into',
      entity: 'inspection_subject',
      entityId: String(duplicate.id),
      after: { mergedIntoId: survivor.id, ...moved },
    });
    return { survivor: updated!, movedFacilityIds: moved.movedFacilityIds, movedInspectedSubjectIds: moved.movedInspectedSubjectIds, filled: Object.keys(fill) };
  });
}

/** The subject a (possibly merged) id stands for today: itself, or the end of its merged_into_id chain. */
export async function resolveSubject(db: DbOrTx, id: number): Promise<Subject | null> {
  let s = await getSubject(db, id);
  for (let hops = 0; s && s.mergedIntoId !== null && hops < 20; hops++) s = await getSubject(db, s.mergedIntoId);
  return s;
}
