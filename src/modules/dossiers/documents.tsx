import { eq, inArray } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { render } from 'preact-render-to-string';
import type { DbOrTx } from '../../core/db/index.js';
import { NotFoundError } from '../../core/errors.js';
import { formatDate, formatDateTime, formatNumber, formatVnd, placeDateLine } from '../../core/format/index.js';
import { type AppContext, authorizeRecord } from '../../core/http.js';
import { adminUnits, orgUnits, users } from '../org/schema.js';
import './policies.js';
import { renderFormPdf } from './pdf.js';
import { statusName } from './public-messages.js';
import { getDossier } from './queries.js';
import { intakeDecisions, procedures, type TimeLimitUnit } from './schema.js';

/*
 * Printed forms of the one-stop desk (TT 01/2018/TT-VPCP, Mẫu 01–04), laid out as Decree 30/2020/NĐ-CP
 * Appendix I asks: the issuing agency and its superior top left in capitals, the national motto top right with
 * its underlined slogan, the number line, the place-date line in italics, the title in bold capitals centred,
 * the body, the signature block on the right. Each form is built once as a `FormDoc` and rendered twice, as an
 * HTML print view (`FormSheet`, styled by /assets/print-forms.css) and as a PDF (`renderFormPdf` in pdf.ts), so
 * both carry the same words. Forms are legal documents: always in Vietnamese, whatever the interface language.
 */

// ---------------------------------------------------------------------------------------------------------------------
// The neutral form model

/** A run of text inside a paragraph. */
export type Inline = string | { text: string; bold?: boolean; italic?: boolean };

export type Block =
  /** a paragraph; `indent` for the first-line indent of running text */
  | { kind: 'para'; parts: Inline[]; indent?: boolean; align?: 'left' | 'center' | 'justify' }
  /** "Label: value" lines; several on one row share it ("Số điện thoại: … E-mail: …") */
  | { kind: 'fields'; items: { label: string; value: string }[] }
  /** a numbered list (what to supply) */
  | { kind: 'list'; items: string[] }
  /** a ruled table; `width` in relative units */
  | { kind: 'table'; columns: { label: string; width: number; align?: 'left' | 'center' | 'right' }[]; rows: string[][] }
  /** a small italic note */
  | { kind: 'note'; text: string };

export interface Signer {
  /** the signer's title, in capitals: "NGƯỜI TIẾP NHẬN HỒ SƠ" */
  title: string;
  /** "(Ký và ghi rõ họ tên)" */
  hint: string;
  /** full name; empty = left for handwriting */
  name: string;
}

export type PaperSize = 'A5' | 'A4';

export interface FormDoc {
  /** TT 01/2018 form number */
  form: '01' | '02' | '03' | '04';
  /** the download name, without extension (ASCII) */
  fileName: string;
  /** the header: superior agency, and the issuing agency in one or two balanced lines */
  agency: { superior: string; issuer: string[] };
  /** "Số: 0001/TNHS" */
  number: string;
  /** "Mỹ Xuyên, ngày 09 tháng 01 năm 2024" */
  placeDate: string;
  title: string;
  /** the line under the title, e.g. the dossier code */
  subtitle?: Inline[];
  body: Block[];
  /** one (right) or two (left, right) signers */
  signers: Signer[];
  /** Decree 30 "Nơi nhận" list, bottom left (letters) */
  recipients?: string[];
  /** notes under the signatures (the lookup hint) */
  footer?: Block[];
}

// ---------------------------------------------------------------------------------------------------------------------
// Agency header

export interface Agency {
  /** the superior agency line, e.g. "UBND HUYỆN MỸ XUYÊN" */
  superior: string;
  /** the issuing agency, e.g. ["PHÒNG TÀI NGUYÊN", "VÀ MÔI TRƯỜNG"]: a long name in two balanced lines */
  issuer: string[];
  /** the agency as it reads in a sentence: "Phòng Tài nguyên và Môi trường huyện Mỹ Xuyên" */
  fullName: string;
  /** place of the place-date line: "Mỹ Xuyên", "Sóc Trăng" */
  place: string;
  /** the head's title for letters: "TRƯỞNG PHÒNG", "GIÁM ĐỐC" */
  headTitle: string;
}

/** Two-syllable words of agency names that a header line must not split. */
const COMPOUNDS = new Set(
  [
    'BẢO VỆ', 'BẢN ĐỒ', 'BIỂN ĐẢO', 'CHI CỤC', 'CHI NHÁNH', 'CÔNG NGHỆ', 'DỮ LIỆU', 'ĐĂNG KÝ', 'ĐẤT ĐAI', 'ĐO ĐẠC',
    'KHÍ TƯỢNG', 'KHOÁNG SẢN', 'KỸ THUẬT', 'MÔI TRƯỜNG', 'NÔNG NGHIỆP', 'NÔNG THÔN', 'PHÁT TRIỂN', 'QUAN TRẮC',
    'QUẢN LÝ', 'TÀI NGUYÊN', 'THANH TRA', 'THÔNG TIN', 'THỦY VĂN', 'TRUNG TÂM', 'VĂN PHÒNG', 'VIỄN THÁM',
    'THỊ XÃ', 'THÀNH PHỐ', 'THỊ TRẤN', 'ĐẶC KHU',
  ],
);
/** Words a second line may start with: "VÀ MÔI TRƯỜNG", "HUYỆN MỸ XUYÊN". */
const BREAK_BEFORE = new Set(['VÀ', 'HUYỆN', 'THỊ', 'THÀNH', 'TỈNH', 'XÃ', 'PHƯỜNG', 'QUẬN']);

/**
 * A header line longer than `max` characters in two lines, as agency names are set in practice
 * ("SỞ TÀI NGUYÊN / VÀ MÔI TRƯỜNG", "CHI CỤC BẢO VỆ / MÔI TRƯỜNG"): never inside a two-syllable word, preferably
 * before "VÀ" or an administrative area, otherwise where the lines are most even.
 */
export function balancedLines(text: string, max = 22): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  if (text.length <= max || words.length < 2) return [text];
  const splits: { lines: string[]; len: number; preferred: boolean }[] = [];
  for (let i = 1; i < words.length; i++) {
    if (COMPOUNDS.has(`${words[i - 1]} ${words[i]}`)) continue;
    const lines = [words.slice(0, i).join(' '), words.slice(i).join(' ')];
    splits.push({ lines, len: Math.max(lines[0]!.length, lines[1]!.length), preferred: BREAK_BEFORE.has(words[i]!) });
  }
  const fits = (x: { len: number }) => x.len <= max + 4;
  const pool = splits.some((x) => x.preferred && fits(x)) ? splits.filter((x) => x.preferred && fits(x)) : splits;
  const best = pool.sort((a, b) => a.len - b.len || b.lines[0]!.length - a.lines[0]!.length)[0];
  return best ? best.lines : [text];
}

const ADMIN_TYPE_WORDS = /^(Tỉnh|Thành phố|Huyện|Thị xã|Quận|Xã|Phường|Thị trấn|Đặc khu)\s+/i;
const upper = (s: string) => s.toLocaleUpperCase('vi');
/** "Huyện Mỹ Xuyên" as it reads inside a sentence: "huyện Mỹ Xuyên" */
const inSentence = (s: string) => s.charAt(0).toLocaleLowerCase('vi') + s.slice(1);

interface UnitRow {
  id: number;
  code: string;
  name: string;
  kind: string;
  parentId: number | null;
  adminName: string;
}

async function unitRow(db: DbOrTx, id: number): Promise<UnitRow | null> {
  const [row] = await db
    .select({ id: orgUnits.id, code: orgUnits.code, name: orgUnits.name, kind: orgUnits.kind, parentId: orgUnits.parentId, adminName: adminUnits.name })
    .from(orgUnits)
    .innerJoin(adminUnits, eq(adminUnits.id, orgUnits.adminUnitId))
    .where(eq(orgUnits.id, id));
  return row ?? null;
}

/** The unit's own name without its administrative area: "Sở Tài nguyên và Môi trường tỉnh Sóc Trăng" → "Sở Tài nguyên và Môi trường". */
function bareName(u: UnitRow): string {
  const tail = ` ${inSentence(u.adminName)}`;
  return u.name.endsWith(tail) ? u.name.slice(0, -tail.length) : u.name;
}

/** A department's own office ("Văn phòng Sở") runs its one-stop desk: its forms carry the department's name. */
const isDepartmentOffice = (u: UnitRow) => u.kind === 'division' && (u.code === 'VP' || u.code.endsWith('-VP') || /^Văn phòng Sở$/i.test(u.name));

/**
 * The header lines of an org unit's forms (Decree 30: the issuing agency under its direct superior).
 * - a department or a district/commune office is headed by the People's Committee of its area:
 *   "UBND TỈNH SÓC TRĂNG / SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG", "UBND HUYỆN MỸ XUYÊN / PHÒNG TÀI NGUYÊN VÀ MÔI TRƯỜNG";
 * - a division or branch is headed by its parent: "SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG / VĂN PHÒNG ĐĂNG KÝ ĐẤT ĐAI";
 * - the department's own office signs in the department's name.
 */
export async function agencyOf(db: DbOrTx, orgUnitId: number): Promise<Agency> {
  let unit = await unitRow(db, orgUnitId);
  if (!unit) throw new NotFoundError();
  let parent = unit.parentId ? await unitRow(db, unit.parentId) : null;
  if (parent && isDepartmentOffice(unit)) {
    unit = parent;
    parent = unit.parentId ? await unitRow(db, unit.parentId) : null;
  }
  const place = unit.adminName.replace(ADMIN_TYPE_WORDS, '');
  const headTitle = unit.kind === 'department' ? 'GIÁM ĐỐC' : unit.kind.endsWith('_office') ? 'TRƯỞNG PHÒNG' : 'THỦ TRƯỞNG ĐƠN VỊ';
  if (unit.kind === 'division' || unit.kind === 'branch') {
    const superior = parent ? upper(bareName(parent)) : `UBND ${upper(unit.adminName)}`;
    return { superior, issuer: balancedLines(upper(unit.name)), fullName: unit.name, place, headTitle };
  }
  return { superior: `UBND ${upper(unit.adminName)}`, issuer: balancedLines(upper(bareName(unit))), fullName: unit.name, place, headTitle };
}

/** Full names of users by id; the demo's "(Một cửa Mỹ Xuyên)"-style suffix is dropped for signatures. */
async function namesOf(db: DbOrTx, ids: (number | null | undefined)[]): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((x): x is number => typeof x === 'number'))];
  if (!wanted.length) return new Map();
  const rows = await db.select({ id: users.id, fullName: users.fullName }).from(users).where(inArray(users.id, wanted));
  return new Map(rows.map((r) => [r.id, r.fullName.replace(/\s*\([^)]*\)\s*$/, '').trim()]));
}

// ---------------------------------------------------------------------------------------------------------------------
// Wording helpers

/** "08 giờ 30 phút, ngày 09/01/2024" (the forms' hh:mm dd/mm/yyyy). */
export function atText(d: Date): string {
  const [date, time] = formatDateTime(d).split(' ');
  const [hh, mm] = (time ?? '00:00').split(':');
  return `${hh} giờ ${mm} phút, ngày ${date}`;
}

export function timeLimitText(value: number, unit: TimeLimitUnit): string {
  const n = formatNumber(value);
  switch (unit) {
    case 'working_days':
      return `${n} ngày làm việc`;
    case 'working_hours':
      return `${n} giờ làm việc`;
    case 'calendar_days':
      return `${n} ngày`;
    case 'same_day':
      return 'Trong ngày';
  }
}

const DOCUMENT_FORMS: Record<string, string> = {
  original: 'Bản chính',
  copy: 'Bản sao',
  original_or_copy: 'Bản chính hoặc bản sao',
  certified_copy: 'Bản sao có chứng thực',
};

const SIGN_HINT = '(Ký và ghi rõ họ tên)';
const SEAL_HINT = '(Ký, ghi rõ họ tên và đóng dấu)';

/** The daily sequence at the end of a dossier code (…-240109-0001 → 0001). */
const sequenceOf = (code: string) => code.split('-').at(-1) ?? code;
/** ASCII file name part from a code. */
const fileSafe = (s: string) => s.replace(/[^A-Za-z0-9.-]+/g, '-');

function channelCollect(channel: number, agency: Agency): string {
  if (channel === 3) return 'Qua dịch vụ bưu chính công ích, theo địa chỉ của người nộp hồ sơ';
  const desk = `Bộ phận tiếp nhận và trả kết quả – ${agency.fullName}`;
  return channel === 2 ? `Trực tuyến trên Cổng dịch vụ công, bản giấy tại ${desk}` : desk;
}

type DossierData = NonNullable<Awaited<ReturnType<typeof getDossier>>>;

function feeText(d: DossierData): string {
  const { dossier, procedure } = d;
  if (dossier.feeMode === 'exempt' || dossier.feeVnd <= 0) {
    const note = procedure.feeNote?.trim();
    return !note ? 'Không thu' : /^không thu/i.test(note) ? note : `Không thu (${note})`;
  }
  const amount = formatVnd(dossier.feeVnd);
  if (dossier.feePaidAt)
    return `${amount}, đã nộp ngày ${formatDate(dossier.feePaidAt)}${dossier.feeReceiptNo ? `, biên lai số ${dossier.feeReceiptNo}` : ''}`;
  return `${amount}, ${dossier.feeMode === 'after' ? 'nộp khi nhận kết quả' : 'chưa nộp'}`;
}

// ---------------------------------------------------------------------------------------------------------------------
// The four forms

/** Mẫu 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả. */
export async function receiptDoc(db: DbOrTx, d: DossierData, host: string): Promise<FormDoc> {
  const { dossier, procedure } = d;
  const agency = await agencyOf(db, dossier.orgUnitId);
  const received = d.events.find((e) => e.kind === 'received');
  const names = await namesOf(db, [received?.actorId]);
  const receiver = (received?.actorId ? names.get(received.actorId) : undefined) ?? received?.actorName ?? '';
  const appointment = dossier.extendedDueAt
    ? `${atText(dossier.extendedDueAt)} (hẹn lại; hẹn ban đầu ${atText(dossier.dueAt)})`
    : atText(dossier.dueAt);
  return {
    form: '01',
    fileName: `giay-tiep-nhan-${fileSafe(dossier.code)}`,
    agency,
    number: `Số: ${sequenceOf(dossier.code)}/TNHS`,
    placeDate: placeDateLine(agency.place, dossier.receivedAt),
    title: 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
    subtitle: ['Mã hồ sơ: ', { text: dossier.code, bold: true }],
    body: [
      { kind: 'para', parts: [`Bộ phận tiếp nhận và trả kết quả – ${agency.fullName} tiếp nhận hồ sơ của:`] },
      { kind: 'fields', items: [{ label: dossier.applicantKind === 'organisation' ? 'Tổ chức' : 'Ông/Bà', value: dossier.applicantName }] },
      { kind: 'fields', items: [{ label: 'Địa chỉ', value: dossier.applicantAddress ?? '' }] },
      {
        kind: 'fields',
        items: [
          { label: 'Số điện thoại', value: dossier.applicantPhone ?? '' },
          { label: 'E-mail', value: dossier.applicantEmail ?? '' },
        ],
      },
      { kind: 'fields', items: [{ label: 'Nội dung yêu cầu giải quyết', value: `${procedure.name} (mã thủ tục ${procedure.code})` }] },
      { kind: 'para', parts: ['1. Thành phần hồ sơ nộp gồm:'] },
      {
        kind: 'table',
        columns: [
          { label: 'TT', width: 1.2, align: 'center' },
          { label: 'Tên giấy tờ', width: 9.6 },
          { label: 'Hình thức', width: 4, align: 'center' },
          { label: 'Số lượng', width: 3, align: 'center' },
        ],
        rows: d.documents.map((doc, i) => [String(i + 1), doc.name, DOCUMENT_FORMS[doc.form] ?? doc.form, String(doc.quantity).padStart(2, '0')]),
      },
      { kind: 'fields', items: [{ label: '2. Thời hạn giải quyết hồ sơ theo quy định', value: timeLimitText(procedure.timeLimitValue, procedure.timeLimitUnit) }] },
      { kind: 'fields', items: [{ label: '3. Thời gian nhận hồ sơ', value: atText(dossier.receivedAt) }] },
      { kind: 'fields', items: [{ label: '4. Thời gian trả kết quả giải quyết hồ sơ', value: appointment }] },
      { kind: 'fields', items: [{ label: '5. Nơi nhận kết quả', value: channelCollect(dossier.channel, agency) }] },
      { kind: 'fields', items: [{ label: '6. Phí, lệ phí', value: feeText(d) }] },
      { kind: 'fields', items: [{ label: '7. Tình trạng hồ sơ', value: statusName(dossier.status, 'vi') }] },
    ],
    signers: [
      { title: 'NGƯỜI NỘP HỒ SƠ', hint: SIGN_HINT, name: dossier.applicantKind === 'person' ? dossier.applicantName : '' },
      { title: 'NGƯỜI TIẾP NHẬN HỒ SƠ', hint: SIGN_HINT, name: receiver },
    ],
    footer: [
      {
        kind: 'note',
        text: `Tra cứu tại ${host}/tra-cuu-ho-so với mã hồ sơ và 4 số cuối số điện thoại. Sau khi nhận kết quả, mời ông/bà đánh giá mức độ hài lòng tại ${host}/danh-gia.`,
      },
    ],
  };
}

interface SupplementSource {
  orgUnitId: number;
  procedureName: string;
  procedureCode: string;
  applicantName: string;
  applicantAddress?: string | null;
  applicantPhone?: string | null;
  applicantEmail?: string | null;
  items: string[];
  reason?: string | null;
  at: Date;
  actorId?: number | null;
  actorName?: string | null;
  number: string;
  fileName: string;
  /** a dossier during appraisal (code and receipt date) rather than the desk's intake check */
  dossier?: { code: string; receivedAt: Date };
}

/** Mẫu 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ — at intake (no code yet) or during appraisal. */
async function supplementDoc(db: DbOrTx, s: SupplementSource): Promise<FormDoc> {
  const agency = await agencyOf(db, s.orgUnitId);
  const names = await namesOf(db, [s.actorId]);
  const guide = (s.actorId ? names.get(s.actorId) : undefined) ?? s.actorName ?? '';
  const contacts: { label: string; value: string }[] = [{ label: 'Số điện thoại', value: s.applicantPhone ?? '' }];
  if (s.applicantEmail) contacts.push({ label: 'E-mail', value: s.applicantEmail });
  const body: Block[] = [
    { kind: 'fields', items: [{ label: 'Hồ sơ của', value: s.applicantName }] },
    ...(s.applicantAddress ? [{ kind: 'fields', items: [{ label: 'Địa chỉ', value: s.applicantAddress }] } as Block] : []),
    { kind: 'fields', items: contacts },
    { kind: 'fields', items: [{ label: 'Nội dung yêu cầu giải quyết', value: `${s.procedureName} (mã thủ tục ${s.procedureCode})` }] },
    {
      kind: 'para',
      indent: true,
      parts: [
        s.dossier
          ? `Ngày ${formatDate(s.dossier.receivedAt)}, ${agency.fullName} tiếp nhận hồ sơ của ông/bà. Qua thẩm định, đối chiếu với quy định hiện hành, ${agency.fullName} đề nghị ông/bà bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:`
          : `Sau khi xem xét, đối chiếu với quy định hiện hành, Bộ phận tiếp nhận và trả kết quả – ${agency.fullName} đề nghị ông/bà bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:`,
      ],
    },
    { kind: 'list', items: s.items },
  ];
  if (s.reason?.trim()) body.push({ kind: 'fields', items: [{ label: 'Lý do', value: s.reason.trim() }] });
  body.push({
    kind: 'para',
    indent: true,
    parts: [
      'Trên đây là toàn bộ nội dung cần bổ sung, hoàn thiện (hướng dẫn một lần, đầy đủ). ',
      s.dossier ? 'Thời hạn giải quyết hồ sơ được tính lại từ đầu sau khi nhận đủ hồ sơ. ' : '',
      `Trong quá trình bổ sung, hoàn thiện hồ sơ, nếu có vướng mắc, ông/bà liên hệ ${guide ? `${guide}, ` : ''}${agency.fullName} để được hướng dẫn.`,
    ],
  });
  return {
    form: '02',
    fileName: s.fileName,
    agency,
    number: s.number,
    placeDate: placeDateLine(agency.place, s.at),
    title: 'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ',
    subtitle: s.dossier ? ['Mã hồ sơ: ', { text: s.dossier.code, bold: true }] : undefined,
    body,
    signers: [{ title: 'NGƯỜI HƯỚNG DẪN', hint: SIGN_HINT, name: guide }],
  };
}

type DecisionRow = typeof intakeDecisions.$inferSelect & { procedureName: string; procedureCode: string };

/** Mẫu 03: Phiếu từ chối tiếp nhận giải quyết hồ sơ. */
async function refusalDoc(db: DbOrTx, r: DecisionRow): Promise<FormDoc> {
  const agency = await agencyOf(db, r.orgUnitId);
  const names = await namesOf(db, [r.actorId]);
  const receiver = (r.actorId ? names.get(r.actorId) : undefined) ?? '';
  const contacts: { label: string; value: string }[] = [{ label: 'Số điện thoại', value: r.applicantPhone ?? '' }];
  if (r.applicantEmail) contacts.push({ label: 'E-mail', value: r.applicantEmail });
  return {
    form: '03',
    fileName: `phieu-tu-choi-${r.id}`,
    agency,
    number: `Số: ${String(r.id).padStart(4, '0')}/PTC`,
    placeDate: placeDateLine(agency.place, r.at),
    title: 'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ',
    body: [
      { kind: 'para', parts: [`Bộ phận tiếp nhận và trả kết quả – ${agency.fullName} tiếp nhận hồ sơ của:`] },
      { kind: 'fields', items: [{ label: 'Ông/Bà', value: r.applicantName }] },
      { kind: 'fields', items: contacts },
      { kind: 'fields', items: [{ label: 'Nội dung yêu cầu giải quyết', value: `${r.procedureName} (mã thủ tục ${r.procedureCode})` }] },
      {
        kind: 'para',
        indent: true,
        parts: [`Qua xem xét, đối chiếu với quy định hiện hành, ${agency.fullName} từ chối tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:`],
      },
      { kind: 'para', indent: true, parts: [r.reason ?? ''] },
      { kind: 'para', indent: true, parts: ['Xin thông báo để ông/bà biết và thực hiện.'] },
    ],
    signers: [{ title: 'NGƯỜI TIẾP NHẬN HỒ SƠ', hint: SIGN_HINT, name: receiver }],
  };
}

/** Mẫu 04: Phiếu xin lỗi và hẹn lại ngày trả kết quả; null when the dossier was not extended. */
export async function apologyDoc(db: DbOrTx, d: DossierData): Promise<FormDoc | null> {
  const { dossier, procedure } = d;
  const ext = d.events.find((e) => e.kind === 'extended');
  if (!ext) return null;
  const newDue = dossier.extendedDueAt ?? (typeof ext.data?.newDueAt === 'string' ? new Date(ext.data.newDueAt) : null);
  if (!newDue || Number.isNaN(newDue.getTime())) return null;
  const agency = await agencyOf(db, dossier.orgUnitId);
  const names = await namesOf(db, [ext.actorId]);
  const signer = (ext.actorId ? names.get(ext.actorId) : undefined) ?? ext.actorName ?? '';
  const reason = (ext.note ?? String(ext.data?.reason ?? '')).trim().replace(/[.。]+$/, '');
  const who = dossier.applicantKind === 'organisation' ? 'Quý cơ quan, tổ chức' : 'Ông/Bà';
  const whoLower = dossier.applicantKind === 'organisation' ? 'Quý cơ quan, tổ chức' : 'ông/bà';
  return {
    form: '04',
    fileName: `phieu-xin-loi-${fileSafe(dossier.code)}`,
    agency,
    number: `Số: ${sequenceOf(dossier.code)}/PXL`,
    placeDate: placeDateLine(agency.place, ext.at),
    title: 'PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ',
    subtitle: ['Mã hồ sơ: ', { text: dossier.code, bold: true }],
    body: [
      { kind: 'para', align: 'center', parts: [`Kính gửi: ${who} ${dossier.applicantName}`] },
      {
        kind: 'para',
        indent: true,
        parts: [
          `Ngày ${formatDate(dossier.receivedAt)}, ${agency.fullName} tiếp nhận giải quyết hồ sơ của ${whoLower}, mã hồ sơ `,
          { text: dossier.code, bold: true },
          `, nội dung yêu cầu giải quyết: ${procedure.name}.`,
        ],
      },
      { kind: 'fields', items: [{ label: 'Thời gian hẹn trả kết quả giải quyết hồ sơ', value: atText(dossier.dueAt) }] },
      {
        kind: 'para',
        indent: true,
        parts: [
          `Tuy nhiên đến nay, ${agency.fullName} chưa trả kết quả giải quyết hồ sơ cho ${whoLower} đúng hẹn ghi trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả. Lý do: ${reason}.`,
        ],
      },
      {
        kind: 'para',
        indent: true,
        parts: [
          `Sự chậm trễ này đã gây phiền hà, tốn kém thời gian, chi phí đi lại của ${whoLower}. ${agency.fullName} trân trọng xin lỗi ${whoLower} và hẹn trả kết quả giải quyết hồ sơ vào `,
          { text: atText(newDue), bold: true },
          '.',
        ],
      },
      { kind: 'para', indent: true, parts: [`Mong ${whoLower} thông cảm. Xin trân trọng cảm ơn.`] },
    ],
    signers: [{ title: agency.headTitle, hint: SEAL_HINT, name: signer }],
    recipients: ['Như trên;', 'Bộ phận tiếp nhận và trả kết quả;', 'Lưu: VT, hồ sơ.'],
  };
}

/** The open supplement request of a dossier (no supply after it), or null. */
function openSupplementRequest(d: DossierData) {
  const last = [...d.events].reverse().find((e) => e.kind === 'supplement_requested' || e.kind === 'supplement_supplied');
  return last?.kind === 'supplement_requested' && d.dossier.status === 5 ? last : null;
}

/** Mẫu 02 for a dossier's open supplement request; null when it waits for none. */
export async function dossierSupplementDoc(db: DbOrTx, d: DossierData): Promise<FormDoc | null> {
  const req = openSupplementRequest(d);
  if (!req) return null;
  const items = Array.isArray(req.data?.items) ? (req.data.items as unknown[]).map(String).filter((s) => s.trim()) : [];
  return supplementDoc(db, {
    orgUnitId: d.dossier.orgUnitId,
    procedureName: d.procedure.name,
    procedureCode: d.procedure.code,
    applicantName: d.dossier.applicantName,
    applicantAddress: d.dossier.applicantAddress,
    applicantPhone: d.dossier.applicantPhone,
    applicantEmail: d.dossier.applicantEmail,
    items,
    reason: req.note,
    at: req.at,
    actorId: req.actorId,
    actorName: req.actorName,
    number: `Số: ${sequenceOf(d.dossier.code)}-${d.dossier.supplementCount}/PBS`,
    fileName: `phieu-bo-sung-${fileSafe(d.dossier.code)}`,
    dossier: { code: d.dossier.code, receivedAt: d.dossier.receivedAt },
  });
}

export async function getIntakeDecision(db: DbOrTx, id: number): Promise<DecisionRow | null> {
  const [row] = await db
    .select({ decision: intakeDecisions, procedureName: procedures.name, procedureCode: procedures.code })
    .from(intakeDecisions)
    .innerJoin(procedures, eq(procedures.id, intakeDecisions.procedureId))
    .where(eq(intakeDecisions.id, id));
  return row ? { ...row.decision, procedureName: row.procedureName, procedureCode: row.procedureCode } : null;
}

/** Mẫu 02 or 03 for an intake decision, by its outcome. */
export async function intakeDecisionDoc(db: DbOrTx, r: DecisionRow): Promise<FormDoc> {
  if (r.outcome === 'refused') return refusalDoc(db, r);
  return supplementDoc(db, {
    orgUnitId: r.orgUnitId,
    procedureName: r.procedureName,
    procedureCode: r.procedureCode,
    applicantName: r.applicantName,
    applicantPhone: r.applicantPhone,
    applicantEmail: r.applicantEmail,
    items: r.items ?? [],
    reason: r.reason,
    at: r.at,
    actorId: r.actorId,
    number: `Số: ${String(r.id).padStart(4, '0')}/PBS`,
    fileName: `phieu-bo-sung-tiep-nhan-${r.id}`,
  });
}

// ---------------------------------------------------------------------------------------------------------------------
// HTML print view

export const PRINT_CSS = '/assets/print-forms.css';

function Runs({ parts }: { parts: Inline[] }) {
  return (
    <>
      {parts.map((p, i) =>
        typeof p === 'string' ? (
          p
        ) : p.bold ? (
          <strong key={i}>{p.text}</strong>
        ) : p.italic ? (
          <em key={i}>{p.text}</em>
        ) : (
          p.text
        ),
      )}
    </>
  );
}

function BlockView({ block }: { block: Block }) {
  switch (block.kind) {
    case 'para':
      return (
        <p class={`pf-para${block.indent ? ' pf-para--indent' : ''}${block.align ? ` pf-para--${block.align}` : ''}`}>
          <Runs parts={block.parts} />
        </p>
      );
    case 'fields':
      return (
        <p class="pf-fields">
          {block.items.map((f) => (
            <span class="pf-field" key={f.label}>
              {f.label}: <span class="pf-field__value">{f.value || '……………………'}</span>
            </span>
          ))}
        </p>
      );
    case 'list':
      return (
        <ol class="pf-list">
          {block.items.map((item, i) => (
            <li key={i}>{item}</li>
          ))}
        </ol>
      );
    case 'table': {
      const total = block.columns.reduce((s, c) => s + c.width, 0);
      return (
        <table class="pf-table">
          <colgroup>
            {block.columns.map((c) => (
              <col key={c.label} class={`pf-col-${Math.round((c.width / total) * 20) * 5}`} />
            ))}
          </colgroup>
          <thead>
            <tr>
              {block.columns.map((c) => (
                <th key={c.label} scope="col">
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {block.rows.map((row, i) => (
              <tr key={i}>
                {row.map((cell, j) => (
                  <td key={j} class={block.columns[j]?.align === 'center' ? 'pf-center' : block.columns[j]?.align === 'right' ? 'pf-right' : undefined}>
                    {cell}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      );
    }
    case 'note':
      return <p class="pf-note">{block.text}</p>;
  }
}

/** The sheet: header, title, body, signatures, in Decree 30 order. */
export function FormSheet({ doc, size }: { doc: FormDoc; size: PaperSize }) {
  return (
    <article class={`pf-sheet pf-sheet--${size.toLowerCase()}`} aria-label={doc.title}>
      <header class="pf-header">
        <div class="pf-agency">
          <p class="pf-agency__superior">{doc.agency.superior}</p>
          <p class="pf-agency__issuer">
            {doc.agency.issuer.map((line, i) => (
              <span class="pf-agency__line" key={i}>
                {line}
              </span>
            ))}
          </p>
          <span class="pf-rule" aria-hidden="true" />
          <p class="pf-number">{doc.number}</p>
        </div>
        <div class="pf-motto">
          <p class="pf-motto__nation">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p>
          <p class="pf-motto__slogan">
            <span>Độc lập - Tự do - Hạnh phúc</span>
          </p>
          <p class="pf-place-date">{doc.placeDate}</p>
        </div>
      </header>
      <h1 class="pf-title">{doc.title}</h1>
      {doc.subtitle ? (
        <p class="pf-subtitle">
          <Runs parts={doc.subtitle} />
        </p>
      ) : null}
      <div class="pf-content">
        {doc.body.map((b, i) => (
          <BlockView block={b} key={i} />
        ))}
      </div>
      <div class={`pf-signatures pf-signatures--${doc.signers.length > 1 ? 'two' : 'one'}`}>
        {doc.recipients ? (
          <div class="pf-recipients">
            <p class="pf-recipients__label">Nơi nhận:</p>
            <ul>
              {doc.recipients.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          </div>
        ) : doc.signers.length === 1 ? (
          <div />
        ) : null}
        {doc.signers.map((s) => (
          <div class="pf-signer" key={s.title}>
            <p class="pf-signer__title">{s.title}</p>
            <p class="pf-signer__hint">{s.hint}</p>
            <p class="pf-signer__name">{s.name || '\u00a0'}</p>
          </div>
        ))}
      </div>
      {doc.footer?.length ? (
        <footer class="pf-footer">
          {doc.footer.map((b, i) => (
            <BlockView block={b} key={i} />
          ))}
        </footer>
      ) : null}
    </article>
  );
}

/** A minimal document around the sheet: no scripts, a toolbar hidden in print, works without JavaScript. */
export function printPageHtml(doc: FormDoc, opts: { size: PaperSize; backHref: string; pdfHref: string; selfHref: string }): string {
  const other: PaperSize = opts.size === 'A5' ? 'A4' : 'A5';
  return `<!doctype html>${render(
    <html lang="vi">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${doc.title} – ${doc.number}`}</title>
        <link rel="stylesheet" href={PRINT_CSS} />
      </head>
      <body class="pf-body">
        <nav class="pf-toolbar" aria-label="Thao tác với biểu mẫu">
          <a class="pf-toolbar__link" href={opts.backHref}>
            Quay lại
          </a>
          <a class="pf-toolbar__link" href={`${opts.pdfHref}${opts.size === 'A4' ? '?kho=A4' : ''}`} download>
            Tải PDF (khổ {opts.size})
          </a>
          <a class="pf-toolbar__link" href={`${opts.selfHref}?kho=${other}`}>
            Xem khổ {other}
          </a>
          <span class="pf-toolbar__hint">
            Để in: nhấn <kbd>Ctrl</kbd> + <kbd>P</kbd> (máy Mac: <kbd>⌘</kbd> + <kbd>P</kbd>), chọn khổ giấy {opts.size}.
          </span>
        </nav>
        <main class="pf-main">
          <FormSheet doc={doc} size={opts.size} />
        </main>
      </body>
    </html>,
  )}`;
}

// ---------------------------------------------------------------------------------------------------------------------
// Routes

function paperSize(req: FastifyRequest): PaperSize {
  const k = (req.query as Record<string, unknown> | undefined)?.kho;
  return typeof k === 'string' && k.toUpperCase() === 'A4' ? 'A4' : 'A5';
}

function idParam(req: FastifyRequest): number {
  const raw = (req.params as Record<string, string>).id ?? '';
  if (!/^\d{1,9}$/.test(raw)) throw new NotFoundError();
  return Number(raw);
}

/** The host printed in the lookup hint; only a plain host[:port] is trusted. */
function hostOf(req: FastifyRequest): string {
  const h = (req.host ?? '').replace(/:(80|443)$/, '');
  return /^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(h) ? h : 'localhost';
}

async function sendForm(req: FastifyRequest, reply: FastifyReply, doc: FormDoc, hrefs: { self: string; back: string }, pdf: boolean) {
  const size = paperSize(req);
  reply.header('cache-control', 'no-store');
  if (pdf) {
    const buf = await renderFormPdf(doc, size);
    return reply
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="${doc.fileName}${size === 'A4' ? '-A4' : ''}.pdf"`)
      .send(buf);
  }
  return reply
    .type('text/html; charset=utf-8')
    .send(printPageHtml(doc, { size, backHref: hrefs.back, pdfHref: `${hrefs.self}.pdf`, selfHref: hrefs.self }));
}

/**
 * Printable forms 01–04 as HTML print views and PDF downloads. Each route: signed-in user who may read dossiers →
 * the record's org unit in their scope (404 outside) → build the form → HTML or PDF.
 */
export function registerDocumentRoutes(app: FastifyInstance, ctx: AppContext) {
  const { database } = ctx;
  const db = database.db;
  const access = { access: { action: 'dossier.read' } } as const;

  const loadDossier = async (req: FastifyRequest) => {
    const d = await getDossier(db, idParam(req));
    if (!d) throw new NotFoundError();
    await authorizeRecord(req, database, 'dossier.read', d.dossier.orgUnitId, { entity: 'dossier', entityId: d.dossier.code });
    return d;
  };

  for (const pdf of [false, true]) {
    const ext = pdf ? '.pdf' : '';

    app.get(`/ho-so/:id/giay-tiep-nhan${ext}`, { config: access }, async (req, reply) => {
      const d = await loadDossier(req);
      const doc = await receiptDoc(db, d, hostOf(req));
      return sendForm(req, reply, doc, { self: `/ho-so/${d.dossier.id}/giay-tiep-nhan`, back: `/ho-so/${d.dossier.id}` }, pdf);
    });

    app.get(`/ho-so/:id/phieu-bo-sung${ext}`, { config: access }, async (req, reply) => {
      const d = await loadDossier(req);
      const doc = await dossierSupplementDoc(db, d);
      if (!doc) throw new NotFoundError();
      return sendForm(req, reply, doc, { self: `/ho-so/${d.dossier.id}/phieu-bo-sung`, back: `/ho-so/${d.dossier.id}` }, pdf);
    });

    app.get(`/ho-so/:id/phieu-xin-loi${ext}`, { config: access }, async (req, reply) => {
      const d = await loadDossier(req);
      const doc = await apologyDoc(db, d);
      if (!doc) throw new NotFoundError();
      return sendForm(req, reply, doc, { self: `/ho-so/${d.dossier.id}/phieu-xin-loi`, back: `/ho-so/${d.dossier.id}` }, pdf);
    });

    app.get(`/ho-so/quyet-dinh-tiep-nhan/:id${ext}`, { config: access }, async (req, reply) => {
      const r = await getIntakeDecision(db, idParam(req));
      if (!r) throw new NotFoundError();
      await authorizeRecord(req, database, 'dossier.read', r.orgUnitId, { entity: 'intake_decision', entityId: r.id });
      const doc = await intakeDecisionDoc(db, r);
      return sendForm(req, reply, doc, { self: `/ho-so/quyet-dinh-tiep-nhan/${r.id}`, back: '/ho-so' }, pdf);
    });
  }
}
