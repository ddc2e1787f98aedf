import { and, eq, isNull } from 'drizzle-orm';
import { type Actor, recordAudit } from '../../core/audit/index.js';
import type { DbOrTx } from '../../core/db/index.js';
import { type FieldError, NotFoundError, ValidationError } from '../../core/errors.js';
import { adminUnits } from '../org/schema.js';
import { identifierErrors, normaliseIdNumber, normaliseTaxCode, SECTORS, SUBJECT_KINDS, type SubjectKind } from './model.js';
import { facilities, subjects } from './schema.js';

/*
 * The subject registry (đối tượng thanh tra, kiểm tra) and their facilities. One registry for every unit: a company
 * inspected by Thanh tra Sở and later by Phòng TN&MT Kế Sách is one subject with one history. De-duplication rests
 * on the tax code (organisations) and the CCCD (people): both unique among subjects not merged away.
 */

export type Subject = typeof subjects.$inferSelect;
export type Facility = typeof facilities.$inferSelect;

export interface SubjectInput {
  kind: string;
  name: string;
  taxCode?: string | null;
  idNumber?: string | null;
  representative?: string | null;
  address?: string | null;
  adminUnitId?: number | null;
  phone?: string | null;
  sector?: string | null;
}

const PHONE = /^(0|\+84)\d{9,10}$/;

/** Field errors of a subject (Vietnamese), before any database check. */
export function validateSubject(input: SubjectInput): FieldError[] {
  const errors: FieldError[] = [];
  const kindOk = (SUBJECT_KINDS as readonly string[]).includes(input.kind);
  if (!kindOk) errors.push({ field: 'kind', message: 'Chọn loại đối tượng: tổ chức, cá nhân hoặc hộ gia đình' });
  const name = input.name?.trim() ?? '';
  if (name === '') errors.push({ field: 'name', message: 'Nhập tên tổ chức hoặc họ tên cá nhân' });
  else if (name.length > 300) errors.push({ field: 'name', message: 'Tên không được dài quá 300 ký tự' });
  if (kindOk) errors.push(...identifierErrors(input.kind as SubjectKind, input.taxCode, input.idNumber));
  if (input.kind !== 'organisation' && input.taxCode?.trim() && !normaliseTaxCode(input.taxCode)) {
    errors.push({ field: 'taxCode', message: 'Mã số thuế không đúng định dạng: 10 chữ số, hoặc 10 chữ số, dấu gạch ngang và 3 chữ số' });
  }
  const phone = input.phone?.replace(/[\s.]/g, '') ?? '';
  if (phone && !PHONE.test(phone)) errors.push({ field: 'phone', message: 'Số điện thoại gồm 10 chữ số, bắt đầu bằng 0 (hoặc +84)' });
  if (input.sector && !(SECTORS as readonly string[]).includes(input.sector)) errors.push({ field: 'sector', message: 'Chọn ngành nghề trong danh sách' });
  return errors;
}

/** The subject holding a tax code or a CCCD among those not merged away, if any. */
export async function findSubjectByIdentifier(db: DbOrTx, id: { taxCode?: string | null; idNumber?: string | null }): Promise<Subject | null> {
  const tax = id.taxCode ? normaliseTaxCode(id.taxCode) : null;
  const cccd = id.idNumber ? normaliseIdNumber(id.idNumber) : null;
  if (tax) {
    const [s] = await db.select().from(subjects).where(and(eq(subjects.taxCode, tax), isNull(subjects.mergedIntoId)));
    if (s) return s;
  }
  if (cccd) {
    const [s] = await db.select().from(subjects).where(and(eq(subjects.idNumber, cccd), isNull(subjects.mergedIntoId)));
    if (s) return s;
  }
  return null;
}

/**
 * Registers a subject. Refuses a tax code or CCCD another subject holds, naming that subject, so the user picks the
 * existing one instead of creating a duplicate. Audited.
 */
export async function createSubject(db: DbOrTx, actor: Actor, input: SubjectInput, createdByOrgUnitId?: number | null): Promise<Subject> {
  const errors = validateSubject(input);
  if (errors.length) throw new ValidationError(errors);
  return db.transaction(async (tx) => {
    const values = await normalisedSubject(tx, input);
    const existing = await findSubjectByIdentifier(tx, values);
    if (existing) {
      const field = values.taxCode && existing.taxCode === values.taxCode ? 'taxCode' : 'idNumber';
      throw new ValidationError([{ field, message: `Đã có đối tượng mang số này: ${existing.name} (mã ${existing.id}). Chọn đối tượng đó thay vì tạo mới.` }]);
    }
    const [row] = await tx
      .insert(subjects)
      .values({ ...values, createdByOrgUnitId: createdByOrgUnitId ?? null })
      .returning();
    await recordAudit(tx, actor, { action: 'subject.create', entity: 'inspection_subject', entityId: String(row!.id), after: values });
    return row!;
  });
}

/** Trimmed, normalised column values of a subject input (the admin unit checked to exist). */
export async function normalisedSubject(db: DbOrTx, input: SubjectInput) {
  const blank = (v: string | null | undefined) => (v?.trim() ? v.trim() : null);
  if (input.adminUnitId != null) {
    const [au] = await db.select({ id: adminUnits.id }).from(adminUnits).where(eq(adminUnits.id, input.adminUnitId));
    if (!au) throw new ValidationError([{ field: 'adminUnitId', message: 'Đơn vị hành chính không tồn tại' }]);
  }
  return {
    kind: input.kind,
    name: input.name.trim().replace(/\s+/g, ' '),
    taxCode: input.taxCode?.trim() ? normaliseTaxCode(input.taxCode) : null,
    idNumber: input.idNumber?.trim() ? normaliseIdNumber(input.idNumber) : null,
    representative: blank(input.representative),
    address: blank(input.address),
    adminUnitId: input.adminUnitId ?? null,
    phone: blank(input.phone)?.replace(/[\s.]/g, '') ?? null,
    sector: blank(input.sector),
  };
}

export async function getSubject(db: DbOrTx, id: number): Promise<Subject | null> {
  const [s] = await db.select().from(subjects).where(eq(subjects.id, id));
  return s ?? null;
}

export interface FacilityInput {
  name: string;
  address?: string | null;
  adminUnitId?: number | null;
  latitude?: number | null;
  longitude?: number | null;
  sector?: string | null;
}

/** Field errors of a facility. Coordinates are WGS 84 and must fall in Vietnam's mainland and sea box. */
export function validateFacility(input: FacilityInput): FieldError[] {
  const errors: FieldError[] = [];
  if (!input.name?.trim()) errors.push({ field: 'name', message: 'Nhập tên cơ sở' });
  const lat = input.latitude;
  const lon = input.longitude;
  if ((lat == null) !== (lon == null)) errors.push({ field: lat == null ? 'latitude' : 'longitude', message: 'Nhập cả vĩ độ và kinh độ, hoặc bỏ trống cả hai' });
  if (lat != null && (!Number.isFinite(lat) || lat < 8 || lat > 24)) errors.push({ field: 'latitude', message: 'Vĩ độ (WGS 84) của một địa điểm ở Việt Nam nằm trong khoảng 8 đến 24' });
  if (lon != null && (!Number.isFinite(lon) || lon < 102 || lon > 110)) errors.push({ field: 'longitude', message: 'Kinh độ (WGS 84) của một địa điểm ở Việt Nam nằm trong khoảng 102 đến 110' });
  if (input.sector && !(SECTORS as readonly string[]).includes(input.sector)) errors.push({ field: 'sector', message: 'Chọn ngành nghề trong danh sách' });
  return errors;
}

/** Adds a facility to a subject (not to one merged away). Audited. */
export async function addFacility(db: DbOrTx, actor: Actor, subjectId: number, input: FacilityInput): Promise<Facility> {
  const errors = validateFacility(input);
  if (errors.length) throw new ValidationError(errors);
  return db.transaction(async (tx) => {
    const subject = await getSubject(tx, subjectId);
    if (!subject || subject.mergedIntoId !== null) throw new NotFoundError(`subject ${subjectId}`);
    if (input.adminUnitId != null) {
      const [au] = await tx.select({ id: adminUnits.id }).from(adminUnits).where(eq(adminUnits.id, input.adminUnitId));
      if (!au) throw new ValidationError([{ field: 'adminUnitId', message: 'Đơn vị hành chính không tồn tại' }]);
    }
    const values = {
      subjectId,
      name: input.name.trim(),
      address: input.address?.trim() || null,
      adminUnitId: input.adminUnitId ?? null,
      latitude: input.latitude ?? null,
      longitude: input.longitude ?? null,
      sector: input.sector || subject.sector,
    };
    const [row] = await tx.insert(facilities).values(values).returning();
    await recordAudit(tx, actor, { action: 'facility.create', entity: 'inspection_facility', entityId: String(row!.id), after: values });
    return row!;
  });
}

export async function facilitiesOf(db: DbOrTx, subjectId: number): Promise<Facility[]> {
  return db.select().from(facilities).where(eq(facilities.subjectId, subjectId)).orderBy(facilities.id);
}
