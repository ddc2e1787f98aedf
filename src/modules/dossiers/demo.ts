import {
  addWorkingDays,
  addWorkingHours,
  isInOfficeHours,
  isWorkingDay,
  loadWorkCalendar,
  nextOpening,
  toIsoVn,
  type WorkCalendar,
  workingTimeBetween,
} from '../../core/calendar/index.js';
import { isoFromDayNumber, MINUTE_MS, vnDayNumber, vnInstantMs, vnMsOfDay, weekdayOfDayNumber } from '../../core/calendar/time.js';
import type { Database } from '../../core/db/index.js';
import type { DemoPart, Rng } from '../../core/demo.js';
import { type AdminTreeNode, adminTreeAsOf, findOrgUnitByCode, orgTreeAsOf } from '../org/queries.js';
import { listUsers } from '../org/user-commands.js';
import { checkExtension, classifyFinished, computeClock } from './clock.js';
import { formatDossierCode, vnDate } from './codes.js';
import {
  cccd,
  CITY_STREETS,
  companyName,
  EXTENSION_REASONS,
  EXTENSION_REASONS_PROVINCE,
  type Ethnicity,
  HAMLETS,
  mobilePhone,
  PAUSE_NOTE,
  personName,
  pickEthnicity,
  pickWeighted,
  REFUSAL_REASONS_LAND,
  REFUSAL_REASONS_PROVINCE,
  SUPPLEMENT_EXTRA_ITEMS,
  SUPPLEMENT_ITEMS_ENVIRONMENT,
  taxCode,
  type Weighted,
  WITHDRAWAL_REASONS,
} from './demo-names.js';
import { CHANNELS, type ClockEvent, type ClockState, type DossierEventKind, type TimeLimit, type Timeliness } from './model.js';
import { procedures, type RequiredDocument } from './schema.js';

/*
 * The 2023 demo dossiers of the Sóc Trăng department and its 11 district offices, generated record by record so
 * that Biểu 06 computed from them gives what the department reported at its 2023 review (fixtures/
 * soc-trang-2023-review.txt): district level 25.628 dossiers done, 25.157 early or on time (98,2 %); the department
 * 354 done, 353 early (99,7 %). "Done in 2023" = finished_at in [2023-01-01, 2024-01-01) Vietnam time; early / on
 * time / late = classifyFinished(finished_at, due_at).
 *
 * How the counts are exact: the quotas are decided first (DEMO_TARGETS → per district office, per receipt month,
 * per class, by largest-remainder apportionment), giving one slot per dossier that must be done in 2023 with a
 * target class. Each slot is then generated: procedure, receipt instant, events up to the last one before the
 * ending, computeClock for the due instant, a finish instant chosen inside the target class, computeClock again
 * with the ending and the return, and classifyFinished must give the target class with finished_at inside the
 * slot's window — otherwise the slot is drawn again (never dropped). The stored clock columns are that last
 * computeClock result, so they equal a fresh computeClock of the stored events.
 *
 * Besides the done-in-2023 slots: dossiers received in Nov–Dec 2022 that finish in 2023 are part of the quotas
 * (they appear as "carried over"), and dossiers received in (late Nov–)Dec 2023 that are still open on
 * 31/12/2023 are extra slots: most finish in January–February 2024 (some of them overdue at year end, hence late),
 * a few stay open waiting for the applicant's supplement (status 5, clock stopped).
 *
 * Simplifications: no difficult-area extension (received data.difficultArea = false); the seed catalogue has
 * no fees (fee_vnd 0, fee_mode 'exempt', no fee_paid events; a procedure with a fee would get them); e-mail
 * addresses are @example.com; staff names are invented except the demo users found in the database (their
 * dossiers are assigned to them) and the head of the city office named in the review article.
 */

/**
 * What Biểu 06 of 2023 must show (district level and the department). early + onTime + late = done. The review
 * gives early + on time together for the districts (25.157); the split is ours: same-day procedures (mortgage
 * registration) make most of the on-time ones. carriedOver (received Nov–Dec 2022) is part of done;
 * openAtYearEnd dossiers are extra.
 */
export const DEMO_TARGETS = {
  district: { done: 25_628, early: 22_257, onTime: 2_900, late: 471, carriedOver: 920, openAtYearEnd: 1_000 },
  province: { done: 354, early: 353, onTime: 0, late: 1, carriedOver: 16, openAtYearEnd: 24 },
} as const;

const HOUR_MS = 3_600_000;
const VN_OFFSET_MS = 7 * HOUR_MS;
const vnMidnight = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) - VN_OFFSET_MS;
const YEAR_START = vnMidnight(2023, 1, 1);
const YEAR_END = vnMidnight(2024, 1, 1);
/** finishes of dossiers open at year end fall before this */
const AFTER_END = vnMidnight(2024, 7, 1);
const dayOf = (t: number) => vnDayNumber(t);
const dayOfIso = (y: number, m: number, d: number) => vnDayNumber(vnMidnight(y, m, d));

/** District offices by GSO district code: share of the dossiers (population and land market) and of the late ones. */
const DISTRICTS: Readonly<Record<string, { volume: number; late: number }>> = {
  '941': { volume: 14, late: 1.5 }, // Thành phố Sóc Trăng
  '942': { volume: 8.5, late: 0.8 }, // Châu Thành
  '943': { volume: 11.5, late: 1.1 }, // Kế Sách
  '944': { volume: 8, late: 0.9 }, // Mỹ Tú
  '945': { volume: 3.5, late: 0.5 }, // Cù Lao Dung
  '946': { volume: 10, late: 1 }, // Long Phú
  '947': { volume: 12, late: 1.2 }, // Mỹ Xuyên
  '948': { volume: 6, late: 0.6 }, // Ngã Năm
  '949': { volume: 6.5, late: 0.7 }, // Thạnh Trị
  '950': { volume: 9.5, late: 1.1 }, // Vĩnh Châu
  '951': { volume: 10.5, late: 1.3 }, // Trần Đề
};

/** Receipt months of 2023 (dossiers done in 2023): fewer in the Tết month, more in Q4; December only partly done. */
const MONTH_WEIGHTS_DISTRICT = [6.2, 7.6, 8.7, 7.6, 8.4, 8.6, 8.4, 8.8, 7.9, 9.2, 9.6, 5.6] as const;
const MONTH_WEIGHTS_PROVINCE = [5.5, 7, 8.5, 8, 8.5, 8.5, 8.5, 8.5, 8, 9, 9, 6] as const;
/** Late dossiers cluster after Tết and at the year-end peak. */
const MONTH_LATE_FACTOR = [1.4, 1.2, 1, 0.9, 1, 1, 1, 1, 0.9, 1.1, 1.3, 1.3] as const;
/** Carried over from 2022: received in November / December 2022. */
const CARRIED_SPLIT = [0.06, 0.94] as const;

/** Procedure mix by national code (share of the dossiers); unknown codes get a small default. */
const DISTRICT_MIX: Readonly<Record<string, number>> = {
  '1.013831': 36, // chuyển nhượng, thừa kế, tặng cho
  '1.012784': 13, // tách thửa, hợp thửa
  '1.011441': 9, // đăng ký biện pháp bảo đảm (trong ngày)
  '1.013833': 9, // thay đổi thông tin
  '1.012783': 9, // cấp đổi
  '1.013978': 8, // đăng ký, cấp GCN lần đầu
  '1.013992': 4, // chuyển mục đích không phải xin phép
  '1.012789': 4, // cung cấp thông tin
  'L.DD-DKLD': 3, // đăng ký đất đai lần đầu
  '1.012786': 2.5, // cấp lại do mất
  '1.012790': 2, // đính chính
  '1.012812': 0.5, // hòa giải tranh chấp
};
const PROVINCE_MIX: Readonly<Record<string, number>> = {
  '1.012753': 40, // tổ chức: đăng ký, cấp GCN lần đầu
  'L.MT-GPMT': 33, // giấy phép môi trường
  'L.MT-DTM': 22, // thẩm định ĐTM
  '1.012805': 5, // tranh chấp đất đai
};
/** Same-day procedures can rarely be early (only when received after 15:00); they make most on-time dossiers. */
const SAME_DAY_CLASS_FACTOR: Record<SlotClass, number> = { early: 0.15, on_time: 20, late: 1, auto: 1 };
/** Procedures whose dossiers may wait for the applicant's financial obligation (land-use levy, taxes). */
const PAUSABLE = new Set(['1.013831', '1.013992', '1.013978', 'L.DD-DKLD', '1.012753']);

// ---------------------------------------------------------------- apportionment

/** Split `total` over `weights` in whole numbers (largest remainder; ties to the lower index). Sums to `total`. */
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

// ---------------------------------------------------------------- types

type Level = 'district' | 'province';
/** carried: received Nov–Dec 2022, done in 2023; year: received and done in 2023; yearEnd: received in 2023, open on 31/12 */
type Window = 'carried' | 'year' | 'yearEnd';
/** the target class of a dossier done in 2023; 'auto' = open at year end, class decided when generated */
type SlotClass = Timeliness | 'auto';

interface ProcVersion {
  id: number;
  validFrom: string;
  validTo: string | null;
  limit: TimeLimit;
  feeVnd: number;
  docs: RequiredDocument[];
}
interface ProcKind {
  code: string;
  name: string;
  field: string;
  handlingOrgUnitId: number | null;
  sameDay: boolean;
  pausable: boolean;
  versions: ProcVersion[];
}

interface Person {
  name: string;
  userId: number | null;
}
interface Staff {
  clerks: Person[];
  specialists: Person[];
  /** head first, then deputy */
  leaders: Person[];
}
interface Commune {
  id: number;
  name: string;
  urban: boolean;
  districtName: string;
  districtCode: string;
}
interface Unit {
  orgUnitId: number;
  code: string;
  name: string;
  agencyCode: string;
  staff: Staff;
}
interface Office extends Unit {
  districtCode: string;
  communes: Commune[];
  communeWeights: Weighted<Commune>;
}

interface Slot {
  level: Level;
  office: Office | null;
  window: Window;
  /** receipt month: 1–12 of 2023, or 11/12 of 2022 for carried */
  month: number;
  cls: SlotClass;
}

interface GenEvent {
  kind: DossierEventKind;
  at: number;
  actor: Person | null;
  from: number | null;
  to: number | null;
  note: string | null;
  data: Record<string, unknown> | null;
}

interface GenDossier {
  receivedAt: number;
  agencyCode: string;
  procedureId: number;
  orgUnitId: number;
  channel: number;
  applicantKind: 'person' | 'organisation';
  applicantName: string;
  applicantIdNumber: string;
  applicantPhone: string;
  applicantEmail: string | null;
  applicantAddress: string;
  applicantAdminUnitId: number;
  state: ClockState;
  assignedTo: number | null;
  feeVnd: number;
  feeMode: string;
  feePaidAt: number | null;
  feeReceiptNo: string | null;
  events: GenEvent[];
  docs: RequiredDocument[];
}

/** What the part wrote, for the operator and the tests. */
export interface DossierDemoSummary {
  dossiers: number;
  events: number;
  documents: number;
  generateMs: number;
  writeMs: number;
}

// ---------------------------------------------------------------- reference data

async function loadProcedures(database: Database): Promise<Record<Level, ProcKind[]>> {
  const rows = await database.db.select().from(procedures).orderBy(procedures.code, procedures.validFrom);
  const byCode = new Map<string, ProcKind & { level: string }>();
  for (const r of rows) {
    let k = byCode.get(r.code);
    if (!k) {
      k = {
        code: r.code,
        name: r.name,
        field: r.field,
        level: r.level,
        handlingOrgUnitId: r.handlingOrgUnitId,
        sameDay: r.timeLimitUnit === 'same_day',
        pausable: PAUSABLE.has(r.code),
        versions: [],
      };
      byCode.set(r.code, k);
    }
    k.versions.push({
      id: r.id,
      validFrom: r.validFrom,
      validTo: r.validTo,
      limit: { value: Number(r.timeLimitValue), unit: r.timeLimitUnit },
      feeVnd: Number(r.feeVnd),
      docs: r.requiredDocuments ?? [],
    });
  }
  const out: Record<Level, ProcKind[]> = { district: [], province: [] };
  for (const k of byCode.values()) if (k.level === 'district' || k.level === 'province') out[k.level].push(k);
  if (!out.district.length || !out.province.length) {
    throw new Error('dossiers demo: the procedure catalogue has no district-level or no province-level procedure (seed it first)');
  }
  return out;
}

/** The version valid on the receipt day; the earliest one when none is (a catalogue dated after the receipt). */
function versionOn(kind: ProcKind, day: string): ProcVersion {
  return kind.versions.find((v) => v.validFrom <= day && (v.validTo === null || v.validTo > day)) ?? kind.versions[0]!;
}

function stripRole(fullName: string): string {
  return fullName.replace(/\s*\(.*\)\s*$/, '').trim();
}

function makeStaff(
  rng: Rng,
  unitCode: string,
  users: { id: number; fullName: string; roles: string[]; orgUnitCode: string; active: boolean }[],
  sizes: { clerks: number; specialists: number },
  head?: string,
): Staff {
  const mine = users.filter((u) => u.orgUnitCode === unitCode && u.active);
  const real = (role: string): Person[] =>
    mine.filter((u) => u.roles.includes(role)).map((u) => ({ name: stripRole(u.fullName), userId: u.id }));
  const invent = (n: number): Person[] =>
    Array.from({ length: n }, () => ({ name: personName(rng, rng.chance(0.2) ? 'khmer' : 'kinh').fullName, userId: null }));
  const clerks = [...real('clerk'), ...invent(Math.max(0, sizes.clerks - real('clerk').length))];
  const specialists = [...real('officer'), ...invent(Math.max(0, sizes.specialists - real('officer').length))];
  const leaders: Person[] = real('leader');
  if (head && !leaders.some((l) => l.name === head)) leaders.unshift({ name: head, userId: null });
  while (leaders.length < 2) leaders.push(invent(1)[0]!);
  return { clerks, specialists, leaders };
}

function communesOf(district: AdminTreeNode): Commune[] {
  return district.children
    .filter((c) => c.level === 3)
    .map((c) => ({
      id: c.id,
      name: c.name,
      urban: c.unitType === 'phuong' || c.unitType === 'thi_tran',
      districtName: district.name,
      districtCode: district.code,
    }));
}

// ---------------------------------------------------------------- the generator

interface World {
  cal: WorkCalendar;
  procs: Record<Level, ProcKind[]>;
  offices: Office[];
  province: { agencyCode: string; desk: Staff; units: Map<string, Unit>; stnmtId: number; communes: Commune[]; industrial: Commune | null };
}

class Generator {
  private readonly working = new Map<number, boolean>();
  /** working day numbers from 2022-11-01 to 2024-12-31, ascending */
  private readonly workDays: number[] = [];
  private readonly workIndex = new Map<number, number>();
  private readonly dayWeights = new Map<string, Weighted<number>>();
  private readonly procWeights: Record<Level, Record<SlotClass, Weighted<ProcKind>>>;

  constructor(
    private readonly w: World,
    private readonly rng: Rng,
  ) {
    for (let d = dayOfIso(2022, 11, 1); d <= dayOfIso(2024, 12, 31); d++) {
      if (this.isWorking(d)) {
        this.workIndex.set(d, this.workDays.length);
        this.workDays.push(d);
      }
    }
    const weights = (level: Level, cls: SlotClass): Weighted<ProcKind> =>
      w.procs[level].map((k) => {
        const base = (level === 'district' ? DISTRICT_MIX : PROVINCE_MIX)[k.code] ?? 1;
        return [k, base * (k.sameDay ? SAME_DAY_CLASS_FACTOR[cls] : 1)] as const;
      });
    const byClass = (level: Level) => ({
      early: weights(level, 'early'),
      on_time: weights(level, 'on_time'),
      late: weights(level, 'late'),
      auto: weights(level, 'auto'),
    });
    this.procWeights = { district: byClass('district'), province: byClass('province') };
  }

  private isWorking(day: number): boolean {
    let v = this.working.get(day);
    if (v === undefined) {
      v = isWorkingDay(this.w.cal, isoFromDayNumber(day));
      this.working.set(day, v);
    }
    return v;
  }

  /** `minutes` of working time after `from`, kept inside office hours (an end-of-interval result moves back 1 min). */
  private atWork(from: number, minutes: number): number {
    let t = addWorkingHours(this.w.cal, new Date(from), minutes / 60).getTime();
    if (!isInOfficeHours(this.w.cal, new Date(t))) t -= MINUTE_MS;
    return t;
  }

  /** A random whole minute on `day` inside office hours with lo < t ≤ hi, or null. */
  private instantOn(day: number, lo: number, hi: number): number | null {
    if (!this.isWorking(day)) return null;
    const spans: [number, number][] = [];
    let total = 0;
    const first = Math.floor(lo / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
    for (const iv of this.w.cal.intervals) {
      const a = Math.max(vnInstantMs(day, iv.start), first);
      const b = Math.min(vnInstantMs(day, iv.end) - MINUTE_MS, hi);
      if (b >= a) {
        const n = Math.floor((b - a) / MINUTE_MS) + 1;
        spans.push([a, n]);
        total += n;
      }
    }
    if (!total) return null;
    let k = this.rng.int(0, total - 1);
    for (const [a, n] of spans) {
      if (k < n) return a + k * MINUTE_MS;
      k -= n;
    }
    return null;
  }

  /** Receipt instant between two days (inclusive): counter and post on working days in office hours, online any time. */
  private receipt(channel: number, fromDay: number, toDay: number, lateBias: number): number | null {
    const online = channel === CHANNELS.online;
    const key = `${online}|${fromDay}|${toDay}|${lateBias}`;
    let days = this.dayWeights.get(key);
    if (!days) {
      const list: [number, number][] = [];
      for (let d = fromDay; d <= toDay; d++) {
        const working = this.isWorking(d);
        if (!online && !working) continue;
        const base = working ? (weekdayOfDayNumber(d) === 1 ? 1.25 : 1) : 0.3;
        list.push([d, base * (1 + (lateBias * (d - fromDay)) / Math.max(1, toDay - fromDay))]);
      }
      days = list;
      this.dayWeights.set(key, days);
    }
    if (!days.length) return null;
    const day = pickWeighted(this.rng, days);
    if (channel === CHANNELS.online) {
      const hour = pickWeighted(this.rng, ONLINE_HOURS);
      return vnInstantMs(day, hour * HOUR_MS + this.rng.int(0, 59) * MINUTE_MS);
    }
    const ivs = this.w.cal.intervals;
    const iv = ivs.length === 2 ? (this.rng.chance(0.6) ? ivs[0]! : ivs[1]!) : this.rng.pick(ivs);
    const minutes = Math.max(1, Math.floor((iv.end - iv.start) / MINUTE_MS) - 10);
    return vnInstantMs(day, iv.start + this.rng.int(0, minutes - 1) * MINUTE_MS);
  }

  private channel(level: Level, month2023: number): number {
    const online = level === 'province' ? 0.35 : 0.22 + (0.14 * Math.max(0, month2023 - 1)) / 11;
    const postal = level === 'province' ? 0.05 : 0.03;
    const x = this.rng.next();
    return x < online ? CHANNELS.online : x < online + postal ? CHANNELS.postal : CHANNELS.direct;
  }

  /** The earliest receipt day whose due instant can fall in 2023 (the first working day of 2023 or later). */
  private carriedFrom(limit: TimeLimit): number {
    const first2023 = this.nextWorkIndex(dayOfIso(2023, 1, 1))!;
    switch (limit.unit) {
      case 'working_days':
      case 'working_hours': {
        const days = Math.ceil(limit.unit === 'working_days' ? limit.value : limit.value / 8);
        return this.workDays[Math.max(0, first2023 - days - 1)]!;
      }
      case 'calendar_days':
        return this.workDays[first2023]! - limit.value - 1;
      default:
        return this.workDays[first2023 - 1]!;
    }
  }

  /** Generate the dossier of a slot; draws again until it fits (throws after too many attempts). */
  generate(slot: Slot): GenDossier {
    for (let attempt = 0; attempt < 3000; attempt++) {
      const d = this.attempt(slot);
      if (d) return d;
    }
    throw new Error(`dossiers demo: no dossier fits slot ${slot.level} ${slot.office?.code ?? 'STNMT'} ${slot.window} ${slot.month} ${slot.cls}`);
  }

  private attempt(slot: Slot): GenDossier | null {
    const { rng, w } = this;
    const cal = w.cal;
    const province = slot.level === 'province';
    const kind = pickWeighted(rng, this.procWeights[slot.level][slot.cls]);

    // receipt
    let fromDay: number;
    let toDay: number;
    let lateBias = 0;
    if (slot.window === 'carried') {
      if (slot.month === 11) [fromDay, toDay] = [dayOfIso(2022, 11, 14), dayOfIso(2022, 11, 30)];
      else [fromDay, toDay] = [dayOfIso(2022, 12, 1), dayOfIso(2022, 12, 30)];
      // received late enough for the time limit to reach into 2023; otherwise only a supplement carries it over
      const lo = this.carriedFrom(versionOn(kind, isoFromDayNumber(toDay)).limit);
      if (lo <= toDay) fromDay = Math.max(fromDay, lo);
      lateBias = 1;
    } else if (slot.window === 'yearEnd') {
      if (province) [fromDay, toDay] = [dayOfIso(2023, 11, 10), dayOfIso(2023, 12, 31)];
      else if (rng.chance(0.8)) [fromDay, toDay] = [dayOfIso(2023, 12, 13), dayOfIso(2023, 12, 31)];
      else [fromDay, toDay] = [dayOfIso(2023, 11, 20), dayOfIso(2023, 12, 12)];
      lateBias = 1;
    } else {
      fromDay = dayOfIso(2023, slot.month, 1);
      toDay = dayOfIso(2023, slot.month + 1, 1) - 1;
    }
    const channel = this.channel(slot.level, slot.window === 'carried' ? 1 : slot.month);
    const receivedAt = this.receipt(channel, fromDay, toDay, lateBias);
    if (receivedAt === null) return null;
    const version = versionOn(kind, isoFromDayNumber(dayOf(receivedAt)));

    // who handles it
    let unitId: number;
    let unitName: string;
    let agencyCode: string;
    let desk: Staff;
    let staff: Staff;
    if (province) {
      const unit = provinceUnitFor(w, kind);
      unitId = unit.orgUnitId;
      unitName = unit.name;
      agencyCode = w.province.agencyCode;
      desk = w.province.desk;
      staff = unit.staff;
    } else {
      const office = slot.office!;
      unitId = office.orgUnitId;
      unitName = office.name;
      agencyCode = office.agencyCode;
      desk = office.staff;
      staff = office.staff;
    }
    const clerk = rng.pick(desk.clerks);
    const specialist = rng.pick(staff.specialists);
    const leader = rng.chance(0.7) ? staff.leaders[0]! : staff.leaders[1]!;

    const environment = kind.field === 'environment';
    const reasons = environment ? 'environment' : 'land';
    const events: GenEvent[] = [];
    const push = (k: DossierEventKind, at: number, actor: Person | null, extra: Partial<GenEvent> = {}) =>
      events.push({ kind: k, at, actor, from: null, to: null, note: null, data: null, ...extra });
    // no data: the channel is on the dossier row and a missing difficultArea reads as false (commands.ts)
    push('received', receivedAt, clerk, { to: unitId });

    const feeMode = version.feeVnd > 0 ? (rng.chance(0.97) ? 'before' : 'exempt') : 'exempt';
    const feeVnd = feeMode === 'exempt' ? 0 : version.feeVnd;
    let feePaidAt: number | null = null;
    let feeReceiptNo: string | null = null;
    if (feeVnd > 0) {
      feePaidAt = channel === CHANNELS.online ? receivedAt + rng.int(1, 3) * MINUTE_MS : receivedAt + rng.int(2, 5) * MINUTE_MS;
      feeReceiptNo = `BL${String(new Date(receivedAt + VN_OFFSET_MS).getUTCFullYear() % 100)}-${String(rng.int(1, 999_999)).padStart(6, '0')}`;
      push('fee_paid', feePaidAt, clerk, { data: { receiptNo: feeReceiptNo, amountVnd: feeVnd } });
    }

    // hand-over to the specialist: the 15:00 rule for counter dossiers, loosely
    const start = nextOpening(cal, new Date(receivedAt)).getTime();
    let transferAt: number;
    if (kind.sameDay) transferAt = this.atWork(Math.max(start, feePaidAt ?? 0), rng.int(6, 30));
    else if (channel !== CHANNELS.online && start === receivedAt && vnMsOfDay(receivedAt) <= 15 * HOUR_MS) {
      transferAt = this.atWork(Math.max(receivedAt, feePaidAt ?? 0), rng.int(10, 90));
    } else if (channel !== CHANNELS.online) {
      const nextDay = nextOpening(cal, new Date(vnInstantMs(dayOf(receivedAt) + 1, 0))).getTime();
      transferAt = this.atWork(nextDay, rng.int(5, 60));
    } else transferAt = this.atWork(start, rng.int(15, 240));
    push('transferred', transferAt, clerk, { from: unitId, to: unitId, data: { toOrgUnitId: unitId, toOrgUnitName: unitName } });
    const assignedAt = this.atWork(transferAt, kind.sameDay ? rng.int(5, 30) : rng.int(10, 240));
    push('assigned', assignedAt, leader, {
      data: specialist.userId !== null ? { userId: specialist.userId, userName: specialist.name } : { userName: specialist.name },
    });
    let cursor = assignedAt;

    // what happens on the way
    const openForever = slot.cls === 'auto' && rng.chance(province ? 0.1 : 0.06);
    let supplements = 0;
    if (!kind.sameDay) {
      const x = rng.next();
      if (province) supplements = x < 0.006 ? 2 : x < 0.25 ? 1 : 0;
      else supplements = x < 0.0009 ? 2 : x < (slot.window === 'carried' ? 0.2 : 0.04) ? 1 : 0;
    }
    if (openForever && !kind.sameDay) supplements = 1;
    for (let i = 0; i < supplements; i++) {
      const requestedAt = this.atWork(cursor, i === 0 ? rng.int(30, 900) : rng.int(120, 1900));
      const items = supplementItems(rng, kind, version.docs);
      push('supplement_requested', requestedAt, specialist, {
        note: environment
          ? 'Đề nghị chủ dự án chỉnh sửa, bổ sung hồ sơ theo ý kiến của Hội đồng thẩm định.'
          : 'Hồ sơ chưa đầy đủ; đề nghị bổ sung một lần đầy đủ các giấy tờ nêu trong phiếu.',
        data: { items },
      });
      cursor = requestedAt;
      if (openForever) break;
      const suppliedAt = this.atWork(requestedAt, province ? rng.int(5 * 480, 25 * 480) : rng.int(480, 12 * 480));
      push('supplement_supplied', suppliedAt, clerk, { note: 'Người nộp đã bổ sung đầy đủ hồ sơ.' });
      cursor = suppliedAt;
    }
    if (openForever && kind.sameDay) return null;

    const clockEvents = () => events.map((e): ClockEvent => ({ kind: e.kind, at: new Date(e.at), data: e.data }));
    let state = computeClock(clockEvents(), version.limit, cal);
    if (openForever) return this.finishRecord(slot, kind, version, unitId, agencyCode, channel, receivedAt, events, state, specialist, feeVnd, feeMode, feePaidAt, feeReceiptNo);

    if (kind.pausable && rng.chance(province ? 0.05 : 0.02)) {
      const room = Math.floor(workingTimeBetween(cal, new Date(cursor), state.dueAt).minutes);
      if (room >= 240) {
        const pausedAt = this.atWork(cursor, rng.int(60, room - 120));
        const resumedAt = this.atWork(pausedAt, rng.int(2 * 480, 10 * 480));
        push('paused', pausedAt, specialist, { note: PAUSE_NOTE, data: { reason: 'financial_obligation' } });
        push('resumed', resumedAt, specialist, { note: 'Đã nhận chứng từ hoàn thành nghĩa vụ tài chính.' });
        cursor = resumedAt;
        state = computeClock(clockEvents(), version.limit, cal);
      }
    }
    const due = state.dueAt.getTime();

    // the target class and the window the finish must fall in
    let cls: Timeliness;
    if (slot.cls === 'auto') {
      if (due < YEAR_END) {
        // overdue on 31/12/2023: keep only a few of those
        if (!rng.chance(0.12)) return null;
        cls = 'late';
      } else {
        const x = rng.next();
        cls = x < 0.86 ? 'early' : x < 0.95 ? 'on_time' : 'late';
      }
    } else cls = slot.cls;
    const [winStart, winEnd] = slot.window === 'yearEnd' ? [YEAR_END, AFTER_END] : [YEAR_START, YEAR_END];

    // apology letter and new appointment (late dossiers, most of them)
    let extendedDue: number | null = null;
    if (cls === 'late' && (province || rng.chance(0.6))) {
      const room = Math.floor(workingTimeBetween(cal, new Date(cursor), state.dueAt).minutes);
      if (room >= 480 + 15) {
        const offset = rng.int(Math.max(5, room - 480 - 3 * 480), room - 480 - 5);
        const at = this.atWork(cursor, offset);
        const newDue = addWorkingDays(cal, state.dueAt, rng.int(2, 7));
        const ok = checkExtension(state, clockEvents(), new Date(at), newDue, cal);
        if (ok.ok) {
          const reason = province ? rng.pick(EXTENSION_REASONS_PROVINCE[reasons]) : rng.pick(EXTENSION_REASONS);
          push('extended', at, leader, { note: reason, data: { newDueAt: toIsoVn(newDue), reason } });
          extendedDue = newDue.getTime();
          cursor = at;
        }
      } else if (province) return null;
    }

    const finishAt = this.finishInstant(cls, cursor, due, extendedDue, winStart, winEnd);
    if (finishAt === null) return null;

    // the ending
    let ending: DossierEventKind = 'result_ready';
    if (cls !== 'late') {
      const x = rng.next();
      if (x < (province ? 0.004 : 0.006)) ending = 'withdrawn';
      else if (x < 0.01 && !/tranh chấp/i.test(kind.name)) ending = 'refused';
    }
    if (ending === 'withdrawn') push('withdrawn', finishAt, clerk, { note: rng.pick(WITHDRAWAL_REASONS) });
    else if (ending === 'refused') {
      const reason = province ? rng.pick(REFUSAL_REASONS_PROVINCE[reasons]) : rng.pick(REFUSAL_REASONS_LAND);
      push('refused', finishAt, leader, { note: reason, data: { reason } });
    } else push('result_ready', finishAt, leader);
    if (ending !== 'withdrawn' && rng.chance(0.97)) {
      const returnedAt = this.atWork(finishAt, kind.sameDay ? rng.int(5, 90) : rng.int(30, 3 * 480));
      push('result_returned', returnedAt, clerk);
    }

    state = computeClock(clockEvents(), version.limit, cal);
    const f = state.finishedAt?.getTime();
    if (f === undefined || f !== finishAt || f < winStart || f >= winEnd) return null;
    if (classifyFinished(state.finishedAt!, state.dueAt) !== cls) return null;
    return this.finishRecord(slot, kind, version, unitId, agencyCode, channel, receivedAt, events, state, specialist, feeVnd, feeMode, feePaidAt, feeReceiptNo);
  }

  /** A finish instant of the target class after `cursor`, inside [winStart, winEnd), in office hours; or null. */
  private finishInstant(cls: Timeliness, cursor: number, due: number, extendedDue: number | null, winStart: number, winEnd: number): number | null {
    const rng = this.rng;
    const dueDay = dayOf(due);
    const firstDay = Math.max(dayOf(cursor), dayOf(winStart));
    const lastDay = dayOf(winEnd - 1);
    const inWindow = (t: number | null) => (t !== null && t >= winStart && t < winEnd ? t : null);
    if (cls === 'on_time') {
      if (dueDay < firstDay || dueDay > lastDay) return null;
      return inWindow(this.instantOn(dueDay, Math.max(cursor, vnInstantMs(dueDay, 0) - MINUTE_MS), due));
    }
    if (cls === 'early') {
      const days = this.workDaysBetween(firstDay, Math.min(dueDay - 1, lastDay));
      if (!days.length) return null;
      // most dossiers finish in the last part of the time limit
      const idx = Math.min(days.length - 1, Math.floor(days.length * rng.next() ** 0.55));
      // only the day of the last event can be full; then a later day
      for (const i of [idx, idx + 1, days.length - 1]) {
        const day = days[i];
        const t = day === undefined ? null : inWindow(this.instantOn(day, cursor, Number.POSITIVE_INFINITY));
        if (t !== null) return t;
      }
      return null;
    }
    // late: by 1–10 working days, most by 1–3; an extended dossier finishes by its new appointment
    const lo = Math.max(cursor, due);
    const startIdx = this.workIndex.get(Math.max(dueDay, firstDay)) ?? this.nextWorkIndex(Math.max(dueDay, firstDay));
    if (startIdx === null) return null;
    const hi = extendedDue ?? Number.POSITIVE_INFINITY;
    const span = extendedDue !== null ? this.workIndex.get(dayOf(extendedDue))! - startIdx : 1 + Math.floor(rng.next() ** 2.5 * 9);
    for (let k = 0; k < 4; k++) {
      const i = startIdx + rng.int(0, Math.max(0, span));
      const day = this.workDays[i];
      if (day === undefined || day > lastDay) continue;
      const t = inWindow(this.instantOn(day, lo, hi));
      if (t !== null) return t;
    }
    return null;
  }

  private workDaysBetween(from: number, to: number): number[] {
    if (to < from) return [];
    const a = this.workIndex.get(from) ?? this.nextWorkIndex(from);
    if (a === null) return [];
    const out: number[] = [];
    for (let i = a; i < this.workDays.length && this.workDays[i]! <= to; i++) out.push(this.workDays[i]!);
    return out;
  }

  private nextWorkIndex(day: number): number | null {
    for (let d = day; d < day + 30; d++) {
      const i = this.workIndex.get(d);
      if (i !== undefined) return i;
    }
    return null;
  }

  private finishRecord(
    slot: Slot,
    kind: ProcKind,
    version: ProcVersion,
    unitId: number,
    agencyCode: string,
    channel: number,
    receivedAt: number,
    events: GenEvent[],
    state: ClockState,
    specialist: Person,
    feeVnd: number,
    feeMode: string,
    feePaidAt: number | null,
    feeReceiptNo: string | null,
  ): GenDossier {
    const a = this.applicant(slot, kind, channel);
    const docs = version.docs.filter((d) => !/\(nếu/.test(d.name) || this.rng.chance(0.35));
    return {
      receivedAt,
      agencyCode,
      procedureId: version.id,
      orgUnitId: unitId,
      channel,
      ...a,
      state,
      assignedTo: specialist.userId,
      feeVnd,
      feeMode,
      feePaidAt,
      feeReceiptNo,
      events,
      docs: docs.length ? docs : version.docs,
    };
  }

  private applicant(slot: Slot, kind: ProcKind, channel: number) {
    const { rng, w } = this;
    const organisation = slot.level === 'province' && kind.code !== '1.012805';
    let commune: Commune;
    if (slot.office) commune = pickWeighted(rng, slot.office.communeWeights);
    else if (organisation && w.province.industrial && rng.chance(0.3)) commune = w.province.industrial;
    else commune = rng.pick(w.province.communes);
    const place = `${commune.name}, ${commune.districtName}, tỉnh Sóc Trăng`;
    let address: string;
    if (organisation && commune === w.province.industrial) address = `Lô ${rng.pick(['A', 'B', 'C', 'D'])}${rng.int(1, 24)}, Khu công nghiệp An Nghiệp, ${place}`;
    else if (commune.urban) {
      const street = commune.districtCode === '941' && rng.chance(0.7) ? `Số ${rng.int(1, 320)} đường ${rng.pick(CITY_STREETS)}, ` : '';
      address = `${street}Khóm ${rng.int(1, 9)}, ${place}`;
    } else address = `Ấp ${rng.pick(HAMLETS)}, ${place}`;
    const phone = mobilePhone(rng);
    if (organisation) {
      return {
        applicantKind: 'organisation' as const,
        applicantName: companyName(rng),
        applicantIdNumber: taxCode(rng),
        applicantPhone: phone,
        applicantEmail: null,
        applicantAddress: address,
        applicantAdminUnitId: commune.id,
      };
    }
    const ethnicity: Ethnicity = pickEthnicity(rng, commune.districtCode);
    const person = personName(rng, ethnicity);
    const birthYear = 1995 - Math.floor(rng.next() ** 0.8 * 50) + rng.int(0, 8);
    const email =
      channel === CHANNELS.online && rng.chance(0.35)
        ? `${asciiSlug(person.fullName)}${String(birthYear % 100).padStart(2, '0')}@example.com`
        : null;
    return {
      applicantKind: 'person' as const,
      applicantName: person.fullName,
      applicantIdNumber: cccd(rng, person.female, birthYear),
      applicantPhone: phone,
      applicantEmail: email,
      applicantAddress: address,
      applicantAdminUnitId: commune.id,
    };
  }
}

const ONLINE_HOURS: Weighted<number> = Array.from({ length: 24 }, (_, h) => {
  const w = h < 6 ? 0.12 : h === 6 ? 0.5 : h < 12 ? 1.2 : h < 14 ? 0.8 : h < 18 ? 1.1 : h < 22 ? 0.9 : 0.4;
  return [h, w] as const;
});

function provinceUnitFor(w: World, kind: ProcKind): Unit {
  const u = w.province.units;
  if (kind.handlingOrgUnitId !== null && kind.handlingOrgUnitId !== w.province.stnmtId) {
    for (const unit of u.values()) if (unit.orgUnitId === kind.handlingOrgUnitId) return unit;
  }
  const code =
    kind.field === 'environment'
      ? 'CCBVMT'
      : kind.field === 'water' || kind.field === 'minerals'
        ? 'TNN'
        : /tranh chấp/i.test(kind.name)
          ? 'QLDD'
          : 'VPDK';
  return u.get(code) ?? u.get('VP')!;
}

function supplementItems(rng: Rng, kind: ProcKind, docs: RequiredDocument[]): string[] {
  if (kind.field === 'environment') return [rng.pick(SUPPLEMENT_ITEMS_ENVIRONMENT)];
  // the documents of the procedure, and for transfers and splits the papers that are most often missing
  const extra = kind.code === '1.013831' || kind.code === '1.012784' ? SUPPLEMENT_EXTRA_ITEMS : [];
  const pool = [...docs.map((d) => d.name.replace(/\s*\(nếu[^)]*\)/, '')), ...extra];
  const first = rng.pick(pool);
  if (!rng.chance(0.35)) return [first];
  const second = rng.pick(pool);
  return second === first ? [first] : [first, second];
}

function asciiSlug(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^a-z]+/g, '.')
    .replace(/^\.|\.$/g, '');
}

// ---------------------------------------------------------------- quotas

/** One slot per dossier to generate, in a fixed order (office, month, class). */
function planSlots(rng: Rng, offices: Office[]): Slot[] {
  const slots: Slot[] = [];
  const t = DEMO_TARGETS;
  // district: offices × (carried Nov, carried Dec, Jan … Dec) × class
  const volume = offices.map((o) => DISTRICTS[o.districtCode]?.volume ?? 5);
  const lateW = offices.map((o, i) => volume[i]! * (DISTRICTS[o.districtCode]?.late ?? 1));
  const done = apportion(t.district.done, volume);
  const late = apportion(t.district.late, lateW);
  const onTime = apportion(t.district.onTime, volume);
  const openAtEnd = apportion(t.district.openAtYearEnd, volume);
  const carried = apportion(t.district.carriedOver, volume);
  offices.forEach((office, i) => {
    const carriedMonths = apportion(carried[i]!, [...CARRIED_SPLIT]);
    const months = apportion(done[i]! - carried[i]!, [...MONTH_WEIGHTS_DISTRICT]);
    const all = [...carriedMonths, ...months];
    const lateF = [1.2, 1.2, ...MONTH_LATE_FACTOR];
    const lateM = apportion(late[i]!, all.map((n, k) => n * lateF[k]!));
    const onTimeM = apportion(onTime[i]!, all);
    all.forEach((n, k) => {
      const window: Window = k < 2 ? 'carried' : 'year';
      const month = k < 2 ? 11 + k : k - 1;
      const l = lateM[k]!;
      const o = onTimeM[k]!;
      if (l + o > n) throw new Error('dossiers demo: quotas do not fit a month');
      for (let j = 0; j < n - l - o; j++) slots.push({ level: 'district', office, window, month, cls: 'early' });
      for (let j = 0; j < o; j++) slots.push({ level: 'district', office, window, month, cls: 'on_time' });
      for (let j = 0; j < l; j++) slots.push({ level: 'district', office, window, month, cls: 'late' });
    });
    for (let j = 0; j < openAtEnd[i]!; j++) slots.push({ level: 'district', office, window: 'yearEnd', month: 12, cls: 'auto' });
  });
  // province
  const pCarried = apportion(t.province.carriedOver, [...CARRIED_SPLIT]);
  const pMonths = apportion(t.province.done - t.province.carriedOver, [...MONTH_WEIGHTS_PROVINCE]);
  const pAll = [...pCarried, ...pMonths];
  // the one late dossier of the department
  // index into pAll (0–1 carried, 2–13 January–December): a month between March and November
  const lateMonthIndex = pickWeighted(rng, MONTH_WEIGHTS_PROVINCE.map((w, m) => [m + 2, m >= 2 && m <= 10 ? w : 0] as const));
  const pOnTime = apportion(t.province.onTime, pAll);
  const pLate = pAll.map((_, k) => (k === lateMonthIndex ? t.province.late : 0));
  pAll.forEach((n, k) => {
    const window: Window = k < 2 ? 'carried' : 'year';
    const month = k < 2 ? 11 + k : k - 1;
    const l = pLate[k]!;
    const o = pOnTime[k]!;
    for (let j = 0; j < n - l - o; j++) slots.push({ level: 'province', office: null, window, month, cls: 'early' });
    for (let j = 0; j < o; j++) slots.push({ level: 'province', office: null, window, month, cls: 'on_time' });
    for (let j = 0; j < l; j++) slots.push({ level: 'province', office: null, window, month, cls: 'late' });
  });
  for (let j = 0; j < t.province.openAtYearEnd; j++) slots.push({ level: 'province', office: null, window: 'yearEnd', month: 12, cls: 'auto' });
  return slots;
}

// ---------------------------------------------------------------- load

async function loadWorld(database: Database, rng: Rng): Promise<World> {
  const db = database.db;
  const day = '2023-07-01';
  const cal = await loadWorkCalendar(db);
  const procs = await loadProcedures(database);
  const users = await listUsers(db);
  const [provinceNode] = await adminTreeAsOf(db, day, '94');
  if (!provinceNode) throw new Error('dossiers demo: administrative units of Sóc Trăng (94) are missing');
  const districts = provinceNode.children.filter((d) => d.level === 2).sort((a, b) => a.code.localeCompare(b.code));
  const [stnmtNode] = await orgTreeAsOf(db, day, 'STNMT');
  const stnmt = await findOrgUnitByCode(db, 'STNMT', day);
  if (!stnmtNode || !stnmt?.agencyCode) throw new Error('dossiers demo: org unit STNMT (with its agency code) is missing');

  const offices: Office[] = [];
  for (const d of districts) {
    const code = `PTNMT-${d.code}`;
    const unit = await findOrgUnitByCode(db, code, day);
    if (!unit?.agencyCode) throw new Error(`dossiers demo: district office ${code} (with its agency code) is missing`);
    const communes = communesOf(d);
    const volume = DISTRICTS[d.code]?.volume ?? 5;
    const staff = makeStaff(rng, code, users, { clerks: volume >= 10 ? 3 : 2, specialists: Math.round(2 + volume / 2.5) }, d.code === '941' ? 'Đỗ Xuân Nam' : undefined);
    offices.push({
      orgUnitId: unit.id,
      code,
      name: unit.name,
      agencyCode: unit.agencyCode,
      staff,
      districtCode: d.code,
      communes,
      communeWeights: communes.map((c) => [c, c.urban ? 1.6 : 1] as const),
    });
  }
  const units = new Map<string, Unit>();
  for (const child of stnmtNode.children) {
    if (child.kind !== 'division') continue;
    units.set(child.code, {
      orgUnitId: child.id,
      code: child.code,
      name: child.name,
      agencyCode: stnmt.agencyCode,
      staff: makeStaff(rng, child.code, users, { clerks: 2, specialists: 4 }),
    });
  }
  if (!units.has('VP')) throw new Error('dossiers demo: the department office (VP) is missing');
  const allCommunes = districts.flatMap(communesOf);
  return {
    cal,
    procs,
    offices,
    province: {
      agencyCode: stnmt.agencyCode,
      desk: units.get('VP')!.staff,
      units,
      stnmtId: stnmt.id,
      communes: allCommunes,
      industrial: allCommunes.find((c) => c.districtCode === '942' && /An Hiệp/.test(c.name)) ?? null,
    },
  };
}

const CHUNK = 5_000;
const DEMO_TABLES = ['dossiers', 'dossier_events', 'dossier_documents'];

/**
 * The bulk load. On PGlite everything runs in one transaction (a failure leaves nothing behind) and two costs are
 * avoided, both large in WASM: the secondary indexes of the three tables are dropped and rebuilt afterwards from
 * their own definitions (pg_get_indexdef), and, when the tables have no trigger of their own, the foreign-key
 * checks (row triggers) are off (session_replication_role = replica, what pg_restore --disable-triggers does) and
 * replaced by one query per foreign key; a dangling reference throws and rolls back. On PostgreSQL (pooled
 * connections, native checks) the rows are copied as they are.
 */
async function bulkLoad(database: Database, load: () => Promise<void>): Promise<void> {
  if (database.engine !== 'pglite') return load();
  const [own] = await database.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_trigger WHERE tgrelid = ANY($1::regclass[]) AND NOT tgisinternal`,
    [DEMO_TABLES],
  );
  const indexes = await database.query<{ name: string; def: string }>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
       FROM pg_index i
      WHERE i.indrelid = ANY($1::regclass[]) AND NOT i.indisprimary
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
      ORDER BY 1`,
    [DEMO_TABLES],
  );
  await database.exec('BEGIN');
  try {
    let unchecked = false;
    if ((own?.n ?? 1) === 0) {
      try {
        await database.exec('SAVEPOINT replica; SET LOCAL session_replication_role = replica; RELEASE SAVEPOINT replica');
        unchecked = true;
      } catch {
        await database.exec('ROLLBACK TO SAVEPOINT replica');
      }
    }
    for (const ix of indexes) await database.exec(`DROP INDEX ${ix.name}`);
    await load();
    for (const ix of indexes) await database.exec(ix.def);
    if (unchecked) await checkReferences(database);
    await database.exec('COMMIT');
  } catch (e) {
    await database.exec('ROLLBACK');
    throw e;
  }
}

/** Every single-column foreign key of the demo tables points at an existing row (one anti-join per key). */
async function checkReferences(database: Database): Promise<void> {
  const refs = await database.query<{ tbl: string; col: string; ref: string; refcol: string }>(
    `SELECT c.conrelid::regclass::text AS tbl, a.attname AS col, c.confrelid::regclass::text AS ref, ra.attname AS refcol
       FROM pg_constraint c
       JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
       JOIN pg_attribute ra ON ra.attrelid = c.confrelid AND ra.attnum = c.confkey[1]
      WHERE c.contype = 'f' AND c.conrelid = ANY($1::regclass[]) AND array_length(c.conkey, 1) = 1`,
    [DEMO_TABLES],
  );
  for (const r of refs) {
    const [bad] = await database.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${quote(r.tbl)} t WHERE t.${quote(r.col)} IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM ${quote(r.ref)} x WHERE x.${quote(r.refcol)} = t.${quote(r.col)})`,
    );
    if ((bad?.n ?? 0) > 0) throw new Error(`dossiers demo: ${bad!.n} rows of ${r.tbl}.${r.col} reference no ${r.ref} row`);
  }
}

function quote(ident: string): string {
  return `"${ident.replace(/"/g, '""')}"`;
}

async function copyChunked(
  database: Database,
  table: string,
  columns: string[],
  rows: readonly (readonly unknown[])[],
  onChunk: (done: number) => void,
): Promise<void> {
  // PostgreSQL: a few chunks in flight on pooled connections (the server works while the next text is built);
  // PGlite has one connection
  const inFlight = database.engine === 'postgres' ? 3 : 1;
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < rows.length) {
      const i = next;
      next += CHUNK;
      await database.copyRows(table, columns, rows.slice(i, i + CHUNK));
      done += Math.min(CHUNK, rows.length - i);
      onChunk(done);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
}

/**
 * Generate and write the demo dossiers. Deterministic for a given rng state and database content. Returns the
 * row counts and the time spent generating and writing.
 */
export async function loadDossierDemo(
  database: Database,
  rng: Rng,
  progress: (fraction: number, label?: string) => void = () => {},
): Promise<DossierDemoSummary> {
  const t0 = performance.now();
  const world = await loadWorld(database, rng);
  const gen = new Generator(world, rng);
  const slots = planSlots(rng, world.offices);
  const made: GenDossier[] = [];
  for (const [i, slot] of slots.entries()) {
    made.push(gen.generate(slot));
    if (i % 2_000 === 0) progress((0.45 * i) / slots.length, 'hồ sơ mẫu: tạo dữ liệu');
  }
  // ids and codes in the order of receipt
  const order = made.map((d, i) => ({ d, i })).sort((a, b) => a.d.receivedAt - b.d.receivedAt || a.i - b.i);
  const [maxIds] = await database.query<{ d: number | null; e: number | null; doc: number | null }>(
    `SELECT (SELECT max(id) FROM dossiers) AS d, (SELECT max(id) FROM dossier_events) AS e, (SELECT max(id) FROM dossier_documents) AS doc`,
  );
  const seqRows = await database.query<{ agency_code: string; day: string; last: number }>(
    `SELECT agency_code, day::text AS day, last FROM dossier_sequences`,
  );
  const lastSeq = new Map(seqRows.map((r) => [`${r.agency_code}|${r.day}`, Number(r.last)]));
  let dossierId = Number(maxIds?.d ?? 0);
  let eventId = Number(maxIds?.e ?? 0);
  let documentId = Number(maxIds?.doc ?? 0);
  const dossierRows: unknown[][] = [];
  const eventRows: unknown[][] = [];
  const documentRows: unknown[][] = [];
  const asDate = (t: number | null) => (t === null ? null : new Date(t));
  for (const { d } of order) {
    const id = ++dossierId;
    const received = new Date(d.receivedAt);
    const key = `${d.agencyCode}|${vnDate(received)}`;
    const seq = (lastSeq.get(key) ?? 0) + 1;
    lastSeq.set(key, seq);
    const s = d.state;
    let current = d.orgUnitId;
    for (const e of d.events) if (e.kind === 'transferred' && e.to !== null) current = e.to;
    dossierRows.push([
      id,
      formatDossierCode(d.agencyCode, received, seq),
      d.procedureId,
      d.orgUnitId,
      d.channel,
      d.applicantKind,
      d.applicantName,
      d.applicantIdNumber,
      d.applicantPhone,
      d.applicantEmail,
      d.applicantAddress,
      d.applicantAdminUnitId,
      received,
      s.dueAt,
      s.extendedDueAt,
      s.due766At,
      s.status,
      s.supplementCount,
      s.finishedAt,
      s.outcome,
      s.returnedAt,
      d.assignedTo,
      current,
      d.feeVnd,
      d.feeMode,
      asDate(d.feePaidAt),
      d.feeReceiptNo,
      null,
      d.events.length,
      received,
    ]);
    for (const e of d.events) {
      eventRows.push([++eventId, id, new Date(e.at), e.kind, e.actor?.userId ?? null, e.actor?.name ?? null, e.from, e.to, e.note, e.data]);
    }
    for (const doc of d.docs) documentRows.push([++documentId, id, doc.name, doc.form, doc.quantity, null]);
  }
  const t1 = performance.now();
  progress(0.5, 'hồ sơ mẫu: ghi dữ liệu');

  const total = dossierRows.length + eventRows.length + documentRows.length;
  let written = 0;
  const step = (base: number) => (n: number) => progress(0.5 + (0.5 * (base + n)) / total, 'hồ sơ mẫu: ghi dữ liệu');
  await bulkLoad(database, async () => {
    await copyChunked(database, 'dossiers', DOSSIER_COLUMNS, dossierRows, step(written));
    written += dossierRows.length;
    await copyChunked(database, 'dossier_events', EVENT_COLUMNS, eventRows, step(written));
    written += eventRows.length;
    await copyChunked(database, 'dossier_documents', DOCUMENT_COLUMNS, documentRows, step(written));
    // the next intake of an agency on one of these days continues its sequence
    const keys = [...lastSeq.entries()].map(([k, last]) => {
      const [agency, day] = k.split('|') as [string, string];
      return { agency, day, last };
    });
    await database.query(
      `INSERT INTO dossier_sequences (agency_code, day, last)
       SELECT * FROM unnest($1::text[], $2::date[], $3::int[])
       ON CONFLICT (agency_code, day) DO UPDATE SET last = GREATEST(dossier_sequences.last, EXCLUDED.last)`,
      [keys.map((k) => k.agency), keys.map((k) => k.day), keys.map((k) => k.last)],
    );
    for (const table of DEMO_TABLES) {
      await database.exec(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), max(id)) FROM ${table} HAVING max(id) IS NOT NULL`);
    }
  });
  const t2 = performance.now();
  return {
    dossiers: dossierRows.length,
    events: eventRows.length,
    documents: documentRows.length,
    generateMs: Math.round(t1 - t0),
    writeMs: Math.round(t2 - t1),
  };
}

const DOSSIER_COLUMNS = [
  'id',
  'code',
  'procedure_id',
  'org_unit_id',
  'channel',
  'applicant_kind',
  'applicant_name',
  'applicant_id_number',
  'applicant_phone',
  'applicant_email',
  'applicant_address',
  'applicant_admin_unit_id',
  'received_at',
  'due_at',
  'extended_due_at',
  'due_766_at',
  'status',
  'supplement_count',
  'finished_at',
  'outcome',
  'returned_at',
  'assigned_to',
  'current_org_unit_id',
  'fee_vnd',
  'fee_mode',
  'fee_paid_at',
  'fee_receipt_no',
  'imported_from',
  'version',
  'created_at',
];
const EVENT_COLUMNS = ['id', 'dossier_id', 'at', 'kind', 'actor_id', 'actor_name', 'from_org_unit_id', 'to_org_unit_id', 'note', 'data'];
const DOCUMENT_COLUMNS = ['id', 'dossier_id', 'name', 'form', 'quantity', 'file_sha256'];

/** The 2023 dossiers (see the comment at the top of this file). */
export const dossiersDemo: DemoPart = {
  name: 'dossiers',
  weight: 60,
  async load(ctx) {
    const s = await loadDossierDemo(ctx.database, ctx.rng, ctx.progress);
    ctx.announce(
      `hồ sơ mẫu 2023: ${s.dossiers} hồ sơ, ${s.events} sự kiện, ${s.documents} thành phần (tạo ${s.generateMs} ms, ghi ${s.writeMs} ms)`,
    );
  },
};
