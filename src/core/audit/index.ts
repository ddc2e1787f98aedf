import { and, desc, eq, gte, ilike, lt, or, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/index.js';
import { auditLog } from './schema.js';

export interface Actor {
  id: number | null;
  name: string;
  ip?: string;
}

/** The system itself (CLI, demo loader, jobs). */
export const SYSTEM_ACTOR: Actor = { id: null, name: 'system' };

export interface AuditEntry {
  action: string;
  entity?: string;
  entityId?: string | number;
  orgUnitId?: number | null;
  outcome?: 'ok' | 'denied' | 'failed';
  before?: unknown;
  after?: unknown;
  detail?: string;
}

/** Record one write (or one refused attempt). Call inside the transaction of the write it describes. */
export async function recordAudit(tx: DbOrTx, actor: Actor, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    actorId: actor.id,
    actorName: actor.name,
    ip: actor.ip ?? null,
    action: entry.action,
    entity: entry.entity ?? null,
    entityId: entry.entityId === undefined ? null : String(entry.entityId),
    orgUnitId: entry.orgUnitId ?? null,
    outcome: entry.outcome ?? 'ok',
    before: redact(entry.before) ?? null,
    after: redact(entry.after) ?? null,
    detail: entry.detail ?? null,
  });
}

const SECRET_KEYS = new Set(['passwordHash', 'password_hash', 'password', 'newPassword', 'currentPassword']);

/** Secrets never enter the audit trail; their change is still visible as "[redacted]". */
function redact(value: unknown): unknown {
  if (value === undefined || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(redact);
  if (value instanceof Date) return value.toISOString();
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEYS.has(k) ? '[redacted]' : redact(v);
  return out;
}

export interface AuditFilter {
  action?: string;
  actor?: string;
  entity?: string;
  entityId?: string;
  outcome?: string;
  /** ISO dates, inclusive from, exclusive to */
  from?: string;
  to?: string;
  /** restrict to these org units (the viewer's scope); undefined = all */
  orgUnitIds?: number[];
  /** with orgUnitIds: also show entries tied to no org unit (system, anonymous sign-in attempts) */
  includeUnscoped?: boolean;
  page?: number;
  pageSize?: number;
}

export async function listAudit(db: DbOrTx, f: AuditFilter) {
  const conds: SQL[] = [];
  if (f.action) conds.push(ilike(auditLog.action, `${f.action}%`));
  if (f.actor) conds.push(ilike(auditLog.actorName, `%${f.actor}%`));
  if (f.entity) conds.push(eq(auditLog.entity, f.entity));
  if (f.entityId) conds.push(eq(auditLog.entityId, f.entityId));
  if (f.outcome) conds.push(eq(auditLog.outcome, f.outcome));
  if (f.from) conds.push(gte(auditLog.at, sql`${f.from}::date`));
  if (f.to) conds.push(lt(auditLog.at, sql`${f.to}::date + 1`));
  if (f.orgUnitIds) {
    const ids = f.orgUnitIds.length ? f.orgUnitIds : [-1];
    const inScope = sql`${auditLog.orgUnitId} = ANY(${sql.raw(`ARRAY[${ids.map(Number).join(',')}]::int[]`)})`;
    conds.push(f.includeUnscoped ? or(inScope, sql`${auditLog.orgUnitId} IS NULL`)! : inScope);
  }
  const where = conds.length ? and(...conds) : undefined;
  const pageSize = Math.min(Math.max(f.pageSize ?? 50, 1), 500);
  const page = Math.max(f.page ?? 1, 1);
  const [rows, total] = await Promise.all([
    db
      .select()
      .from(auditLog)
      .where(where)
      .orderBy(desc(auditLog.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(where),
  ]);
  return { rows, total: total[0]?.n ?? 0, page, pageSize };
}
