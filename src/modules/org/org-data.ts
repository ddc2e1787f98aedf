import { and, eq, inArray } from 'drizzle-orm';
import type { Database, DbOrTx } from '../../core/db/index.js';
import { CAN_THO_CODE, HISTORY_START, insertAdministrativeUnits, PROVINCE_CODE, REFORM_2025_DATE } from './admin-data.js';
import { adminUnits, orgUnits } from './schema.js';

/**
 * The department's organisation, dated. Each org unit is tied to an administrative unit.
 *
 * Until 2025-07-01 (valid [2020-01-01, 2025-07-01)):
 *   STNMT  Sở Tài nguyên và Môi trường tỉnh Sóc Trăng (admin unit 94)
 *     ├ divisions VP, TTRA, QLDD, TNN, CCBVMT, TTQT, VPDK (admin unit 94)
 *     │   └ VPDK-941 … VPDK-951  branches of the land registration office (one per district)
 *     └ PTNMT-941 … PTNMT-951  district offices. The parent is the department, so the department's scope
 *                                includes them (in law they answer to the district People's Committee).
 * From 2025-07-01:
 *   SNNMT-CT  Sở Nông nghiệp và Môi trường thành phố Cần Thơ (admin unit 92)
 *     └ SNNMT-CT-VP, SNNMT-CT-CCBVMT
 * Every pre-2025 unit has successor_id = SNNMT-CT, which inherits their records.
 *
 * Simplifications, to revisit with the department:
 * - We model no Thanh tra Sở after 2025-07-01. Luật Thanh tra 84/2025/QH15, in force from 2025-07-01, keeps
 *   inspectorates only at government and province level (Thanh tra tỉnh), so there is no department
 *   inspectorate any more.
 * - Sóc Trăng's intermediate department of early 2025 (the merger of the TN&MT and NN&PTNT departments into a
 *   Sở Nông nghiệp và Môi trường tỉnh Sóc Trăng) and the renaming of the district offices are not modelled;
 *   STNMT runs until the 2025-07-01 reform. Add them as dated rows once their decisions are at hand.
 */

/**
 * Agency code of the department in the national document-exchange coding (V1V2V3.Z1Z2.Y1Y2.MX1X2).
 * H54 is Sóc Trăng's province code. This value has NOT been checked against the department's issued code:
 * it is configuration and should be overridable at deployment.
 */
export const STNMT_AGENCY_CODE = '000.00.21.H54';

const OLD_END = REFORM_2025_DATE;

const OLD_DIVISIONS: readonly { code: string; name: string }[] = [
  { code: 'VP', name: 'Văn phòng Sở' },
  { code: 'TTRA', name: 'Thanh tra Sở' },
  { code: 'QLDD', name: 'Phòng Quản lý đất đai' },
  { code: 'TNN', name: 'Phòng Tài nguyên nước – Khoáng sản – Khí tượng thủy văn' },
  { code: 'CCBVMT', name: 'Chi cục Bảo vệ môi trường' },
  { code: 'TTQT', name: 'Trung tâm Quan trắc tài nguyên và môi trường' },
  { code: 'VPDK', name: 'Văn phòng Đăng ký đất đai' },
];

const NEW_DIVISIONS: readonly { code: string; name: string }[] = [
  { code: 'SNNMT-CT-VP', name: 'Văn phòng Sở' },
  { code: 'SNNMT-CT-CCBVMT', name: 'Chi cục Bảo vệ môi trường' },
];

export interface OrgLoadResult {
  /** false when STNMT was already there and nothing was written */
  loaded: boolean;
  orgUnits: number;
}

/**
 * Loads the department's org units in one transaction. It loads the administrative units first if they are
 * missing, and does nothing if STNMT already exists.
 */
export async function loadOrgUnits(database: Database): Promise<OrgLoadResult> {
  return database.db.transaction((tx) => insertOrgUnits(tx));
}

/** Same as {@link loadOrgUnits}, inside a caller's transaction. */
export async function insertOrgUnits(tx: DbOrTx): Promise<OrgLoadResult> {
  await insertAdministrativeUnits(tx);
  const existing = await tx
    .select({ id: orgUnits.id })
    .from(orgUnits)
    .where(and(eq(orgUnits.code, 'STNMT'), eq(orgUnits.validFrom, HISTORY_START)))
    .limit(1);
  if (existing.length > 0) return { loaded: false, orgUnits: 0 };

  const provinceUnits = await tx
    .select({ id: adminUnits.id, code: adminUnits.code, name: adminUnits.name, level: adminUnits.level })
    .from(adminUnits)
    .where(and(eq(adminUnits.validFrom, HISTORY_START), inArray(adminUnits.level, [1, 2])));
  const province = provinceUnits.find((u) => u.code === PROVINCE_CODE && u.level === 1);
  const districts = provinceUnits.filter((u) => u.level === 2).sort((a, b) => a.code.localeCompare(b.code));
  const [canTho] = await tx
    .select({ id: adminUnits.id })
    .from(adminUnits)
    .where(and(eq(adminUnits.code, CAN_THO_CODE), eq(adminUnits.validFrom, REFORM_2025_DATE)));
  if (!province || !canTho || districts.length === 0) throw new Error('administrative units 94, 92 and 941–951 are missing');

  let count = 0;
  const [newDept] = await tx
    .insert(orgUnits)
    .values({
      code: 'SNNMT-CT',
      name: 'Sở Nông nghiệp và Môi trường thành phố Cần Thơ',
      kind: 'department',
      adminUnitId: canTho.id,
      validFrom: REFORM_2025_DATE,
      // Cần Thơ's agency code is not known here; set it when the deployment is configured.
      agencyCode: null,
    })
    .returning({ id: orgUnits.id });
  count++;
  await tx.insert(orgUnits).values(
    NEW_DIVISIONS.map((d) => ({
      code: d.code,
      name: d.name,
      kind: 'division',
      parentId: newDept!.id,
      adminUnitId: canTho.id,
      validFrom: REFORM_2025_DATE,
    })),
  );
  count += NEW_DIVISIONS.length;

  const old = { validFrom: HISTORY_START, validTo: OLD_END, successorId: newDept!.id };
  const [dept] = await tx
    .insert(orgUnits)
    .values({
      ...old,
      code: 'STNMT',
      name: 'Sở Tài nguyên và Môi trường tỉnh Sóc Trăng',
      kind: 'department',
      adminUnitId: province.id,
      agencyCode: STNMT_AGENCY_CODE,
    })
    .returning({ id: orgUnits.id });
  count++;
  const divisions = await tx
    .insert(orgUnits)
    .values(
      OLD_DIVISIONS.map((d) => ({
        ...old,
        code: d.code,
        name: d.name,
        kind: 'division',
        parentId: dept!.id,
        adminUnitId: province.id,
      })),
    )
    .returning({ id: orgUnits.id, code: orgUnits.code });
  count += divisions.length;
  const landOffice = divisions.find((d) => d.code === 'VPDK')!;

  await tx.insert(orgUnits).values([
    ...districts.map((d) => ({
      ...old,
      code: `VPDK-${d.code}`,
      name: `Chi nhánh VPĐK đất đai ${inSentence(d.name)}`,
      kind: 'branch',
      parentId: landOffice.id,
      adminUnitId: d.id,
    })),
    ...districts.map((d) => ({
      ...old,
      // Placeholder agency code of the district's one-stop desk in the V1V2V3.Z1Z2.Y1Y2.MX1X2 pattern
      // (Y1Y2 = last two digits of the district's GSO code); configuration, not an issued code.
      agencyCode: `000.00.${d.code.slice(-2)}.H54`,
      code: `PTNMT-${d.code}`,
      name: `Phòng Tài nguyên và Môi trường ${inSentence(d.name)}`,
      kind: 'district_office',
      parentId: dept!.id,
      adminUnitId: d.id,
    })),
  ]);
  count += districts.length * 2;

  return { loaded: true, orgUnits: count };
}

/**
 * An administrative-unit name as it reads inside an org unit's name: the type word is lower case
 * ("Huyện Mỹ Xuyên" → "huyện Mỹ Xuyên", "Thành phố Sóc Trăng" → "thành phố Sóc Trăng"), as Vietnamese writes it.
 */
function inSentence(adminName: string): string {
  return adminName.charAt(0).toLocaleLowerCase('vi') + adminName.slice(1);
}
