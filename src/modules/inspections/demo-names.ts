import type { Rng } from '../../core/demo.js';

/*
 * Names and wording for the demo inspections (demo.ts). Everything is invented: companies, people, tax codes,
 * decision numbers, and which canal or market is near which facility. The names are plausible for Sóc Trăng;
 * none is meant to be a real company or person. Person names come from the dossiers demo's name parts.
 */

/** Invented business names ("<form> <trade> <name>"), per sector. */
export const COMPANY_TRADES: Readonly<Record<string, readonly string[]>> = {
  seafood_processing: ['Công ty TNHH Chế biến Thủy sản', 'Công ty Cổ phần Thủy sản', 'Công ty TNHH Thủy sản', 'Công ty TNHH MTV Chế biến Thủy sản xuất khẩu'],
  rice_milling: ['Công ty TNHH Lương thực', 'Công ty TNHH Xay xát lau bóng gạo', 'Công ty Cổ phần Lương thực', 'Doanh nghiệp tư nhân Chế biến lúa gạo'],
  sugar_processing: ['Công ty Cổ phần Mía đường', 'Công ty TNHH Chế biến nông sản', 'Công ty TNHH Đường mía'],
  sand_extraction: ['Công ty TNHH Khai thác cát', 'Công ty Cổ phần Vật liệu xây dựng', 'Công ty TNHH MTV Khai thác khoáng sản', 'Doanh nghiệp tư nhân Cát xây dựng'],
  earth_extraction: ['Công ty TNHH San lấp mặt bằng', 'Công ty TNHH Vật liệu san lấp', 'Công ty Cổ phần Xây dựng và San lấp'],
  industrial: [
    'Công ty TNHH Bao bì',
    'Công ty Cổ phần Thức ăn chăn nuôi',
    'Công ty TNHH Chế biến gỗ',
    'Công ty TNHH May mặc',
    'Công ty TNHH Chế biến thực phẩm',
    'Công ty Cổ phần Bê tông',
    'Công ty TNHH Sản xuất nước đá',
  ],
  shrimp_farming: ['Công ty TNHH Nuôi trồng thủy sản', 'Công ty Cổ phần Tôm giống', 'Hợp tác xã Nuôi tôm', 'Công ty TNHH Nuôi tôm công nghệ cao'],
  hospital: ['Bệnh viện Đa khoa tư nhân', 'Phòng khám Đa khoa', 'Bệnh viện Chuyên khoa'],
  water_supply: ['Công ty TNHH Nước uống tinh khiết', 'Công ty TNHH Nước đá', 'Công ty Cổ phần Cấp nước nông thôn'],
  real_estate: ['Công ty Cổ phần Đầu tư Địa ốc', 'Công ty TNHH Đầu tư Xây dựng', 'Công ty Cổ phần Phát triển Nhà', 'Công ty TNHH Kinh doanh Bất động sản'],
  livestock: ['Công ty TNHH Giết mổ gia súc', 'Công ty Cổ phần Chăn nuôi', 'Hợp tác xã Chăn nuôi'],
  waste_collection: ['Công ty TNHH Môi trường', 'Hợp tác xã Dịch vụ vệ sinh môi trường', 'Công ty Cổ phần Xử lý chất thải'],
  brick_kiln: ['Công ty TNHH Gạch ngói', 'Doanh nghiệp tư nhân Gạch'],
  construction: ['Công ty TNHH Xây dựng', 'Công ty Cổ phần Xây lắp'],
};

export const COMPANY_NAMES = [
  'Tân Phú Hải', 'Hải Vương Mekong', 'Biển Ngọc', 'Phước Thịnh', 'Thạnh Phú Xanh', 'Hưng Long Phát', 'Minh Trí',
  'Kim Phát', 'Đông Hải Sóc Trăng', 'Trường Thịnh', 'Phú Gia Lộc', 'Thuận An Phát', 'Vạn Lợi', 'Sông Hậu Xanh',
  'Hậu Giang Phát', 'Cửu Long Tân', 'Mỹ Thanh Sea', 'Ngọc Long', 'Hoàng Phúc', 'Lộc Thành', 'Đại Thành Lợi',
  'An Phú Thịnh', 'Nam Việt Sóc', 'Khánh Hòa Lợi', 'Quốc Tuấn', 'Bảo Ngọc', 'Thiên Phúc', 'Hòa Phát Lợi',
  'Vĩnh Tân', 'Tấn Đạt', 'Phúc Hưng', 'Tài Lộc', 'Thành Công Mekong', 'Kiến Hưng', 'Tân Thạnh Hưng', 'Mê Kông Việt',
  'Ba Xuyên Xanh', 'Phú Nông', 'Gia Bảo', 'Nhật Minh', 'Sao Mai Sóc', 'Hồng Phát', 'Trung Nguyên Lộc', 'Long Tân',
  'Đức Thịnh', 'Phương Nam Lộc', 'Toàn Thắng', 'Việt Úc Sóc', 'Duy Phát', 'Kim Long', 'An Thịnh Phát', 'Thái Bình Dương Xanh',
] as const;

/** A company name of the sector and its brand ("Tân Phú Hải"); `used` keeps brands unique within a sector. */
export function companyOf(rng: Rng, sector: string, used: Set<string>): { name: string; brand: string } {
  const trades = COMPANY_TRADES[sector] ?? COMPANY_TRADES.industrial!;
  for (;;) {
    const brand = rng.pick(COMPANY_NAMES);
    const key = `${sector}|${brand}`;
    if (!used.has(key)) {
      used.add(key);
      return { name: `${rng.pick(trades)} ${brand}`, brand };
    }
  }
}

/** The name a person's business goes by: the given name without the family name and "Văn" / "Thị" ("Ngọc Lan", "Sa Ry"). */
export function tradeName(fullName: string): string {
  const parts = fullName.split(' ').slice(1);
  if (parts.length > 1 && (parts[0] === 'Văn' || parts[0] === 'Thị')) parts.shift();
  return parts.join(' ');
}

/** A note for a remedy done, fitting the measure. */
export function remedyDoneNote(rng: Rng, measure: string): string {
  if (/kinh phí/.test(measure)) return 'Đã nộp đủ kinh phí theo quyết định.';
  if (/nộp lại số lợi/.test(measure)) return 'Đã nộp lại số lợi bất hợp pháp vào ngân sách nhà nước.';
  if (/hợp đồng/.test(measure)) return 'Đã ký hợp đồng chuyển giao chất thải; gửi bản sao cho cơ quan ra quyết định.';
  return rng.pick(REMEDY_DONE_NOTES);
}

/** Canals and rivers near facilities, by district (GSO code). Placement of small canals is invented. */
export const WATERWAYS: Readonly<Record<string, readonly string[]>> = {
  '941': ['kênh Maspero', 'kênh Thông Lưu'],
  '942': ['kênh Tầm Vu', 'kênh Thuận Hòa'],
  '943': ['sông Hậu', 'kênh Cái Côn', 'kênh Mang Cá'],
  '944': ['kênh Ba Rinh', 'kênh Mỹ Tú'],
  '945': ['sông Hậu', 'rạch Đại Ân'],
  '946': ['sông Saintard', 'kênh Đại Ngãi'],
  '947': ['sông Nhu Gia', 'kênh Thạnh Mỹ', 'sông Mỹ Thanh'],
  '948': ['kênh Quản Lộ – Phụng Hiệp', 'kênh Xẻo Chích'],
  '949': ['kênh Quản Lộ – Phụng Hiệp', 'kênh Thạnh Trị'],
  '950': ['sông Mỹ Thanh', 'kênh Vĩnh Châu', 'sông Cổ Cò'],
  '951': ['sông Mỹ Thanh', 'kênh Tiếp Nhựt', 'rạch Trần Đề'],
};

/** Staff of the province-level units (invented; the demo user of Thanh tra Sở is added by demo.ts). */
export const PROVINCE_STAFF: Readonly<Record<string, readonly string[]>> = {
  TTRA: ['Trương Minh Hiếu', 'Lê Quốc Khánh', 'Phạm Thị Ngọc Trinh', 'Thạch Văn Sang', 'Huỳnh Thanh Tùng', 'Trần Mỹ Linh'],
  CCBVMT: ['Võ Thị Thu Hằng', 'Lý Quốc Hào', 'Kim Sóc Ra', 'Ngô Thanh Phong'],
  TNN: ['Đặng Văn Lợi', 'Châu Ngọc Hân', 'Sơn Thị Sa Ly', 'Nguyễn Hữu Phước'],
  QLDD: ['Lâm Quốc Việt', 'Trần Thị Kim Ngân', 'Danh Sà Rương', 'Phan Thanh Bình'],
};

/** Who signs penalty decisions at the province level (invented names). */
export const PROVINCE_SIGNERS: Readonly<Record<string, { name: string; title: string }>> = {
  TTRA: { name: 'Trương Minh Hiếu', title: 'Chánh Thanh tra Sở Tài nguyên và Môi trường' },
  CCBVMT: { name: 'Võ Thị Thu Hằng', title: 'Chi cục trưởng Chi cục Bảo vệ môi trường' },
  TNN: { name: 'Đặng Văn Lợi', title: 'Chánh Thanh tra Sở Tài nguyên và Môi trường' },
  QLDD: { name: 'Lâm Quốc Việt', title: 'Chánh Thanh tra Sở Tài nguyên và Môi trường' },
};

/** External members of inter-agency teams. */
export const PROVINCE_GUESTS = [
  'Phòng Cảnh sát phòng, chống tội phạm về môi trường – Công an tỉnh',
  'Chi cục Thủy sản – Sở Nông nghiệp và Phát triển nông thôn',
  'Ban Quản lý các khu công nghiệp tỉnh',
  'Trung tâm Quan trắc tài nguyên và môi trường',
] as const;

export const WASTEWATER_PARAMS = ['COD', 'BOD5', 'TSS', 'Amoni (tính theo N)', 'Tổng Nitơ', 'Tổng Phốt pho', 'Tổng Coliform'] as const;

/** Findings of a subject found compliant, by inspection theme. */
export const COMPLIANT_FINDINGS: Readonly<Record<string, readonly string[]>> = {
  environment: [
    'Cơ sở có giấy phép môi trường; hệ thống xử lý nước thải vận hành thường xuyên; kết quả quan trắc định kỳ đạt quy chuẩn kỹ thuật.',
    'Cơ sở đã lập và thực hiện kế hoạch bảo vệ môi trường; chất thải nguy hại được lưu giữ đúng quy định và chuyển giao cho đơn vị có chức năng.',
    'Không phát hiện vi phạm. Đề nghị cơ sở cập nhật sổ nhật ký vận hành hệ thống xử lý nước thải và báo cáo công tác bảo vệ môi trường đúng hạn.',
    'Cơ sở chấp hành tốt các quy định về bảo vệ môi trường; đã ký hợp đồng thu gom chất thải rắn sinh hoạt và chất thải công nghiệp thông thường.',
  ],
  minerals: [
    'Hoạt động khai thác đúng ranh giới, độ sâu và công suất được cấp phép; đã ký quỹ cải tạo, phục hồi môi trường.',
    'Không phát hiện khai thác khoáng sản trái phép tại thời điểm kiểm tra; đề nghị địa phương tiếp tục giám sát.',
    'Tổ chức có giấy phép khai thác còn hiệu lực, lắp đặt trạm cân và camera giám sát theo quy định.',
  ],
  water: [
    'Có giấy phép khai thác nước dưới đất còn hiệu lực; lưu lượng khai thác không vượt mức được cấp phép; có thiết bị đo lưu lượng.',
    'Giếng khai thác quy mô hộ gia đình thuộc trường hợp không phải đăng ký; không phát hiện vi phạm.',
    'Đã đăng ký khai thác nước dưới đất; đề nghị trám lấp giếng không còn sử dụng theo quy định.',
  ],
  land: [
    'Sử dụng đất đúng mục đích, đúng ranh giới được giao, cho thuê; đã hoàn thành nghĩa vụ tài chính về đất đai.',
    'Không phát hiện vi phạm; đề nghị hoàn thiện hồ sơ đăng ký biến động đất đai đối với phần diện tích đã chuyển nhượng.',
    'Người sử dụng đất sử dụng đúng mục đích ghi trên Giấy chứng nhận; không có tranh chấp, lấn chiếm.',
  ],
};

export const REMEDY_DONE_NOTES = [
  'Đã khắc phục; có biên bản kiểm tra xác nhận của đoàn kiểm tra.',
  'Cơ sở đã báo cáo kết quả khắc phục kèm kết quả quan trắc đạt quy chuẩn.',
  'Đã hoàn thành; UBND xã xác nhận hiện trạng.',
] as const;

/** A hamlet-level place word for an address: "Ấp …" in rural communes, "Khóm …" in wards and towns. */
export function placeWord(urban: boolean, rng: Rng, hamlets: readonly string[]): string {
  return urban ? `Khóm ${rng.int(1, 9)}` : `Ấp ${rng.pick(hamlets)}`;
}

/** "Huyện Mỹ Xuyên" → "huyện Mỹ Xuyên": a unit name inside a sentence or a title. */
export function inSentence(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}
