import { isWorkingDay, loadWorkCalendar, type WorkCalendar } from '../../core/calendar/index.js';
import { dayNumberFromIso, isoFromDayNumber } from '../../core/calendar/time.js';
import type { Database } from '../../core/db/index.js';
import type { DemoPart, Rng } from '../../core/demo.js';
import { formatInteger, formatVnd } from '../../core/format/index.js';
import { CITY_STREETS, cccd, HAMLETS, mobilePhone, personName, pickEthnicity } from '../dossiers/demo-names.js';
import { DEMO_USERS } from '../org/demo.js';
import { type AdminTreeNode, adminTreeAsOf, adminUnitBoundary, findOrgUnitByCode } from '../org/queries.js';
import { listUsers } from '../org/user-commands.js';
import {
  COMPLIANT_FINDINGS,
  companyOf,
  inSentence,
  PROVINCE_GUESTS,
  PROVINCE_SIGNERS,
  PROVINCE_STAFF,
  placeWord,
  remedyDoneNote,
  tradeName,
  WASTEWATER_PARAMS,
  WATERWAYS,
} from './demo-names.js';
import { fineRangeFor, type InspectionField, type InspectionKind, type SubjectKind } from './model.js';
import { isProvisionValidOn, listProvisions, type Provision } from './provisions.js';
import { PROVISION_SEED } from './provisions-data.js';

/*
 * The 2023 demo inspections of the Sóc Trăng department and its 11 district offices, generated record by record so
 * that the statistics computed from them give what the department reported at its 2023 review (fixtures/
 * soc-trang-2023-review.txt, "Công tác thanh tra, kiểm tra"): the province level ran 17 inspections and checks of
 * 106 organisations and individuals, found and handled 12 violations with fines of "hơn 1,7 tỷ đồng"; the district
 * level inspected 352 individuals and organisations and handled 87 violations with fines of 651,2 triệu đồng.
 *
 * Definitions the targets hold under: an inspection counts in 2023 by its decision date (cancelled ones do not);
 * its subjects are its inspected_subjects rows; a violating subject has outcome 'violation' and exactly one penalty
 * decision, decided in 2023; fines are the sum of penalty_decisions.fine_vnd decided in 2023; the level is the kind
 * of the running org unit (division → province, district_office → district).
 *
 * How the figures are exact: the province inspections are a fixed list (PROVINCE_PLAN: unit, theme, number of
 * subjects, the violators with their acts). The district violators are fixed counts per kind of case
 * (DISTRICT_CASES), apportioned to the offices where such cases occur; the compliant subjects are the rest of 352,
 * apportioned to the offices and their inspections. Each violation line has a realistic sub-range of its
 * provision's legal range (checked against fineRangeFor at load time) and a step (500.000 or 100.000 đồng);
 * splitTotal then chooses amounts that sum exactly to the target. Nothing is drawn again until it matches.
 *
 * Besides: one cancelled province inspection (subjects pending), inspections decided in January–February 2024
 * (not counted; one still in progress), two December district checks still in progress at year end (their subjects
 * have results), follow-up and repeated inspections of the same subjects (also across levels), partial and missing
 * payments (overdue now) and remedies not done by their deadline.
 *
 * Simplifications: facility coordinates are random points inside the district's boundary (communes have no
 * boundary in the org module); no evidence files; no audit rows (like the dossiers demo, demo rows are not audited).
 */

export const INSPECTION_DEMO_TARGETS = {
  province: { inspections: 17, subjects: 106, violating: 12, decisions: 12, finesVnd: 1_712_500_000 },
  district: { subjects: 352, violating: 87, decisions: 87, finesVnd: 651_200_000 },
} as const;

/** Sóc Trăng's bounding box (degrees, WGS 84); every facility lies inside it and inside its district. */
export const SOC_TRANG_BOX = { minLat: 9.2, maxLat: 9.95, minLon: 105.55, maxLon: 106.3 } as const;

const DEMO_DAY = '2023-07-01';
const LAST_2023 = '2023-12-29';
/** inspections with violations are decided by this day, so that they end and are penalised in 2023 */
const LAST_VIOLATION_DECISION = '2023-11-10';
const M = 1_000_000;
const STEP_COARSE = 500_000;
const STEP_FINE = 100_000;

// ---------------------------------------------------------------- splitting a total

export interface SplitItem {
  min: number;
  max: number;
  /** the amount is min + a multiple of step (min and max are multiples of step) */
  step: number;
}

/**
 * Amounts within [min, max] on each item's step that sum exactly to `total`. Every item starts at its minimum; a
 * random share of the rest (proportional to the room left) is given in a random order, then what remains is handed
 * out one step at a time, coarse steps first, round-robin. Throws when no such split exists (total outside
 * [Σ min, Σ max] or not reachable with the steps) — a construction error, never retried.
 */
export function splitTotal(total: number, items: readonly SplitItem[], rng: Rng): number[] {
  for (const it of items) {
    if (it.step <= 0 || it.min % it.step !== 0 || it.max % it.step !== 0 || it.min > it.max) {
      throw new Error(`splitTotal: bad item ${JSON.stringify(it)}`);
    }
  }
  const sumMin = items.reduce((s, it) => s + it.min, 0);
  const sumMax = items.reduce((s, it) => s + it.max, 0);
  if (total < sumMin || total > sumMax) throw new Error(`splitTotal: ${total} is outside [${sumMin}, ${sumMax}]`);
  const amounts = items.map((it) => it.min);
  let rest = total - sumMin;
  const share = sumMax === sumMin ? 0 : rest / (sumMax - sumMin);
  const order = shuffle(
    rng,
    items.map((_, i) => i),
  );
  for (const i of order) {
    const it = items[i]!;
    const x = Math.min(1, share * (0.3 + 1.4 * rng.next()));
    const add = Math.min(Math.floor((x * (it.max - it.min)) / it.step) * it.step, Math.floor(rest / it.step) * it.step);
    amounts[i]! += add;
    rest -= add;
  }
  const steps = [...new Set(items.map((it) => it.step))].sort((a, b) => b - a);
  for (const step of steps) {
    const same = order.filter((i) => items[i]!.step === step);
    let moved = true;
    while (rest >= step && moved) {
      moved = false;
      for (const i of same) {
        if (rest < step) break;
        if (amounts[i]! + step <= items[i]!.max) {
          amounts[i]! += step;
          rest -= step;
          moved = true;
        }
      }
    }
  }
  if (rest !== 0) throw new Error(`splitTotal: ${rest} đồng cannot be placed with the steps given`);
  return amounts;
}

/** Split `total` over `weights` in whole numbers (largest remainder; ties to the lower index). */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  if (total === 0 || sum <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (total * w) / sum);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((s, n) => s + n, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    out[i]!++;
    left--;
  }
  return out;
}

function shuffle<T>(rng: Rng, list: readonly T[]): T[] {
  const a = [...list];
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

// ---------------------------------------------------------------- acts (violation lines)

type ProvisionKey = '45-18-wastewater' | '45-20-emissions' | '45-26-300kg-contract' | '45-25-dump-public' | '45-25-dump-water' | '36-44-unlicensed-mining';

type Act =
  | 'wwSeafood'
  | 'wwIndustry'
  | 'wwShrimp'
  | 'wwLivestock'
  | 'dustRiceMill'
  | 'boiler'
  | 'kiln'
  | 'contract300'
  | 'dumpPublic'
  | 'dumpPlastic'
  | 'dumpRoad'
  | 'sandOutside'
  | 'sandUnlicensed'
  | 'earthUnlicensed';

const ACT_PROVISION: Record<Act, ProvisionKey> = {
  wwSeafood: '45-18-wastewater',
  wwIndustry: '45-18-wastewater',
  wwShrimp: '45-18-wastewater',
  wwLivestock: '45-18-wastewater',
  dustRiceMill: '45-20-emissions',
  boiler: '45-20-emissions',
  kiln: '45-20-emissions',
  contract300: '45-26-300kg-contract',
  dumpPublic: '45-25-dump-public',
  dumpPlastic: '45-25-dump-water',
  dumpRoad: '45-25-dump-water',
  sandOutside: '36-44-unlicensed-mining',
  sandUnlicensed: '36-44-unlicensed-mining',
  earthUnlicensed: '36-44-unlicensed-mining',
};

interface ActPlan {
  act: Act;
  /** realistic sub-range (đồng) within the provision's range for the subject's kind */
  min: number;
  max: number;
}
const act = (a: Act, minM: number, maxM: number): ActPlan => ({ act: a, min: Math.round(minM * M), max: Math.round(maxM * M) });

const ratio = (rng: Rng) => rng.pick(['1,1 đến dưới 1,5', '1,5 đến dưới 2', '2 đến dưới 3', '3 đến dưới 5']);

function describeAct(rng: Rng, a: Act, where: { district: string; commune: string; place: string }): string {
  const water = rng.pick(WATERWAYS[where.district] ?? ['kênh nội đồng']);
  const params = () => {
    const [p1, p2] = shuffle(rng, WASTEWATER_PARAMS);
    return `${p1}, ${p2}`;
  };
  switch (a) {
    case 'wwSeafood':
      return `Xả nước thải sau hệ thống xử lý ra ${water} có thông số ${params()} vượt QCVN 11-MT:2015/BTNMT (cột B) từ ${ratio(rng)} lần; lưu lượng nước thải khoảng ${formatInteger(rng.int(12, 90) * 10)} m³/ngày đêm`;
    case 'wwIndustry':
      return `Xả nước thải công nghiệp ra ${water} có thông số ${params()} vượt QCVN 40:2011/BTNMT (cột B) từ ${ratio(rng)} lần; lưu lượng nước thải khoảng ${formatInteger(rng.int(8, 60) * 10)} m³/ngày đêm`;
    case 'wwShrimp':
      return `Xả nước thải, bùn thải từ ao nuôi tôm thẻ chân trắng (diện tích mặt nước khoảng ${formatInteger(rng.int(4, 60) * 500)} m²) ra ${water} chưa qua xử lý; thông số TSS, COD vượt quy chuẩn kỹ thuật`;
    case 'wwLivestock':
      return `Xả nước thải chăn nuôi heo (quy mô khoảng ${rng.int(3, 40) * 10} con) chưa qua xử lý ra ${water}; thông số COD, Tổng Nitơ vượt QCVN 62-MT:2016/BTNMT`;
    case 'dustRiceMill':
      return `Phát tán bụi trấu từ dây chuyền xay xát, lau bóng gạo ra khu dân cư lân cận; nồng độ bụi tổng vượt QCVN 19:2009/BTNMT từ ${ratio(rng)} lần`;
    case 'boiler':
      return `Khí thải lò hơi đốt ${rng.pick(['trấu', 'củi', 'bã mía', 'than đá'])} có nồng độ bụi tổng, SO2 vượt QCVN 19:2009/BTNMT (cột B) từ ${ratio(rng)} lần`;
    case 'kiln':
      return `Khí thải lò nung gạch thủ công có nồng độ bụi tổng, CO vượt QCVN 19:2009/BTNMT từ ${ratio(rng)} lần`;
    case 'contract300':
      return `Phát sinh chất thải rắn sinh hoạt khoảng ${rng.int(31, 90) * 10} kg/ngày nhưng không ký hợp đồng chuyển giao cho đơn vị có chức năng thu gom, vận chuyển, xử lý`;
    case 'dumpPublic':
      return `Vứt, thải rác thải sinh hoạt không đúng nơi quy định tại khu vực chợ ${/^Phường /.test(where.commune) ? inSentence(where.commune) : where.commune.replace(/^(Xã|Thị trấn) /, '')}`;
    case 'dumpPlastic':
      return `Thải chất thải rắn nhựa (bao bì thức ăn, túi nilon, chai nhựa) xuống ${water}`;
    case 'dumpRoad':
      return `Đổ nước thải sinh hoạt ra lòng đường, vỉa hè trước nhà tại ${where.place}`;
    case 'sandOutside':
      return `Khai thác cát lòng sông Hậu ngoài ranh giới khu vực được cấp phép khoảng ${rng.int(3, 15) * 10} m, khối lượng khoảng ${formatInteger(rng.int(8, 40) * 100)} m³`;
    case 'sandUnlicensed':
      return `Dùng ghe hút cát (trọng tải khoảng ${rng.int(10, 30) * 10} tấn) khai thác cát lòng sông Hậu không có giấy phép khai thác khoáng sản, khối lượng khoảng ${formatInteger(rng.int(5, 30) * 100)} m³`;
    case 'earthUnlicensed':
      return `Đào ao lấy đất bán làm vật liệu san lấp, không có giấy phép khai thác khoáng sản; diện tích khoảng ${formatInteger(rng.int(4, 30) * 50)} m², sâu khoảng ${String(rng.int(15, 30) / 10).replace('.', ',')} m`;
  }
}

function additionalPenalty(rng: Rng, acts: Act[]): string | null {
  if (acts.includes('sandUnlicensed')) return 'Tịch thu tang vật (cát đã khai thác) và phương tiện được sử dụng để vi phạm (ghe hút cát)';
  if (acts.includes('sandOutside')) return 'Tước quyền sử dụng giấy phép khai thác khoáng sản 03 tháng';
  if (acts.includes('earthUnlicensed') && rng.chance(0.4)) return 'Tịch thu tang vật vi phạm (đất đã khai thác)';
  return null;
}

// ---------------------------------------------------------------- the plan

type UnitCode = 'TTRA' | 'CCBVMT' | 'TNN' | 'QLDD';
/** A company sector, or 'industrial' (companies in industrial parks; sector 'other'). */
type Trade = string;

interface ProvinceViolator {
  trade: Trade;
  district: string;
  acts: ActPlan[];
}
interface ProvincePlan {
  unit: UnitCode;
  year: 2023 | 2024;
  month: number;
  kind: InspectionKind;
  field: InspectionField;
  title: string;
  subjects: number;
  districts: string[];
  trades: Trade[];
  violators: ProvinceViolator[];
  status?: 'cancelled' | 'in_progress';
  /** indexes of plans whose violators this one re-inspects (follow-up) */
  recheck?: number[];
  /** index of a plan some of whose subjects this one inspects again (first the violators) */
  revisit?: { plan: number; count: number };
  /** companies of the 942 ones are in the An Nghiệp industrial park */
  industrialPark?: boolean;
}

const SEAFOOD_TITLE = 'Thanh tra việc chấp hành pháp luật về bảo vệ môi trường đối với các cơ sở chế biến thủy sản trên địa bàn';

/** The 17 province-level inspections of 2023 (106 subjects, 12 violators), the cancelled one and one of 2024. */
const PROVINCE_PLAN: readonly ProvincePlan[] = [
  {
    unit: 'TTRA', year: 2023, month: 3, kind: 'planned', field: 'environment', title: `${SEAFOOD_TITLE} huyện Mỹ Xuyên và huyện Trần Đề`,
    subjects: 8, districts: ['947', '951'], trades: ['seafood_processing'],
    violators: [
      { trade: 'seafood_processing', district: '947', acts: [act('wwSeafood', 150, 320), act('contract300', 30, 40)] },
      { trade: 'seafood_processing', district: '951', acts: [act('wwSeafood', 80, 200)] },
    ],
  },
  {
    unit: 'TTRA', year: 2023, month: 4, kind: 'planned', field: 'environment', title: `${SEAFOOD_TITLE} thị xã Vĩnh Châu`,
    subjects: 7, districts: ['950'], trades: ['seafood_processing'],
    violators: [
      { trade: 'seafood_processing', district: '950', acts: [act('wwSeafood', 150, 300), act('boiler', 40, 90)] },
      { trade: 'seafood_processing', district: '950', acts: [act('wwSeafood', 60, 150)] },
    ],
  },
  {
    unit: 'TTRA', year: 2023, month: 5, kind: 'planned', field: 'environment',
    title: 'Thanh tra việc chấp hành pháp luật về bảo vệ môi trường đối với các cơ sở xay xát, lau bóng gạo trên địa bàn huyện Kế Sách, huyện Châu Thành và huyện Thạnh Trị',
    subjects: 9, districts: ['943', '942', '949'], trades: ['rice_milling'],
    violators: [{ trade: 'rice_milling', district: '943', acts: [act('dustRiceMill', 30, 80)] }],
  },
  {
    unit: 'TTRA', year: 2023, month: 6, kind: 'planned', field: 'minerals',
    title: 'Thanh tra việc chấp hành pháp luật về khoáng sản đối với các tổ chức được cấp phép khai thác cát lòng sông Hậu',
    subjects: 5, districts: ['943', '945', '946'], trades: ['sand_extraction'],
    violators: [{ trade: 'sand_extraction', district: '943', acts: [act('sandOutside', 150, 300)] }],
  },
  {
    unit: 'TTRA', year: 2023, month: 8, kind: 'unannounced', field: 'minerals',
    title: 'Thanh tra đột xuất hoạt động khai thác cát trên sông Hậu, đoạn qua huyện Cù Lao Dung',
    subjects: 3, districts: ['945'], trades: ['sand_extraction'],
    violators: [{ trade: 'sand_extraction', district: '945', acts: [act('sandUnlicensed', 200, 350)] }],
  },
  {
    unit: 'TTRA', year: 2023, month: 7, kind: 'planned', field: 'environment',
    title: 'Thanh tra việc chấp hành pháp luật về bảo vệ môi trường đối với các cơ sở sản xuất mía đường, chế biến nông sản',
    subjects: 6, districts: ['945', '946', '943'], trades: ['sugar_processing'],
    violators: [{ trade: 'sugar_processing', district: '945', acts: [act('wwIndustry', 100, 220), act('boiler', 40, 100)] }],
  },
  {
    unit: 'TTRA', year: 2023, month: 9, kind: 'planned', field: 'environment',
    title: 'Thanh tra việc chấp hành pháp luật về bảo vệ môi trường đối với các cơ sở có lưu lượng nước thải lớn tại Khu công nghiệp An Nghiệp và vùng phụ cận',
    subjects: 10, districts: ['942', '942', '941', '947'], trades: ['industrial'], industrialPark: true,
    violators: [{ trade: 'industrial', district: '942', acts: [act('wwIndustry', 80, 180)] }],
  },
  {
    unit: 'TTRA', year: 2023, month: 10, kind: 'complaint', field: 'environment',
    title: 'Thanh tra theo đơn phản ánh của người dân về nước thải, mùi hôi của cơ sở chế biến thủy sản trên địa bàn huyện Trần Đề',
    subjects: 1, districts: ['951'], trades: ['seafood_processing'],
    violators: [{ trade: 'seafood_processing', district: '951', acts: [act('wwSeafood', 60, 150), act('dumpPlastic', 2, 4)] }],
  },
  {
    unit: 'TTRA', year: 2023, month: 2, kind: 'planned', field: 'environment',
    title: 'Thanh tra việc chấp hành pháp luật về bảo vệ môi trường đối với các cơ sở nuôi tôm công nghiệp, công nghệ cao trên địa bàn thị xã Vĩnh Châu và huyện Trần Đề',
    subjects: 8, districts: ['950', '951'], trades: ['shrimp_farming'],
    violators: [{ trade: 'shrimp_farming', district: '950', acts: [act('wwShrimp', 30, 90)] }],
  },
  {
    unit: 'TTRA', year: 2023, month: 11, kind: 'follow_up', field: 'environment',
    title: 'Kiểm tra việc thực hiện kết luận thanh tra về bảo vệ môi trường đối với các cơ sở chế biến thủy sản đã bị xử phạt',
    subjects: 4, districts: [], trades: [], violators: [], recheck: [0, 1],
  },
  {
    unit: 'TTRA', year: 2023, month: 6, kind: 'planned', field: 'environment',
    title: 'Thanh tra việc chấp hành pháp luật về bảo vệ môi trường đối với các cơ sở khám bệnh, chữa bệnh',
    subjects: 6, districts: ['941', '947', '943', '950', '948'], trades: ['hospital'], violators: [],
  },
  {
    unit: 'TTRA', year: 2023, month: 8, kind: 'planned', field: 'water',
    title: 'Thanh tra việc chấp hành pháp luật về tài nguyên nước đối với các tổ chức khai thác, sử dụng nước dưới đất',
    subjects: 6, districts: ['941', '942', '950', '951'], trades: ['water_supply'], violators: [],
  },
  {
    unit: 'TTRA', year: 2023, month: 9, kind: 'planned', field: 'land',
    title: 'Thanh tra việc quản lý, sử dụng đất của các tổ chức được Nhà nước giao đất, cho thuê đất',
    subjects: 7, districts: ['941', '942', '947'], trades: ['real_estate'], violators: [],
  },
  {
    unit: 'CCBVMT', year: 2023, month: 4, kind: 'planned', field: 'environment',
    title: 'Kiểm tra công tác bảo vệ môi trường đối với các cơ sở chăn nuôi, giết mổ gia súc, gia cầm tập trung',
    subjects: 8, districts: ['941', '944', '942'], trades: ['livestock'],
    violators: [{ trade: 'livestock', district: '941', acts: [act('contract300', 30, 40)] }],
  },
  {
    unit: 'CCBVMT', year: 2023, month: 10, kind: 'planned', field: 'environment',
    title: 'Kiểm tra công tác thu gom, vận chuyển, xử lý chất thải rắn sinh hoạt tại các bãi chôn lấp, lò đốt rác',
    subjects: 6, districts: ['941', '950', '948', '943'], trades: ['waste_collection'], violators: [],
  },
  {
    unit: 'TNN', year: 2023, month: 5, kind: 'planned', field: 'minerals',
    title: 'Kiểm tra hoạt động khai thác khoáng sản làm vật liệu san lấp của các tổ chức được cấp phép',
    subjects: 5, districts: ['943', '944', '949'], trades: ['earth_extraction'], violators: [],
  },
  {
    unit: 'QLDD', year: 2023, month: 11, kind: 'planned', field: 'land',
    title: 'Kiểm tra việc sử dụng đất thực hiện các dự án khu dân cư, thương mại được giao đất, cho thuê đất',
    subjects: 7, districts: ['941', '946', '951'], trades: ['real_estate', 'construction'], violators: [],
  },
  // not counted: cancelled, and 2024
  {
    unit: 'TTRA', year: 2023, month: 7, kind: 'planned', field: 'environment', status: 'cancelled',
    title: 'Thanh tra việc chấp hành pháp luật về bảo vệ môi trường đối với các cơ sở sản xuất nước đá, thực phẩm trên địa bàn thành phố Sóc Trăng',
    subjects: 3, districts: ['941'], trades: ['industrial'], violators: [],
  },
  {
    unit: 'TTRA', year: 2024, month: 1, kind: 'planned', field: 'environment', title: `${SEAFOOD_TITLE} thị xã Vĩnh Châu năm 2024`,
    subjects: 5, districts: ['950'], trades: ['seafood_processing'], revisit: { plan: 1, count: 2 },
    violators: [{ trade: 'seafood_processing', district: '950', acts: [act('wwSeafood', 60, 150)] }],
  },
];

/** District-level cases. Counts sum to 87; offices weight where such cases occur (GSO district code). */
type Theme = 'shrimp' | 'earth' | 'livestock' | 'waste' | 'business' | 'water' | 'land';
type CaseKind = 'shrimp' | 'earth' | 'livestock' | 'dumpPublic' | 'dumpWater' | 'contract' | 'org';
const DISTRICT_CASES: Readonly<Record<CaseKind, { count: number; theme: Theme; offices: Readonly<Record<string, number>> }>> = {
  shrimp: { count: 24, theme: 'shrimp', offices: { '950': 5, '951': 4, '947': 3, '946': 2, '945': 1 } },
  earth: { count: 14, theme: 'earth', offices: { '943': 3, '942': 2, '944': 2, '946': 1, '949': 2, '948': 2, '945': 1 } },
  livestock: { count: 12, theme: 'livestock', offices: { '944': 3, '949': 3, '948': 2, '942': 2, '943': 2, '941': 1 } },
  dumpPublic: { count: 10, theme: 'waste', offices: { '941': 4, '948': 1, '950': 1, '943': 1, '947': 1, '946': 1, '951': 1 } },
  dumpWater: {
    count: 10,
    theme: 'waste',
    offices: { '941': 1, '942': 1, '943': 1, '944': 1, '945': 1, '946': 1, '947': 1, '948': 1, '949': 1, '950': 1, '951': 1 },
  },
  contract: { count: 11, theme: 'waste', offices: { '941': 4, '942': 1, '943': 1, '944': 1, '947': 1, '948': 1, '949': 1, '950': 1 } },
  org: { count: 6, theme: 'business', offices: { '943': 2, '949': 1, '942': 1, '946': 1, '948': 1 } },
};
const CASE_ORDER: readonly CaseKind[] = ['shrimp', 'earth', 'livestock', 'dumpPublic', 'dumpWater', 'contract', 'org'];
/** Share of the compliant subjects of the district level, by office. */
const OFFICE_WEIGHT: Readonly<Record<string, number>> = {
  '941': 1.2, '942': 0.9, '943': 1.1, '944': 0.9, '945': 0.6, '946': 0.9, '947': 1.1, '948': 0.8, '949': 0.9, '950': 1.1, '951': 1,
};
/** Offices whose December check is still in progress at year end, and its theme. */
const IN_PROGRESS_AT_YEAR_END: Readonly<Record<string, Theme>> = { '941': 'land', '950': 'water' };
const THEME_FIELD: Record<Theme, InspectionField> = {
  shrimp: 'environment', earth: 'minerals', livestock: 'environment', waste: 'environment', business: 'environment', water: 'water', land: 'land',
};
const THEME_SECTORS: Record<Theme, string[]> = {
  shrimp: ['shrimp_farming'],
  earth: ['earth_extraction'],
  livestock: ['livestock'],
  waste: ['retail', 'retail', 'other'],
  business: ['rice_milling', 'brick_kiln', 'construction', 'fuel_station'],
  water: ['water_supply', 'other'],
  land: ['real_estate'],
};

function districtTitle(theme: Theme, where: string): string {
  switch (theme) {
    case 'shrimp':
      return `Kiểm tra công tác bảo vệ môi trường đối với các hộ nuôi tôm trên địa bàn ${where}`;
    case 'earth':
      return `Kiểm tra đột xuất hoạt động khai thác đất san lấp không có giấy phép trên địa bàn ${where}`;
    case 'livestock':
      return `Kiểm tra công tác bảo vệ môi trường đối với các cơ sở chăn nuôi heo, giết mổ gia súc trên địa bàn ${where}`;
    case 'waste':
      return `Kiểm tra công tác vệ sinh môi trường, thu gom chất thải rắn sinh hoạt tại các chợ, cơ sở kinh doanh trên địa bàn ${where}`;
    case 'business':
      return `Kiểm tra việc chấp hành pháp luật về bảo vệ môi trường đối với các cơ sở sản xuất, kinh doanh trên địa bàn ${where}`;
    case 'water':
      return `Kiểm tra việc khai thác, sử dụng nước dưới đất trên địa bàn ${where}`;
    case 'land':
      return `Kiểm tra việc sử dụng đất, chuyển mục đích sử dụng đất trên địa bàn ${where}`;
  }
}

/** The acts of one district violator. */
function districtActs(rng: Rng, c: CaseKind): { acts: ActPlan[]; sector: string; kind: SubjectKind; business: boolean } {
  switch (c) {
    case 'shrimp':
      return {
        acts: rng.chance(0.25) ? [act('wwShrimp', 2, 12), act('dumpPlastic', 1, 2)] : [act('wwShrimp', 2, 12)],
        sector: 'shrimp_farming', kind: 'household', business: false,
      };
    case 'earth':
      return { acts: [act('earthUnlicensed', 10, 35)], sector: 'earth_extraction', kind: rng.chance(0.6) ? 'individual' : 'household', business: false };
    case 'livestock':
      return { acts: [act('wwLivestock', 3, 15)], sector: 'livestock', kind: 'household', business: false };
    case 'dumpPublic':
      return { acts: [act('dumpPublic', 0.5, 1)], sector: 'retail', kind: 'household', business: true };
    case 'dumpWater':
      return { acts: [rng.chance(0.5) ? act('dumpPlastic', 1, 2) : act('dumpRoad', 1, 2)], sector: 'other', kind: 'household', business: false };
    case 'contract':
      return {
        acts: rng.chance(0.35) ? [act('contract300', 15, 20), act('dumpPublic', 0.5, 1)] : [act('contract300', 15, 20)],
        sector: rng.chance(0.3) ? 'rice_milling' : 'retail', kind: 'household', business: true,
      };
    case 'org':
      return rng.chance(0.5)
        ? { acts: [act('kiln', 10, 40)], sector: 'brick_kiln', kind: 'organisation', business: true }
        : { acts: rng.chance(0.5) ? [act('wwIndustry', 8, 30), act('dustRiceMill', 6, 20)] : [act('wwIndustry', 8, 30)], sector: 'rice_milling', kind: 'organisation', business: true };
  }
}

// ---------------------------------------------------------------- world

interface Commune {
  id: number;
  name: string;
  urban: boolean;
}
interface District {
  code: string;
  id: number;
  name: string;
  communes: Commune[];
  /** MultiPolygon / Polygon coordinates as rings of [lon, lat] */
  rings: number[][][];
  box: { minLon: number; maxLon: number; minLat: number; maxLat: number };
}
interface Unit {
  code: string;
  orgUnitId: number;
  level: 'province' | 'district';
  district: District | null;
  staff: string[];
  signers: { name: string; title: string }[];
  decisionSuffix: string;
  conclusionPrefix: string;
  createdBy: number | null;
}
interface World {
  cal: WorkCalendar;
  provisions: Provision[];
  units: Map<string, Unit>;
  districts: Map<string, District>;
}

const stripRole = (fullName: string) => fullName.replace(/\s*\(.*\)\s*$/, '').trim();
const demoUserName = (username: string) => stripRole(DEMO_USERS.find((u) => u.username === username)?.fullName ?? '');

async function loadWorld(database: Database, rng: Rng): Promise<World> {
  const db = database.db;
  const cal = await loadWorkCalendar(db);
  const provisions = await listProvisions(db);
  if (provisions.length === 0) throw new Error('inspections demo: the violation catalogue is empty (the module reference step seeds it)');
  const users = await listUsers(db);
  const userId = (username: string) => users.find((u) => u.username === username && u.active)?.id ?? null;
  const [province] = await adminTreeAsOf(db, DEMO_DAY, '94');
  if (!province) throw new Error('inspections demo: administrative units of Sóc Trăng (94) are missing');
  const districts = new Map<string, District>();
  for (const d of province.children.filter((c) => c.level === 2)) {
    const geometry = (await adminUnitBoundary(db, d.id)) as { type: string; coordinates: unknown } | null;
    if (!geometry) throw new Error(`inspections demo: district ${d.code} has no boundary`);
    const rings: number[][][] =
      geometry.type === 'MultiPolygon' ? (geometry.coordinates as number[][][][]).flat() : (geometry.coordinates as number[][][]);
    const pts = rings.flat();
    districts.set(d.code, {
      code: d.code,
      id: d.id,
      name: d.name,
      communes: d.children.filter((c: AdminTreeNode) => c.level === 3).map((c) => ({ id: c.id, name: c.name, urban: c.unitType !== 'xa' })),
      rings,
      box: {
        minLon: Math.max(SOC_TRANG_BOX.minLon, Math.min(...pts.map((p) => p[0]!))),
        maxLon: Math.min(SOC_TRANG_BOX.maxLon, Math.max(...pts.map((p) => p[0]!))),
        minLat: Math.max(SOC_TRANG_BOX.minLat, Math.min(...pts.map((p) => p[1]!))),
        maxLat: Math.min(SOC_TRANG_BOX.maxLat, Math.max(...pts.map((p) => p[1]!))),
      },
    });
  }
  const units = new Map<string, Unit>();
  for (const code of ['TTRA', 'CCBVMT', 'TNN', 'QLDD'] as const) {
    const u = await findOrgUnitByCode(db, code, DEMO_DAY);
    if (!u) throw new Error(`inspections demo: org unit ${code} is missing`);
    const staff = [...PROVINCE_STAFF[code]!];
    if (code === 'TTRA') staff.splice(1, 0, demoUserName('thanhtra'));
    units.set(code, {
      code,
      orgUnitId: u.id,
      level: 'province',
      district: null,
      staff,
      signers: [PROVINCE_SIGNERS[code]!],
      decisionSuffix: code === 'TTRA' ? 'QĐ-TTr' : code === 'CCBVMT' ? 'QĐ-CCBVMT' : 'QĐ-STNMT',
      conclusionPrefix: code === 'TTRA' ? 'KL-TTr' : code === 'CCBVMT' ? 'TB-CCBVMT' : 'TB-STNMT',
      createdBy: code === 'TTRA' ? userId('thanhtra') : null,
    });
  }
  for (const d of [...districts.values()].sort((a, b) => a.code.localeCompare(b.code))) {
    const code = `PTNMT-${d.code}`;
    const u = await findOrgUnitByCode(db, code, DEMO_DAY);
    if (!u) throw new Error(`inspections demo: district office ${code} is missing`);
    const known =
      d.code === '947' ? ['truongphong.mx', 'kiemtra.mx', 'chuyenvien.mx'].map(demoUserName) : d.code === '943' ? [demoUserName('chuyenvien.ks')] : [];
    const staff = [...known];
    while (staff.length < 4) staff.push(personName(rng, pickEthnicity(rng, d.code)).fullName);
    const place = inSentence(d.name);
    units.set(code, {
      code,
      orgUnitId: u.id,
      level: 'district',
      district: d,
      staff,
      signers: [
        { name: personName(rng, 'kinh', false).fullName, title: `Chủ tịch Ủy ban nhân dân ${place}` },
        { name: personName(rng, pickEthnicity(rng, d.code)).fullName, title: `Phó Chủ tịch Ủy ban nhân dân ${place}` },
      ],
      decisionSuffix: 'QĐ-PTNMT',
      conclusionPrefix: 'TB-PTNMT',
      createdBy: d.code === '947' ? userId('kiemtra.mx') : null,
    });
  }
  return { cal, provisions, units, districts };
}

// ---------------------------------------------------------------- generated records

interface Fac {
  id: number;
  name: string;
  address: string;
  adminUnitId: number;
  lat: number;
  lon: number;
  sector: string;
}
interface Subj {
  id: number;
  kind: SubjectKind;
  name: string;
  taxCode: string | null;
  idNumber: string | null;
  representative: string;
  address: string;
  adminUnitId: number;
  phone: string;
  sector: string;
  createdByOrgUnitId: number;
  firstDay: string;
  district: District;
  commune: Commune;
  facility: Fac;
}
interface Line {
  act: Act;
  provision: Provision;
  min: number;
  max: number;
  step: number;
  text: string;
  fine: number;
  violationId: number;
  lineId: number;
}
interface Row {
  id: number;
  subject: Subj;
  inspectedOn: string | null;
  findings: string | null;
  outcome: 'pending' | 'compliant' | 'violation';
  lines: Line[];
  decision: Decision | null;
}
interface Insp {
  id: number;
  unit: Unit;
  year: number;
  decisionDate: string;
  decisionNumber: string;
  mode: 'inspection' | 'check';
  kind: InspectionKind;
  field: InspectionField;
  title: string;
  team: { name: string; role: string }[];
  startsOn: string;
  endsOn: string;
  status: 'concluded' | 'in_progress' | 'cancelled';
  conclusionNumber: string | null;
  conclusionDate: string | null;
  conclusion: string | null;
  rows: Row[];
  /** counted in the review's figures (2023, not cancelled) */
  counted: boolean;
}
interface Decision {
  id: number;
  insp: Insp;
  row: Row;
  number: string;
  decidedOn: string;
  signer: { name: string; title: string };
  fine: number;
  additional: string | null;
  dueOn: string;
  remedies: { id: number; description: string; deadline: string; doneOn: string | null; doneNote: string | null }[];
  payments: { id: number; paidOn: string; amount: number; receipt: string }[];
}

class Generator {
  readonly subjects: Subj[] = [];
  readonly inspections: Insp[] = [];
  private readonly taxCodes = new Set<string>();
  private readonly idNumbers = new Set<string>();
  private readonly companyNames = new Set<string>();
  private subjectId: number;
  private rowId: number;

  constructor(
    private readonly w: World,
    private readonly rng: Rng,
    start: { subject: number; row: number },
  ) {
    this.subjectId = start.subject;
    this.rowId = start.row;
  }

  // ---- days
  private working(d: number): boolean {
    return isWorkingDay(this.w.cal, isoFromDayNumber(d));
  }
  /** a random working day in [lo, hi]; the first working day from lo when there is none */
  pickDay(lo: number, hi: number): number {
    const days: number[] = [];
    for (let d = lo; d <= hi; d++) if (this.working(d)) days.push(d);
    if (days.length) return this.rng.pick(days);
    let d = lo;
    while (!this.working(d)) d++;
    return d;
  }
  private prevWorking(d: number): number {
    let x = d;
    while (!this.working(x)) x--;
    return x;
  }

  // ---- places
  point(district: District): { lat: number; lon: number } {
    const b = district.box;
    for (;;) {
      const lon = Math.round((b.minLon + this.rng.next() * (b.maxLon - b.minLon)) * 1e6) / 1e6;
      const lat = Math.round((b.minLat + this.rng.next() * (b.maxLat - b.minLat)) * 1e6) / 1e6;
      if (insideRings(district.rings, lon, lat)) return { lat, lon };
    }
  }
  private address(district: District, commune: Commune, industrialPark: boolean): string {
    const rng = this.rng;
    const place = `${commune.name}, ${district.name}, tỉnh Sóc Trăng`;
    if (industrialPark) return `Lô ${rng.pick(['A', 'B', 'C', 'D'])}${rng.int(1, 24)}, Khu công nghiệp An Nghiệp, ${place}`;
    if (commune.urban && district.code === '941' && rng.chance(0.7)) return `Số ${rng.int(1, 320)} đường ${rng.pick(CITY_STREETS)}, Khóm ${rng.int(1, 9)}, ${place}`;
    return `${placeWord(commune.urban, rng, HAMLETS)}, ${place}`;
  }

  // ---- subjects
  newSubject(o: {
    kind: SubjectKind;
    trade: string;
    district: District;
    unit: Unit;
    day: string;
    business?: boolean;
    industrialPark?: boolean;
    /** the communes to place the subject in (default: any of the district) */
    communes?: Commune[];
  }): Subj {
    const rng = this.rng;
    const d = o.district;
    const ip = o.industrialPark === true && d.code === '942';
    const commune = ip ? (d.communes.find((c) => /An Hiệp/.test(c.name)) ?? rng.pick(d.communes)) : rng.pick(o.communes ?? d.communes);
    const address = this.address(d, commune, ip);
    const sector = o.trade === 'industrial' ? 'other' : o.trade;
    const { lat, lon } = this.point(d);
    const short = commune.name.replace(/^(Xã|Phường|Thị trấn) /, '');
    let name: string;
    let representative: string;
    let taxCode: string | null = null;
    let idNumber: string | null = null;
    let phone: string;
    let facilityName: string;
    if (o.kind === 'organisation') {
      const company = companyOf(rng, o.trade, this.companyNames);
      name = company.name;
      representative = personName(rng, rng.chance(0.15) ? 'hoa' : rng.chance(0.1) ? 'khmer' : 'kinh').fullName;
      do taxCode = `2200${String(rng.int(100_000, 999_999))}`;
      while (this.taxCodes.has(taxCode));
      this.taxCodes.add(taxCode);
      phone = `02993${String(rng.int(0, 999_999)).padStart(6, '0')}`;
      facilityName = orgFacilityName(o.trade, company.name, company.brand, short);
    } else {
      const person = personName(rng, pickEthnicity(rng, d.code));
      representative = person.fullName;
      const birthYear = rng.int(1958, 2001);
      do idNumber = cccd(rng, person.female, birthYear);
      while (this.idNumbers.has(idNumber));
      this.idNumbers.add(idNumber);
      phone = mobilePhone(rng);
      const honorific = person.female ? 'bà' : 'ông';
      name = o.kind === 'individual' ? person.fullName : o.business ? `Hộ kinh doanh ${person.fullName}` : `Hộ ${honorific} ${person.fullName}`;
      facilityName = personFacilityName(rng, sector, person.fullName, honorific, short, address.split(',')[0]!);
    }
    const subject: Subj = {
      id: ++this.subjectId,
      kind: o.kind,
      name,
      taxCode,
      idNumber,
      representative,
      address,
      adminUnitId: commune.id,
      phone,
      sector,
      createdByOrgUnitId: o.unit.orgUnitId,
      firstDay: o.day,
      district: d,
      commune,
      facility: { id: 0, name: facilityName, address, adminUnitId: commune.id, lat, lon, sector },
    };
    subject.facility.id = subject.id; // one facility per subject: same numbering, offset applied when written
    this.subjects.push(subject);
    return subject;
  }

  // ---- inspections
  schedule(year: number, month: number, o: { latest?: string; earliest?: string; lenMax: number }) {
    const first = dayNumberFromIso(`${year}-${String(month).padStart(2, '0')}-01`);
    const next = month === 12 ? dayNumberFromIso(`${year + 1}-01-01`) : dayNumberFromIso(`${year}-${String(month + 1).padStart(2, '0')}-01`);
    let lo = first;
    let hi = next - 1;
    if (o.earliest) lo = Math.max(lo, dayNumberFromIso(o.earliest));
    if (o.latest) hi = Math.min(hi, dayNumberFromIso(o.latest));
    const decision = this.pickDay(lo, hi);
    const start = this.pickDay(decision + 3, decision + 15);
    const end = Math.max(start, this.prevWorking(start + this.rng.int(1, o.lenMax) - 1));
    return { decision, start, end };
  }

  team(unit: Unit, communeName: string | null): { name: string; role: string }[] {
    const rng = this.rng;
    const size = rng.int(3, 5);
    const staff = [unit.staff[0]!, ...shuffle(rng, unit.staff.slice(1))];
    const head = rng.chance(0.5) ? staff[0]! : staff[1]!;
    const others = staff.filter((n) => n !== head);
    const team = [{ name: head, role: 'Trưởng đoàn' }];
    for (let i = 1; i < size; i++) {
      const role = i === 1 && size >= 4 ? 'Phó Trưởng đoàn' : 'Thành viên';
      if (i === size - 1 && unit.level === 'province' && rng.chance(0.4)) {
        team.push({ name: personName(rng, 'kinh').fullName, role: `Thành viên (${rng.pick(PROVINCE_GUESTS)})` });
      } else if (i === size - 1 && unit.level === 'district' && communeName && rng.chance(0.6)) {
        team.push({ name: personName(rng, pickEthnicity(rng, unit.district!.code)).fullName, role: `Thành viên (công chức Địa chính – Nông nghiệp – Xây dựng và Môi trường, UBND ${inSentence(communeName)})` });
      } else {
        team.push({ name: others.shift() ?? personName(rng, 'kinh').fullName, role });
      }
    }
    return team;
  }

  addInspection(o: {
    unit: Unit;
    year: number;
    month: number;
    kind: InspectionKind;
    field: InspectionField;
    title: string | ((communes: string) => string);
    status: 'concluded' | 'in_progress' | 'cancelled';
    hasViolators: boolean;
    communeForTeam: string | null;
    earliest?: string;
  }): Insp {
    const province = o.unit.level === 'province';
    // 2023: violations are penalised in 2023, checks are concluded in 2023, the December ones are on site before Christmas
    let latest: string | undefined;
    if (o.year === 2023) latest = o.hasViolators ? LAST_VIOLATION_DECISION : o.status === 'in_progress' ? '2023-12-08' : '2023-11-15';
    const s = this.schedule(o.year, o.month, { latest, earliest: o.earliest, lenMax: province ? 15 : 6 });
    const insp: Insp = {
      id: 0,
      unit: o.unit,
      year: o.year,
      decisionDate: isoFromDayNumber(s.decision),
      decisionNumber: '',
      mode: o.unit.code === 'TTRA' ? 'inspection' : 'check',
      kind: o.kind,
      field: o.field,
      title: typeof o.title === 'string' ? o.title : '',
      team: this.team(o.unit, o.communeForTeam),
      startsOn: isoFromDayNumber(s.start),
      endsOn: isoFromDayNumber(s.end),
      status: o.status,
      conclusionNumber: null,
      conclusionDate: null,
      conclusion: null,
      rows: [],
      counted: o.year === 2023 && o.status !== 'cancelled',
    };
    this.inspections.push(insp);
    return insp;
  }

  addRow(insp: Insp, subject: Subj, acts: ActPlan[]): Row {
    if (insp.rows.some((r) => r.subject === subject)) throw new Error('inspections demo: a subject twice in one inspection');
    const rng = this.rng;
    const pending = insp.status === 'cancelled' || (insp.status === 'in_progress' && insp.year === 2024);
    const inspectedOn = pending && insp.status === 'cancelled' ? null : isoFromDayNumber(this.pickDay(dayNumberFromIso(insp.startsOn), dayNumberFromIso(insp.endsOn)));
    const row: Row = { id: ++this.rowId, subject, inspectedOn, findings: null, outcome: 'pending', lines: [], decision: null };
    if (inspectedOn && subject.firstDay > inspectedOn) subject.firstDay = inspectedOn;
    if (!pending) {
      if (acts.length === 0) {
        row.outcome = 'compliant';
        row.findings = rng.pick(COMPLIANT_FINDINGS[insp.field] ?? COMPLIANT_FINDINGS.environment!);
      } else {
        row.outcome = 'violation';
        for (const a of acts) {
          const provision = this.provisionFor(ACT_PROVISION[a.act], inspectedOn!);
          const range = fineRangeFor(provision, subject.kind);
          if (a.min < range.min || a.max > range.max) {
            throw new Error(`inspections demo: ${a.act} range ${a.min}–${a.max} is outside the legal range ${range.min}–${range.max} for ${subject.kind}`);
          }
          const step = a.min % STEP_COARSE === 0 && a.max % STEP_COARSE === 0 && a.min >= 2 * M ? STEP_COARSE : STEP_FINE;
          const text = describeAct(rng, a.act, { district: subject.district.code, commune: subject.commune.name, place: subject.address.split(',')[0]! });
          row.lines.push({ act: a.act, provision, min: a.min, max: a.max, step, text, fine: 0, violationId: 0, lineId: 0 });
        }
        row.findings = `Lập biên bản vi phạm hành chính: ${row.lines.map((l) => l.text).join('; ')}.`;
      }
    } else if (insp.status === 'in_progress') {
      row.findings = 'Đoàn đã kiểm tra thực tế, đang tổng hợp kết quả, chờ kết quả phân tích mẫu.';
    }
    insp.rows.push(row);
    return row;
  }

  private provisionFor(key: ProvisionKey, day: string): Provision {
    const seed = PROVISION_SEED.find((p) => p.key === key);
    if (!seed) throw new Error(`inspections demo: no seed provision ${key}`);
    const p = this.w.provisions.find(
      (x) => x.decree === seed.decree && x.article === seed.article && x.description === seed.description && isProvisionValidOn(x, day),
    );
    if (!p) throw new Error(`inspections demo: provision ${seed.decree} Art. ${seed.article} "${seed.description.slice(0, 40)}…" valid on ${day} is missing`);
    return p;
  }
}

function orgFacilityName(trade: string, name: string, brand: string, commune: string): string {
  switch (trade) {
    case 'seafood_processing':
      return `Nhà máy chế biến thủy sản ${brand}`;
    case 'rice_milling':
      return `Nhà máy xay xát, lau bóng gạo ${brand}`;
    case 'sugar_processing':
      return /[Đđ]ường/.test(name) ? `Nhà máy đường ${brand}` : `Nhà máy chế biến nông sản ${brand}`;
    case 'sand_extraction':
      return `Mỏ cát lòng sông Hậu khu vực ${commune}`;
    case 'earth_extraction':
      return `Mỏ đất san lấp ${commune}`;
    case 'shrimp_farming':
      return `Khu nuôi tôm công nghệ cao ${brand}`;
    case 'hospital':
      return name;
    case 'water_supply':
      return `Trạm khai thác nước dưới đất ${brand}`;
    case 'real_estate':
    case 'construction':
      return `Dự án khu dân cư ${brand} (${commune})`;
    case 'livestock':
      return `Cơ sở giết mổ tập trung ${brand}`;
    case 'waste_collection':
      return `Bãi chôn lấp, lò đốt chất thải rắn sinh hoạt ${commune}`;
    case 'brick_kiln':
      return `Lò gạch ${brand}`;
    default:
      return `Nhà máy ${brand}`;
  }
}

function personFacilityName(rng: Rng, sector: string, fullName: string, honorific: string, commune: string, place: string): string {
  const given = tradeName(fullName);
  const where = inSentence(place);
  switch (sector) {
    case 'shrimp_farming':
      return `Ao nuôi tôm của hộ ${honorific} ${fullName} (${where})`;
    case 'earth_extraction':
      return `Điểm lấy đất tại ${where}, ${commune}`;
    case 'livestock':
      return `Trại chăn nuôi heo của hộ ${honorific} ${fullName}`;
    case 'retail':
      return rng.pick([`Sạp kinh doanh tại chợ ${commune}`, `Quán ăn ${given}`, `Nhà hàng tiệc cưới ${given}`, `Vựa trái cây ${given}`]);
    case 'rice_milling':
      return `Cơ sở xay xát lúa ${given}`;
    case 'brick_kiln':
      return `Lò gạch ${given}`;
    case 'water_supply':
      return `Giếng khoan của hộ ${honorific} ${fullName}`;
    case 'fuel_station':
      return `Cửa hàng xăng dầu ${given}`;
    case 'construction':
      return `Cơ sở vật liệu xây dựng ${given}`;
    case 'real_estate':
      return `Thửa đất của hộ ${honorific} ${fullName} (${where})`;
    default:
      return `Nhà ở của hộ ${honorific} ${fullName}`;
  }
}

/** Even-odd point-in-polygon over every ring (holes and islands alike). */
function insideRings(rings: number[][][], lon: number, lat: number): boolean {
  let inside = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i] as [number, number];
      const [xj, yj] = ring[j] as [number, number];
      if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

// ---------------------------------------------------------------- building the year

function buildProvince(g: Generator, w: World, rng: Rng): void {
  const made: Insp[] = [];
  const violatorsOf: Subj[][] = [];
  const subjectsOf: Subj[][] = [];
  for (const [i, p] of PROVINCE_PLAN.entries()) {
    const unit = w.units.get(p.unit)!;
    const insp = g.addInspection({
      unit,
      year: p.year,
      month: p.month,
      kind: p.kind,
      field: p.field,
      title: p.title,
      status: p.status ?? 'concluded',
      hasViolators: p.violators.length > 0,
      communeForTeam: null,
      earliest: p.recheck ? isoFromDayNumber(Math.max(...p.recheck.map((k) => dayNumberFromIso(made[k]!.endsOn))) + 60) : undefined,
    });
    made.push(insp);
    const vs: Subj[] = [];
    const all: Subj[] = [];
    const again: Subj[] = [];
    for (const k of p.recheck ?? []) again.push(...violatorsOf[k]!);
    if (p.revisit) {
      const k = p.revisit.plan;
      again.push(...[...violatorsOf[k]!, ...subjectsOf[k]!.filter((s) => !violatorsOf[k]!.includes(s))].slice(0, p.revisit.count));
    }
    for (const s of again) {
      all.push(s);
      g.addRow(insp, s, []);
    }
    for (const v of p.violators) {
      const s = g.newSubject({ kind: 'organisation', trade: v.trade, district: w.districts.get(v.district)!, unit, day: insp.startsOn, industrialPark: p.industrialPark });
      vs.push(s);
      all.push(s);
      g.addRow(insp, s, v.acts);
    }
    while (all.length < p.subjects) {
      const k = all.length;
      const district = w.districts.get(p.districts[k % p.districts.length]!)!;
      const s = g.newSubject({ kind: 'organisation', trade: rng.pick(p.trades), district, unit, day: insp.startsOn, industrialPark: p.industrialPark });
      all.push(s);
      g.addRow(insp, s, []);
    }
    violatorsOf[i] = vs;
    subjectsOf[i] = all;
  }
}

interface OfficeInspection {
  theme: Theme;
  cases: CaseKind[];
  compliant: number;
  kind: InspectionKind;
  status: 'concluded' | 'in_progress';
  year: number;
  month: number;
}

function buildDistricts(g: Generator, w: World, rng: Rng): void {
  const offices = [...w.units.values()].filter((u) => u.level === 'district');
  const codes = offices.map((u) => u.district!.code);
  // violators per office and kind of case
  const cases = new Map<string, CaseKind[]>(codes.map((c) => [c, []]));
  for (const c of CASE_ORDER) {
    const spec = DISTRICT_CASES[c];
    const n = apportion(
      spec.count,
      codes.map((code) => spec.offices[code] ?? 0),
    );
    codes.forEach((code, i) => {
      for (let k = 0; k < n[i]!; k++) cases.get(code)!.push(c);
    });
  }
  const totalViolators = [...cases.values()].reduce((s, l) => s + l.length, 0);
  const t = INSPECTION_DEMO_TARGETS.district;
  if (totalViolators !== t.violating) throw new Error(`inspections demo: ${totalViolators} district violators planned, ${t.violating} expected`);
  const compliantPerOffice = apportion(
    t.subjects - t.violating,
    codes.map((c) => OFFICE_WEIGHT[c] ?? 1),
  );
  const province = g.subjects.slice();

  offices.forEach((unit, oi) => {
    const d = unit.district!;
    const mine = cases.get(d.code)!;
    // inspections: one per theme with violators (split above 7), then water and land
    const plans: OfficeInspection[] = [];
    const themes = [...new Set(mine.map((c) => DISTRICT_CASES[c].theme))];
    for (const theme of themes) {
      const list = mine.filter((c) => DISTRICT_CASES[c].theme === theme);
      const parts = Math.ceil(list.length / 7);
      for (let k = 0; k < parts; k++) {
        const kind: InspectionKind = theme === 'earth' ? 'unannounced' : theme === 'livestock' && (d.code === '944' || d.code === '949') ? 'complaint' : 'planned';
        plans.push({ theme, cases: list.filter((_, j) => j % parts === k), compliant: 0, kind, status: 'concluded', year: 2023, month: rng.int(2, 11) });
      }
    }
    for (const theme of ['water', 'land'] as const) {
      const late = IN_PROGRESS_AT_YEAR_END[d.code] === theme;
      plans.push({ theme, cases: [], compliant: 0, kind: 'planned', status: late ? 'in_progress' : 'concluded', year: 2023, month: late ? 12 : rng.int(1, 11) });
    }
    // compliant subjects: 2 each, the rest by size
    const compliant = compliantPerOffice[oi]!;
    const base = Math.min(2, Math.floor(compliant / plans.length));
    const extra = apportion(
      compliant - base * plans.length,
      plans.map((p) => p.cases.length + 2 + rng.next()),
    );
    plans.forEach((p, i) => {
      p.compliant = base + extra[i]!;
    });

    const officeSubjects: Subj[] = [];
    for (const p of plans) {
      const communes = shuffle(rng, d.communes).slice(0, Math.min(d.communes.length, rng.int(1, 3)));
      const where = `${joinVi(communes.map((c) => inSentence(c.name)))}, ${inSentence(d.name)}`;
      const insp = g.addInspection({
        unit,
        year: p.year,
        month: p.month,
        kind: p.kind,
        field: THEME_FIELD[p.theme],
        title: districtTitle(p.theme, where),
        status: p.status,
        hasViolators: p.cases.length > 0,
        communeForTeam: communes[0]!.name,
      });
      for (const c of p.cases) {
        const plan = districtActs(rng, c);
        const s = g.newSubject({ kind: plan.kind, trade: plan.sector, district: d, unit, day: insp.startsOn, business: plan.business, communes });
        officeSubjects.push(s);
        g.addRow(insp, s, plan.acts);
      }
      // reuse: an earlier subject of this office in the water/land checks; province subjects of this district
      const reuse: Subj[] = [];
      if ((p.theme === 'water' || p.theme === 'land') && officeSubjects.length > 0 && rng.chance(0.6)) reuse.push(rng.pick(officeSubjects));
      if (p.theme === 'water' || (p.theme === 'business' && d.code === '943') || (p.theme === 'shrimp' && d.code === '950')) {
        const wanted = p.theme === 'shrimp' ? 'shrimp_farming' : p.theme === 'business' ? 'rice_milling' : 'seafood_processing';
        const candidates = province.filter((s) => s.district === d && s.sector === wanted && !insp.rows.some((r) => r.subject === s));
        if (candidates.length > 0) reuse.push(candidates[0]!);
      }
      let left = p.compliant;
      for (const s of reuse) {
        if (left === 0 || insp.rows.some((r) => r.subject === s)) continue;
        g.addRow(insp, s, []);
        left--;
      }
      const sectors = THEME_SECTORS[p.theme];
      for (; left > 0; left--) {
        const sector = rng.pick(sectors);
        const organisation =
          (p.theme === 'business' && rng.chance(0.5)) || (p.theme === 'water' && sector === 'other' && rng.chance(0.5)) || (p.theme === 'shrimp' && rng.chance(0.08));
        const kind: SubjectKind = organisation ? 'organisation' : p.theme === 'earth' && rng.chance(0.5) ? 'individual' : 'household';
        const trade = organisation && sector === 'other' ? 'industrial' : sector;
        const s = g.newSubject({ kind, trade, district: d, unit, day: insp.startsOn, business: sector === 'retail' || p.theme === 'business', communes });
        officeSubjects.push(s);
        g.addRow(insp, s, []);
      }
    }
  });

  // 2024: Mỹ Xuyên re-checks two of its 2023 violators (one offends again); Kế Sách has a check in progress
  const mx = w.units.get('PTNMT-947')!;
  const ks = w.units.get('PTNMT-943')!;
  const mxViolators = g.inspections
    .filter((i) => i.unit === mx && i.year === 2023)
    .flatMap((i) => i.rows.filter((r) => r.outcome === 'violation' && r.subject.sector === 'shrimp_farming').map((r) => r.subject));
  const mx2024 = g.addInspection({
    unit: mx,
    year: 2024,
    month: 1,
    kind: 'follow_up',
    field: 'environment',
    title: `Kiểm tra việc khắc phục vi phạm về bảo vệ môi trường của các hộ nuôi tôm đã bị xử phạt năm 2023 trên địa bàn ${inSentence(mx.district!.name)}`,
    status: 'concluded',
    hasViolators: true,
    communeForTeam: mxViolators[0]?.commune.name ?? null,
  });
  mxViolators.slice(0, 2).forEach((s, i) => {
    g.addRow(mx2024, s, i === 0 ? [act('wwShrimp', 2, 12)] : []);
  });
  for (let i = 0; i < 4; i++) {
    const s = g.newSubject({ kind: 'household', trade: 'shrimp_farming', district: mx.district!, unit: mx, day: mx2024.startsOn });
    g.addRow(mx2024, s, i === 0 ? [act('wwShrimp', 2, 12), act('dumpPlastic', 1, 2)] : []);
  }
  const ks2024 = g.addInspection({
    unit: ks,
    year: 2024,
    month: 2,
    kind: 'unannounced',
    field: 'minerals',
    title: `Kiểm tra đột xuất hoạt động khai thác đất san lấp không có giấy phép trên địa bàn ${inSentence(ks.district!.name)}`,
    status: 'in_progress',
    hasViolators: false,
    communeForTeam: null,
    earliest: '2024-02-15',
  });
  for (let i = 0; i < 4; i++) g.addRow(ks2024, g.newSubject({ kind: 'individual', trade: 'earth_extraction', district: ks.district!, unit: ks, day: ks2024.startsOn }), []);
}

function joinVi(parts: string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} và ${parts[parts.length - 1]}`;
}

/** Fines: exact totals for the 2023 lines of each level; 2024 lines anywhere in their sub-range. */
function assignFines(g: Generator, rng: Rng): void {
  for (const level of ['province', 'district'] as const) {
    const lines = g.inspections.filter((i) => i.counted && i.unit.level === level).flatMap((i) => i.rows.flatMap((r) => r.lines));
    const amounts = splitTotal(INSPECTION_DEMO_TARGETS[level].finesVnd, lines, rng);
    lines.forEach((l, i) => {
      l.fine = amounts[i]!;
    });
  }
  for (const l of g.inspections.filter((i) => !i.counted).flatMap((i) => i.rows.flatMap((r) => r.lines))) {
    l.fine = l.min + rng.int(0, (l.max - l.min) / l.step) * l.step;
  }
}

/** Decision, conclusion and penalty numbers; penalty decisions with remedies and payments. */
function decide(g: Generator, w: World, rng: Rng, ids: { decision: number; remedy: number; payment: number; violation: number; line: number }): Decision[] {
  const decisions: Decision[] = [];
  const provisionById = new Map(w.provisions.map((p) => [p.id, p]));
  for (const insp of g.inspections) {
    const end = dayNumberFromIso(insp.endsOn);
    const cap = insp.year === 2023 ? dayNumberFromIso(LAST_2023) : end + 25;
    for (const row of insp.rows) {
      if (row.outcome !== 'violation') continue;
      for (const l of row.lines) {
        l.violationId = ++ids.violation;
        l.lineId = ++ids.line;
      }
      const decided = g.pickDay(end + 3, Math.min(end + 25, cap));
      const signers = insp.unit.signers;
      const d: Decision = {
        id: ++ids.decision,
        insp,
        row,
        number: '',
        decidedOn: isoFromDayNumber(decided),
        signer: signers.length > 1 && rng.chance(0.45) ? signers[1]! : signers[0]!,
        fine: row.lines.reduce((s, l) => s + l.fine, 0),
        additional: additionalPenalty(rng, row.lines.map((l) => l.act)),
        dueOn: isoFromDayNumber(decided + 10),
        remedies: [],
        payments: [],
      };
      const seen = new Set<string>();
      for (const l of row.lines) {
        const measures = provisionById.get(l.provision.id)?.remedialMeasures ?? [];
        measures.forEach((m, k) => {
          if (seen.has(m) || (k > 0 && !rng.chance(0.5))) return;
          seen.add(m);
          d.remedies.push({ id: ++ids.remedy, description: m, deadline: isoFromDayNumber(decided + rng.pick([30, 45, 60, 90])), doneOn: null, doneNote: null });
        });
      }
      row.decision = d;
      decisions.push(d);
    }
  }
  // numbers per unit: 2024 from 01, 2023 from a later number (the unit issues other decisions too)
  const byUnit = new Map<Unit, Insp[]>();
  for (const i of g.inspections) byUnit.set(i.unit, [...(byUnit.get(i.unit) ?? []), i]);
  const pad = (n: number) => String(n).padStart(2, '0');
  for (const [unit, list] of byUnit) {
    const sorted = [...list].sort((a, b) => a.decisionDate.localeCompare(b.decisionDate));
    for (const year of [2023, 2024]) {
      let n = year === 2024 ? 0 : rng.int(3, 6) + (unit.decisionSuffix === 'QĐ-STNMT' ? 100 * (unit.code === 'TNN' ? 1 : 2) : 0);
      let c = year === 2024 ? 0 : rng.int(2, 5);
      for (const i of sorted.filter((x) => x.year === year)) {
        n += year === 2024 ? 1 : rng.int(1, 3);
        i.decisionNumber = `${pad(n)}/${unit.decisionSuffix}`;
        if (i.status === 'concluded') {
          c += year === 2024 ? 1 : rng.int(1, 3);
          i.conclusionNumber = `${pad(c)}/${unit.conclusionPrefix}`;
        }
      }
      let p = year === 2024 ? 0 : rng.int(4, 8);
      const mine = decisions.filter((d) => d.insp.unit === unit && d.insp.year === year).sort((a, b) => a.decidedOn.localeCompare(b.decidedOn) || a.id - b.id);
      for (const d of mine) {
        p += year === 2024 ? 1 : rng.int(1, 2);
        d.number = `${pad(p)}/QĐ-XPHC`;
      }
    }
  }
  // conclusions
  for (const insp of g.inspections) {
    if (insp.status !== 'concluded') continue;
    const end = dayNumberFromIso(insp.endsOn);
    const lastDecided = Math.max(end, ...insp.rows.filter((r) => r.decision).map((r) => dayNumberFromIso(r.decision!.decidedOn)));
    const lo = Math.max(end + 5, lastDecided);
    const hi = insp.year === 2023 ? Math.max(lo, Math.min(lo + 20, dayNumberFromIso(LAST_2023))) : lo + 20;
    insp.conclusionDate = isoFromDayNumber(g.pickDay(lo, hi));
    const verb = insp.mode === 'inspection' ? 'Thanh tra' : 'Kiểm tra';
    const noun = insp.unit.level === 'province' ? 'tổ chức' : 'tổ chức, cá nhân';
    const v = insp.rows.filter((r) => r.outcome === 'violation');
    const total = v.reduce((s, r) => s + r.decision!.fine, 0);
    insp.conclusion =
      v.length === 0
        ? `${verb} ${insp.rows.length} ${noun}; không phát hiện vi phạm. Kiến nghị các ${noun} tiếp tục thực hiện đúng quy định của pháp luật.`
        : `${verb} ${insp.rows.length} ${noun}; ${insp.rows.length - v.length} ${noun} chấp hành đúng quy định; ${v.length} ${noun} vi phạm, đã ban hành ${v.length} quyết định xử phạt vi phạm hành chính với tổng số tiền ${formatVnd(total)}. Yêu cầu các ${noun} vi phạm nộp phạt và thực hiện biện pháp khắc phục hậu quả đúng thời hạn.`;
  }
  // payments: fixed shares per level: full in time, full late, partly paid, unpaid
  const receipts = new Map<string, number>();
  const receipt = (paidOn: string) => {
    const prefix = rng.chance(0.6) ? 'BL' : 'GNT';
    const key = `${prefix}-${paidOn.slice(0, 4)}`;
    const n = (receipts.get(key) ?? rng.int(40, 300)) + rng.int(1, 9);
    receipts.set(key, n);
    return `${key}-${String(n).padStart(6, '0')}`;
  };
  for (const level of ['province', 'district'] as const) {
    const mine = decisions.filter((d) => d.insp.unit.level === level);
    const n = mine.length;
    const unpaid = Math.max(1, Math.round(n * 0.06));
    const partial = Math.max(2, Math.round(n * 0.09));
    const late = Math.max(1, Math.round(n * 0.06));
    const plan = shuffle(rng, [
      ...Array<string>(unpaid).fill('unpaid'),
      ...Array<string>(partial).fill('partial'),
      ...Array<string>(late).fill('late'),
      ...Array<string>(Math.max(0, n - unpaid - partial - late)).fill('full'),
    ]);
    mine.forEach((d, i) => {
      const decided = dayNumberFromIso(d.decidedOn);
      const due = dayNumberFromIso(d.dueOn);
      const how = plan[i]!;
      const pay = (day: number, amount: number) => {
        const paidOn = isoFromDayNumber(day);
        d.payments.push({ id: ++ids.payment, paidOn, amount, receipt: receipt(paidOn) });
      };
      if (how === 'full') pay(g.pickDay(decided + 1, due), d.fine);
      else if (how === 'late') pay(g.pickDay(due + 5, due + 60), d.fine);
      else if (how === 'partial') {
        const first = Math.max(STEP_FINE, Math.floor((d.fine * (0.3 + 0.3 * rng.next())) / STEP_FINE) * STEP_FINE);
        pay(g.pickDay(decided + 1, due), Math.min(first, d.fine - STEP_FINE));
        const second = Math.floor((d.fine - first) / 2 / STEP_FINE) * STEP_FINE;
        if (rng.chance(0.5) && second > 0) pay(g.pickDay(due + 20, due + 70), second);
      }
    });
    // remedies: most done before the deadline, a few not done (overdue)
    const remedies = mine.flatMap((d) => d.remedies.map((r) => ({ d, r })));
    const notDone = new Set(shuffle(rng, remedies).slice(0, Math.max(2, Math.round(remedies.length * 0.15))));
    for (const x of remedies) {
      if (notDone.has(x)) continue;
      const from = dayNumberFromIso(x.d.decidedOn) + 5;
      x.r.doneOn = isoFromDayNumber(g.pickDay(from, Math.max(from, dayNumberFromIso(x.r.deadline))));
      x.r.doneNote = remedyDoneNote(rng, x.r.description);
    }
  }
  return decisions;
}

/** The review's figures, recounted from what was generated (a construction error throws before anything is written). */
function checkTargets(g: Generator): void {
  for (const level of ['province', 'district'] as const) {
    const list = g.inspections.filter((i) => i.counted && i.unit.level === level);
    const rows = list.flatMap((i) => i.rows);
    const violating = rows.filter((r) => r.outcome === 'violation');
    const decided = violating.filter((r) => r.decision && r.decision.decidedOn <= '2023-12-31');
    const got = {
      inspections: list.length,
      subjects: rows.length,
      violating: violating.length,
      decisions: decided.length,
      finesVnd: decided.reduce((s, r) => s + r.decision!.fine, 0),
    };
    const want: Record<string, number> = INSPECTION_DEMO_TARGETS[level];
    for (const [k, v] of Object.entries(got)) {
      if (k in want && want[k] !== v) throw new Error(`inspections demo: ${level} ${k} = ${v}, expected ${want[k]}`);
    }
  }
}

// ---------------------------------------------------------------- load

/** What the part wrote. */
export interface InspectionDemoSummary {
  subjects: number;
  inspections: number;
  inspected: number;
  decisions: number;
  ms: number;
}

const TABLES = [
  'inspection_subjects',
  'inspection_facilities',
  'inspections',
  'inspected_subjects',
  'violations',
  'penalty_decisions',
  'penalty_lines',
  'remedial_measures',
  'penalty_payments',
] as const;

/** 08:30 Vietnam time on an ISO day. */
const at = (day: string) => new Date(`${day}T01:30:00.000Z`);

/** Generate and write the demo inspections. Deterministic for a given rng state and database content. */
export async function loadInspectionDemo(
  database: Database,
  rng: Rng,
  progress: (fraction: number, label?: string) => void = () => {},
): Promise<InspectionDemoSummary> {
  const t0 = performance.now();
  const w = await loadWorld(database, rng);
  progress(0.1, 'thanh tra mẫu: tạo dữ liệu');
  const [max] = await database.query<Record<string, number | null>>(`SELECT ${TABLES.map((t) => `(SELECT max(id) FROM ${t}) AS ${t}`).join(', ')}`);
  const start = (t: (typeof TABLES)[number]) => Number(max?.[t] ?? 0);
  const g = new Generator(w, rng, { subject: start('inspection_subjects'), row: start('inspected_subjects') });
  buildProvince(g, w, rng);
  buildDistricts(g, w, rng);
  assignFines(g, rng);
  const decisions = decide(g, w, rng, {
    decision: start('penalty_decisions'),
    remedy: start('remedial_measures'),
    payment: start('penalty_payments'),
    violation: start('violations'),
    line: start('penalty_lines'),
  });
  checkTargets(g);
  // inspection ids in the order of decision
  const ordered = [...g.inspections].sort((a, b) => a.decisionDate.localeCompare(b.decisionDate));
  let inspectionId = start('inspections');
  for (const i of ordered) i.id = ++inspectionId;
  progress(0.5, 'thanh tra mẫu: ghi dữ liệu');

  const facilityOffset = start('inspection_facilities') - start('inspection_subjects');
  const rows: Record<(typeof TABLES)[number], unknown[][]> = {
    inspection_subjects: g.subjects.map((s) => [
      s.id, s.kind, s.name, s.taxCode, s.idNumber, s.representative, s.address, s.adminUnitId, s.phone, s.sector, s.createdByOrgUnitId, at(s.firstDay),
    ]),
    inspection_facilities: g.subjects.map((s) => [
      s.facility.id + facilityOffset, s.id, s.facility.name, s.facility.address, s.facility.adminUnitId, s.facility.lat, s.facility.lon, s.facility.sector, at(s.firstDay),
    ]),
    inspections: ordered.map((i) => [
      i.id, i.unit.orgUnitId, i.decisionNumber, i.decisionDate, i.mode, i.kind, i.field, i.title, JSON.stringify(i.team), i.startsOn, i.endsOn, i.status,
      i.conclusionNumber, i.conclusionDate, i.conclusion, i.unit.createdBy, at(i.decisionDate),
    ]),
    inspected_subjects: ordered.flatMap((i) =>
      i.rows.map((r) => [r.id, i.id, r.subject.id, r.subject.facility.id + facilityOffset, r.inspectedOn, r.findings, r.outcome]),
    ),
    violations: ordered.flatMap((i) =>
      i.rows.flatMap((r) => r.lines.map((l) => [l.violationId, r.id, l.provision.id, l.text, r.inspectedOn, i.unit.createdBy, at(r.inspectedOn!)])),
    ),
    penalty_decisions: decisions.map((d) => [
      d.id, d.row.id, d.insp.unit.orgUnitId, d.number, d.decidedOn, d.signer.name, d.signer.title, d.fine, d.additional, d.dueOn, d.insp.unit.createdBy, at(d.decidedOn),
    ]),
    penalty_lines: decisions.flatMap((d) => d.row.lines.map((l) => [l.lineId, d.id, l.violationId, l.fine, null])),
    remedial_measures: decisions.flatMap((d) => d.remedies.map((r) => [r.id, d.id, r.description, r.deadline, r.doneOn, r.doneNote])),
    penalty_payments: decisions.flatMap((d) => d.payments.map((p) => [p.id, d.id, p.paidOn, p.amount, p.receipt, d.insp.unit.createdBy, at(p.paidOn)])),
  };
  const columns: Record<(typeof TABLES)[number], string[]> = {
    inspection_subjects: ['id', 'kind', 'name', 'tax_code', 'id_number', 'representative', 'address', 'admin_unit_id', 'phone', 'sector', 'created_by_org_unit_id', 'created_at'],
    inspection_facilities: ['id', 'subject_id', 'name', 'address', 'admin_unit_id', 'latitude', 'longitude', 'sector', 'created_at'],
    inspections: [
      'id', 'org_unit_id', 'decision_number', 'decision_date', 'mode', 'kind', 'field', 'title', 'team', 'starts_on', 'ends_on', 'status',
      'conclusion_number', 'conclusion_date', 'conclusion', 'created_by', 'created_at',
    ],
    inspected_subjects: ['id', 'inspection_id', 'subject_id', 'facility_id', 'inspected_on', 'findings', 'outcome'],
    violations: ['id', 'inspected_subject_id', 'provision_id', 'description', 'committed_on', 'recorded_by', 'created_at'],
    penalty_decisions: [
      'id', 'inspected_subject_id', 'org_unit_id', 'number', 'decided_on', 'signer_name', 'signer_title', 'fine_vnd', 'additional_penalties', 'payment_due_on',
      'created_by', 'created_at',
    ],
    penalty_lines: ['id', 'decision_id', 'violation_id', 'fine_vnd', 'out_of_range_reason'],
    remedial_measures: ['id', 'decision_id', 'description', 'deadline', 'done_on', 'done_note'],
    penalty_payments: ['id', 'decision_id', 'paid_on', 'amount_vnd', 'receipt_number', 'recorded_by', 'recorded_at'],
  };
  // PGlite: one transaction (a failure leaves nothing); PostgreSQL: COPY on pooled connections, table by table
  const pglite = database.engine === 'pglite';
  if (pglite) await database.exec('BEGIN');
  try {
    for (const [k, table] of TABLES.entries()) {
      await database.copyRows(table, columns[table], rows[table]);
      progress(0.5 + (0.5 * (k + 1)) / TABLES.length, 'thanh tra mẫu: ghi dữ liệu');
    }
    for (const table of TABLES) {
      await database.exec(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), max(id)) FROM ${table} HAVING max(id) IS NOT NULL`);
    }
    if (pglite) await database.exec('COMMIT');
  } catch (e) {
    if (pglite) await database.exec('ROLLBACK');
    throw e;
  }
  return {
    subjects: g.subjects.length,
    inspections: g.inspections.length,
    inspected: rows.inspected_subjects.length,
    decisions: decisions.length,
    ms: Math.round(performance.now() - t0),
  };
}

/** The 2023 inspections and enforcement (see the comment at the top of this file). */
export const inspectionsDemo: DemoPart = {
  name: 'inspections',
  weight: 3,
  async load(ctx) {
    const s = await loadInspectionDemo(ctx.database, ctx.rng, ctx.progress);
    ctx.announce(
      `thanh tra, kiểm tra mẫu 2023: ${s.inspections} cuộc, ${s.inspected} lượt đối tượng (${s.subjects} đối tượng), ${s.decisions} quyết định xử phạt (${s.ms} ms)`,
    );
  },
};
