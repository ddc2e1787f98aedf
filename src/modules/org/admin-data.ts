import { readFileSync } from 'node:fs';
import { and, eq } from 'drizzle-orm';
import type { Database, DbOrTx } from '../../core/db/index.js';
import { adminUnitSuccessions, adminUnits } from './schema.js';

/**
 * The administrative units of Sóc Trăng, 2020 to today, loaded from the files shipped in `./data/`
 * (see `data/SOURCE.md` for the sources and licences). Nothing here reads outside this module's folder.
 *
 * What gets loaded:
 * - province 94 Tỉnh Sóc Trăng and its 11 district-level units (941–951), valid [2020-01-01, 2025-07-01), with
 *   their boundaries from the GeoJSON;
 * - the 109 communes of the GSO list of 10/04/2023, valid from 2020-01-01 to the day after `valid_until`.
 *   The source does not give creation dates: 2020-01-01 is the earliest history this system loads, not a
 *   founding date;
 * - the 01/09/2024 merger (NQ 1105/NQ-UBTVQH15): Phường 9 (31522) and Phường 1 (31513) end, a new Phường 1
 *   keeps code 31522;
 * - the 01/07/2025 reform: province-level unit 92 Thành phố Cần Thơ (NQ 202/2025/QH15) and the 43 communes that
 *   replaced the 108 Sóc Trăng communes (NQ 1668/NQ-UBTVQH15), directly under 92;
 * - successions: each predecessor → its successor (kind `merge`, `partial` false, because the file gives one
 *   successor per old commune), and 94 → 92.
 *
 * District-level units were abolished on 2025-07-01 without a successor. We record no succession for them:
 * their end is their `valid_to`, and their territory is traced through the successions of their communes.
 * (`admin_unit_successions.successor_id` is NOT NULL, so an 'abolished' row could not name a successor anyway.)
 *
 * Four communes (Phong Nẫm, Mỹ Phước, Vĩnh Hải, Lai Hòa) kept their name and code in 2025, but they moved
 * directly under 92, so each gets a new row, and its succession is a `merge` with a single predecessor.
 */

const DATA_DIR = new URL('./data/', import.meta.url);
export const COMMUNES_CSV_URL = new URL('soc-trang-communes-2023-2025.csv', DATA_DIR);
export const DISTRICTS_GEOJSON_URL = new URL('soc-trang-districts.geojson', DATA_DIR);

/** Earliest date of the history we load (the sources give no creation dates). */
export const HISTORY_START = '2020-01-01';
export const MERGER_2024_DATE = '2024-09-01';
export const REFORM_2025_DATE = '2025-07-01';

export const PROVINCE_CODE = '94';
export const CAN_THO_CODE = '92';

/** Legal basis of each event; the parenthesis describes the act, it is not the official title. */
export const LEGAL_BASIS = {
  nq1105:
    'Nghị quyết 1105/NQ-UBTVQH15 ngày 23/07/2024 của Ủy ban Thường vụ Quốc hội (sắp xếp đơn vị hành chính cấp xã của tỉnh Sóc Trăng)',
  nq1668:
    'Nghị quyết 1668/NQ-UBTVQH15 ngày 16/06/2025 của Ủy ban Thường vụ Quốc hội (sắp xếp đơn vị hành chính cấp xã của thành phố Cần Thơ); mã theo Công văn 1027/CTK-CSCL ngày 25/06/2025',
  nq202:
    'Nghị quyết 202/2025/QH15 của Quốc hội (sắp xếp đơn vị hành chính cấp tỉnh: Sóc Trăng, Hậu Giang và Cần Thơ thành thành phố Cần Thơ)',
} as const;

const SOURCE = {
  district:
    'GSO code list (daohoangson/dvhcvn data/sorted.json @ 1303a05); boundary from gis.chinhphu.vn (2019) via daohoangson/dvhcvn data/gis/94.json @ 4f98702; valid_from 2020-01-01 is the earliest history loaded, not a founding date',
  commune2023:
    'GSO list of 10/04/2023 (daohoangson/dvhcvn data/sorted.json @ 1303a05); valid_from 2020-01-01 is the earliest history loaded: the source gives no creation date',
  merger2024: `${LEGAL_BASIS.nq1105}; GSO list of 01/03/2025 (daohoangson/dvhcvn data/sorted.json @ eaddcea)`,
  reform2025: `${LEGAL_BASIS.nq1668}; mapping dvhcvn/20250701 mapping/splits.json @ dd94887, corrected (see org/data/SOURCE.md)`,
  canTho: `${LEGAL_BASIS.nq202}; only the unit from 2025-07-01 is loaded (the former Cần Thơ and Hậu Giang are not)`,
} as const;

/** The 2024 merger: the new unit takes this code and name; predecessors are the rows that name it. */
const MERGER_2024 = { code: '31522', name: 'Phường 1', unitType: 'phuong' } as const;

const COMMUNE_TYPES = { xa: 'Xã', phuong: 'Phường', thi_tran: 'Thị trấn' } as const;
type CommuneType = keyof typeof COMMUNE_TYPES;

export interface CommuneRow {
  code: string;
  /** name with its type, whitespace normalised: "Phường 5", "Xã Đại Tâm", "Thị trấn Mỹ Xuyên" */
  name: string;
  unitType: CommuneType;
  districtCode: string;
  /** last day the unit existed in this form (inclusive, as in the file) */
  validUntil: string;
  successor2024: string | null;
  successor2025: { code: string; name: string; unitType: CommuneType };
}

export interface DistrictFeature {
  code: string;
  name: string;
  nameWithType: string;
  unitType: string;
  level: number;
  parentCode: string | null;
  validUntil: string;
  geometry: unknown;
}

export interface AdminLoadResult {
  /** false when province 94 was already there and nothing was written */
  loaded: boolean;
  adminUnits: number;
  successions: number;
}

/** Loads the administrative units of Sóc Trăng and Cần Thơ (2025) in one transaction; does nothing if 94 exists. */
export async function loadAdministrativeUnits(database: Database): Promise<AdminLoadResult> {
  return database.db.transaction((tx) => insertAdministrativeUnits(tx));
}

/** Same as {@link loadAdministrativeUnits}, inside a caller's transaction. */
export async function insertAdministrativeUnits(tx: DbOrTx): Promise<AdminLoadResult> {
  const existing = await tx
    .select({ id: adminUnits.id })
    .from(adminUnits)
    .where(and(eq(adminUnits.code, PROVINCE_CODE), eq(adminUnits.validFrom, HISTORY_START)))
    .limit(1);
  if (existing.length > 0) return { loaded: false, adminUnits: 0, successions: 0 };

  const communes = readCommuneRows();
  const features = readDistrictFeatures();
  const provinceFeature = features.find((f) => f.code === PROVINCE_CODE && f.level === 1);
  if (!provinceFeature) throw new Error(`${DISTRICTS_GEOJSON_URL.pathname}: no feature for province ${PROVINCE_CODE}`);
  const districtFeatures = features.filter((f) => f.level === 2 && f.parentCode === PROVINCE_CODE);
  const provinceEnd = dayAfter(provinceFeature.validUntil);
  if (provinceEnd !== REFORM_2025_DATE) throw new Error(`province ${PROVINCE_CODE} ends ${provinceEnd}, expected ${REFORM_2025_DATE}`);

  let unitCount = 0;
  const [province] = await tx
    .insert(adminUnits)
    .values({
      code: provinceFeature.code,
      name: provinceFeature.nameWithType,
      unitType: provinceFeature.unitType,
      level: 1,
      parentId: null,
      validFrom: HISTORY_START,
      validTo: provinceEnd,
      boundary: provinceFeature.geometry,
      source: SOURCE.district,
    })
    .returning({ id: adminUnits.id });
  unitCount++;

  const districts = await tx
    .insert(adminUnits)
    .values(
      districtFeatures.map((f) => ({
        code: f.code,
        name: f.nameWithType,
        unitType: f.unitType,
        level: 2,
        parentId: province!.id,
        validFrom: HISTORY_START,
        validTo: dayAfter(f.validUntil),
        boundary: f.geometry,
        source: SOURCE.district,
      })),
    )
    .returning({ id: adminUnits.id, code: adminUnits.code });
  unitCount += districts.length;
  const districtId = new Map(districts.map((d) => [d.code, d.id]));

  // The 2024 merger: which rows end on 2024-09-01, and which row's code the new unit keeps.
  const mergedInto2024 = communes.filter((c) => c.successor2024 !== null);
  for (const c of mergedInto2024) {
    if (c.successor2024 !== MERGER_2024.code || dayAfter(c.validUntil) !== MERGER_2024_DATE) {
      throw new Error(`commune ${c.code}: unexpected 2024 successor ${c.successor2024} / end ${c.validUntil}`);
    }
  }
  const keeper = communes.find((c) => c.code === MERGER_2024.code);
  if (!keeper || mergedInto2024.length === 0) throw new Error('the 2024 merger is not in the commune file');

  const communeValues = communes.map((c) => {
    const parentId = districtId.get(c.districtCode);
    if (parentId === undefined) throw new Error(`commune ${c.code}: unknown district ${c.districtCode}`);
    return {
      code: c.code,
      name: c.name,
      unitType: c.unitType,
      level: 3,
      parentId,
      validFrom: HISTORY_START,
      // The keeper's row describes the code until 2025; the unit under its 2023 name ended with the merger.
      validTo: c === keeper ? MERGER_2024_DATE : dayAfter(c.validUntil),
      source: SOURCE.commune2023,
    };
  });
  const inserted2023 = await tx
    .insert(adminUnits)
    .values(communeValues)
    .returning({ id: adminUnits.id, code: adminUnits.code });
  unitCount += inserted2023.length;
  const communeId2023 = new Map(inserted2023.map((r) => [r.code, r.id]));

  const [newWard] = await tx
    .insert(adminUnits)
    .values({
      code: MERGER_2024.code,
      name: MERGER_2024.name,
      unitType: MERGER_2024.unitType,
      level: 3,
      parentId: districtId.get(keeper.districtCode)!,
      validFrom: MERGER_2024_DATE,
      validTo: dayAfter(keeper.validUntil),
      source: SOURCE.merger2024,
    })
    .returning({ id: adminUnits.id });
  unitCount++;

  const [canTho] = await tx
    .insert(adminUnits)
    .values({
      code: CAN_THO_CODE,
      name: 'Thành phố Cần Thơ',
      unitType: 'thanh_pho_tw',
      level: 1,
      parentId: null,
      validFrom: REFORM_2025_DATE,
      validTo: null,
      source: SOURCE.canTho,
    })
    .returning({ id: adminUnits.id });
  unitCount++;

  // The units that existed on 2025-06-30, each with its successor: every row except those that ended in 2024,
  // and for the keeper's code the new Phường 1.
  const lastDay = communes
    .filter((c) => dayAfter(c.validUntil) === REFORM_2025_DATE)
    .map((c) => ({ row: c, id: c === keeper ? newWard!.id : communeId2023.get(c.code)! }));
  const newCommunes = new Map<string, CommuneRow['successor2025']>();
  for (const { row } of lastDay) {
    const s = row.successor2025;
    const seen = newCommunes.get(s.code);
    if (seen && (seen.name !== s.name || seen.unitType !== s.unitType)) {
      throw new Error(`successor code ${s.code} has two names: "${seen.name}" and "${s.name}"`);
    }
    newCommunes.set(s.code, s);
  }
  const inserted2025 = await tx
    .insert(adminUnits)
    .values(
      [...newCommunes.values()].map((s) => ({
        code: s.code,
        name: s.name,
        unitType: s.unitType,
        level: 3,
        parentId: canTho!.id,
        validFrom: REFORM_2025_DATE,
        validTo: null,
        source: SOURCE.reform2025,
      })),
    )
    .returning({ id: adminUnits.id, code: adminUnits.code });
  unitCount += inserted2025.length;
  const communeId2025 = new Map(inserted2025.map((r) => [r.code, r.id]));

  const successionValues: (typeof adminUnitSuccessions.$inferInsert)[] = [];
  for (const c of [keeper, ...mergedInto2024]) {
    successionValues.push({
      predecessorId: communeId2023.get(c.code)!,
      successorId: newWard!.id,
      kind: 'merge',
      partial: false,
      effectiveOn: MERGER_2024_DATE,
      legalBasis: LEGAL_BASIS.nq1105,
    });
  }
  for (const { row, id } of lastDay) {
    successionValues.push({
      predecessorId: id,
      successorId: communeId2025.get(row.successor2025.code)!,
      kind: 'merge',
      partial: false,
      effectiveOn: REFORM_2025_DATE,
      legalBasis: LEGAL_BASIS.nq1668,
    });
  }
  successionValues.push({
    predecessorId: province!.id,
    successorId: canTho!.id,
    kind: 'merge',
    partial: false,
    effectiveOn: REFORM_2025_DATE,
    legalBasis: LEGAL_BASIS.nq202,
  });
  await tx.insert(adminUnitSuccessions).values(successionValues);

  return { loaded: true, adminUnits: unitCount, successions: successionValues.length };
}

/** Parses and checks the shipped commune file. Throws with the line number on a malformed row. */
export function readCommuneRows(text = readFileSync(COMMUNES_CSV_URL, 'utf8')): CommuneRow[] {
  const [header, ...lines] = parseCsv(text);
  const expected = [
    'code',
    'name',
    'unit_type',
    'district_code',
    'district',
    'valid_until',
    'successor_2024_09_01',
    'successor_2025_07_01',
  ];
  if (!header || header.join(',') !== expected.join(',')) {
    throw new Error(`commune file: expected header ${expected.join(',')}, got ${header?.join(',')}`);
  }
  const seen = new Set<string>();
  return lines.map((cells, i) => {
    const line = i + 2;
    const fail = (why: string): never => {
      throw new Error(`commune file line ${line}: ${why}`);
    };
    if (cells.length !== expected.length) fail(`expected ${expected.length} columns, got ${cells.length}`);
    const [code, name, unitType, districtCode, , validUntil, s2024, s2025] = cells.map((c) => c.trim()) as string[];
    if (!/^\d{5}$/.test(code!)) fail(`bad code "${code}"`);
    if (seen.has(code!)) fail(`duplicate code ${code}`);
    seen.add(code!);
    if (!isCommuneType(unitType!)) fail(`bad unit_type "${unitType}"`);
    if (!/^\d{3}$/.test(districtCode!)) fail(`bad district_code "${districtCode}"`);
    if (!isIsoDate(validUntil!)) fail(`bad valid_until "${validUntil}"`);
    if (s2024 && !/^\d{5}$/.test(s2024)) fail(`bad successor_2024_09_01 "${s2024}"`);
    const m = /^(\d{5}) (Phường|Xã|Thị trấn) (.+)$/.exec(normaliseSpace(s2025!));
    if (!m) return fail(`bad successor_2025_07_01 "${s2025}"`);
    const successorType = (Object.keys(COMMUNE_TYPES) as CommuneType[]).find((t) => COMMUNE_TYPES[t] === m[2])!;
    return {
      code: code!,
      name: `${COMMUNE_TYPES[unitType as CommuneType]} ${normaliseSpace(name!)}`,
      unitType: unitType as CommuneType,
      districtCode: districtCode!,
      validUntil: validUntil!,
      successor2024: s2024 || null,
      successor2025: { code: m[1]!, name: `${m[2]} ${m[3]}`, unitType: successorType },
    };
  });
}

/** The province and district features of the shipped GeoJSON, with their geometry. */
export function readDistrictFeatures(text = readFileSync(DISTRICTS_GEOJSON_URL, 'utf8')): DistrictFeature[] {
  const doc = JSON.parse(text) as { type?: string; features?: { properties?: Record<string, unknown>; geometry?: unknown }[] };
  if (doc.type !== 'FeatureCollection' || !Array.isArray(doc.features)) {
    throw new Error('district file: not a GeoJSON FeatureCollection');
  }
  return doc.features.map((f, i) => {
    const p = f.properties ?? {};
    const str = (k: string): string => {
      const v = p[k];
      if (typeof v !== 'string' || v === '') throw new Error(`district file feature ${i}: property ${k} missing`);
      return v;
    };
    const validUntil = str('valid_until');
    if (!isIsoDate(validUntil)) throw new Error(`district file feature ${i}: bad valid_until "${validUntil}"`);
    if (!f.geometry) throw new Error(`district file feature ${i}: no geometry`);
    return {
      code: str('code'),
      name: str('name'),
      nameWithType: str('name_with_type'),
      unitType: str('unit_type'),
      level: Number(p.level),
      parentCode: typeof p.parent_code === 'string' ? p.parent_code : null,
      validUntil,
      geometry: f.geometry,
    };
  });
}

/** The day after an ISO date (YYYY-MM-DD): turns an inclusive "last day" into a half-open end. */
export function dayAfter(isoDate: string): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

function isCommuneType(t: string): t is CommuneType {
  return Object.hasOwn(COMMUNE_TYPES, t);
}

function isIsoDate(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));
}

/** The source has a double space in "Đại Ân  2"; names are stored with single spaces. */
function normaliseSpace(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** RFC 4180 CSV: quoted fields with doubled quotes, CRLF or LF line ends; blank lines skipped. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      row.push(field);
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
