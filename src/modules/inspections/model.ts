import type { FieldError } from '../../core/errors.js';
import { formatVnd } from '../../core/format/index.js';

/*
 * Vocabulary and pure rules of inspections and enforcement: the lists the schema's text columns take, their
 * Vietnamese labels, identifier formats, the fine range of a provision for a subject, the level of a running unit
 * and the compliance status of a subject. No database here, so tests call these directly.
 */

export const SUBJECT_KINDS = ['organisation', 'individual', 'household'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];
export const SUBJECT_KIND_LABELS: Record<SubjectKind, string> = {
  organisation: 'Tổ chức',
  individual: 'Cá nhân',
  household: 'Hộ gia đình, hộ kinh doanh',
};

/** Sectors of the subjects Sóc Trăng inspects most (the review article, research notes). */
export const SECTORS = [
  'shrimp_farming',
  'seafood_processing',
  'rice_milling',
  'sand_extraction',
  'earth_extraction',
  'livestock',
  'sugar_processing',
  'brick_kiln',
  'hospital',
  'industrial_park',
  'waste_collection',
  'water_supply',
  'fuel_station',
  'construction',
  'real_estate',
  'retail',
  'other',
] as const;
export type Sector = (typeof SECTORS)[number];
export const SECTOR_LABELS: Record<Sector, string> = {
  shrimp_farming: 'Nuôi tôm',
  seafood_processing: 'Chế biến thủy sản',
  rice_milling: 'Xay xát lúa gạo',
  sand_extraction: 'Khai thác cát',
  earth_extraction: 'Khai thác đất san lấp',
  livestock: 'Chăn nuôi, giết mổ',
  sugar_processing: 'Sản xuất mía đường',
  brick_kiln: 'Sản xuất gạch',
  hospital: 'Cơ sở y tế',
  industrial_park: 'Khu, cụm công nghiệp',
  waste_collection: 'Thu gom, xử lý chất thải',
  water_supply: 'Cấp nước, khai thác nước dưới đất',
  fuel_station: 'Kinh doanh xăng dầu',
  construction: 'Xây dựng',
  real_estate: 'Sử dụng đất, kinh doanh bất động sản',
  retail: 'Thương mại, dịch vụ',
  other: 'Khác',
};

/** Fields an inspection covers (the DESIGN glossary's fields of the department). */
export const FIELDS = ['environment', 'land', 'water', 'minerals', 'hydrometeorology', 'surveying'] as const;
export type InspectionField = (typeof FIELDS)[number];
export const FIELD_LABELS: Record<InspectionField, string> = {
  environment: 'Môi trường',
  land: 'Đất đai',
  water: 'Tài nguyên nước',
  minerals: 'Khoáng sản',
  hydrometeorology: 'Khí tượng thủy văn',
  surveying: 'Đo đạc và bản đồ',
};

/** thanh tra (an inspection under the Law on Inspection) or kiểm tra (a check by a specialised office) */
export const INSPECTION_MODES = ['inspection', 'check'] as const;
export type InspectionMode = (typeof INSPECTION_MODES)[number];
export const INSPECTION_MODE_LABELS: Record<InspectionMode, string> = { inspection: 'Thanh tra', check: 'Kiểm tra' };

export const INSPECTION_KINDS = ['planned', 'unannounced', 'complaint', 'follow_up'] as const;
export type InspectionKind = (typeof INSPECTION_KINDS)[number];
export const INSPECTION_KIND_LABELS: Record<InspectionKind, string> = {
  planned: 'Theo kế hoạch',
  unannounced: 'Đột xuất',
  complaint: 'Theo đơn phản ánh, khiếu nại, tố cáo',
  follow_up: 'Kiểm tra việc thực hiện kết luận (tái kiểm tra)',
};

export const INSPECTION_STATUSES = ['planned', 'in_progress', 'concluded', 'cancelled'] as const;
export type InspectionStatus = (typeof INSPECTION_STATUSES)[number];
export const INSPECTION_STATUS_LABELS: Record<InspectionStatus, string> = {
  planned: 'Đã có quyết định',
  in_progress: 'Đang tiến hành',
  concluded: 'Đã kết luận',
  cancelled: 'Đã hủy',
};

export const OUTCOMES = ['pending', 'compliant', 'violation'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const OUTCOME_LABELS: Record<Outcome, string> = {
  pending: 'Chưa có kết quả',
  compliant: 'Không vi phạm',
  violation: 'Có vi phạm',
};

/** Levels of the running unit, as the year-end review reports them ("cấp tỉnh", "cấp huyện"). */
export const LEVELS = ['province', 'district', 'commune'] as const;
export type Level = (typeof LEVELS)[number];
export const LEVEL_LABELS: Record<Level, string> = { province: 'Cấp tỉnh', district: 'Cấp huyện', commune: 'Cấp xã' };

/**
 * The level of an org unit by its kind (org_units.kind): the department, its divisions and its branches are the
 * province level; a district office (Phòng TN&MT) the district level; a commune office the commune level.
 * SQL twin: `LEVEL_OF_KIND_SQL`, used by the statistics so both agree.
 */
export function levelOfOrgUnitKind(kind: string): Level {
  if (kind === 'district_office') return 'district';
  if (kind === 'commune_office') return 'commune';
  return 'province';
}
export const LEVEL_OF_KIND_SQL = (column: string) =>
  `CASE ${column} WHEN 'district_office' THEN 'district' WHEN 'commune_office' THEN 'commune' ELSE 'province' END`;

/* ---------------------------------------------------------------- identifiers */

/**
 * Vietnamese tax code (mã số thuế): 10 digits for an enterprise, 10 digits + "-" + 3 digits for a dependent unit
 * (branch). Spaces and dots are ignored; a 13-digit run without the hyphen is accepted and given one.
 * Returns the normalised code or null when the format is not a tax code.
 */
export function normaliseTaxCode(raw: string): string | null {
  const s = raw.replace(/[\s.]/g, '');
  if (/^\d{10}$/.test(s)) return s;
  const m = /^(\d{10})-?(\d{3})$/.exec(s);
  return m ? `${m[1]}-${m[2]}` : null;
}

/** CCCD / personal identification number: 12 digits. */
export function normaliseIdNumber(raw: string): string | null {
  const s = raw.replace(/[\s.]/g, '');
  return /^\d{12}$/.test(s) ? s : null;
}

/** Field errors for a subject's identifiers; `taxCode` for organisations, `idNumber` for people. */
export function identifierErrors(kind: SubjectKind, taxCode: string | null | undefined, idNumber: string | null | undefined): FieldError[] {
  const errors: FieldError[] = [];
  const tax = taxCode?.trim() ?? '';
  const id = idNumber?.trim() ?? '';
  if (kind === 'organisation') {
    if (tax === '') errors.push({ field: 'taxCode', message: 'Nhập mã số thuế của tổ chức' });
    else if (!normaliseTaxCode(tax)) errors.push({ field: 'taxCode', message: 'Mã số thuế không đúng định dạng: 10 chữ số, hoặc 10 chữ số, dấu gạch ngang và 3 chữ số (đơn vị phụ thuộc)' });
  } else if (id !== '' && !normaliseIdNumber(id)) {
    errors.push({ field: 'idNumber', message: 'Số định danh cá nhân (CCCD) gồm đúng 12 chữ số' });
  }
  return errors;
}

/* ---------------------------------------------------------------- fines */

export interface ProvisionRange {
  decree: string;
  article: number;
  clause: number | null;
  point: string | null;
  fineMinVnd: number;
  fineMaxVnd: number;
  warningOnly: boolean;
  organisationMultiplier: number;
}

/**
 * The fine range of a provision for a subject: the decree's range is for individuals (households are fined as
 * individuals, Decree 45/2022 Art. 2(2)); an organisation's is the range times the multiplier (2 in Decree 45/2022).
 */
export function fineRangeFor(p: ProvisionRange, kind: SubjectKind): { min: number; max: number } {
  const k = kind === 'organisation' ? p.organisationMultiplier : 1;
  return { min: p.fineMinVnd * k, max: p.fineMaxVnd * k };
}

/** "điểm a khoản 2 Điều 18 Nghị định 45/2022/NĐ-CP", the way decisions cite a provision. */
export function citeProvision(p: Pick<ProvisionRange, 'decree' | 'article' | 'clause' | 'point'>): string {
  const parts: string[] = [];
  if (p.point) parts.push(`điểm ${p.point}`);
  if (p.clause !== null && p.clause !== undefined) parts.push(`khoản ${p.clause}`);
  parts.push(`Điều ${p.article}`);
  parts.push(`Nghị định ${p.decree}`);
  return parts.join(' ');
}

/**
 * The message refusing a fine outside the legal range: names the provision and the range for this subject, and says
 * how to proceed (state a reason). Null when the fine is within the range.
 */
export function fineRangeMessage(p: ProvisionRange, kind: SubjectKind, fineVnd: number): string | null {
  const { min, max } = fineRangeFor(p, kind);
  if (p.warningOnly && fineVnd === 0) return null;
  if (fineVnd >= min && fineVnd <= max) return null;
  const who = kind === 'organisation' ? 'tổ chức' : 'cá nhân, hộ gia đình';
  const range = p.warningOnly ? 'chỉ phạt cảnh cáo' : `khung phạt tiền đối với ${who} từ ${formatVnd(min)} đến ${formatVnd(max)}`;
  return `Số tiền phạt ${formatVnd(fineVnd)} nằm ngoài khung của ${citeProvision(p)} (${range}). Sửa số tiền hoặc ghi rõ lý do áp dụng mức ngoài khung.`;
}

/* ---------------------------------------------------------------- compliance status */

/**
 * The compliance status of a subject as its history page shows it (after EPA ECHO's "compliance status"):
 * - `not_inspected`: no inspection with a result
 * - `compliant`: the latest inspection found no violation and nothing is outstanding
 * - `resolved`: violations were found, every fine is paid and every remedy done
 * - `outstanding`: a fine is partly unpaid or a remedy is pending, none past its deadline
 * - `overdue`: a fine past its payment date is unpaid, or a remedy is past its deadline
 * - `violation_pending`: a violation was found and no penalty decision covers it yet
 */
export const COMPLIANCE_STATUSES = ['not_inspected', 'compliant', 'resolved', 'outstanding', 'overdue', 'violation_pending'] as const;
export type ComplianceStatus = (typeof COMPLIANCE_STATUSES)[number];
export const COMPLIANCE_LABELS: Record<ComplianceStatus, string> = {
  not_inspected: 'Chưa được thanh tra, kiểm tra',
  compliant: 'Tuân thủ',
  resolved: 'Đã khắc phục, nộp phạt đầy đủ',
  outstanding: 'Đang thực hiện quyết định xử phạt',
  overdue: 'Quá hạn nộp phạt hoặc khắc phục',
  violation_pending: 'Có vi phạm, chưa ra quyết định xử phạt',
};

export interface ComplianceFacts {
  /** outcomes of the subject's inspections with a result, newest first */
  outcomesNewestFirst: Outcome[];
  /** violations found that no penalty decision covers */
  unpenalisedViolations: number;
  /** fines still owed: decisions with paid < fine, with their payment dates */
  unpaid: { paymentDueOn: string }[];
  /** remedies not done, with their deadlines */
  pendingRemedies: { deadline: string }[];
  /** ISO date of today (Vietnam) */
  today: string;
}

export function complianceStatusOf(f: ComplianceFacts): ComplianceStatus {
  const known = f.outcomesNewestFirst.filter((o) => o !== 'pending');
  if (known.length === 0 && f.unpaid.length === 0 && f.pendingRemedies.length === 0) return 'not_inspected';
  if (f.unpaid.some((u) => u.paymentDueOn < f.today) || f.pendingRemedies.some((r) => r.deadline < f.today)) return 'overdue';
  if (f.unpenalisedViolations > 0) return 'violation_pending';
  if (f.unpaid.length > 0 || f.pendingRemedies.length > 0) return 'outstanding';
  return known[0] === 'violation' ? 'resolved' : 'compliant';
}
