import { and, asc, desc, eq, gte, isNotNull, isNull, lt, lte, type SQL, sql } from 'drizzle-orm';
import { addWorkingHours, type WorkCalendar } from '../../core/calendar/index.js';
import type { DbOrTx } from '../../core/db/index.js';
import { orgUnits, users } from '../org/schema.js';
import { DOSSIER_EVENT_KINDS, type DossierEventKind } from './model.js';
import { dossierDocuments, dossierEvents, dossierRatings, dossiers, procedures } from './schema.js';

/** The queues of the work pages; each is a filter over open dossiers in the user's scope. */
export type Queue = 'all' | 'mine' | 'due_soon' | 'overdue' | 'supplement' | 'open' | 'done';

export interface DossierListFilter {
  scope: ReadonlySet<number>;
  queue?: Queue;
  userId?: number;
  q?: string;
  procedureId?: number;
  /** instant used for due_soon / overdue; default now */
  now?: Date;
  cal?: WorkCalendar;
  page?: number;
  pageSize?: number;
  sort?: 'received' | 'due' | 'code';
  dir?: 'asc' | 'desc';
}

const listColumns = {
  id: dossiers.id,
  code: dossiers.code,
  applicantName: dossiers.applicantName,
  procedureName: procedures.name,
  procedureCode: procedures.code,
  orgUnitName: orgUnits.name,
  channel: dossiers.channel,
  status: dossiers.status,
  receivedAt: dossiers.receivedAt,
  dueAt: dossiers.dueAt,
  extendedDueAt: dossiers.extendedDueAt,
  finishedAt: dossiers.finishedAt,
  supplementCount: dossiers.supplementCount,
  version: dossiers.version,
};

export async function listDossiers(db: DbOrTx, f: DossierListFilter) {
  const now = f.now ?? new Date();
  const ids = [...f.scope];
  const conds: SQL[] = [sql`${dossiers.orgUnitId} = ANY(${sql.raw(`ARRAY[${(ids.length ? ids : [-1]).map(Number).join(',')}]::int[]`)})`];
  const open = isNull(dossiers.finishedAt);
  switch (f.queue ?? 'open') {
    case 'mine':
      conds.push(open, eq(dossiers.assignedTo, f.userId ?? -1));
      break;
    case 'due_soon': {
      const soon = f.cal ? addWorkingHours(f.cal, now, 8) : new Date(now.getTime() + 86_400_000);
      conds.push(open, gte(dossiers.dueAt, now), lte(dossiers.dueAt, soon), sql`${dossiers.status} NOT IN (5, 6, 8)`);
      break;
    }
    case 'overdue':
      conds.push(open, lt(dossiers.dueAt, now), sql`${dossiers.status} NOT IN (5, 6, 8)`);
      break;
    case 'supplement':
      conds.push(open, eq(dossiers.status, 5));
      break;
    case 'open':
      conds.push(open);
      break;
    case 'done':
      conds.push(isNotNull(dossiers.finishedAt));
      break;
    case 'all':
      break;
  }
  if (f.procedureId) conds.push(eq(dossiers.procedureId, f.procedureId));
  if (f.q?.trim()) {
    const q = `%${f.q.trim()}%`;
    conds.push(sql`(${dossiers.code} ILIKE ${q} OR f_unaccent(lower(${dossiers.applicantName})) LIKE f_unaccent(lower(${q})))`);
  }
  const where = and(...conds);
  const sortCol = f.sort === 'received' ? dossiers.receivedAt : f.sort === 'code' ? dossiers.code : dossiers.dueAt;
  const order = (f.dir ?? (f.sort === 'received' ? 'desc' : 'asc')) === 'desc' ? desc(sortCol) : asc(sortCol);
  const pageSize = Math.min(Math.max(f.pageSize ?? 50, 1), 200);
  const page = Math.max(f.page ?? 1, 1);
  const [rows, total] = await Promise.all([
    db
      .select(listColumns)
      .from(dossiers)
      .innerJoin(procedures, eq(procedures.id, dossiers.procedureId))
      .innerJoin(orgUnits, eq(orgUnits.id, dossiers.orgUnitId))
      .where(where)
      .orderBy(order, asc(dossiers.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: sql<number>`count(*)::int` }).from(dossiers).where(where),
  ]);
  return { rows, total: total[0]?.n ?? 0, page, pageSize };
}

/** Counts of each queue for the dashboard warnings. */
export async function queueCounts(db: DbOrTx, scope: ReadonlySet<number>, userId: number, cal: WorkCalendar, now = new Date()) {
  const out: Record<Exclude<Queue, 'all' | 'open' | 'done'>, number> = { mine: 0, due_soon: 0, overdue: 0, supplement: 0 };
  for (const queue of Object.keys(out) as (keyof typeof out)[]) {
    out[queue] = (await listDossiers(db, { scope, queue, userId, cal, now, pageSize: 1 })).total;
  }
  return out;
}

export async function getDossier(db: DbOrTx, id: number) {
  const [row] = await db
    .select({
      dossier: dossiers,
      procedure: procedures,
      orgUnitName: orgUnits.name,
      assigneeName: users.fullName,
    })
    .from(dossiers)
    .innerJoin(procedures, eq(procedures.id, dossiers.procedureId))
    .innerJoin(orgUnits, eq(orgUnits.id, dossiers.orgUnitId))
    .leftJoin(users, eq(users.id, dossiers.assignedTo))
    .where(eq(dossiers.id, id));
  if (!row) return null;
  const [events, documents, rating] = await Promise.all([
    // the actor's full name where the event was recorded by a user (the username stays in actor_name)
    db
      .select({ event: dossierEvents, actorFullName: users.fullName })
      .from(dossierEvents)
      .leftJoin(users, eq(users.id, dossierEvents.actorId))
      .where(eq(dossierEvents.dossierId, id))
      .orderBy(asc(dossierEvents.at), asc(dossierEvents.id))
      .then((rows) => rows.map((r) => ({ ...r.event, actorName: r.actorFullName ?? r.event.actorName }))),
    db.select().from(dossierDocuments).where(eq(dossierDocuments.dossierId, id)).orderBy(asc(dossierDocuments.id)),
    db.select().from(dossierRatings).where(eq(dossierRatings.dossierId, id)),
  ]);
  return { ...row, events, documents, rating: rating[0] ?? null };
}

export async function findDossierIdByCode(db: DbOrTx, code: string): Promise<number | null> {
  const [row] = await db.select({ id: dossiers.id }).from(dossiers).where(eq(dossiers.code, code.trim()));
  return row?.id ?? null;
}

/** What the public lookup shows: status, dates, timeline and what is missing — nothing about the applicant. */
export interface PublicDossierView {
  code: string;
  procedureName: string;
  orgUnitName: string;
  status: number;
  receivedAt: Date;
  dueAt: Date;
  extendedDueAt: Date | null;
  finishedAt: Date | null;
  returnedAt: Date | null;
  timeline: { kind: DossierEventKind; at: Date }[];
  /** the open supplement request's list, if the dossier waits for one */
  missing: string[];
}

/** internal steps (assignment, fees) are not shown to the public */
const PUBLIC_EVENTS: readonly DossierEventKind[] = DOSSIER_EVENT_KINDS.filter((k) => k !== 'assigned' && k !== 'fee_paid');

/**
 * Public lookup by dossier code plus the last 4 digits of the applicant's phone. A wrong code and a wrong suffix
 * give the same answer (null), so the lookup reveals nothing about which dossiers exist.
 */
export async function publicLookup(db: DbOrTx, code: string, phoneSuffix: string): Promise<PublicDossierView | null> {
  const c = code.trim().toUpperCase();
  const suffix = phoneSuffix.trim();
  if (!/^\d{4}$/.test(suffix) || c.length > 40) return null;
  const [row] = await db
    .select({
      id: dossiers.id,
      code: dossiers.code,
      phone: dossiers.applicantPhone,
      procedureName: procedures.name,
      orgUnitName: orgUnits.name,
      status: dossiers.status,
      receivedAt: dossiers.receivedAt,
      dueAt: dossiers.dueAt,
      extendedDueAt: dossiers.extendedDueAt,
      finishedAt: dossiers.finishedAt,
      returnedAt: dossiers.returnedAt,
    })
    .from(dossiers)
    .innerJoin(procedures, eq(procedures.id, dossiers.procedureId))
    .innerJoin(orgUnits, eq(orgUnits.id, dossiers.orgUnitId))
    .where(eq(dossiers.code, c));
  if (!row?.phone?.endsWith(suffix)) return null;
  const events = await db
    .select({ kind: dossierEvents.kind, at: dossierEvents.at, data: dossierEvents.data })
    .from(dossierEvents)
    .where(eq(dossierEvents.dossierId, row.id))
    .orderBy(asc(dossierEvents.at), asc(dossierEvents.id));
  const timeline = events.filter((e) => PUBLIC_EVENTS.includes(e.kind as DossierEventKind)).map((e) => ({ kind: e.kind as DossierEventKind, at: e.at }));
  const lastRequest = [...events].reverse().find((e) => e.kind === 'supplement_requested' || e.kind === 'supplement_supplied');
  const missing = row.status === 5 && lastRequest?.kind === 'supplement_requested' ? ((lastRequest.data?.items as string[]) ?? []) : [];
  const { id: _id, phone: _phone, ...pub } = row;
  return { ...pub, timeline, missing };
}

/** Officers of the scope who may be assigned a dossier. */
export async function assignableUsers(db: DbOrTx, orgUnitId: number) {
  return db
    .select({ id: users.id, fullName: users.fullName })
    .from(users)
    .where(and(eq(users.orgUnitId, orgUnitId), eq(users.active, true), sql`${users.roles} && ARRAY['officer','leader']::text[]`))
    .orderBy(asc(users.fullName));
}
