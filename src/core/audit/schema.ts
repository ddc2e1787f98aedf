import { bigint, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Append-only audit trail. A trigger (migration 0001) refuses UPDATE and DELETE, so the app cannot rewrite
 * history; only `tnmt restore` (TRUNCATE, which row triggers do not see) replaces it wholesale.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    /** null for the system (CLI, jobs, demo loader) */
    actorId: integer('actor_id'),
    actorName: text('actor_name'),
    /** e.g. user.create, dossier.receive, access.denied, auth.login_failed */
    action: text('action').notNull(),
    entity: text('entity'),
    entityId: text('entity_id'),
    orgUnitId: integer('org_unit_id'),
    /** ok | denied | failed */
    outcome: text('outcome').notNull().default('ok'),
    before: jsonb('before'),
    after: jsonb('after'),
    ip: text('ip'),
    detail: text('detail'),
  },
  (t) => [
    index('audit_log_at_idx').on(t.at),
    index('audit_log_entity_idx').on(t.entity, t.entityId),
    index('audit_log_actor_idx').on(t.actorId),
  ],
);
