import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { adminUnits, orgUnits, users } from '../org/schema.js';

/*
 * Inspections and enforcement (thanh tra, kiểm tra; xử phạt vi phạm hành chính). See CONTEXT.md in this folder.
 * Money is whole đồng in bigint columns (mode 'number': a fine never reaches 2^53 đồng).
 */

/**
 * A subject (đối tượng): an organisation (tax code), or an individual / household (CCCD). Households and household
 * businesses are fined as individuals (Decree 45/2022 Art. 2(2)). A merged duplicate keeps its row with
 * merged_into_id set; its records are moved to the survivor, so links to the old id still resolve.
 */
export const subjects = pgTable(
  'inspection_subjects',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    /** organisation | individual | household */
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    /** organisations: 10 digits, or 10 digits "-" 3 digits for a dependent unit (stored with the hyphen) */
    taxCode: text('tax_code'),
    /** individuals and households: the 12-digit CCCD of the person (of the head of household) */
    idNumber: text('id_number'),
    /** the legal representative (organisations) */
    representative: text('representative'),
    address: text('address'),
    adminUnitId: integer('admin_unit_id').references(() => adminUnits.id),
    phone: text('phone'),
    /** see SECTORS in model.ts */
    sector: text('sector'),
    mergedIntoId: integer('merged_into_id').references((): AnyPgColumn => subjects.id),
    mergedAt: timestamp('merged_at', { withTimezone: true }),
    /** the org unit that registered the subject (subjects are one registry for every unit) */
    createdByOrgUnitId: integer('created_by_org_unit_id').references(() => orgUnits.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('inspection_subjects_tax_code_uq').on(t.taxCode).where(sql`${t.taxCode} IS NOT NULL AND ${t.mergedIntoId} IS NULL`),
    uniqueIndex('inspection_subjects_id_number_uq').on(t.idNumber).where(sql`${t.idNumber} IS NOT NULL AND ${t.mergedIntoId} IS NULL`),
    index('inspection_subjects_name_trgm').using('gin', sql`f_unaccent(lower(${t.name})) gin_trgm_ops`),
    check('inspection_subjects_kind', sql`${t.kind} in ('organisation','individual','household')`),
  ],
);

/** A facility (cơ sở) of a subject: a shrimp farm, a rice mill, a processing plant, a sand mine, at a place. */
export const facilities = pgTable(
  'inspection_facilities',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    subjectId: integer('subject_id')
      .notNull()
      .references(() => subjects.id),
    name: text('name').notNull(),
    address: text('address'),
    adminUnitId: integer('admin_unit_id').references(() => adminUnits.id),
    /** WGS 84 */
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    sector: text('sector'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('inspection_facilities_subject_idx').on(t.subjectId),
    check('inspection_facilities_lat', sql`${t.latitude} is null or ${t.latitude} between -90 and 90`),
    check('inspection_facilities_lon', sql`${t.longitude} is null or ${t.longitude} between -180 and 180`),
  ],
);

/**
 * An inspection (cuộc thanh tra / kiểm tra), opened by a decision. The running org unit is its level (Thanh tra Sở,
 * Chi cục BVMT → province; Phòng TN&MT → district) and owns it for access control.
 */
export const inspections = pgTable(
  'inspections',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    orgUnitId: integer('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    /** số quyết định, e.g. 15/QĐ-TTra */
    decisionNumber: text('decision_number').notNull(),
    decisionDate: date('decision_date').notNull(),
    /** inspection (thanh tra) | check (kiểm tra) */
    mode: text('mode').notNull().default('check'),
    /** planned | unannounced | complaint | follow_up */
    kind: text('kind').notNull(),
    /** environment | land | water | minerals | … (FIELDS in model.ts) */
    field: text('field').notNull(),
    title: text('title').notNull(),
    /** head of the team first: [{ name, role }] */
    team: jsonb('team').$type<{ name: string; role: string }[]>().notNull().default(sql`'[]'::jsonb`),
    /** the period the team works on site (both days included) */
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on').notNull(),
    /** planned | in_progress | concluded | cancelled */
    status: text('status').notNull().default('planned'),
    /** kết luận thanh tra / thông báo kết quả kiểm tra */
    conclusionNumber: text('conclusion_number'),
    conclusionDate: date('conclusion_date'),
    conclusion: text('conclusion'),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('inspections_unit_decision_uq').on(t.orgUnitId, t.decisionNumber),
    index('inspections_unit_date_idx').on(t.orgUnitId, t.decisionDate),
    check('inspections_period', sql`${t.endsOn} >= ${t.startsOn}`),
    check('inspections_kind', sql`${t.kind} in ('planned','unannounced','complaint','follow_up')`),
    check('inspections_mode', sql`${t.mode} in ('inspection','check')`),
    check('inspections_status', sql`${t.status} in ('planned','in_progress','concluded','cancelled')`),
  ],
);

/** A subject inspected in an inspection (đối tượng thanh tra), with the team's findings and the outcome. */
export const inspectedSubjects = pgTable(
  'inspected_subjects',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    inspectionId: integer('inspection_id')
      .notNull()
      .references(() => inspections.id, { onDelete: 'cascade' }),
    subjectId: integer('subject_id')
      .notNull()
      .references(() => subjects.id),
    facilityId: integer('facility_id').references(() => facilities.id),
    /** the day the team was on site */
    inspectedOn: date('inspected_on'),
    findings: text('findings'),
    /** pending | compliant | violation */
    outcome: text('outcome').notNull().default('pending'),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('inspected_subjects_uq').on(t.inspectionId, t.subjectId),
    index('inspected_subjects_subject_idx').on(t.subjectId),
    check('inspected_subjects_outcome', sql`${t.outcome} in ('pending','compliant','violation')`),
  ],
);

/**
 * The catalogue of violation provisions (hành vi vi phạm) with their legal basis and fine range, versioned by
 * validity (half-open). Ranges are for an individual; `organisation_multiplier` (2 in Decree 45/2022) gives the
 * organisation's range. `verified` is false for entries not yet checked against the official text.
 */
export const provisions = pgTable(
  'violation_provisions',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    /** e.g. 45/2022/NĐ-CP */
    decree: text('decree').notNull(),
    article: integer('article').notNull(),
    clause: integer('clause'),
    point: text('point'),
    /** the act, as the decree words it */
    description: text('description').notNull(),
    field: text('field').notNull(),
    /** 0/0 with warning_only = a warning (cảnh cáo), no fine */
    fineMinVnd: bigint('fine_min_vnd', { mode: 'number' }).notNull(),
    fineMaxVnd: bigint('fine_max_vnd', { mode: 'number' }).notNull(),
    warningOnly: boolean('warning_only').notNull().default(false),
    organisationMultiplier: smallint('organisation_multiplier').notNull().default(2),
    /** biện pháp khắc phục hậu quả the provision prescribes */
    remedialMeasures: jsonb('remedial_measures').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    validFrom: date('valid_from').notNull(),
    validTo: date('valid_to'),
    /** where the entry comes from (URL, research note) */
    source: text('source').notNull(),
    verified: boolean('verified').notNull().default(false),
  },
  (t) => [
    uniqueIndex('violation_provisions_uq').on(t.decree, t.article, t.clause, t.point, t.description, t.validFrom),
    check('violation_provisions_range', sql`${t.fineMinVnd} >= 0 and ${t.fineMaxVnd} >= ${t.fineMinVnd}`),
    check('violation_provisions_valid', sql`${t.validTo} is null or ${t.validTo} > ${t.validFrom}`),
  ],
);

/** A violation found at an inspected subject, with its legal basis. */
export const violations = pgTable(
  'violations',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    inspectedSubjectId: integer('inspected_subject_id')
      .notNull()
      .references(() => inspectedSubjects.id, { onDelete: 'cascade' }),
    provisionId: integer('provision_id')
      .notNull()
      .references(() => provisions.id),
    description: text('description').notNull(),
    /** the day of the act (or when it was found) */
    committedOn: date('committed_on').notNull(),
    recordedBy: integer('recorded_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('violations_inspected_subject_idx').on(t.inspectedSubjectId)],
);

/** Evidence files of a violation (biên bản, photographs): PDF or images in the file store. */
export const violationEvidence = pgTable(
  'violation_evidence',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    violationId: integer('violation_id')
      .notNull()
      .references(() => violations.id, { onDelete: 'cascade' }),
    fileSha256: text('file_sha256').notNull(),
    originalName: text('original_name').notNull(),
    mediaType: text('media_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    uploadedBy: integer('uploaded_by').references(() => users.id),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('violation_evidence_violation_idx').on(t.violationId)],
);

/**
 * A penalty decision (quyết định xử phạt vi phạm hành chính) against one inspected subject. The fine is the sum of
 * its lines; each line is checked against its provision's range (out of range only with a stated reason).
 */
export const penaltyDecisions = pgTable(
  'penalty_decisions',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    inspectedSubjectId: integer('inspected_subject_id')
      .notNull()
      .references(() => inspectedSubjects.id),
    /** denormalised from the inspection: the deciding unit, for scope and statistics */
    orgUnitId: integer('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    number: text('number').notNull(),
    decidedOn: date('decided_on').notNull(),
    signerName: text('signer_name').notNull(),
    signerTitle: text('signer_title').notNull(),
    /** sum of the lines, kept in the same transaction */
    fineVnd: bigint('fine_vnd', { mode: 'number' }).notNull(),
    /** hình thức xử phạt bổ sung (suspension of activity, confiscation …) */
    additionalPenalties: text('additional_penalties'),
    /** the fine is due within 10 days of receiving the decision (Law on Handling Administrative Violations Art. 73) */
    paymentDueOn: date('payment_due_on').notNull(),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('penalty_decisions_unit_number_uq').on(t.orgUnitId, t.number),
    index('penalty_decisions_unit_date_idx').on(t.orgUnitId, t.decidedOn),
    index('penalty_decisions_subject_idx').on(t.inspectedSubjectId),
    check('penalty_decisions_fine', sql`${t.fineVnd} >= 0`),
  ],
);

/** One violation's fine within a decision. */
export const penaltyLines = pgTable(
  'penalty_lines',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    decisionId: integer('decision_id')
      .notNull()
      .references(() => penaltyDecisions.id, { onDelete: 'cascade' }),
    violationId: integer('violation_id')
      .notNull()
      .references(() => violations.id),
    fineVnd: bigint('fine_vnd', { mode: 'number' }).notNull(),
    /** why the fine is outside the provision's range (required then, null otherwise) */
    outOfRangeReason: text('out_of_range_reason'),
  },
  (t) => [uniqueIndex('penalty_lines_violation_uq').on(t.violationId), check('penalty_lines_fine', sql`${t.fineVnd} >= 0`)],
);

/** A remedial measure (biện pháp khắc phục hậu quả) ordered by a decision, with its deadline and follow-up. */
export const remedialMeasures = pgTable(
  'remedial_measures',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    decisionId: integer('decision_id')
      .notNull()
      .references(() => penaltyDecisions.id, { onDelete: 'cascade' }),
    description: text('description').notNull(),
    deadline: date('deadline').notNull(),
    doneOn: date('done_on'),
    doneNote: text('done_note'),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('remedial_measures_decision_idx').on(t.decisionId)],
);

/** A payment of a fine (partial payments allowed), with the State Treasury / bank receipt number. */
export const penaltyPayments = pgTable(
  'penalty_payments',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    decisionId: integer('decision_id')
      .notNull()
      .references(() => penaltyDecisions.id, { onDelete: 'cascade' }),
    paidOn: date('paid_on').notNull(),
    amountVnd: bigint('amount_vnd', { mode: 'number' }).notNull(),
    receiptNumber: text('receipt_number').notNull(),
    recordedBy: integer('recorded_by').references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('penalty_payments_decision_idx').on(t.decisionId, t.paidOn), check('penalty_payments_amount', sql`${t.amountVnd} > 0`)],
);
