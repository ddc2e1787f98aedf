import type { Rng } from '../../core/demo.js';

/*
 * Name lists for the demo dossiers (demo.ts). Everything here is invented: people, companies, tax codes, phone
 * numbers and the placement of hamlets in communes are plausible for Sóc Trăng, not records of real persons.
 *
 * Sóc Trăng is home to Kinh, Khmer (about 30 %) and Hoa (about 5 %) people; the Khmer share is highest in
 * Trần Đề, Vĩnh Châu, Mỹ Xuyên, Châu Thành and Thạnh Trị, the Hoa share in Vĩnh Châu and the city.
 * Khmer names are written as Vietnamese transcriptions (Thạch Sô Phết, Sơn Thị Sa Ly); many Khmer and Hoa
 * people also carry Kinh-style given names, as in real life.
 */

/** A weighted list: [value, weight]. */
export type Weighted<T> = readonly (readonly [T, number])[];

/** Cumulative weights per list, computed once (the lists are not changed after creation). */
const cumulative = new WeakMap<object, Float64Array>();

export function pickWeighted<T>(rng: Rng, list: Weighted<T>): T {
  let cum = cumulative.get(list);
  if (!cum) {
    cum = new Float64Array(list.length);
    let total = 0;
    list.forEach(([, w], i) => {
      total += w;
      cum![i] = total;
    });
    cumulative.set(list, cum);
  }
  const x = rng.next() * (cum[cum.length - 1] ?? 0);
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cum[mid]! > x) hi = mid;
    else lo = mid + 1;
  }
  return list[lo]![0];
}

export const KINH_FAMILY: Weighted<string> = [
  ['Nguyễn', 30],
  ['Trần', 12],
  ['Lê', 9],
  ['Huỳnh', 6],
  ['Phạm', 5],
  ['Võ', 5],
  ['Phan', 3],
  ['Trương', 2],
  ['Hồ', 2],
  ['Ngô', 2],
  ['Đặng', 2],
  ['Dương', 1.5],
  ['Bùi', 1.5],
  ['Đỗ', 1.5],
  ['Châu', 1],
  ['Lâm', 1],
  ['Đoàn', 1],
  ['Tô', 0.5],
  ['Cao', 0.5],
  ['Mai', 0.5],
  ['Đinh', 0.5],
  ['La', 0.5],
];

export const KHMER_FAMILY: Weighted<string> = [
  ['Thạch', 25],
  ['Sơn', 15],
  ['Danh', 12],
  ['Lâm', 10],
  ['Kim', 8],
  ['Lý', 6],
  ['Trịnh', 4],
  ['Châu', 3],
  ['Dương', 3],
  ['Triệu', 2],
  ['Tăng', 2],
];

export const HOA_FAMILY: Weighted<string> = [
  ['Lý', 12],
  ['Tăng', 10],
  ['Lâm', 10],
  ['Quách', 8],
  ['Trương', 8],
  ['Hứa', 6],
  ['Lưu', 6],
  ['Trần', 6],
  ['Huỳnh', 6],
  ['Mã', 5],
  ['Châu', 5],
  ['Diệp', 4],
  ['Tạ', 4],
  ['Vương', 3],
  ['Thái', 3],
];

const KINH_MIDDLE_MALE: Weighted<string> = [
  ['Văn', 50],
  ['Minh', 8],
  ['Thanh', 7],
  ['Hoàng', 4],
  ['Quốc', 5],
  ['Hữu', 5],
  ['Công', 3],
  ['Ngọc', 3],
  ['Tấn', 4],
  ['Chí', 3],
  ['Phước', 3],
  ['Trung', 2],
  ['Đức', 2],
];
const KINH_MIDDLE_FEMALE: Weighted<string> = [
  ['Thị', 55],
  ['Ngọc', 9],
  ['Thanh', 6],
  ['Kim', 7],
  ['Mỹ', 6],
  ['Bích', 4],
  ['Thúy', 4],
  ['Hồng', 4],
  ['Diễm', 2],
  ['Thu', 3],
];

const KINH_GIVEN_MALE = [
  'An', 'Bình', 'Cường', 'Dũng', 'Hải', 'Hùng', 'Hưng', 'Khang', 'Lộc', 'Lợi', 'Minh', 'Nam', 'Nghĩa', 'Phát',
  'Phúc', 'Phước', 'Quang', 'Sang', 'Sơn', 'Tài', 'Tâm', 'Thành', 'Thắng', 'Thiện', 'Tiến', 'Toàn', 'Trung',
  'Tuấn', 'Út', 'Vũ', 'Hiếu', 'Hậu', 'Khánh', 'Nhân', 'Tín', 'Trí', 'Bảy', 'Tám', 'Mười', 'Sáu', 'Năm', 'Đức',
  'Quý', 'Vinh', 'Long', 'Hòa', 'Thuận', 'Kiệt', 'Duy', 'Hoàng', 'Tùng', 'Phong', 'Lâm', 'Em', 'Hên',
] as const;
const KINH_GIVEN_FEMALE = [
  'Anh', 'Bích', 'Châu', 'Diễm', 'Dung', 'Giang', 'Hà', 'Hạnh', 'Hằng', 'Hoa', 'Hồng', 'Hương', 'Lan', 'Liên',
  'Linh', 'Loan', 'Mai', 'My', 'Nga', 'Ngân', 'Nhung', 'Oanh', 'Phượng', 'Thảo', 'Thu', 'Thủy', 'Trang', 'Trinh',
  'Tuyết', 'Vân', 'Xuân', 'Yến', 'Út', 'Bé', 'Lệ', 'Kiều', 'Nhi', 'Ngọc', 'Thắm', 'Tiên', 'Hiền', 'Cúc', 'Lài',
  'Đào', 'Huệ', 'Sương', 'Mến', 'Thơ',
] as const;

const KHMER_GIVEN_MALE = [
  'Sô Phết', 'Sa Rinh', 'Sô Phal', 'Sóc Ra', 'Chanh Đa', 'Sô Khum', 'Kha Ra', 'Phol', 'Thươl', 'Sà Quân', 'Sà Mết',
  'Vi Sal', 'Sóc Kha', 'Đa Ra', 'Mol', 'Sa Ry', 'Sà Rương', 'Thol', 'Sóc Khonl', 'Pho Ly', 'Ních', 'Sóc Ny',
  'Ngọc Sà Mon', 'Hữu Sà Rinh', 'Sa Ren', 'Kha Na',
] as const;
const KHMER_GIVEN_FEMALE = [
  'Sa Ly', 'Sóc Khêm', 'Sà Vi', 'Phan Ny', 'Sa Ra', 'Sô Phia', 'Sà Phương', 'Mây', 'Sây', 'Rinh', 'Sa Vone',
  'Ly Na', 'Chanh Thy', 'Sóc Thia', 'Sà Rây', 'Na Ry', 'Sa Quy', 'Pha Ly', 'Kim Thoa', 'Mỹ Sà Ly', 'Sà Ni',
] as const;

const HOA_MIDDLE_MALE: Weighted<string> = [
  ['Văn', 30],
  ['Quốc', 15],
  ['Gia', 10],
  ['Bửu', 6],
  ['Minh', 10],
  ['Hỷ', 4],
  ['Tú', 5],
];
const HOA_MIDDLE_FEMALE: Weighted<string> = [
  ['Thị', 30],
  ['Mỹ', 20],
  ['Huệ', 8],
  ['Tú', 8],
  ['Ngọc', 10],
  ['Kim', 10],
];
const HOA_GIVEN_MALE = ['Huy', 'Phát', 'Tài', 'Lợi', 'Khải', 'Hào', 'Cường', 'Kiệt', 'Vinh', 'Lộc', 'Hưng', 'Thuận', 'Quý', 'Xương', 'Hỷ', 'Mẫn', 'Thông', 'Nghiệp'] as const;
const HOA_GIVEN_FEMALE = ['Huệ', 'Phụng', 'Sương', 'Kiều', 'Cẩm', 'Hoa', 'Mẫn', 'Xuân', 'Linh', 'Quyên', 'Lệ', 'Hà', 'Thanh', 'Diệu', 'Mai'] as const;

export type Ethnicity = 'kinh' | 'khmer' | 'hoa';

/** Share of Khmer and Hoa applicants by district GSO code (rough, for the mix of names only). */
export const ETHNIC_MIX: Readonly<Record<string, { khmer: number; hoa: number }>> = {
  '941': { khmer: 0.18, hoa: 0.08 }, // Thành phố Sóc Trăng
  '942': { khmer: 0.45, hoa: 0.04 }, // Châu Thành
  '943': { khmer: 0.15, hoa: 0.03 }, // Kế Sách
  '944': { khmer: 0.35, hoa: 0.03 }, // Mỹ Tú
  '945': { khmer: 0.08, hoa: 0.04 }, // Cù Lao Dung
  '946': { khmer: 0.3, hoa: 0.05 }, // Long Phú
  '947': { khmer: 0.4, hoa: 0.06 }, // Mỹ Xuyên
  '948': { khmer: 0.12, hoa: 0.03 }, // Ngã Năm
  '949': { khmer: 0.4, hoa: 0.05 }, // Thạnh Trị
  '950': { khmer: 0.5, hoa: 0.12 }, // Vĩnh Châu
  '951': { khmer: 0.6, hoa: 0.06 }, // Trần Đề
};

export function pickEthnicity(rng: Rng, districtCode: string): Ethnicity {
  const mix = ETHNIC_MIX[districtCode] ?? { khmer: 0.3, hoa: 0.05 };
  const x = rng.next();
  return x < mix.khmer ? 'khmer' : x < mix.khmer + mix.hoa ? 'hoa' : 'kinh';
}

export interface PersonName {
  fullName: string;
  female: boolean;
}

/** A full name (family, middle, given) of the ethnicity. */
export function personName(rng: Rng, ethnicity: Ethnicity, female = rng.chance(0.42)): PersonName {
  let parts: string[];
  if (ethnicity === 'khmer') {
    const family = pickWeighted(rng, KHMER_FAMILY);
    if (female) {
      parts = [family, 'Thị', rng.chance(0.6) ? rng.pick(KHMER_GIVEN_FEMALE) : rng.pick(KINH_GIVEN_FEMALE)];
    } else if (rng.chance(0.6)) {
      parts = [family, rng.pick(KHMER_GIVEN_MALE)];
    } else {
      parts = [family, 'Văn', rng.pick(KINH_GIVEN_MALE)];
    }
  } else if (ethnicity === 'hoa') {
    const family = pickWeighted(rng, HOA_FAMILY);
    parts = female
      ? [family, pickWeighted(rng, HOA_MIDDLE_FEMALE), rng.pick(HOA_GIVEN_FEMALE)]
      : [family, pickWeighted(rng, HOA_MIDDLE_MALE), rng.pick(HOA_GIVEN_MALE)];
  } else {
    const family = pickWeighted(rng, KINH_FAMILY);
    parts = female
      ? [family, pickWeighted(rng, KINH_MIDDLE_FEMALE), rng.pick(KINH_GIVEN_FEMALE)]
      : [family, pickWeighted(rng, KINH_MIDDLE_MALE), rng.pick(KINH_GIVEN_MALE)];
  }
  // "Thị Thị" or "Ngọc Ngọc" never happen in real names
  const fullName = parts.filter((p, i) => i === 0 || p !== parts[i - 1]).join(' ');
  return { fullName, female };
}

/**
 * A 12-digit citizen identity number (CCCD): 094 (Sóc Trăng, place of birth registration), the century-and-sex
 * digit (0 male / 1 female born 1900–1999, 2 / 3 born 2000–2099), the last two digits of the birth year and six
 * random digits. Invented numbers in the real layout.
 */
export function cccd(rng: Rng, female: boolean, birthYear: number): string {
  const century = birthYear >= 2000 ? 2 : 0;
  const sex = century + (female ? 1 : 0);
  return `094${sex}${String(birthYear % 100).padStart(2, '0')}${String(rng.int(0, 999_999)).padStart(6, '0')}`;
}

/** Mobile prefixes of the three large networks (Viettel 03x/086/09x, VinaPhone 08x/091/094, MobiFone 089/090/093). */
const MOBILE_PREFIXES: Weighted<string> = [
  ['097', 8], ['098', 8], ['096', 5], ['086', 4], ['032', 3], ['033', 3], ['034', 3], ['035', 3], ['036', 3],
  ['037', 3], ['038', 3], ['039', 3], ['091', 6], ['094', 6], ['088', 3], ['083', 2], ['084', 2], ['085', 2],
  ['081', 1], ['082', 1], ['090', 5], ['093', 5], ['089', 3],
];

/** A 10-digit mobile number, e.g. 0918 345 678 written without spaces. */
export function mobilePhone(rng: Rng): string {
  return `${pickWeighted(rng, MOBILE_PREFIXES)}${String(rng.int(0, 9_999_999)).padStart(7, '0')}`;
}

/**
 * Hamlet names (ấp) used for addresses in rural communes. Names of this kind (Khmer-origin "Sóc …", "Trà …",
 * "Bưng …" and Vietnamese "Phú …", "Tân …") are common in Sóc Trăng; which commune a hamlet is placed in is
 * invented.
 */
export const HAMLETS = [
  'An Hòa', 'An Ninh', 'Phú Thạnh', 'Phú Hữu', 'Tân Lập', 'Tân Mỹ', 'Tân Thành', 'Hòa Thành', 'Hòa Đông',
  'Sóc Vồ', 'Sóc Xoài', 'Sóc Tháp', 'Bưng Tróp', 'Bưng Cốc', 'Trà Ếch', 'Trà Tim', 'Trà Canh', 'Tà Lọt',
  'Phước Thọ', 'Phước Hòa', 'Mỹ Thanh', 'Mỹ Hòa', 'Thạnh Hòa', 'Thạnh Lợi', 'Long Hưng', 'Long Thạnh',
  'Xẻo Me', 'Xẻo Gừa', 'Kinh Mới', 'Kinh Giữa', 'Đầu Giồng', 'Giồng Chát', 'Prey Chóp', 'Béc Hen', 'Sô La',
  'Nước Mặn', 'Cảng Buối', 'Hòa Phuông', 'Châu Thành', 'Vĩnh Thuận', 'Bình Hòa', 'Ngọc Được', 'Khu Một',
] as const;

/** Streets of Sóc Trăng city, for addresses in its wards. */
export const CITY_STREETS = [
  'Lê Hồng Phong', 'Trần Hưng Đạo', 'Hai Bà Trưng', 'Phú Lợi', 'Nguyễn Văn Linh', 'Lê Duẩn', 'Tôn Đức Thắng',
  'Mạc Đĩnh Chi', 'Trần Bình Trọng', 'Hùng Vương', 'Nguyễn Trung Trực', 'Lý Thường Kiệt', 'Phạm Hùng',
  'Điện Biên Phủ', 'Trương Công Định', 'Lê Lợi', 'Nguyễn Huệ', 'Văn Ngọc Chính', 'Ngô Gia Tự', 'Bạch Đằng',
  'Dương Kỳ Hiệp', 'Nguyễn Chí Thanh', '30 Tháng 4', 'Võ Văn Kiệt', 'Sóc Vồ',
] as const;

/** Invented company names: "<form> <trade> <name>". */
const COMPANY_FORMS: Weighted<string> = [
  ['Công ty TNHH', 45],
  ['Công ty TNHH MTV', 20],
  ['Công ty Cổ phần', 22],
  ['Doanh nghiệp tư nhân', 7],
  ['Hợp tác xã', 6],
];
const COMPANY_TRADES = [
  'Thủy sản', 'Chế biến thủy sản', 'Nuôi trồng thủy sản', 'Xây dựng', 'Vật liệu xây dựng', 'Thương mại – Dịch vụ',
  'Chế biến nông sản', 'Xay xát lúa gạo', 'Môi trường', 'Đầu tư – Phát triển', 'Năng lượng tái tạo', 'Cấp nước',
  'Chăn nuôi', 'Sản xuất bao bì', 'Khai thác cát', 'Giống thủy sản',
] as const;
const COMPANY_NAMES = [
  'An Phú', 'Thành Đạt', 'Phú Lộc', 'Tân Long', 'Hưng Thịnh', 'Mekong Xanh', 'Phước An', 'Kim Ngân', 'Trường Phát',
  'Hòa Bình', 'Cù Lao Xanh', 'Mỹ Thanh', 'Vĩnh Phước', 'Long Phú Tân', 'Thuận Phát', 'Tân Hưng', 'Đại Phát',
  'Nam Sông Hậu', 'Biển Đông Xanh', 'Phú Tâm', 'Hậu Giang Mới', 'Ba Xuyên', 'Nhu Gia', 'Khánh Hưng',
] as const;

export function companyName(rng: Rng): string {
  const form = pickWeighted(rng, COMPANY_FORMS);
  const name = rng.pick(COMPANY_NAMES);
  if (form === 'Doanh nghiệp tư nhân') return `${form} ${name}`;
  if (form === 'Hợp tác xã') return `${form} ${rng.pick(['Nông nghiệp', 'Thủy sản', 'Dịch vụ nông nghiệp'])} ${name}`;
  return `${form} ${rng.pick(COMPANY_TRADES)} ${name}`;
}

/**
 * A 10-digit enterprise tax code "22000xxxxx". PLACEHOLDER pattern: Sóc Trăng's enterprise codes are believed to
 * start with 22 (tax-office prefix); the rest is random and not checked against the check-digit rule.
 */
export function taxCode(rng: Rng): string {
  return `22000${String(rng.int(0, 99_999)).padStart(5, '0')}`;
}

/** Reasons written on the dossier's events. */
export const REFUSAL_REASONS_LAND = [
  'Thửa đất đang có tranh chấp, đang được Tòa án nhân dân huyện thụ lý giải quyết',
  'Thửa đất nằm trong khu vực đã có thông báo thu hồi đất để thực hiện dự án',
  'Diện tích sau khi tách thửa nhỏ hơn diện tích tối thiểu theo quy định của UBND tỉnh',
  'Không phù hợp với kế hoạch sử dụng đất năm 2023 của huyện đã được phê duyệt',
  'Thông tin trên giấy tờ không khớp với hồ sơ địa chính, không đủ điều kiện giải quyết',
] as const;
/** Province-level reasons by kind of procedure: environmental appraisal and permits, or land. */
export const REFUSAL_REASONS_PROVINCE = {
  environment: [
    'Hội đồng thẩm định không thông qua báo cáo; dự án không phù hợp quy hoạch',
    'Hồ sơ không đủ điều kiện cấp phép theo quy định của Luật Bảo vệ môi trường',
  ],
  land: [
    'Tổ chức chưa hoàn thành nghĩa vụ tài chính về đất đai, chưa đủ điều kiện cấp Giấy chứng nhận',
    'Diện tích đề nghị cấp Giấy chứng nhận không phù hợp với quyết định giao đất, cho thuê đất',
  ],
} as const;
export const WITHDRAWAL_REASONS = [
  'Người nộp có đơn xin rút hồ sơ để hoàn thiện giấy tờ và nộp lại sau',
  'Các bên thỏa thuận hủy hợp đồng chuyển nhượng, xin rút hồ sơ',
  'Người nộp xin rút hồ sơ để đo đạc lại thửa đất',
  'Gia đình chưa thống nhất việc phân chia di sản, xin rút hồ sơ',
] as const;
export const EXTENSION_REASONS = [
  'Cần xác minh nguồn gốc, quá trình sử dụng đất tại UBND xã',
  'Chờ ý kiến của cơ quan thuế về nghĩa vụ tài chính',
  'Phải đo đạc lại thửa đất do sai lệch ranh giới với hồ sơ địa chính',
  'Số lượng hồ sơ tăng cao, chưa kịp thẩm định, kiểm tra thực địa',
  'Chờ UBND xã niêm yết công khai và tổng hợp ý kiến',
] as const;
export const EXTENSION_REASONS_PROVINCE = {
  environment: ['Chờ ý kiến bằng văn bản của thành viên Hội đồng thẩm định và các sở, ngành'],
  land: ['Chờ kết quả kiểm tra thực địa và ý kiến của UBND cấp huyện về hiện trạng sử dụng đất'],
} as const;
export const PAUSE_NOTE = 'Chuyển thông tin sang cơ quan thuế; chờ người sử dụng đất thực hiện nghĩa vụ tài chính';
export const SUPPLEMENT_EXTRA_ITEMS = [
  'Bản vẽ sơ đồ thửa đất có xác nhận của UBND xã',
  'Văn bản thỏa thuận phân chia di sản thừa kế có công chứng',
  'Bản sao giấy chứng tử của người để lại di sản',
  'Trích lục bản đồ địa chính thửa đất',
  'Giấy tờ chứng minh thay đổi thông tin nhân thân (căn cước công dân mới)',
] as const;
/** What an environmental appraisal asks the project owner to revise. */
export const SUPPLEMENT_ITEMS_ENVIRONMENT = [
  'Báo cáo chỉnh sửa, bổ sung theo ý kiến của Hội đồng thẩm định',
  'Kết quả tham vấn cộng đồng dân cư chịu tác động',
  'Sơ đồ vị trí điểm xả thải và kết quả quan trắc nước thải',
] as const;
