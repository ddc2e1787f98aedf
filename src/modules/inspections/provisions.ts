import { and, asc, eq, gt, isNull, lte, or, sql } from 'drizzle-orm';
import { type Actor, recordAudit, SYSTEM_ACTOR } from '../../core/audit/index.js';
import type { Database, DbOrTx } from '../../core/db/index.js';
import { type FieldError, NotFoundError, ValidationError } from '../../core/errors.js';
import { FIELDS } from './model.js';
import { PROVISION_SEED } from './provisions-data.js';
import { provisions } from './schema.js';

/*
 * The violation catalogue: versioned provisions (half-open validity). A violation refers to the version valid on the
 * day of the act; changing a provision means a new version from a later day, which ends the current one.
 */

export type Provision = typeof provisions.$inferSelect;

/** Loads the seed once: entries already present (same decree, article, clause, point, act, valid_from) are skipped. */
export async function seedProvisions(database: Database): Promise<number> {
  let added = 0;
  await database.db.transaction(async (tx) => {
    for (const p of PROVISION_SEED) {
      const found = await tx
        .select({ id: provisions.id })
        .from(provisions)
        .where(and(eq(provisions.decree, p.decree), eq(provisions.article, p.article), eq(provisions.description, p.description), eq(provisions.validFrom, p.validFrom)))
        .limit(1);
      if (found.length > 0) continue;
      const { key: _key, ...row } = p;
      const [ins] = await tx
        .insert(provisions)
        .values({ ...row, warningOnly: p.warningOnly ?? false, organisationMultiplier: p.organisationMultiplier ?? 2, validTo: p.validTo ?? null })
        .returning({ id: provisions.id });
      await recordAudit(tx, SYSTEM_ACTOR, { action: 'provision.seed', entity: 'violation_provision', entityId: String(ins!.id), after: row });
      added++;
    }
  });
  return added;
}

export interface ProvisionFilter {
  /** ISO date: only versions valid on that day */
  validOn?: string;
  field?: string;
  decree?: string;
}

/** The catalogue, ordered by decree, article, clause, point, then valid_from. */
export async function listProvisions(db: DbOrTx, f: ProvisionFilter = {}): Promise<Provision[]> {
  const conds = [];
  if (f.validOn) conds.push(and(lte(provisions.validFrom, f.validOn), or(isNull(provisions.validTo), gt(provisions.validTo, f.validOn))));
  if (f.field) conds.push(eq(provisions.field, f.field));
  if (f.decree) conds.push(eq(provisions.decree, f.decree));
  return db
    .select()
    .from(provisions)
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(asc(provisions.decree), asc(provisions.article), sql`${provisions.clause} NULLS FIRST`, sql`${provisions.point} NULLS FIRST`, asc(provisions.id));
}

export async function getProvision(db: DbOrTx, id: number): Promise<Provision | null> {
  const [p] = await db.select().from(provisions).where(eq(provisions.id, id));
  return p ?? null;
}

/** Whether a provision version is in force on an ISO day. */
export function isProvisionValidOn(p: Pick<Provision, 'validFrom' | 'validTo'>, day: string): boolean {
  return p.validFrom <= day && (p.validTo === null || day < p.validTo);
}

export interface ProvisionInput {
  decree: string;
  article: number;
  clause: number | null;
  point: string | null;
  description: string;
  field: string;
  fineMinVnd: number;
  fineMaxVnd: number;
  warningOnly: boolean;
  organisationMultiplier: number;
  remedialMeasures: string[];
  validFrom: string;
  source: string;
  verified: boolean;
}

/** Field errors of a provision, Vietnamese. */
export function validateProvision(p: ProvisionInput): FieldError[] {
  const e: FieldError[] = [];
  if (!/^\d{1,4}\/\d{4}\/[A-ZĐa-zđ-]+$/.test(p.decree.trim())) e.push({ field: 'decree', message: 'Số hiệu văn bản có dạng 45/2022/NĐ-CP' });
  if (!Number.isInteger(p.article) || p.article < 1 || p.article > 999) e.push({ field: 'article', message: 'Điều là số nguyên từ 1 đến 999' });
  if (p.clause !== null && (!Number.isInteger(p.clause) || p.clause < 1 || p.clause > 99)) e.push({ field: 'clause', message: 'Khoản là số nguyên từ 1 đến 99, hoặc để trống' });
  if (p.point !== null && !/^[a-zđ]{1,2}$/.test(p.point)) e.push({ field: 'point', message: 'Điểm là một chữ cái thường (a, b, c, đ …), hoặc để trống' });
  if (!p.description.trim()) e.push({ field: 'description', message: 'Nhập hành vi vi phạm' });
  if (!(FIELDS as readonly string[]).includes(p.field)) e.push({ field: 'field', message: 'Chọn lĩnh vực' });
  if (!Number.isSafeInteger(p.fineMinVnd) || p.fineMinVnd < 0) e.push({ field: 'fineMinVnd', message: 'Mức phạt tối thiểu là số tiền (đồng), không âm' });
  if (!Number.isSafeInteger(p.fineMaxVnd) || p.fineMaxVnd < p.fineMinVnd) e.push({ field: 'fineMaxVnd', message: 'Mức phạt tối đa phải là số tiền không nhỏ hơn mức tối thiểu' });
  if (p.warningOnly && (p.fineMinVnd !== 0 || p.fineMaxVnd !== 0)) e.push({ field: 'fineMaxVnd', message: 'Hành vi chỉ phạt cảnh cáo thì mức phạt tiền là 0' });
  if (![1, 2].includes(p.organisationMultiplier)) e.push({ field: 'organisationMultiplier', message: 'Hệ số đối với tổ chức là 1 hoặc 2' });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(p.validFrom)) e.push({ field: 'validFrom', message: 'Nhập ngày có hiệu lực (ngày/tháng/năm)' });
  if (!p.source.trim()) e.push({ field: 'source', message: 'Nhập nguồn (văn bản, đường dẫn) để người dùng đối chiếu' });
  return e;
}

/**
 * Adds a provision version. When `replacesId` names a version, that version ends the day the new one starts
 * (it must have started before). Audited.
 */
export async function addProvisionVersion(db: DbOrTx, actor: Actor, input: ProvisionInput, replacesId?: number): Promise<Provision> {
  const errors = validateProvision(input);
  if (errors.length) throw new ValidationError(errors);
  return db.transaction(async (tx) => {
    if (replacesId !== undefined) {
      const old = await getProvision(tx, replacesId);
      if (!old) throw new NotFoundError(`provision ${replacesId}`);
      if (old.validFrom >= input.validFrom) throw new ValidationError([{ field: 'validFrom', message: `Ngày hiệu lực phải sau ngày hiệu lực của phiên bản đang thay (${old.validFrom})` }]);
      if (old.validTo !== null && old.validTo <= input.validFrom) throw new ValidationError([{ field: 'validFrom', message: 'Phiên bản đang thay đã hết hiệu lực trước ngày này' }]);
      await tx.update(provisions).set({ validTo: input.validFrom }).where(eq(provisions.id, old.id));
      await recordAudit(tx, actor, { action: 'provision.end', entity: 'violation_provision', entityId: String(old.id), before: { validTo: old.validTo }, after: { validTo: input.validFrom } });
    }
    const [row] = await tx
      .insert(provisions)
      .values({ ...input, decree: input.decree.trim(), description: input.description.trim(), source: input.source.trim() })
      .returning();
    await recordAudit(tx, actor, { action: 'provision.add', entity: 'violation_provision', entityId: String(row!.id), after: input });
    return row!;
  });
}
