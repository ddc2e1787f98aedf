import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/**
 * Administrative units (đơn vị hành chính), dated. A GSO code is unique only together with its validity:
 * codes are reused after mergers (31510 was Phường 2, then Phường Phú Lợi). Validity is half-open:
 * valid_from ≤ D < valid_to (valid_to null = still valid).
 */
export const adminUnits = pgTable(
  'admin_units',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    /** tinh, thanh_pho_tw, thanh_pho, thi_xa, huyen, phuong, xa, thi_tran, dac_khu */
    unitType: text('unit_type').notNull(),
    /** 1 province, 2 district, 3 commune */
    level: integer('level').notNull(),
    parentId: integer('parent_id').references((): AnyPgColumn => adminUnits.id),
    validFrom: date('valid_from').notNull(),
    validTo: date('valid_to'),
    /** WGS84 GeoJSON geometry where we have one */
    boundary: jsonb('boundary'),
    source: text('source'),
  },
  (t) => [
    uniqueIndex('admin_units_code_from_uq').on(t.code, t.validFrom),
    index('admin_units_parent_idx').on(t.parentId),
    check('admin_units_valid_range', sql`${t.validTo} is null or ${t.validTo} > ${t.validFrom}`),
  ],
);

/** Successor links: what became of a unit (merge, split, rename), full or partial. */
export const adminUnitSuccessions = pgTable(
  'admin_unit_successions',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    predecessorId: integer('predecessor_id')
      .notNull()
      .references(() => adminUnits.id),
    successorId: integer('successor_id')
      .notNull()
      .references(() => adminUnits.id),
    /** merge | split | rename | upgrade */
    kind: text('kind').notNull(),
    /** true when only part of the predecessor's territory went to this successor */
    partial: boolean('partial').notNull().default(false),
    effectiveOn: date('effective_on').notNull(),
    legalBasis: text('legal_basis'),
  },
  (t) => [uniqueIndex('admin_unit_successions_uq').on(t.predecessorId, t.successorId)],
);

/** Org units (đơn vị, phòng ban) of the authority: department, divisions, district offices, branches. Dated. */
export const orgUnits = pgTable(
  'org_units',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    /** short stable code used in URLs, CLI and dossier codes, e.g. STNMT-ST, PTNMT-MX */
    code: text('code').notNull(),
    name: text('name').notNull(),
    /** department | division | district_office | branch | commune_office */
    kind: text('kind').notNull(),
    parentId: integer('parent_id').references((): AnyPgColumn => orgUnits.id),
    adminUnitId: integer('admin_unit_id')
      .notNull()
      .references(() => adminUnits.id),
    validFrom: date('valid_from').notNull(),
    validTo: date('valid_to'),
    /** predecessor units whose records this unit inherited (merger) */
    successorId: integer('successor_id').references((): AnyPgColumn => orgUnits.id),
    /** office hours override, e.g. [["07:00","11:30"],["13:30","17:00"]]; null = system default */
    officeHours: jsonb('office_hours').$type<[string, string][]>(),
    /** agency code used in dossier codes (V1V2V3.Z1Z2.Y1Y2.MX1X2) */
    agencyCode: text('agency_code'),
  },
  (t) => [
    uniqueIndex('org_units_code_from_uq').on(t.code, t.validFrom),
    index('org_units_parent_idx').on(t.parentId),
    check('org_units_valid_range', sql`${t.validTo} is null or ${t.validTo} > ${t.validFrom}`),
  ],
);

export const users = pgTable(
  'users',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    username: text('username').notNull(),
    fullName: text('full_name').notNull(),
    email: text('email'),
    passwordHash: text('password_hash').notNull(),
    orgUnitId: integer('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    roles: text('roles').array().notNull().default(sql`'{}'::text[]`),
    locale: text('locale').notNull().default('vi'),
    active: boolean('active').notNull().default(true),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('users_username_uq').on(sql`lower(${t.username})`)],
);
