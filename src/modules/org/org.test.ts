import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Db } from '../../core/db/index.js';
import { createTestDatabase } from '../../core/testing/db.js';
import { type AdminLoadResult, loadAdministrativeUnits, readCommuneRows, readDistrictFeatures } from './admin-data.js';
import { loadOrgUnits, type OrgLoadResult } from './org-data.js';
import {
  type AdminTreeNode,
  adminTreeAsOf,
  adminUnitBoundary,
  adminUnitPredecessors,
  adminUnitSuccessors,
  findAdminUnitByCode,
  findOrgUnitByCode,
  isAdminUnitWithin,
  isOrgUnitWithin,
  orgScopeOf,
  orgTreeAsOf,
  orgUnitsForAdminUnit,
} from './queries.js';

const vi = new Intl.Collator('vi', { numeric: true });

let database: Database;
let db: Db;
let adminLoad: AdminLoadResult;
let orgLoad: OrgLoadResult;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  adminLoad = await loadAdministrativeUnits(database);
  orgLoad = await loadOrgUnits(database);
});
afterAll(async () => database?.close());

function countTypes(nodes: AdminTreeNode[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const n of nodes) out[n.unitType] = (out[n.unitType] ?? 0) + 1;
  return out;
}

async function province94(date: string): Promise<AdminTreeNode> {
  const [root] = await adminTreeAsOf(db, date, '94');
  if (!root) throw new Error(`no province 94 on ${date}`);
  return root;
}

async function id(code: string, date: string): Promise<number> {
  const unit = await findAdminUnitByCode(db, code, date);
  if (!unit) throw new Error(`no admin unit ${code} on ${date}`);
  return unit.id;
}

async function orgId(code: string, date?: string): Promise<number> {
  const unit = await findOrgUnitByCode(db, code, date);
  if (!unit) throw new Error(`no org unit ${code}`);
  return unit.id;
}

describe('shipped data files', () => {
  it('has the 109 communes of 2023 (80 xã, 17 phường, 12 thị trấn) and 12 boundary features', () => {
    const rows = readCommuneRows();
    expect(rows).toHaveLength(109);
    const byType = rows.reduce<Record<string, number>>((acc, r) => {
      acc[r.unitType] = (acc[r.unitType] ?? 0) + 1;
      return acc;
    }, {});
    expect(byType).toEqual({ xa: 80, phuong: 17, thi_tran: 12 });
    expect(readDistrictFeatures().map((f) => f.code)).toEqual(['94', ...Array.from({ length: 11 }, (_, i) => String(941 + i))]);
  });

  it('names communes with their type and collapses the double space of "Đại Ân  2"', () => {
    const rows = readCommuneRows();
    expect(rows.find((r) => r.code === '31510')?.name).toBe('Phường 2');
    expect(rows.find((r) => r.code === '31690')?.name).toBe('Xã Đại Tâm');
    expect(rows.find((r) => r.code === '31684')?.name).toBe('Thị trấn Mỹ Xuyên');
    expect(rows.find((r) => r.code === '31672')?.name).toBe('Xã Đại Ân 2');
  });

  it('rejects a malformed row with its line number', () => {
    const header = 'code,name,unit_type,district_code,district,valid_until,successor_2024_09_01,successor_2025_07_01\n';
    expect(() => readCommuneRows(`${header}31510,2,phuong,941,TP,2025-06-30,,31510 Phường Phú Lợi\n3151,x,xa,941,TP,2025-06-30,,31510 Xã A\n`)).toThrow(
      /line 3: bad code/,
    );
    expect(() => readCommuneRows(`${header}31510,2,ward,941,TP,2025-06-30,,31510 Phường Phú Lợi\n`)).toThrow(/line 2: bad unit_type/);
  });
});

describe('loaders', () => {
  it('load 166 administrative units, 111 successions and 33 org units', () => {
    // 1 province + 11 districts + 109 communes + new Phường 1 (2024) + Cần Thơ + 43 communes (2025)
    expect(adminLoad).toEqual({ loaded: true, adminUnits: 166, successions: 111 });
    // STNMT + 7 divisions + 11 branches + 11 district offices; SNNMT-CT + 2 divisions
    expect(orgLoad).toEqual({ loaded: true, orgUnits: 33 });
  });

  it('are idempotent: running them again adds nothing', async () => {
    const count = async () =>
      (
        await database.query<{ n: number }>(
          `SELECT (SELECT count(*) FROM admin_units)::int + (SELECT count(*) FROM admin_unit_successions)::int * 1000
                  + (SELECT count(*) FROM org_units)::int * 1000000 AS n`,
        )
      )[0]!.n;
    const before = await count();
    expect(await loadAdministrativeUnits(database)).toEqual({ loaded: false, adminUnits: 0, successions: 0 });
    expect(await loadOrgUnits(database)).toEqual({ loaded: false, orgUnits: 0 });
    expect(await count()).toBe(before);
    expect(before).toBe(166 + 111 * 1000 + 33 * 1000000);
  });

  it('record a source or a legal basis on every row', async () => {
    const missing = await database.query(
      `SELECT id FROM admin_units WHERE coalesce(source, '') = ''
       UNION ALL SELECT id FROM admin_unit_successions WHERE coalesce(legal_basis, '') = ''`,
    );
    expect(missing).toEqual([]);
  });

  it('store the province and district boundaries from the GeoJSON', async () => {
    const boundary = (await adminUnitBoundary(db, await id('94', '2023-06-30'))) as { type: string };
    expect(boundary.type).toBe('MultiPolygon');
    const withBoundary = await database.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM admin_units WHERE boundary IS NOT NULL AND level IN (1, 2)`,
    );
    expect(withBoundary[0]!.n).toBe(12);
  });
});

describe('administrative tree as of a date', () => {
  it('2023-06-30: Sóc Trăng has 11 district-level units and 109 communes', async () => {
    const st = await province94('2023-06-30');
    expect(st).toMatchObject({ code: '94', name: 'Tỉnh Sóc Trăng', unitType: 'tinh', level: 1 });
    expect(st.children).toHaveLength(11);
    expect(countTypes(st.children)).toEqual({ thanh_pho: 1, thi_xa: 2, huyen: 8 });
    expect(st.children.map((d) => d.name)).toContain('Thị xã Vĩnh Châu');
    const communes = st.children.flatMap((d) => d.children);
    expect(communes).toHaveLength(109);
    expect(countTypes(communes)).toEqual({ xa: 80, phuong: 17, thi_tran: 12 });
  });

  it('2023-06-30: Huyện Mỹ Xuyên (947) has exactly its 11 communes, sorted Vietnamese-aware', async () => {
    const st = await province94('2023-06-30');
    const myXuyen = st.children.find((d) => d.name === 'Huyện Mỹ Xuyên')!;
    expect(myXuyen).toMatchObject({ code: '947', unitType: 'huyen', level: 2 });
    const names = myXuyen.children.map((c) => c.name);
    expect([...names].sort(vi.compare)).toEqual(names);
    expect([...names].sort(vi.compare)).toEqual(
      [
        'Thị trấn Mỹ Xuyên',
        'Xã Đại Tâm',
        'Xã Tham Đôn',
        'Xã Thạnh Phú',
        'Xã Ngọc Đông',
        'Xã Thạnh Quới',
        'Xã Hòa Tú 1',
        'Xã Gia Hòa 1',
        'Xã Ngọc Tố',
        'Xã Gia Hòa 2',
        'Xã Hòa Tú II',
      ].sort(vi.compare),
    );
    // "Phường 2" before "Phường 10" in Thành phố Sóc Trăng
    const city = st.children.find((d) => d.code === '941')!;
    expect(city.children.map((c) => c.name)).toEqual([
      'Phường 1',
      'Phường 2',
      'Phường 3',
      'Phường 4',
      'Phường 5',
      'Phường 6',
      'Phường 7',
      'Phường 8',
      'Phường 9',
      'Phường 10',
    ]);
  });

  it('matches the per-district commune counts of the GeoJSON (2023)', async () => {
    const st = await province94('2023-06-30');
    for (const f of readDistrictFeatures().filter((x) => x.level === 2)) {
      const district = st.children.find((d) => d.code === f.code)!;
      expect(district.name, f.code).toBe(f.nameWithType);
    }
    const counts = Object.fromEntries(st.children.map((d) => [d.code, d.children.length]));
    expect(counts).toEqual({
      '941': 10,
      '942': 8,
      '943': 13,
      '944': 9,
      '945': 8,
      '946': 11,
      '947': 11,
      '948': 8,
      '949': 10,
      '950': 10,
      '951': 11,
    });
  });

  it('2024-10-01: 108 communes (80 xã, 16 phường, 12 thị trấn) after the merger of Phường 1 and Phường 9', async () => {
    const st = await province94('2024-10-01');
    const communes = st.children.flatMap((d) => d.children);
    expect(communes).toHaveLength(108);
    expect(countTypes(communes)).toEqual({ xa: 80, phuong: 16, thi_tran: 12 });
    const city = st.children.find((d) => d.code === '941')!;
    expect(city.children.map((c) => c.name)).toEqual([
      'Phường 1',
      'Phường 2',
      'Phường 3',
      'Phường 4',
      'Phường 5',
      'Phường 6',
      'Phường 7',
      'Phường 8',
      'Phường 10',
    ]);
    expect(city.children.find((c) => c.name === 'Phường 1')?.code).toBe('31522');
  });

  it('2025-08-01: Thành phố Cần Thơ (92) holds the 43 former Sóc Trăng communes directly, with no district level', async () => {
    const roots = await adminTreeAsOf(db, '2025-08-01');
    expect(roots.map((r) => r.code)).toEqual(['92']);
    const ct = roots[0]!;
    expect(ct).toMatchObject({ name: 'Thành phố Cần Thơ', unitType: 'thanh_pho_tw', level: 1 });
    expect(ct.children).toHaveLength(43);
    expect(ct.children.every((c) => c.level === 3 && c.children.length === 0)).toBe(true);
    expect(countTypes(ct.children)).toEqual({ phuong: 8, xa: 35 });
    expect(ct.children.map((c) => c.name)).toEqual(expect.arrayContaining(['Phường Sóc Trăng', 'Phường Phú Lợi', 'Xã Vĩnh Lợi']));
    expect(await adminTreeAsOf(db, '2025-08-01', '94')).toEqual([]);
    const level2 = await database.query(
      `SELECT id FROM admin_units WHERE level = 2 AND valid_from <= '2025-08-01' AND (valid_to IS NULL OR valid_to > '2025-08-01')`,
    );
    expect(level2).toEqual([]);
  });

  it('treats validity as half-open: 2025-06-30 is the last day of Sóc Trăng, 2025-07-01 the first of Cần Thơ', async () => {
    expect((await adminTreeAsOf(db, '2025-06-30')).map((r) => r.code)).toEqual(['94']);
    expect((await adminTreeAsOf(db, '2025-07-01')).map((r) => r.code)).toEqual(['92']);
  });

  it('rejects a date that is not YYYY-MM-DD', async () => {
    await expect(adminTreeAsOf(db, '30/06/2023')).rejects.toThrow(/YYYY-MM-DD/);
  });
});

describe('administrative units by code, ancestry and succession', () => {
  it('resolves a reused code by date: 31510 is Phường 2 in 2023 and Phường Phú Lợi in 2025', async () => {
    expect(await findAdminUnitByCode(db, '31510', '2023-06-30')).toMatchObject({
      name: 'Phường 2',
      unitType: 'phuong',
      level: 3,
      validFrom: '2020-01-01',
      validTo: '2025-07-01',
    });
    expect(await findAdminUnitByCode(db, '31510', '2025-08-01')).toMatchObject({
      name: 'Phường Phú Lợi',
      unitType: 'phuong',
      validFrom: '2025-07-01',
      validTo: null,
    });
    expect(await findAdminUnitByCode(db, '31510', '2019-12-31')).toBeNull();
  });

  it('31522 is Phường 9 on 2024-08-31 and Phường 1 on 2024-09-01, both in Thành phố Sóc Trăng', async () => {
    const before = (await findAdminUnitByCode(db, '31522', '2024-08-31'))!;
    const after = (await findAdminUnitByCode(db, '31522', '2024-09-01'))!;
    expect(before.name).toBe('Phường 9');
    expect(after.name).toBe('Phường 1');
    expect(before.id).not.toBe(after.id);
    const city = await id('941', '2024-09-01');
    expect(before.parentId).toBe(city);
    expect(after.parentId).toBe(city);
    expect((await findAdminUnitByCode(db, '31513', '2024-08-31'))?.name).toBe('Phường 1');
    expect(await findAdminUnitByCode(db, '31513', '2024-09-01')).toBeNull();
  });

  it('isAdminUnitWithin walks the parents valid on the date', async () => {
    const d = '2023-06-30';
    const ward2 = await id('31510', d);
    const city = await id('941', d);
    const myXuyen = await id('947', d);
    const st = await id('94', d);
    const daiTam = await id('31690', d);
    expect(await isAdminUnitWithin(db, ward2, city, d)).toBe(true);
    expect(await isAdminUnitWithin(db, ward2, st, d)).toBe(true);
    expect(await isAdminUnitWithin(db, ward2, ward2, d)).toBe(true);
    expect(await isAdminUnitWithin(db, daiTam, myXuyen, d)).toBe(true);
    expect(await isAdminUnitWithin(db, ward2, myXuyen, d)).toBe(false);
    expect(await isAdminUnitWithin(db, city, ward2, d)).toBe(false);
    // not valid on that date
    expect(await isAdminUnitWithin(db, ward2, st, '2025-08-01')).toBe(false);
    const phuLoi = await id('31510', '2025-08-01');
    const ct = await id('92', '2025-08-01');
    expect(await isAdminUnitWithin(db, phuLoi, ct, '2025-08-01')).toBe(true);
    expect(await isAdminUnitWithin(db, phuLoi, st, '2025-08-01')).toBe(false);
  });

  it('successions of Phường 2 lead to Phường Phú Lợi', async () => {
    const ward2 = await id('31510', '2023-06-30');
    const next = await adminUnitSuccessors(db, ward2);
    expect(next).toHaveLength(1);
    expect(next[0]).toMatchObject({
      code: '31510',
      name: 'Phường Phú Lợi',
      kind: 'merge',
      partial: false,
      effectiveOn: '2025-07-01',
      depth: 1,
      viaId: ward2,
    });
    expect(next[0]!.legalBasis).toMatch(/1668\/NQ-UBTVQH15/);
  });

  it('follows successions transitively: Phường 9 → Phường 1 (2024) → Phường Phú Lợi (2025)', async () => {
    const ward9 = await id('31522', '2024-08-31');
    expect((await adminUnitSuccessors(db, ward9)).map((s) => [s.name, s.effectiveOn])).toEqual([['Phường 1', '2024-09-01']]);
    const all = await adminUnitSuccessors(db, ward9, { transitive: true });
    expect(all.map((s) => [s.name, s.depth])).toEqual([
      ['Phường 1', 1],
      ['Phường Phú Lợi', 2],
    ]);
    expect(all[0]!.legalBasis).toMatch(/1105\/NQ-UBTVQH15/);
  });

  it('lists predecessors: Phường Phú Lợi came from Phường 1 (2024), 2, 3, 4, and through Phường 1 from the old 1 and 9', async () => {
    const phuLoi = await id('31510', '2025-08-01');
    const direct = await adminUnitPredecessors(db, phuLoi);
    expect(direct.map((p) => p.name)).toEqual(['Phường 1', 'Phường 2', 'Phường 3', 'Phường 4']);
    const all = await adminUnitPredecessors(db, phuLoi, { transitive: true });
    expect(all.map((p) => `${p.name} ${p.code} ${p.validFrom}`)).toEqual([
      'Phường 1 31522 2024-09-01',
      'Phường 2 31510 2020-01-01',
      'Phường 3 31519 2020-01-01',
      'Phường 4 31516 2020-01-01',
      'Phường 1 31513 2020-01-01',
      'Phường 9 31522 2020-01-01',
    ]);
  });

  it('Sóc Trăng merged into Cần Thơ; district-level units have no successor; every 2025-06-30 commune has exactly one', async () => {
    const st = await id('94', '2023-06-30');
    expect((await adminUnitSuccessors(db, st)).map((s) => [s.code, s.kind])).toEqual([['92', 'merge']]);
    expect(await adminUnitSuccessors(db, await id('947', '2023-06-30'))).toEqual([]);
    const st0630 = await province94('2025-06-30');
    const communes = st0630.children.flatMap((d) => d.children);
    expect(communes).toHaveLength(108);
    for (const c of communes) {
      const s = await adminUnitSuccessors(db, c.id);
      expect(s.map((x) => [x.level, x.effectiveOn, x.partial]), c.name).toEqual([[3, '2025-07-01', false]]);
    }
    // Xã Vĩnh Thành goes to Xã Vĩnh Lợi (the corrected upstream mapping)
    const vinhThanh = await adminUnitSuccessors(db, await id('31771', '2023-06-30'));
    expect(vinhThanh.map((s) => `${s.code} ${s.name}`)).toEqual(['31777 Xã Vĩnh Lợi']);
  });
});

describe('org units', () => {
  it('2023-06-30: the department with 7 divisions and 11 district offices; VPĐK with 11 branches', async () => {
    const roots = await orgTreeAsOf(db, '2023-06-30');
    expect(roots.map((r) => r.code)).toEqual(['STNMT']);
    const dept = roots[0]!;
    expect(dept.name).toBe('Sở Tài nguyên và Môi trường tỉnh Sóc Trăng');
    expect(dept.children.filter((c) => c.kind === 'division').map((c) => c.code).sort()).toEqual(
      ['CCBVMT', 'QLDD', 'TNN', 'TTQT', 'TTRA', 'VP', 'VPDK'].sort(),
    );
    const offices = dept.children.filter((c) => c.kind === 'district_office');
    expect(offices).toHaveLength(11);
    expect(offices.map((o) => o.name)).toContain('Phòng Tài nguyên và Môi trường huyện Mỹ Xuyên');
    expect(offices.map((o) => o.name)).toContain('Phòng Tài nguyên và Môi trường thành phố Sóc Trăng');
    const vpdk = dept.children.find((c) => c.code === 'VPDK')!;
    expect(vpdk.children).toHaveLength(11);
    expect(vpdk.children.every((b) => b.kind === 'branch' && b.code.startsWith('VPDK-'))).toBe(true);
  });

  it('2025-08-01: Sở Nông nghiệp và Môi trường thành phố Cần Thơ with its divisions', async () => {
    const roots = await orgTreeAsOf(db, '2025-08-01');
    expect(roots.map((r) => [r.code, r.name])).toEqual([['SNNMT-CT', 'Sở Nông nghiệp và Môi trường thành phố Cần Thơ']]);
    expect(roots[0]!.children.map((c) => c.name)).toEqual(['Chi cục Bảo vệ môi trường', 'Văn phòng Sở']);
    expect(roots[0]!.adminUnitId).toBe(await id('92', '2025-08-01'));
  });

  it('finds org units by code and date, tied to their administrative unit; the old ones point to the new department', async () => {
    const office = (await findOrgUnitByCode(db, 'PTNMT-947', '2023-06-30'))!;
    expect(office).toMatchObject({ kind: 'district_office', validTo: '2025-07-01' });
    expect(office.adminUnitId).toBe(await id('947', '2023-06-30'));
    const stnmt = (await findOrgUnitByCode(db, 'STNMT'))!;
    expect(stnmt).toMatchObject({ kind: 'department', agencyCode: '000.00.21.H54', validFrom: '2020-01-01' });
    expect(stnmt.adminUnitId).toBe(await id('94', '2023-06-30'));
    const newDept = await orgId('SNNMT-CT');
    expect(stnmt.successorId).toBe(newDept);
    expect(office.successorId).toBe(newDept);
    expect((await findOrgUnitByCode(db, 'VPDK-947', '2023-06-30'))?.successorId).toBe(newDept);
    expect(await findOrgUnitByCode(db, 'STNMT', '2025-08-01')).toBeNull();
    expect(await findOrgUnitByCode(db, 'NOPE')).toBeNull();
  });

  it('isOrgUnitWithin follows parents valid on the date', async () => {
    const d = '2023-06-30';
    const branch = await orgId('VPDK-947', d);
    expect(await isOrgUnitWithin(db, branch, await orgId('VPDK', d), d)).toBe(true);
    expect(await isOrgUnitWithin(db, branch, await orgId('STNMT', d), d)).toBe(true);
    expect(await isOrgUnitWithin(db, branch, branch, d)).toBe(true);
    expect(await isOrgUnitWithin(db, branch, await orgId('PTNMT-947', d), d)).toBe(false);
    expect(await isOrgUnitWithin(db, branch, await orgId('STNMT', d), '2025-08-01')).toBe(false);
  });

  it('orgScopeOf: a district office covers only itself', async () => {
    const office = await orgId('PTNMT-944');
    const scope = await orgScopeOf(db, office);
    expect(scope).toEqual([office]);
    expect(scope).not.toContain(await orgId('PTNMT-947'));
  });

  it('orgScopeOf: STNMT covers its divisions, branches and all 11 district offices, not the new department', async () => {
    const scope = await orgScopeOf(db, await orgId('STNMT'));
    expect(scope).toHaveLength(30);
    for (let code = 941; code <= 951; code++) {
      expect(scope).toContain(await orgId(`PTNMT-${code}`));
      expect(scope).toContain(await orgId(`VPDK-${code}`));
    }
    expect(scope).not.toContain(await orgId('SNNMT-CT'));
  });

  it('orgScopeOf: SNNMT-CT inherits the old department and all its units', async () => {
    const scope = await orgScopeOf(db, await orgId('SNNMT-CT'));
    const old = await orgScopeOf(db, await orgId('STNMT'));
    expect(scope).toHaveLength(33);
    expect(scope).toEqual(expect.arrayContaining(old));
    expect(scope).toContain(await orgId('PTNMT-944'));
    expect(scope).toContain(await orgId('SNNMT-CT-VP'));
    // a division of the new department inherits nothing
    expect(await orgScopeOf(db, await orgId('SNNMT-CT-VP'))).toEqual([await orgId('SNNMT-CT-VP')]);
    expect(await orgScopeOf(db, 999_999)).toEqual([]);
  });

  it('orgUnitsForAdminUnit lists the org units whose administrative unit lies within the given one', async () => {
    const d = '2023-06-30';
    expect((await orgUnitsForAdminUnit(db, await id('947', d), d)).map((o) => o.code).sort()).toEqual(['PTNMT-947', 'VPDK-947']);
    expect(await orgUnitsForAdminUnit(db, await id('94', d), d)).toHaveLength(30);
    const after = '2025-08-01';
    expect((await orgUnitsForAdminUnit(db, await id('92', after), after)).map((o) => o.code).sort()).toEqual([
      'SNNMT-CT',
      'SNNMT-CT-CCBVMT',
      'SNNMT-CT-VP',
    ]);
    // a commune inside the district has no org unit of its own
    expect(await orgUnitsForAdminUnit(db, await id('31690', d), d)).toEqual([]);
  });
});
