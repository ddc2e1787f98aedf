import type { ValidProcedureInput } from './catalogue.js';
import type { ProcedureStep, RequiredDocument, TimeLimitUnit } from './schema.js';

/**
 * The seed catalogue of administrative procedures (thủ tục hành chính) of the land and environment fields: the
 * 14 land procedures of research §3 (`/work/shared/research/dossiers.md`, rows 1–14) and two environment
 * procedures (rows 15–16). Loaded by `seedProcedures` (catalogue.ts); the department edits it afterwards through
 * the XLSX export/import, which creates new versions.
 *
 * Sources, per procedure, in the comment above it. Where a sheet is cited as `TTHC-2228:<file>` it is the public
 * mirror `phamhungVpdklk/TTHC-2228` of the Đồng Nai procedure sheets (Quyết định 2228/QĐ-UBND, 2025), which
 * implement Quyết định 2304/QĐ-BNNMT and Nghị định 151/2025/NĐ-CP.
 *
 * Rules followed here:
 * - Time limit: the legal maximum (upper bound when a sheet gives a range). Land-registration limits are counted in
 *   working days: Nghị định 101/2024/NĐ-CP Art. 22(1) says "20 ngày làm việc" for first registration (research row 1)
 *   and the sheets abbreviate it as "ngày". The dispute decision (row 14) and the two environment procedures
 *   (Luật Bảo vệ môi trường 72/2020/QH14 Art. 34(6), 43(4)) say "ngày" without "làm việc": calendar days.
 * - Difficult-area extra (+10) only where the sheet states it (rows 2, 3, 10, 14). Rows 4 and 5 say "longer in
 *   difficult areas" without a figure: 0 until the provincial list is checked.
 * - Fees: 0 with a note. Land fees and charges in Sóc Trăng are set by the provincial People's Council (the
 *   figures on the Đồng Nai sheets are Đồng Nai's and are NOT copied). Disputes (rows 13, 14): no fee, as the
 *   sheets say.
 * - Steps: the internal procedure (quy trình nội bộ, TT 01/2018/TT-VPCP Art. 8) is not at hand for Sóc Trăng; the
 *   steps below are a plausible split — one-stop reception 0.5 day, appraisal, signature, return — whose limits
 *   sum to the legal limit. Replace them with the province's approved internal procedures.
 *
 * Validity: every version starts on 2020-01-01 (the start of the history the system loads, as for org units, so
 * the dossiers carried into 2023 from late 2022 have their procedure) and is open-ended. CAVEAT: the national codes 1.012xxx/1.013xxx and the legal bases quoted by the sheets belong to the
 * Land Law 2024 regime (Luật Đất đai 31/2024/QH15, in force 2024-08-01; NĐ 101/2024, NĐ 102/2024); they are dated
 * earlier here on purpose so the 2022–2023 dossiers have a procedure, and the department should confirm the 2023
 * limits (Luật Đất đai 2013 regime) and add them as their own versions if they differ.
 * The 2025 versions — Quyết định 2304/QĐ-BNNMT (23/06/2025) and Nghị định 151/2025/NĐ-CP (two-level local
 * government from 2025-07-01: district offices abolished, procedures handled by province and commune) — must be
 * added as NEW VERSIONS of the same codes with valid_from 2025-07-01 (createProcedureVersion or the XLSX import),
 * never by editing these rows.
 */

export const SEED_VALID_FROM = '2020-01-01';

/** One procedure of the seed: a validated version input (the handling unit by its org-unit code). */
export type ProcedureSeed = ValidProcedureInput;

const doc = (name: string, form: 'original' | 'copy' | 'original_or_copy', quantity = 1): RequiredDocument => ({ name, form, quantity });
const step = (name: string, actor: 'one_stop' | 'specialist' | 'leader' | 'other_agency', limitValue: number, limitUnit: TimeLimitUnit = 'working_days'): ProcedureStep => ({
  name,
  actor,
  limitValue,
  limitUnit,
});

const RECEIVE = 'Tiếp nhận, kiểm tra hồ sơ tại bộ phận một cửa';
const RETURN = 'Trả kết quả tại bộ phận một cửa';
const LAND_FEE_NOTE = 'Phí thẩm định hồ sơ, lệ phí cấp Giấy chứng nhận theo nghị quyết HĐND tỉnh';
const LAND_LAW = 'Luật Đất đai số 31/2024/QH15; Luật số 43/2024/QH15; Nghị định 101/2024/NĐ-CP';
const DISPUTE_LAW = 'Luật Đất đai số 31/2024/QH15; Luật số 43/2024/QH15; Nghị định 102/2024/NĐ-CP';
const CCCD = doc('Căn cước công dân của người yêu cầu', 'copy');
const PROXY = doc('Văn bản ủy quyền (nếu nộp qua người đại diện)', 'original_or_copy');
const CERT = doc('Bản gốc Giấy chứng nhận đã cấp', 'original');
const CHANGE_FORM = doc('Đơn đăng ký biến động đất đai, tài sản gắn liền với đất (theo mẫu)', 'original');
const SURVEY = doc('Mảnh trích đo bản đồ địa chính (nếu đo đạc lại thửa đất)', 'original');

/** District offices (PTNMT-9xx, with the district branches of the land registration office) handle their own area. */
const DISTRICT = { level: 'district', handlingOrgUnitCode: null } as const;
/** The department (Sở Tài nguyên và Môi trường) handles these for the whole province. */
const PROVINCE = { level: 'province', handlingOrgUnitCode: 'STNMT' } as const;

/** Standard split of a land procedure counted in working days: 0.5 reception, appraisal, signature, 0.5 return. */
function landSteps(total: number, leader: number, appraisal = 'Thẩm định hồ sơ, chỉnh lý hồ sơ địa chính'): ProcedureStep[] {
  return [step(RECEIVE, 'one_stop', 0.5), step(appraisal, 'specialist', total - 1 - leader), step('Lãnh đạo ký duyệt', 'leader', leader), step(RETURN, 'one_stop', 0.5)];
}

export const SEED_PROCEDURES: readonly ProcedureSeed[] = [
  // Research §3 row 1. "Đăng ký đất đai lần đầu": ≤20 working days, first certificate ≤3 working days — NĐ 101/2024/NĐ-CP
  // Art. 22(1) [S] https://beta-hn.tek4tv.vn/video/Thoi-gian-cap-so-do-khong-qua-3-ngay-lam-viec-255318.htm .
  // The research gives NO national code for it: LOCAL code (L. prefix), to be replaced by the national one.
  {
    code: 'L.DD-DKLD',
    name: 'Đăng ký đất đai lần đầu',
    field: 'land',
    ...DISTRICT,
    timeLimitValue: 20,
    timeLimitUnit: 'working_days',
    difficultAreaExtraDays: 0,
    feeVnd: 0,
    feeNote: LAND_FEE_NOTE,
    legalBasis: `${LAND_LAW} (Điều 22 khoản 1)`,
    requiredDocuments: [
      doc('Đơn đăng ký đất đai, tài sản gắn liền với đất (Mẫu số 04/ĐK)', 'original'),
      doc('Giấy tờ về quyền sử dụng đất (nếu có)', 'copy'),
      CCCD,
      PROXY,
    ],
    steps: [
      step(RECEIVE, 'one_stop', 0.5),
      step('UBND cấp xã xác nhận hiện trạng sử dụng đất', 'other_agency', 5),
      step('Thẩm định hồ sơ, cập nhật hồ sơ địa chính', 'specialist', 11.5),
      step('Lãnh đạo ký duyệt', 'leader', 2.5),
      step(RETURN, 'one_stop', 0.5),
    ],
    validFrom: SEED_VALID_FROM,
  },
  // Row 2. 1.013978: 17–20 days, 27–30 in difficult areas — TTHC-2228:1.013978.H19.html (documents from the same sheet).
  {
    code: '1.013978',
    name: 'Đăng ký đất đai, tài sản gắn liền với đất, cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất lần đầu đối với hộ gia đình, cá nhân, cộng đồng dân cư, người gốc Việt Nam định cư ở nước ngoài',
    field: 'land',
    ...DISTRICT,
    timeLimitValue: 20,
    timeLimitUnit: 'working_days',
    difficultAreaExtraDays: 10,
    feeVnd: 0,
    feeNote: LAND_FEE_NOTE,
    legalBasis: LAND_LAW,
    requiredDocuments: [
      doc('Đơn đăng ký đất đai, tài sản gắn liền với đất (Mẫu số 04/ĐK)', 'original'),
      doc('Một trong các loại giấy tờ về quyền sử dụng đất (nếu có)', 'copy'),
      doc('Chứng từ thực hiện nghĩa vụ tài chính (nếu có)', 'copy'),
      CCCD,
      PROXY,
    ],
    steps: [
      step(RECEIVE, 'one_stop', 0.5),
      step('UBND cấp xã kiểm tra, xác nhận hiện trạng sử dụng đất', 'other_agency', 5),
      step('Chi nhánh Văn phòng đăng ký đất đai thẩm định, chuẩn bị Giấy chứng nhận', 'specialist', 10),
      step('Lãnh đạo ký Giấy chứng nhận', 'leader', 4),
      step(RETURN, 'one_stop', 0.5),
    ],
    validFrom: SEED_VALID_FROM,
  },
  // Row 3. 1.012753: 17–20 / 27–30 days — TTHC-2228:1.012753.H19.html (organisations; provincial authority).
  {
    code: '1.012753',
    name: 'Đăng ký đất đai, tài sản gắn liền với đất, cấp Giấy chứng nhận lần đầu đối với tổ chức đang sử dụng đất',
    field: 'land',
    ...PROVINCE,
    timeLimitValue: 20,
    timeLimitUnit: 'working_days',
    difficultAreaExtraDays: 10,
    feeVnd: 0,
    feeNote: LAND_FEE_NOTE,
    legalBasis: LAND_LAW,
    requiredDocuments: [
      doc('Đơn đăng ký đất đai, tài sản gắn liền với đất (Mẫu số 04/ĐK)', 'original'),
      doc('Báo cáo rà soát hiện trạng sử dụng đất', 'original'),
      doc('Sơ đồ hoặc trích lục bản đồ địa chính thửa đất', 'original_or_copy'),
      doc('Văn bản về giao đất, cho thuê đất, chủ trương đầu tư', 'copy'),
      doc('Chứng từ thực hiện nghĩa vụ tài chính (nếu có)', 'copy'),
    ],
    steps: [
      step(RECEIVE, 'one_stop', 0.5),
      step('Văn phòng đăng ký đất đai kiểm tra thực địa, thẩm định hồ sơ', 'specialist', 12),
      step('Phòng Quản lý đất đai thẩm tra, trình ký', 'specialist', 4),
      step('Lãnh đạo Sở ký Giấy chứng nhận', 'leader', 3),
      step(RETURN, 'one_stop', 0.5),
    ],
    validFrom: SEED_VALID_FROM,
  },
  // Row 4. 1.013831: 8 days (4 for leases in infrastructure projects) — TTHC-2228:1.013831.H19.html.
  {
    code: '1.013831',
    name: 'Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất do chuyển đổi, chuyển nhượng, thừa kế, tặng cho, góp vốn',
    field: 'land',
    ...DISTRICT,
    timeLimitValue: 8,
    timeLimitUnit: 'working_days',
    difficultAreaExtraDays: 0,
    feeVnd: 0,
    feeNote: LAND_FEE_NOTE,
    legalBasis: LAND_LAW,
    requiredDocuments: [
      CHANGE_FORM,
      CERT,
      doc('Hợp đồng, văn bản về việc chuyển quyền đã công chứng hoặc chứng thực', 'original'),
      CCCD,
      PROXY,
    ],
    steps: landSteps(8, 2),
    validFrom: SEED_VALID_FROM,
  },
  // Row 5. 1.013833: 4–10 days by case (10 = reduction of area by landslide) — TTHC-2228:1.013833.H19.html.
  {
    code: '1.013833',
    name: 'Đăng ký biến động do đổi tên hoặc thay đổi thông tin về người sử dụng đất, thửa đất, tài sản gắn liền với đất',
    field: 'land',
    ...DISTRICT,
    timeLimitValue: 10,
    timeLimitUnit: 'working_days',
    difficultAreaExtraDays: 0,
    feeVnd: 0,
    feeNote: LAND_FEE_NOTE,
    legalBasis: LAND_LAW,
    requiredDocuments: [CHANGE_FORM, CERT, doc('Giấy tờ chứng minh việc đổi tên, thay đổi thông tin', 'copy'), SURVEY, PROXY],
    steps: landSteps(10, 2.5),
    validFrom: SEED_VALID_FROM,
  },
  // Row 6. 1.012784: 12 working days — TTHC-2228:1.012784.H19.html.
  {
    code: '1.012784',
    name: 'Tách thửa hoặc hợp thửa đất',
    field: 'land',
    ...DISTRICT,
    timeLimitValue: 12,
    timeLimitUnit: 'working_days',
    difficultAreaExtraDays: 0,
    feeVnd: 0,
    feeNote: LAND_FEE_NOTE,
    legalBasis: LAND_LAW,
    requiredDocuments: [
      doc('Đơn đề nghị tách thửa đất, hợp thửa đất', 'original'),
      doc('Bản vẽ tách thửa đất, hợp thửa đất', 'copy'),
      CERT,
      CCCD,
    ],
    steps: landSteps(12, 2.5),
    validFrom: SEED_VALID_FROM,
  },
  // Row 7. 1.012783: 5–10 working days — TTHC-2228:1.012783.H19.html.
  {
    code: '1.012783',
    name: 'Cấp đổi Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất',
    field: 'land',
    ...DISTRICT,
    timeLimitValue: 10,
    timeLimitUnit: 'working_days',
    difficultAreaExtraDays: 0,
    feeVnd: 0,
    feeNote: LAND_FEE_NOTE,
    legalBasis: LAND_LAW,
    requiredDocuments: [doc('Đơn đề nghị cấp đổi Giấy chứng nhận', 'original'), CERT, SURVEY, CCCD],
    steps: landSteps(10, 2),
    validFrom: SEED_VALID_FROM,
  },
  // Row 8. 1.012786: 10 working days, the 15-day public notice not counted — TTHC-2228:1.012786.H19.html.
  {
    code: '1.012786',
    name: 'Cấp lại Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất do bị mất',
    field: 'land',
    ...DISTRICT,
    timeLimitValue: 10,
    timeLimitUnit: 'working_days',
    difficultAreaExtraDays: 0,
    feeVnd: 0,
    feeNote: LAND_FEE_NOTE,
    legalBasis: `${LAND_LAW} (không tính 15 ngày niêm yết, đăng tin về việc mất Giấy chứng nhận)`,
    requiredDocuments: [CHANGE_FORM, SURVEY, CCCD],
    steps: landSteps(10, 2, 'Kiểm tra hồ sơ, hủy Giấy chứng nhận đã mất, chuẩn bị Giấy chứng nhận cấp lại'),
    validFrom: SEED_VALID_FROM,
  },
  // Row 9. 1.012790: 8 working days — TTHC-2228:1.012790.H19.html.
  {
    code: '1.012790',
    name: 'Đính chính Giấy chứng nhận đã cấp',
    field: 'land',
    ...DISTRICT,
    timeLimitValue: 8,
    timeLimitUnit: 'working_days',
    difficultAreaExtraDays: 0,
    feeVnd: 0,
    feeNote: LAND_FEE_NOTE,
    legalBasis: LAND_LAW,
    requiredDocuments: [doc('Đơn đề nghị đính chính Giấy chứng nhận', 'original'), CERT, doc('Giấy tờ chứng minh nội dung sai sót', 'copy')],
    steps: landSteps(8, 2),
    validFrom: SEED_VALID_FROM,
  },
  // Row 10. 1.013992: 7 days, 17 in difficult areas — TTHC-2228:1.013992.H19.html.
  {
    code: '1.013992',
    name: 'Đăng ký chuyển mục đích sử dụng đất không phải xin phép cơ quan nhà nước có thẩm quyền',
    field: 'land',
    ...DISTRICT,
    timeLimitValue: 7,
    timeLimitUnit: 'working_days',
    difficultAreaExtraDays: 10,
    feeVnd: 0,
    feeNote: LAND_FEE_NOTE,
    legalBasis: LAND_LAW,
    requiredDocuments: [CHANGE_FORM, CERT, SURVEY, PROXY],
    steps: landSteps(7, 1.5),
    validFrom: SEED_VALID_FROM,
  },
  // Row 11. 1.011441: within the working day of receipt (≤3 days with a valid reason); basis NĐ 99/2022/NĐ-CP —
  // TTHC-2228:1.011441.html. Steps in working hours (8 h = the working day).
  {
    code: '1.011441',
    name: 'Đăng ký biện pháp bảo đảm bằng quyền sử dụng đất, tài sản gắn liền với đất',
    field: 'land',
    ...DISTRICT,
    timeLimitValue: 0,
    timeLimitUnit: 'same_day',
    difficultAreaExtraDays: 0,
    feeVnd: 0,
    feeNote: 'Phí, lệ phí đăng ký biện pháp bảo đảm theo nghị quyết HĐND tỉnh',
    legalBasis: 'Nghị định 99/2022/NĐ-CP (trong ngày làm việc; không quá 03 ngày làm việc nếu có lý do chính đáng)',
    requiredDocuments: [
      doc('Phiếu yêu cầu đăng ký biện pháp bảo đảm (Mẫu số 01a)', 'original'),
      doc('Hợp đồng bảo đảm', 'original_or_copy'),
      doc('Bản gốc Giấy chứng nhận', 'original'),
      PROXY,
    ],
    steps: [
      step(RECEIVE, 'one_stop', 1, 'working_hours'),
      step('Kiểm tra hồ sơ, ghi nội dung đăng ký vào Giấy chứng nhận', 'specialist', 5, 'working_hours'),
      step('Lãnh đạo ký xác nhận', 'leader', 1, 'working_hours'),
      step(RETURN, 'one_stop', 1, 'working_hours'),
    ],
    validFrom: SEED_VALID_FROM,
  },
  // Row 12. 1.012789: same day when the data exists, otherwise ≤10 days; the upper bound is stored —
  // TTHC-2228:1.012789.H19.html.
  {
    code: '1.012789',
    name: 'Cung cấp thông tin, dữ liệu đất đai',
    field: 'land',
    ...DISTRICT,
    timeLimitValue: 10,
    timeLimitUnit: 'working_days',
    difficultAreaExtraDays: 0,
    feeVnd: 0,
    feeNote: 'Lệ phí và phí khai thác, sử dụng tài liệu đất đai theo nghị quyết HĐND tỉnh',
    legalBasis: `${LAND_LAW} (trong ngày nếu dữ liệu có sẵn)`,
    requiredDocuments: [doc('Phiếu yêu cầu cung cấp thông tin, dữ liệu đất đai hoặc văn bản yêu cầu của tổ chức', 'original')],
    steps: landSteps(10, 2, 'Tra cứu, trích xuất thông tin, dữ liệu đất đai'),
    validFrom: SEED_VALID_FROM,
  },
  // Row 13. 1.012812: 30 working days; no fee — TTHC-2228:1.012812.H19.html. Held at the commune; district level here.
  {
    code: '1.012812',
    name: 'Hòa giải tranh chấp đất đai',
    field: 'land',
    ...DISTRICT,
    timeLimitValue: 30,
    timeLimitUnit: 'working_days',
    difficultAreaExtraDays: 0,
    feeVnd: 0,
    feeNote: 'Không thu phí, lệ phí',
    legalBasis: DISPUTE_LAW,
    requiredDocuments: [
      doc('Đơn yêu cầu hòa giải tranh chấp đất đai', 'original'),
      doc('Giấy tờ có liên quan đến việc sử dụng đất', 'copy'),
    ],
    steps: [
      step(RECEIVE, 'one_stop', 0.5),
      step('Thẩm tra, xác minh nguồn gốc, quá trình sử dụng đất', 'specialist', 15),
      step('Thành lập Hội đồng hòa giải, tổ chức họp hòa giải, lập biên bản', 'specialist', 10),
      step('Lãnh đạo ký biên bản, văn bản kết quả', 'leader', 4),
      step(RETURN, 'one_stop', 0.5),
    ],
    validFrom: SEED_VALID_FROM,
  },
  // Row 14. 1.012805: 50 days, 60 in difficult areas; no fee; acceptance notice within 5 working days —
  // TTHC-2228:1.012805.H19.html. The department advises the provincial chair.
  {
    code: '1.012805',
    name: 'Giải quyết tranh chấp đất đai thuộc thẩm quyền của Chủ tịch Ủy ban nhân dân cấp tỉnh',
    field: 'land',
    ...PROVINCE,
    timeLimitValue: 50,
    timeLimitUnit: 'calendar_days',
    difficultAreaExtraDays: 10,
    feeVnd: 0,
    feeNote: 'Không thu phí, lệ phí',
    legalBasis: DISPUTE_LAW,
    requiredDocuments: [
      doc('Đơn yêu cầu giải quyết tranh chấp đất đai', 'original'),
      doc('Biên bản hòa giải tại Ủy ban nhân dân cấp xã', 'original_or_copy'),
      doc('Trích lục bản đồ, hồ sơ địa chính liên quan đến diện tích đất tranh chấp (nếu có)', 'copy'),
      doc('Tài liệu, chứng cứ khác liên quan', 'copy'),
    ],
    steps: [
      step('Tiếp nhận đơn', 'one_stop', 1, 'calendar_days'),
      step('Thông báo thụ lý, giao cơ quan tham mưu giải quyết', 'leader', 7, 'calendar_days'),
      step('Thẩm tra, xác minh, tổ chức hòa giải, lập hồ sơ trình', 'specialist', 35, 'calendar_days'),
      step('Chủ tịch UBND tỉnh ban hành quyết định giải quyết', 'other_agency', 6, 'calendar_days'),
      step('Gửi quyết định cho các bên', 'one_stop', 1, 'calendar_days'),
    ],
    validFrom: SEED_VALID_FROM,
  },
  // Row 15. EIA appraisal: ≤30 days for group II projects at province level (≤45 group I) from a complete dossier;
  // the applicant's revision time is not counted; approval ≤20 days after the revised report is a separate limit —
  // Luật BVMT 72/2020/QH14 Art. 34(6),(9) [V]. Documents: Art. 33(1) (quantities not verified). No national code in
  // the research: LOCAL code.
  {
    code: 'L.MT-DTM',
    name: 'Thẩm định báo cáo đánh giá tác động môi trường',
    field: 'environment',
    ...PROVINCE,
    timeLimitValue: 30,
    timeLimitUnit: 'calendar_days',
    difficultAreaExtraDays: 0,
    feeVnd: 0,
    feeNote: 'Phí thẩm định báo cáo đánh giá tác động môi trường theo nghị quyết HĐND tỉnh',
    legalBasis:
      'Luật Bảo vệ môi trường số 72/2020/QH14, Điều 33, Điều 34 khoản 6 và 9 (dự án nhóm II; không tính thời gian chủ dự án chỉnh sửa, bổ sung báo cáo)',
    requiredDocuments: [
      doc('Văn bản đề nghị thẩm định báo cáo đánh giá tác động môi trường', 'original'),
      doc('Báo cáo đánh giá tác động môi trường', 'original'),
      doc('Báo cáo nghiên cứu khả thi hoặc tài liệu tương đương của dự án đầu tư', 'original_or_copy'),
    ],
    steps: [
      step('Tiếp nhận hồ sơ', 'one_stop', 1, 'calendar_days'),
      step('Kiểm tra hồ sơ, thành lập hội đồng thẩm định', 'specialist', 7, 'calendar_days'),
      step('Khảo sát thực tế, họp hội đồng thẩm định', 'other_agency', 12, 'calendar_days'),
      step('Tổng hợp ý kiến, dự thảo thông báo kết quả thẩm định', 'specialist', 7, 'calendar_days'),
      step('Lãnh đạo Sở ký', 'leader', 2, 'calendar_days'),
      step('Trả kết quả', 'one_stop', 1, 'calendar_days'),
    ],
    validFrom: SEED_VALID_FROM,
  },
  // Row 16. Environmental permit: ≤30 days at province (and district) level, ≤45 at ministries, from a complete
  // dossier — Luật BVMT 72/2020/QH14 Art. 43(4) [S] https://sotay365.com/thoi-han-cap-giay-phep-moi-truong-la-bao-nhieu-ngay.html .
  // Documents: Art. 43(1) (quantities not verified). LOCAL code.
  {
    code: 'L.MT-GPMT',
    name: 'Cấp giấy phép môi trường',
    field: 'environment',
    ...PROVINCE,
    timeLimitValue: 30,
    timeLimitUnit: 'calendar_days',
    difficultAreaExtraDays: 0,
    feeVnd: 0,
    feeNote: 'Phí thẩm định cấp giấy phép môi trường theo nghị quyết HĐND tỉnh',
    legalBasis: 'Luật Bảo vệ môi trường số 72/2020/QH14, Điều 43 khoản 1 và 4',
    requiredDocuments: [
      doc('Văn bản đề nghị cấp giấy phép môi trường', 'original'),
      doc('Báo cáo đề xuất cấp giấy phép môi trường', 'original'),
      doc('Báo cáo nghiên cứu khả thi hoặc tài liệu tương đương của dự án đầu tư', 'copy'),
    ],
    steps: [
      step('Tiếp nhận hồ sơ', 'one_stop', 1, 'calendar_days'),
      step('Kiểm tra hồ sơ, thành lập hội đồng thẩm định hoặc đoàn kiểm tra', 'specialist', 6, 'calendar_days'),
      step('Kiểm tra thực tế, họp hội đồng thẩm định', 'other_agency', 12, 'calendar_days'),
      step('Tổng hợp, dự thảo giấy phép', 'specialist', 5, 'calendar_days'),
      step('Lãnh đạo Sở trình UBND tỉnh', 'leader', 2, 'calendar_days'),
      step('UBND tỉnh ký cấp giấy phép', 'other_agency', 3, 'calendar_days'),
      step('Trả kết quả', 'one_stop', 1, 'calendar_days'),
    ],
    validFrom: SEED_VALID_FROM,
  },
];
