/*
 * The seed of the violation catalogue. Every entry names its source. Ranges are for an individual, in đồng; the
 * organisation's range is twice that (organisationMultiplier 2) where the decree doubles it.
 *
 * `verified: true` — act, article and range come from the sources of the research note
 *   ../shared/research/portal-land-geo.md §5.4 (Decree 45/2022/NĐ-CP, in force 25/08/2022).
 * `verified: false` — the range or the article number has NOT been checked against the official text: either the note
 *   marks it UNVERIFIED, or the entry gives an article's overall range (from the lowest to the highest fine of the
 *   article, its clauses not itemised) so enforcement of common acts can be recorded at all. Pages show such entries
 *   with a "chưa đối chiếu" tag; the department's legal officer should replace them with itemised versions
 *   (a new version with a later valid_from; records keep the version they were decided under).
 */

export interface ProvisionSeed {
  key: string;
  decree: string;
  article: number;
  clause: number | null;
  point: string | null;
  description: string;
  field: string;
  fineMinVnd: number;
  fineMaxVnd: number;
  warningOnly?: boolean;
  organisationMultiplier?: number;
  remedialMeasures: string[];
  validFrom: string;
  validTo?: string | null;
  source: string;
  verified: boolean;
}

const D45 = '45/2022/NĐ-CP';
const D45_FROM = '2022-08-25';
const NOTE = 'shared/research/portal-land-geo.md §5.4';
const SRC_ART25 = `${NOTE}; https://ls1.hethongphapluat.com/tu-ngay-25-8-2022-vut-rac-do-nuoc-thai-tren-via-he-long-duong-se-bi-phat-tu-1-2-trieu-dong.html`;
const SRC_ART26 = `${NOTE}; https://lsvn.vn/sap-toi-ca-nhan-khong-phan-loai-rac-thai-sinh-hoat-co-bi-xu-phat-khong1657556580-a121084.html`;
const SRC_300KG = `${NOTE} (điều khoản chưa xác định); https://vietjack.me/phap-luat/nghi-dinh-45-2022-nd-cp/chuong-i-9087.html`;
const SRC_LUATVN = 'https://english.luatvietnam.vn/decree-no-45-2022-nd-cp-providing-penalties-for-administrative-violations-against-regulations-on-environmental-225156-doc1.html (tóm tắt; điều khoản chưa xác định)';
const UNCHECKED = 'Chưa đối chiếu văn bản gốc: khung chung của cả Điều, chưa tách theo khoản, điểm — pháp chế Sở cần kiểm tra và thay bằng phiên bản chi tiết';

export const PROVISION_SEED: readonly ProvisionSeed[] = [
  {
    key: '45-25-rules',
    decree: D45,
    article: 25,
    clause: null,
    point: null,
    description: 'Không có nội quy, biển báo về giữ gìn vệ sinh tại nơi công cộng',
    field: 'environment',
    fineMinVnd: 0,
    fineMaxVnd: 0,
    warningOnly: true,
    remedialMeasures: [],
    validFrom: D45_FROM,
    source: SRC_ART25,
    verified: true,
  },
  {
    key: '45-25-butts',
    decree: D45,
    article: 25,
    clause: null,
    point: null,
    description: 'Vứt, thải, bỏ đầu, mẩu, tàn thuốc lá không đúng nơi quy định tại khu chung cư, thương mại, dịch vụ, nơi công cộng',
    field: 'environment',
    fineMinVnd: 100_000,
    fineMaxVnd: 150_000,
    remedialMeasures: ['Buộc thu gom, làm sạch khu vực bị ô nhiễm'],
    validFrom: D45_FROM,
    source: SRC_ART25,
    verified: true,
  },
  {
    key: '45-25-urinate',
    decree: D45,
    article: 25,
    clause: null,
    point: null,
    description: 'Đi vệ sinh (tiểu tiện, đại tiện) không đúng nơi quy định tại khu chung cư, thương mại, dịch vụ, nơi công cộng',
    field: 'environment',
    fineMinVnd: 150_000,
    fineMaxVnd: 250_000,
    remedialMeasures: ['Buộc làm sạch khu vực bị ô nhiễm'],
    validFrom: D45_FROM,
    source: SRC_ART25,
    verified: true,
  },
  {
    key: '45-25-dump-public',
    decree: D45,
    article: 25,
    clause: null,
    point: null,
    description: 'Vứt, thải, bỏ rác thải, đổ nước thải không đúng nơi quy định tại khu chung cư, thương mại, dịch vụ, nơi công cộng',
    field: 'environment',
    fineMinVnd: 500_000,
    fineMaxVnd: 1_000_000,
    remedialMeasures: ['Buộc thu gom, đưa rác thải đến đúng nơi quy định'],
    validFrom: D45_FROM,
    source: SRC_ART25,
    verified: true,
  },
  {
    key: '45-25-dump-water',
    decree: D45,
    article: 25,
    clause: null,
    point: null,
    description:
      'Vứt, thải rác thải trên vỉa hè, lòng đường hoặc vào hệ thống thoát nước thải đô thị; đổ nước thải ra vỉa hè, lòng đường; thải chất thải rắn nhựa xuống ao, hồ, kênh, rạch, sông, suối, biển',
    field: 'environment',
    fineMinVnd: 1_000_000,
    fineMaxVnd: 2_000_000,
    remedialMeasures: ['Buộc thu gom chất thải, khôi phục tình trạng ban đầu của khu vực bị ô nhiễm'],
    validFrom: D45_FROM,
    source: SRC_ART25,
    verified: true,
  },
  {
    key: '45-26-1-sorting',
    decree: D45,
    article: 26,
    clause: 1,
    point: null,
    description: 'Hộ gia đình, cá nhân không phân loại chất thải rắn sinh hoạt theo quy định; không sử dụng bao bì chứa chất thải sinh hoạt theo quy định',
    field: 'environment',
    fineMinVnd: 500_000,
    fineMaxVnd: 1_000_000,
    remedialMeasures: [],
    validFrom: D45_FROM,
    source: SRC_ART26,
    verified: true,
  },
  {
    key: '45-26-300kg-contract',
    decree: D45,
    article: 26,
    clause: null,
    point: null,
    description:
      'Cơ sở phát sinh chất thải rắn sinh hoạt từ 300 kg/ngày trở lên không ký hợp đồng với đơn vị thu gom, vận chuyển, tái sử dụng, tái chế, xử lý chất thải',
    field: 'environment',
    fineMinVnd: 15_000_000,
    fineMaxVnd: 20_000_000,
    remedialMeasures: ['Buộc ký hợp đồng chuyển giao chất thải rắn sinh hoạt theo quy định'],
    validFrom: D45_FROM,
    source: SRC_300KG,
    verified: false,
  },
  {
    key: '45-26-300kg-transport',
    decree: D45,
    article: 26,
    clause: null,
    point: null,
    description: 'Cơ sở phát sinh chất thải rắn sinh hoạt từ 300 kg/ngày trở lên sử dụng phương tiện vận chuyển không đáp ứng yêu cầu kỹ thuật',
    field: 'environment',
    fineMinVnd: 20_000_000,
    fineMaxVnd: 30_000_000,
    remedialMeasures: ['Buộc sử dụng phương tiện vận chuyển đáp ứng yêu cầu kỹ thuật'],
    validFrom: D45_FROM,
    source: SRC_300KG,
    verified: false,
  },
  {
    key: '45-26-sorting-equipment',
    decree: D45,
    article: 26,
    clause: null,
    point: null,
    description:
      'Chủ đầu tư, ban quản lý khu đô thị, chung cư, tòa nhà văn phòng không bố trí thiết bị, phương tiện, địa điểm để phân loại tại nguồn, thu gom, lưu giữ chất thải rắn sinh hoạt theo quy định',
    field: 'environment',
    fineMinVnd: 200_000_000,
    fineMaxVnd: 250_000_000,
    remedialMeasures: ['Buộc bố trí thiết bị, phương tiện, địa điểm phân loại, thu gom, lưu giữ chất thải rắn sinh hoạt'],
    validFrom: D45_FROM,
    source: SRC_LUATVN,
    verified: false,
  },
  {
    key: '45-18-wastewater',
    decree: D45,
    article: 18,
    clause: null,
    point: null,
    description: 'Xả nước thải có thông số môi trường thông thường vượt quy chuẩn kỹ thuật về chất thải (mức phạt theo lưu lượng và số lần vượt)',
    field: 'environment',
    fineMinVnd: 1_000_000,
    fineMaxVnd: 1_000_000_000,
    remedialMeasures: [
      'Buộc thực hiện biện pháp khắc phục tình trạng ô nhiễm môi trường',
      'Buộc chi trả kinh phí trưng cầu giám định, kiểm định, đo đạc và phân tích mẫu môi trường',
    ],
    validFrom: D45_FROM,
    source: UNCHECKED,
    verified: false,
  },
  {
    key: '45-20-emissions',
    decree: D45,
    article: 20,
    clause: null,
    point: null,
    description: 'Thải bụi, khí thải có thông số môi trường thông thường vượt quy chuẩn kỹ thuật về chất thải (mức phạt theo lưu lượng và số lần vượt)',
    field: 'environment',
    fineMinVnd: 1_000_000,
    fineMaxVnd: 1_000_000_000,
    remedialMeasures: ['Buộc thực hiện biện pháp khắc phục tình trạng ô nhiễm môi trường'],
    validFrom: D45_FROM,
    source: UNCHECKED,
    verified: false,
  },
  {
    key: '36-44-unlicensed-mining',
    decree: '36/2020/NĐ-CP',
    article: 44,
    clause: null,
    point: null,
    description: 'Khai thác khoáng sản (cát, sỏi lòng sông, đất san lấp) không có giấy phép khai thác khoáng sản',
    field: 'minerals',
    fineMinVnd: 1_000_000,
    fineMaxVnd: 1_000_000_000,
    remedialMeasures: ['Buộc thực hiện các biện pháp khắc phục tình trạng ô nhiễm môi trường, phục hồi môi trường', 'Buộc nộp lại số lợi bất hợp pháp có được'],
    validFrom: '2020-05-10',
    source: UNCHECKED,
    verified: false,
  },
];
