import { and, asc, desc, eq, gt, inArray, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import { vnIsoDate } from '../../core/calendar/index.js';
import { type Actor, SYSTEM_ACTOR, recordAudit } from '../../core/audit/index.js';
import type { Database, DbOrTx } from '../../core/db/index.js';
import { type FieldError, ValidationError } from '../../core/errors.js';
import { formatDate } from '../../core/format/index.js';
import { findOrgUnitByCode, getOrgUnit } from '../org/queries.js';
import { SEED_PROCEDURES } from './catalogue-data.js';
import { FIELDS, type Field, LEVELS, type Level } from './model.js';
import { type ProcedureStep, type RequiredDocument, type TimeLimitUnit, procedures } from './schema.js';

/*
 * The procedure catalogue (danh mục thủ tục hành chính): reads and the commands that write it.
 *
 * A procedure is identified by its code and versioned by date: each row is valid on [valid_from, valid_to)
 * (valid_to null = still in force). A change of time limit, fee, documents … is a NEW VERSION starting on a later
 * date; the previous open version is closed on that date. Dossiers keep the version they were received under.
 * Every write runs in a transaction with its audit entries. Validation messages are Vietnamese and name the field.
 */

export const TIME_LIMIT_UNITS = ['working_days', 'working_hours', 'calendar_days', 'same_day'] as const satisfies readonly TimeLimitUnit[];
export const DOCUMENT_FORMS = ['original', 'copy', 'original_or_copy'] as const;
export type DocumentForm = (typeof DOCUMENT_FORMS)[number];
export const STEP_ACTORS = ['one_stop', 'specialist', 'leader', 'other_agency'] as const;
export type StepActor = (typeof STEP_ACTORS)[number];

/** National TTHC code, optionally with a province suffix: 1.012784, 1.012784.H54. */
export const NATIONAL_CODE = /^\d\.\d{6}(\.[A-Z]\d{2})?$/;
/** Local code for a procedure the national catalogue does not number (yet): L.DD-DKLD. */
export const LOCAL_CODE = /^L\.[A-Z0-9.-]+$/;

/** Working hours in a working day, for step totals that mix hours and days (the clock engine uses the same). */
const HOURS_PER_DAY = 8;

/** A procedure version as the application sees it. */
export interface ProcedureRecord {
  id: number;
  code: string;
  name: string;
  field: string;
  level: string;
  handlingOrgUnitId: number | null;
  handlingOrgUnitCode: string | null;
  handlingOrgUnitName: string | null;
  timeLimitValue: number;
  timeLimitUnit: TimeLimitUnit;
  difficultAreaExtraDays: number;
  feeVnd: number;
  feeNote: string | null;
  legalBasis: string;
  requiredDocuments: RequiredDocument[];
  steps: ProcedureStep[];
  validFrom: string;
  validTo: string | null;
}

/** What a new version is made of. Strings are trimmed; the handling unit is given by its org-unit code. */
export interface ProcedureVersionInput {
  code: string;
  name: string;
  field: string;
  level: string;
  /** org-unit code (e.g. STNMT); empty or null = every unit of the level handles its own area */
  handlingOrgUnitCode?: string | null;
  timeLimitValue: number;
  timeLimitUnit: string;
  difficultAreaExtraDays?: number;
  feeVnd?: number;
  feeNote?: string | null;
  legalBasis: string;
  requiredDocuments?: RequiredDocument[];
  steps?: ProcedureStep[];
  /** ISO date yyyy-mm-dd */
  validFrom: string;
}

/** An input that passed validation. */
export interface ValidProcedureInput {
  code: string;
  name: string;
  field: Field;
  level: Level;
  handlingOrgUnitCode: string | null;
  timeLimitValue: number;
  timeLimitUnit: TimeLimitUnit;
  difficultAreaExtraDays: number;
  feeVnd: number;
  feeNote: string | null;
  legalBasis: string;
  requiredDocuments: RequiredDocument[];
  steps: ProcedureStep[];
  validFrom: string;
}

export interface ProcedureFilter {
  /** ISO date; default today in Vietnam */
  date?: string;
  field?: string;
  level?: string;
  /** matches name (diacritics ignored) or code */
  q?: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Today's date in Vietnam (UTC+7, no daylight saving), ISO. */
export function todayVn(): string {
  return vnIsoDate(new Date());
}

/** A real calendar date written yyyy-mm-dd. */
export function isIsoDate(v: unknown): v is string {
  if (typeof v !== 'string' || !ISO_DATE.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

const includes = <T extends string>(list: readonly T[], v: unknown): v is T => typeof v === 'string' && (list as readonly string[]).includes(v);
const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : v === null || v === undefined ? '' : String(v).trim());

// ---------------------------------------------------------------------------------------------------------------------
// Validation

/**
 * Checks an input without touching the database. Every problem is returned (not only the first), each naming its
 * field; `value` is the normalised input, meaningful only when `errors` is empty.
 */
export function validateProcedureInput(input: ProcedureVersionInput): { value: ValidProcedureInput; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const err = (field: string, message: string) => errors.push({ field, message });

  const code = text(input.code);
  if (!code) err('code', 'Nhập mã thủ tục');
  else if (!NATIONAL_CODE.test(code) && !LOCAL_CODE.test(code))
    err('code', `Mã thủ tục '${code}' không đúng định dạng (mã quốc gia như 1.012784 hoặc 1.012784.H54, mã địa phương như L.DD-01)`);

  const name = text(input.name);
  if (!name) err('name', 'Nhập tên thủ tục');
  else if (name.length > 1000) err('name', 'Tên thủ tục dài quá 1.000 ký tự');

  const field = text(input.field);
  if (!includes(FIELDS, field)) err('field', field ? `Lĩnh vực '${field}' không hợp lệ` : 'Chọn lĩnh vực');
  const level = text(input.level);
  if (!includes(LEVELS, level)) err('level', level ? `Cấp thực hiện '${level}' không hợp lệ` : 'Chọn cấp thực hiện');

  const unit = text(input.timeLimitUnit);
  const unitOk = includes(TIME_LIMIT_UNITS, unit);
  if (!unitOk) err('timeLimitUnit', unit ? `Đơn vị thời hạn '${unit}' không hợp lệ` : 'Chọn đơn vị thời hạn giải quyết');
  const limit = input.timeLimitValue;
  if (typeof limit !== 'number' || !Number.isFinite(limit)) err('timeLimitValue', 'Thời hạn giải quyết phải là một số');
  else if (unit === 'same_day' ? limit < 0 : limit <= 0) err('timeLimitValue', 'Thời hạn giải quyết phải lớn hơn 0');
  else if (limit > 1000) err('timeLimitValue', 'Thời hạn giải quyết không được quá 1.000');

  const extra = input.difficultAreaExtraDays ?? 0;
  if (!Number.isInteger(extra) || extra < 0 || extra > 365)
    err('difficultAreaExtraDays', 'Số ngày cộng thêm cho xã vùng khó khăn phải là số nguyên từ 0 đến 365');
  const fee = input.feeVnd ?? 0;
  if (!Number.isSafeInteger(fee) || fee < 0) err('feeVnd', 'Phí, lệ phí phải là số đồng nguyên, không âm');

  const legalBasis = text(input.legalBasis);
  if (!legalBasis) err('legalBasis', 'Nhập căn cứ pháp lý');

  const requiredDocuments: RequiredDocument[] = [];
  for (const [i, d] of (input.requiredDocuments ?? []).entries()) {
    const at = `Thành phần hồ sơ thứ ${i + 1}`;
    const docName = text(d?.name);
    if (!docName) err('requiredDocuments', `${at}: nhập tên giấy tờ`);
    if (!includes(DOCUMENT_FORMS, d?.form)) err('requiredDocuments', `${at}: loại bản '${text(d?.form)}' không hợp lệ`);
    if (!Number.isInteger(d?.quantity) || d.quantity < 1 || d.quantity > 100) err('requiredDocuments', `${at}: số lượng phải là số nguyên từ 1 đến 100`);
    requiredDocuments.push({ name: docName, form: text(d?.form), quantity: d?.quantity });
  }

  const steps: ProcedureStep[] = [];
  for (const [i, s] of (input.steps ?? []).entries()) {
    const at = `Bước ${i + 1} của quy trình nội bộ`;
    const stepName = text(s?.name);
    if (!stepName) err('steps', `${at}: nhập tên công việc`);
    if (!includes(STEP_ACTORS, s?.actor)) err('steps', `${at}: người thực hiện '${text(s?.actor)}' không hợp lệ`);
    if (!includes(TIME_LIMIT_UNITS, s?.limitUnit)) err('steps', `${at}: đơn vị thời hạn '${text(s?.limitUnit)}' không hợp lệ`);
    else if (typeof s.limitValue !== 'number' || !Number.isFinite(s.limitValue) || (s.limitUnit === 'same_day' ? s.limitValue < 0 : s.limitValue <= 0))
      err('steps', `${at}: thời hạn phải lớn hơn 0`);
    steps.push({ name: stepName, actor: text(s?.actor), limitValue: s?.limitValue, limitUnit: s?.limitUnit });
  }

  const validFrom = text(input.validFrom);
  if (!isIsoDate(validFrom)) err('validFrom', validFrom ? `Ngày hiệu lực '${validFrom}' không hợp lệ` : 'Nhập ngày bắt đầu hiệu lực');

  const value: ValidProcedureInput = {
    code,
    name,
    field: field as Field,
    level: level as Level,
    handlingOrgUnitCode: text(input.handlingOrgUnitCode) || null,
    timeLimitValue: limit,
    timeLimitUnit: unit as TimeLimitUnit,
    difficultAreaExtraDays: extra,
    feeVnd: fee,
    feeNote: text(input.feeNote) || null,
    legalBasis,
    requiredDocuments,
    steps,
    validFrom,
  };
  return { value, errors };
}

/** The steps' limits added up in the procedure's own unit (hours and working days convert at 8 h a day). Null when they cannot be added (calendar and working time mixed). */
export function stepsTotal(steps: readonly ProcedureStep[], unit: TimeLimitUnit): number | null {
  const target = unit === 'same_day' ? 'working_hours' : unit;
  let total = 0;
  for (const s of steps) {
    if (s.limitUnit === target) total += s.limitValue;
    else if (s.limitUnit === 'working_hours' && target === 'working_days') total += s.limitValue / HOURS_PER_DAY;
    else if (s.limitUnit === 'working_days' && target === 'working_hours') total += s.limitValue * HOURS_PER_DAY;
    else return null;
  }
  return Math.round(total * 1000) / 1000;
}

// ---------------------------------------------------------------------------------------------------------------------
// Reads

type ProcedureRow = typeof procedures.$inferSelect;

async function toRecords(db: DbOrTx, rows: ProcedureRow[]): Promise<ProcedureRecord[]> {
  // Org-unit names through the org module's reads (a module never joins another module's tables).
  const units = new Map<number, { code: string; name: string } | null>();
  for (const id of new Set(rows.flatMap((r) => (r.handlingOrgUnitId === null ? [] : [r.handlingOrgUnitId])))) {
    const u = await getOrgUnit(db, id);
    units.set(id, u ? { code: u.code, name: u.name } : null);
  }
  return rows.map((r) => {
    const u = r.handlingOrgUnitId === null ? null : (units.get(r.handlingOrgUnitId) ?? null);
    return {
      id: r.id,
      code: r.code,
      name: r.name,
      field: r.field,
      level: r.level,
      handlingOrgUnitId: r.handlingOrgUnitId,
      handlingOrgUnitCode: u?.code ?? null,
      handlingOrgUnitName: u?.name ?? null,
      timeLimitValue: Number(r.timeLimitValue),
      timeLimitUnit: r.timeLimitUnit,
      difficultAreaExtraDays: r.difficultAreaExtraDays,
      feeVnd: Number(r.feeVnd),
      feeNote: r.feeNote,
      legalBasis: r.legalBasis,
      requiredDocuments: r.requiredDocuments ?? [],
      steps: r.steps ?? [],
      validFrom: isoDateOf(r.validFrom)!,
      validTo: isoDateOf(r.validTo),
    };
  });
}

function isoDateOf(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v).slice(0, 10);
}

const validOn = (date: string): SQL => and(lte(procedures.validFrom, date), or(isNull(procedures.validTo), gt(procedures.validTo, date)))!;

/** `%` and `_` typed by the user are literal characters, not LIKE wildcards. */
function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Procedures in force on a date (default today), optionally of one field and level, and matching a search in the
 * name — diacritics and case ignored, so "dat dai" finds "đất đai" — or the code. Ordered by code.
 */
export async function listProcedures(db: DbOrTx, filter: ProcedureFilter = {}): Promise<ProcedureRecord[]> {
  const date = filter.date && isIsoDate(filter.date) ? filter.date : todayVn();
  const conds: SQL[] = [validOn(date)];
  if (filter.field) conds.push(eq(procedures.field, filter.field));
  if (filter.level) conds.push(eq(procedures.level, filter.level));
  const q = filter.q?.trim();
  if (q) {
    const pattern = likePattern(q);
    conds.push(
      sql`(f_unaccent(lower(${procedures.name})) LIKE f_unaccent(lower(${pattern})) OR lower(${procedures.code}) LIKE lower(${pattern}))`,
    );
  }
  const rows = await db
    .select()
    .from(procedures)
    .where(and(...conds))
    .orderBy(sql`${procedures.code} collate "C"`);
  return toRecords(db, rows);
}

/** One version by id, or null. */
export async function getProcedure(db: DbOrTx, id: number): Promise<ProcedureRecord | null> {
  if (!Number.isSafeInteger(id)) return null;
  const rows = await db.select().from(procedures).where(eq(procedures.id, id));
  return (await toRecords(db, rows))[0] ?? null;
}

/** The version of a code in force on a date (the one a dossier received that day is handled under), or null. */
export async function procedureValidOn(db: DbOrTx, code: string, date: string): Promise<ProcedureRecord | null> {
  if (!isIsoDate(date)) return null;
  const rows = await db
    .select()
    .from(procedures)
    .where(and(eq(procedures.code, code), validOn(date)))
    .limit(1);
  return (await toRecords(db, rows))[0] ?? null;
}

/** Every version of a code, oldest first. */
export async function listProcedureVersions(db: DbOrTx, code: string): Promise<ProcedureRecord[]> {
  const rows = await db.select().from(procedures).where(eq(procedures.code, code)).orderBy(asc(procedures.validFrom));
  return toRecords(db, rows);
}

// ---------------------------------------------------------------------------------------------------------------------
// Writes

/** What writing one version needs, found inside the transaction. */
export interface VersionPlan {
  value: ValidProcedureInput;
  handlingOrgUnitId: number | null;
  /** the most recent version of the code (greatest valid_from), locked */
  latest: ProcedureRecord | null;
  /** the version of the code starting on the same date, if any */
  sameDate: ProcedureRecord | null;
  /** why the version cannot be written (unknown handling unit, valid_from not after the latest version's); empty = it can */
  problems: FieldError[];
}

/**
 * Resolves the handling unit (valid on the new version's first day), finds the code's latest version and checks
 * that the new version starts after it (versions are appended, never inserted in between). Nothing is written; the
 * caller decides whether content equal to an existing version is a change.
 */
export async function planProcedureVersion(tx: DbOrTx, value: ValidProcedureInput): Promise<VersionPlan> {
  const problems: FieldError[] = [];
  let handlingOrgUnitId: number | null = null;
  if (value.handlingOrgUnitCode) {
    const unit = await findOrgUnitByCode(tx, value.handlingOrgUnitCode, value.validFrom);
    if (unit) handlingOrgUnitId = unit.id;
    else
      problems.push({
        field: 'handlingOrgUnit',
        message: `Không có đơn vị giải quyết mã '${value.handlingOrgUnitCode}' vào ngày ${formatDate(value.validFrom)}`,
      });
  }
  const [latestRow] = await tx
    .select()
    .from(procedures)
    .where(eq(procedures.code, value.code))
    .orderBy(desc(procedures.validFrom))
    .limit(1)
    .for('update');
  const [sameRow] = await tx
    .select()
    .from(procedures)
    .where(and(eq(procedures.code, value.code), eq(procedures.validFrom, value.validFrom)));
  const [latest = null] = latestRow ? await toRecords(tx, [latestRow]) : [];
  const [sameDate = null] = sameRow ? await toRecords(tx, [sameRow]) : [];
  if (latest && value.validFrom <= latest.validFrom)
    problems.push({
      field: 'validFrom',
      message: `Ngày hiệu lực ${formatDate(value.validFrom)} phải sau ngày hiệu lực của phiên bản hiện hành (${formatDate(latest.validFrom)})`,
    });
  return { value, handlingOrgUnitId, latest, sameDate, problems };
}

/** Whether an input says the same as an existing version (its dates aside). */
export function sameContent(value: ValidProcedureInput, rec: ProcedureRecord): boolean {
  return (
    value.code === rec.code &&
    value.name === rec.name &&
    value.field === rec.field &&
    value.level === rec.level &&
    (value.handlingOrgUnitCode ?? null) === (rec.handlingOrgUnitCode ?? null) &&
    value.timeLimitValue === rec.timeLimitValue &&
    value.timeLimitUnit === rec.timeLimitUnit &&
    value.difficultAreaExtraDays === rec.difficultAreaExtraDays &&
    value.feeVnd === rec.feeVnd &&
    (value.feeNote ?? null) === (rec.feeNote ?? null) &&
    value.legalBasis === rec.legalBasis &&
    JSON.stringify(value.requiredDocuments.map(docKey)) === JSON.stringify(rec.requiredDocuments.map(docKey)) &&
    JSON.stringify(value.steps.map(stepKey)) === JSON.stringify(rec.steps.map(stepKey))
  );
}

const docKey = (d: RequiredDocument) => [d.name, d.form, d.quantity];
const stepKey = (s: ProcedureStep) => [s.name, s.actor, Number(s.limitValue), s.limitUnit];

/**
 * Writes a planned version: closes the latest version if it is still open (or ends after the new start) on the
 * new version's first day, inserts the new row, and audits both. Call inside the transaction that planned it.
 */
export async function applyProcedureVersion(tx: DbOrTx, actor: Actor, plan: VersionPlan, detail?: string): Promise<ProcedureRecord> {
  const { value, latest } = plan;
  if (latest && (latest.validTo === null || latest.validTo > value.validFrom)) {
    await tx.update(procedures).set({ validTo: value.validFrom }).where(eq(procedures.id, latest.id));
    await recordAudit(tx, actor, {
      action: 'procedure.close',
      entity: 'procedure',
      entityId: latest.id,
      orgUnitId: latest.handlingOrgUnitId,
      before: { code: latest.code, validFrom: latest.validFrom, validTo: latest.validTo },
      after: { code: latest.code, validFrom: latest.validFrom, validTo: value.validFrom },
      detail,
    });
  }
  const [row] = await tx
    .insert(procedures)
    .values({
      code: value.code,
      name: value.name,
      field: value.field,
      level: value.level,
      handlingOrgUnitId: plan.handlingOrgUnitId,
      timeLimitValue: value.timeLimitValue,
      timeLimitUnit: value.timeLimitUnit,
      difficultAreaExtraDays: value.difficultAreaExtraDays,
      feeVnd: value.feeVnd,
      feeNote: value.feeNote,
      legalBasis: value.legalBasis,
      requiredDocuments: value.requiredDocuments,
      steps: value.steps,
      validFrom: value.validFrom,
      validTo: null,
    })
    .returning();
  const [rec] = await toRecords(tx, [row!]);
  await recordAudit(tx, actor, {
    action: 'procedure.create',
    entity: 'procedure',
    entityId: rec!.id,
    orgUnitId: rec!.handlingOrgUnitId,
    after: rec,
    detail,
  });
  return rec!;
}

/**
 * Adds a version of a procedure (the first one for a new code). Validates every field, closes the previous open
 * version of the code on the new valid_from and refuses a valid_from that is not after the latest version's.
 * One transaction, audited. Throws ValidationError naming the fields.
 */
export async function createProcedureVersion(database: Database, actor: Actor, input: ProcedureVersionInput): Promise<ProcedureRecord> {
  const { value, errors } = validateProcedureInput(input);
  if (errors.length) throw new ValidationError(errors);
  return database.db.transaction(async (tx) => {
    const plan = await planProcedureVersion(tx, value);
    if (plan.problems.length) throw new ValidationError(plan.problems);
    return applyProcedureVersion(tx, actor, plan);
  });
}

/**
 * Loads the seed catalogue (catalogue-data.ts): every seed code that has no version yet gets its seed version, in one
 * transaction, audited as the system. Idempotent: codes already present — seeded or edited since — are left alone.
 * Province-level procedures need the org units (STNMT) loaded first.
 */
export async function seedProcedures(database: Database, actor: Actor = SYSTEM_ACTOR): Promise<{ created: number; existing: number }> {
  return database.db.transaction(async (tx) => {
    const codes = SEED_PROCEDURES.map((p) => p.code);
    const present = new Set(
      (await tx.selectDistinct({ code: procedures.code }).from(procedures).where(inArray(procedures.code, codes))).map((r) => r.code),
    );
    let created = 0;
    for (const seed of SEED_PROCEDURES) {
      if (present.has(seed.code)) continue;
      const { value, errors } = validateProcedureInput(seed);
      const plan = errors.length ? null : await planProcedureVersion(tx, value);
      const problems = plan ? plan.problems : errors;
      if (!plan || problems.length) throw new Error(`seed procedure ${seed.code}: ${problems.map((e) => `${e.field}: ${e.message}`).join('; ')}`);
      await applyProcedureVersion(tx, actor, plan, 'seed');
      created++;
    }
    return { created, existing: present.size };
  });
}
