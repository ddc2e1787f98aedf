import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { adminUnits, orgUnits, users } from '../org/schema.js';

/** A required document of a procedure: name, original or copy, how many. */
export interface RequiredDocument {
  name: string;
  /** 'original' | 'copy' | 'original_or_copy' */
  form: string;
  quantity: number;
}

/** A step of the internal procedure (quy trình nội bộ) with its own limit. */
export interface ProcedureStep {
  name: string;
  /** who does it: 'one_stop' | 'specialist' | 'leader' | 'other_agency' */
  actor: string;
  limitValue: number;
  limitUnit: TimeLimitUnit;
}

export type TimeLimitUnit = 'working_days' | 'working_hours' | 'calendar_days' | 'same_day';

/**
 * Procedure catalogue (thủ tục hành chính), versioned: a new version (valid_from) when the time limit, fee or
 * legal basis changes; dossiers keep the version they were received under. Validity is half-open.
 */
export const procedures = pgTable(
  'procedures',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    /** national TTHC code, e.g. 1.012784 (a province suffix such as .H54 may follow) */
    code: text('code').notNull(),
    name: text('name').notNull(),
    /** land | environment | water | minerals | surveying | hydrometeorology | general */
    field: text('field').notNull(),
    /** province | district | commune */
    level: text('level').notNull(),
    /** the org unit that handles it; null = every unit of the level handles its own area */
    handlingOrgUnitId: integer('handling_org_unit_id').references(() => orgUnits.id),
    timeLimitValue: numeric('time_limit_value', { mode: 'number' }).notNull(),
    timeLimitUnit: text('time_limit_unit').$type<TimeLimitUnit>().notNull(),
    /** extra working days in difficult (mountainous, island, disadvantaged) communes */
    difficultAreaExtraDays: integer('difficult_area_extra_days').notNull().default(0),
    feeVnd: bigint('fee_vnd', { mode: 'number' }).notNull().default(0),
    feeNote: text('fee_note'),
    legalBasis: text('legal_basis').notNull(),
    requiredDocuments: jsonb('required_documents').$type<RequiredDocument[]>().notNull().default(sql`'[]'::jsonb`),
    steps: jsonb('steps').$type<ProcedureStep[]>().notNull().default(sql`'[]'::jsonb`),
    validFrom: date('valid_from').notNull(),
    validTo: date('valid_to'),
  },
  (t) => [
    uniqueIndex('procedures_code_from_uq').on(t.code, t.validFrom),
    check('procedures_valid_range', sql`${t.validTo} is null or ${t.validTo} > ${t.validFrom}`),
    check('procedures_limit_unit', sql`${t.timeLimitUnit} in ('working_days','working_hours','calendar_days','same_day')`),
  ],
);

/**
 * Daily sequence of dossier codes per agency code. Incremented inside the intake transaction, so a rolled-back
 * intake gives its number back and concurrent intakes queue on the row: no gaps, no duplicates.
 */
export const dossierSequences = pgTable(
  'dossier_sequences',
  {
    agencyCode: text('agency_code').notNull(),
    day: date('day').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [uniqueIndex('dossier_sequences_pk').on(t.agencyCode, t.day)],
);

/**
 * A dossier (hồ sơ) received at a one-stop desk. The events table is the record of what happened; the clock
 * columns here (due_at, due_766_at, waits, counts, status) are derived from the events by `computeClock` and
 * rewritten by every command, so statistics read one row per dossier.
 */
export const dossiers = pgTable(
  'dossiers',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    code: text('code').notNull(),
    procedureId: integer('procedure_id')
      .notNull()
      .references(() => procedures.id),
    /** the org unit responsible for the dossier (whose subtree's statistics count it) */
    orgUnitId: integer('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    /** 1 direct (counter), 2 online, 3 postal */
    channel: smallint('channel').notNull(),
    applicantKind: text('applicant_kind').notNull(),
    applicantName: text('applicant_name').notNull(),
    /** CCCD (12 digits) for a person, tax code (10 or 13 digits) for an organisation */
    applicantIdNumber: text('applicant_id_number'),
    applicantPhone: text('applicant_phone'),
    applicantEmail: text('applicant_email'),
    applicantAddress: text('applicant_address'),
    applicantAdminUnitId: integer('applicant_admin_unit_id').references(() => adminUnits.id),
    /** when the desk received it */
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    /** the legal due instant (restarts after a supplement during appraisal; paused time added) */
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    /** the appointment after an extension (apology letter); null = none */
    extendedDueAt: timestamp('extended_due_at', { withTimezone: true }),
    /** Decision 766 due instant: first due plus the supplement waiting time */
    due766At: timestamp('due_766_at', { withTimezone: true }).notNull(),
    /** national status code 1–10 */
    status: smallint('status').notNull(),
    supplementCount: smallint('supplement_count').notNull().default(0),
    /** when the clock stopped (supplement request, pause) while it stays stopped; null when running */
    stoppedAt: timestamp('stopped_at', { withTimezone: true }),
    /** when processing ended: result ready, refusal after appraisal, withdrawal */
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    /** approved | refused | withdrawn; null while open */
    outcome: text('outcome'),
    returnedAt: timestamp('returned_at', { withTimezone: true }),
    assignedTo: integer('assigned_to').references(() => users.id),
    /** org unit currently holding the dossier (transfers) */
    currentOrgUnitId: integer('current_org_unit_id').references(() => orgUnits.id),
    feeVnd: bigint('fee_vnd', { mode: 'number' }).notNull().default(0),
    /** before | after | exempt */
    feeMode: text('fee_mode').notNull().default('before'),
    feePaidAt: timestamp('fee_paid_at', { withTimezone: true }),
    feeReceiptNo: text('fee_receipt_no'),
    /** where the dossier came from when imported from another one-stop system */
    importedFrom: text('imported_from'),
    /** optimistic locking: every command checks and increments it */
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('dossiers_code_uq').on(t.code),
    index('dossiers_unit_received_idx').on(t.orgUnitId, t.receivedAt),
    index('dossiers_unit_finished_idx').on(t.orgUnitId, t.finishedAt),
    index('dossiers_open_idx').on(t.orgUnitId, t.dueAt).where(sql`${t.finishedAt} is null`),
    check('dossiers_channel', sql`${t.channel} in (1, 2, 3)`),
    check('dossiers_status', sql`${t.status} between 1 and 10`),
  ],
);

/** Everything that happened to a dossier, in order. Append-only from the application's side. */
export const dossierEvents = pgTable(
  'dossier_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    dossierId: integer('dossier_id')
      .notNull()
      .references(() => dossiers.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull(),
    /** see DossierEventKind in model.ts */
    kind: text('kind').notNull(),
    actorId: integer('actor_id'),
    actorName: text('actor_name'),
    fromOrgUnitId: integer('from_org_unit_id'),
    toOrgUnitId: integer('to_org_unit_id'),
    note: text('note'),
    data: jsonb('data').$type<Record<string, unknown>>(),
  },
  (t) => [index('dossier_events_dossier_idx').on(t.dossierId, t.at)],
);

/** Documents received with the dossier (component name, original/copy, quantity, optional scan). */
export const dossierDocuments = pgTable(
  'dossier_documents',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    dossierId: integer('dossier_id')
      .notNull()
      .references(() => dossiers.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    form: text('form').notNull(),
    quantity: integer('quantity').notNull().default(1),
    fileSha256: text('file_sha256'),
  },
  (t) => [index('dossier_documents_dossier_idx').on(t.dossierId)],
);

/**
 * Intake outcomes that create no dossier: the desk asked for a complete list of supplements, or refused.
 * Kept so the printed form can be reproduced and the desk's work is counted.
 */
export const intakeDecisions = pgTable('intake_decisions', {
  id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
  orgUnitId: integer('org_unit_id')
    .notNull()
    .references(() => orgUnits.id),
  procedureId: integer('procedure_id')
    .notNull()
    .references(() => procedures.id),
  /** supplement | refused */
  outcome: text('outcome').notNull(),
  applicantName: text('applicant_name').notNull(),
  applicantPhone: text('applicant_phone'),
  applicantEmail: text('applicant_email'),
  channel: smallint('channel').notNull(),
  /** the complete list of what is missing (supplement) */
  items: jsonb('items').$type<string[]>(),
  reason: text('reason'),
  at: timestamp('at', { withTimezone: true }).notNull(),
  actorId: integer('actor_id'),
});

/** Satisfaction ratings after the result is returned (Decision 766 group 5). One per dossier. */
export const dossierRatings = pgTable(
  'dossier_ratings',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    dossierId: integer('dossier_id')
      .notNull()
      .references(() => dossiers.id, { onDelete: 'cascade' }),
    /** 1 very dissatisfied … 5 very satisfied */
    score: smallint('score').notNull(),
    comment: text('comment'),
    /** link | kiosk */
    via: text('via').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('dossier_ratings_dossier_uq').on(t.dossierId), check('dossier_ratings_score', sql`${t.score} between 1 and 5`)],
);
