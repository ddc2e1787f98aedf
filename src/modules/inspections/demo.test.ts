import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareDatabase } from '../../core/boot.js';
import type { Database } from '../../core/db/index.js';
import { createRng } from '../../core/demo.js';
import { formatMoneyVnd } from '../../core/format/index.js';
import { createTestDatabase } from '../../core/testing/db.js';
import { MODULES } from '../index.js';
import { SOC_TRANG_BOX, splitTotal } from './demo.js';
import { fineRangeFor, normaliseIdNumber, normaliseTaxCode, type SubjectKind } from './model.js';

/*
 * The 2023 demo inspections, checked with plain SQL written here (independent of the module's statistics): the
 * figures of the department's 2023 review per level, fines within the legal ranges, dates in order, identifiers,
 * places, payments and remedies, repeated inspections, determinism.
 */

const LEVEL = `CASE o.kind WHEN 'district_office' THEN 'district' WHEN 'commune_office' THEN 'commune' ELSE 'province' END`;
const IN_2023 = (col: string) => `${col} >= '2023-01-01' AND ${col} < '2024-01-01'`;

async function prepared(): Promise<{ database: Database; loadMs: number; announced: string }> {
  const database = await createTestDatabase();
  const t = performance.now();
  const { announcements } = await prepareDatabase(database, MODULES, { demo: true, demoParts: ['users', 'inspections'] });
  return { database, loadMs: Math.round(performance.now() - t), announced: announcements.find((a) => a.startsWith('thanh tra')) ?? '' };
}

async function fingerprint(database: Database): Promise<string> {
  const rows = await database.query<{ line: string }>(
    `SELECT concat_ws('|', i.decision_number, i.decision_date::text, s.name, s.tax_code, s.id_number, f.latitude::text, x.outcome,
                      (SELECT string_agg(d.number || ':' || d.fine_vnd::text, ',' ORDER BY d.id) FROM penalty_decisions d WHERE d.inspected_subject_id = x.id)) AS line
       FROM inspected_subjects x JOIN inspections i ON i.id = x.inspection_id JOIN inspection_subjects s ON s.id = x.subject_id
       JOIN inspection_facilities f ON f.id = x.facility_id
      ORDER BY x.id`,
  );
  const h = createHash('sha256');
  for (const r of rows) h.update(`${r.line}\n`);
  return h.digest('hex');
}

/** Even-odd point-in-polygon over every ring of a GeoJSON Polygon or MultiPolygon. */
function inside(geometry: { type: string; coordinates: unknown }, lon: number, lat: number): boolean {
  const rings = geometry.type === 'MultiPolygon' ? (geometry.coordinates as number[][][][]).flat() : (geometry.coordinates as number[][][]);
  let odd = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i] as [number, number];
      const [xj, yj] = ring[j] as [number, number];
      if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) odd = !odd;
    }
  }
  return odd;
}

describe('splitTotal', () => {
  it('splits a total exactly within each range and step (hand case) and refuses an impossible one', () => {
    const items = [
      { min: 500_000, max: 1_000_000, step: 100_000 },
      { min: 500_000, max: 1_000_000, step: 100_000 },
      { min: 15_000_000, max: 20_000_000, step: 500_000 },
    ];
    // 16.000.000 minimum; 3.200.000 more to place
    const amounts = splitTotal(19_200_000, items, createRng(7));
    expect(amounts.reduce((s, a) => s + a, 0)).toBe(19_200_000);
    amounts.forEach((a, i) => {
      expect(a).toBeGreaterThanOrEqual(items[i]!.min);
      expect(a).toBeLessThanOrEqual(items[i]!.max);
      expect((a - items[i]!.min) % items[i]!.step).toBe(0);
    });
    // the maximum is reachable only with every item at its maximum
    expect(splitTotal(22_000_000, items, createRng(1))).toEqual([1_000_000, 1_000_000, 20_000_000]);
    expect(() => splitTotal(22_100_000, items, createRng(1))).toThrow(/outside/);
    expect(() => splitTotal(15_900_000, items, createRng(1))).toThrow(/outside/);
    // 300.000 cannot be placed on a 500.000 step alone
    expect(() => splitTotal(15_300_000, [items[2]!], createRng(1))).toThrow(/outside|cannot/);
  });
});

describe('inspections demo (2023)', () => {
  let database: Database;

  beforeAll(async () => {
    const r = await prepared();
    database = r.database;
    const [c] = await database.query<{ i: number; s: number; d: number }>(
      `SELECT (SELECT count(*)::int FROM inspections) AS i, (SELECT count(*)::int FROM inspection_subjects) AS s, (SELECT count(*)::int FROM penalty_decisions) AS d`,
    );
    console.log(`inspections demo on ${database.engine}: ${c?.i} inspections, ${c?.s} subjects, ${c?.d} decisions; reference data + demo in ${r.loadMs} ms; ${r.announced}`);
  }, 120_000);
  afterAll(async () => {
    await database?.close();
  });

  it('gives the review figures: province 17 / 106 / 12 / "hơn 1,7 tỷ"; district 352 / 87 / 651,2 triệu', async () => {
    const counts = await database.query<{ level: string; inspections: number; subjects: number; violating: number; offices: number }>(
      `SELECT ${LEVEL} AS level, count(DISTINCT i.id)::int AS inspections, count(x.id)::int AS subjects,
              count(x.id) FILTER (WHERE x.outcome = 'violation')::int AS violating, count(DISTINCT i.org_unit_id)::int AS offices
         FROM inspections i JOIN org_units o ON o.id = i.org_unit_id LEFT JOIN inspected_subjects x ON x.inspection_id = i.id
        WHERE ${IN_2023('i.decision_date')} AND i.status <> 'cancelled'
        GROUP BY 1 ORDER BY 1`,
    );
    const fines = await database.query<{ level: string; decisions: number; fines: string }>(
      `SELECT ${LEVEL} AS level, count(*)::int AS decisions, sum(d.fine_vnd)::text AS fines
         FROM penalty_decisions d JOIN org_units o ON o.id = d.org_unit_id
        WHERE ${IN_2023('d.decided_on')} GROUP BY 1 ORDER BY 1`,
    );
    const c = Object.fromEntries(counts.map((r) => [r.level, r]));
    const f = Object.fromEntries(fines.map((r) => [r.level, { decisions: r.decisions, fines: Number(r.fines) }]));
    expect(Object.keys(c).sort()).toEqual(['district', 'province']);
    expect(c.province).toMatchObject({ inspections: 17, subjects: 106, violating: 12 });
    expect(c.district).toMatchObject({ subjects: 352, violating: 87, offices: 11 });
    expect(c.district!.inspections).toBeGreaterThanOrEqual(40);
    expect(c.district!.inspections).toBeLessThanOrEqual(70);
    expect(f.province!.decisions).toBe(12);
    expect(f.province!.fines).toBeGreaterThan(1_700_000_000);
    expect(f.province!.fines).toBeLessThan(1_750_000_000);
    expect(formatMoneyVnd(f.province!.fines)).toBe('1,7 tỷ đồng');
    expect(f.district).toEqual({ decisions: 87, fines: 651_200_000 });
    expect(formatMoneyVnd(f.district!.fines)).toBe('651,2 triệu đồng');
    // each violating subject of 2023 has exactly one decision, decided in 2023; nobody else has one
    const [bad] = await database.query<{ wrong: number; stray: number }>(
      `SELECT count(*) FILTER (WHERE x.outcome = 'violation' AND (SELECT count(*) FROM penalty_decisions d WHERE d.inspected_subject_id = x.id AND ${IN_2023('d.decided_on')}) <> 1)::int AS wrong,
              count(*) FILTER (WHERE x.outcome <> 'violation' AND EXISTS (SELECT 1 FROM penalty_decisions d WHERE d.inspected_subject_id = x.id))::int AS stray
         FROM inspected_subjects x JOIN inspections i ON i.id = x.inspection_id
        WHERE ${IN_2023('i.decision_date')} AND i.status <> 'cancelled'`,
    );
    expect(bad).toEqual({ wrong: 0, stray: 0 });
  });

  it('has a cancelled inspection and inspections of 2024 with subjects, so the filters matter', async () => {
    const rows = await database.query<{ what: string; inspections: number; subjects: number; decisions: number }>(
      `SELECT CASE WHEN i.status = 'cancelled' THEN 'cancelled' ELSE extract(year FROM i.decision_date)::text END AS what,
              count(DISTINCT i.id)::int AS inspections, count(x.id)::int AS subjects,
              count(d.id)::int AS decisions
         FROM inspections i LEFT JOIN inspected_subjects x ON x.inspection_id = i.id LEFT JOIN penalty_decisions d ON d.inspected_subject_id = x.id
        GROUP BY 1 ORDER BY 1`,
    );
    const by = Object.fromEntries(rows.map((r) => [r.what, r]));
    expect(by.cancelled).toMatchObject({ inspections: 1, decisions: 0 });
    expect(by.cancelled!.subjects).toBeGreaterThan(0);
    expect(by['2024']!.inspections).toBeGreaterThanOrEqual(2);
    expect(by['2024']!.subjects).toBeGreaterThan(0);
    expect(by['2024']!.decisions).toBeGreaterThan(0);
    const [dates] = await database.query<{ lo: string; hi: string }>(
      `SELECT min(decision_date)::text AS lo, max(decision_date)::text AS hi FROM inspections WHERE decision_date >= '2024-01-01'`,
    );
    expect(dates!.lo >= '2024-01-01' && dates!.hi < '2024-03-01').toBe(true);
  });

  it('runs province inspections at TTRA (thanh tra) and CCBVMT / TNN / QLDD (kiểm tra), district ones at the 11 offices', async () => {
    const rows = await database.query<{ code: string; kind: string; valid: boolean; mode: string; numbers: string[]; n: number }>(
      `SELECT o.code, o.kind, bool_and(o.valid_from <= '2023-01-01' AND (o.valid_to IS NULL OR o.valid_to > '2024-12-31')) AS valid,
              string_agg(DISTINCT i.mode, ',') AS mode, array_agg(i.decision_number) AS numbers, count(*)::int AS n
         FROM inspections i JOIN org_units o ON o.id = i.org_unit_id GROUP BY 1, 2 ORDER BY 1`,
    );
    const codes = rows.map((r) => r.code);
    expect(codes.filter((c) => !c.startsWith('PTNMT-')).sort()).toEqual(['CCBVMT', 'QLDD', 'TNN', 'TTRA']);
    expect(codes.filter((c) => c.startsWith('PTNMT-'))).toEqual(Array.from({ length: 11 }, (_, i) => `PTNMT-${941 + i}`));
    for (const r of rows) {
      expect(r.valid).toBe(true);
      expect(r.kind).toBe(r.code.startsWith('PTNMT-') ? 'district_office' : 'division');
      expect(r.mode).toBe(r.code === 'TTRA' ? 'inspection' : 'check');
      const pattern = r.code === 'TTRA' ? /^\d{2}\/QĐ-TTr$/ : r.code.startsWith('PTNMT-') ? /^\d{2}\/QĐ-PTNMT$/ : /^\d{2,3}\/QĐ-(CCBVMT|STNMT)$/;
      expect(r.numbers.every((n) => pattern.test(n))).toBe(true);
      expect(new Set(r.numbers).size).toBe(r.n);
    }
    // TTRA runs most of the province's inspections; every kind of inspection and four fields occur
    expect(rows.find((r) => r.code === 'TTRA')!.n).toBeGreaterThanOrEqual(12);
    const kinds = await database.query<{ kind: string; field: string }>(`SELECT DISTINCT kind, field FROM inspections`);
    expect(new Set(kinds.map((k) => k.kind))).toEqual(new Set(['planned', 'unannounced', 'complaint', 'follow_up']));
    expect(new Set(kinds.map((k) => k.field))).toEqual(new Set(['environment', 'minerals', 'water', 'land']));
    const teams = await database.query<{ n: number; head: string }>(`SELECT jsonb_array_length(team)::int AS n, team->0->>'role' AS head FROM inspections`);
    expect(teams.every((t) => t.n >= 3 && t.n <= 5 && t.head === 'Trưởng đoàn')).toBe(true);
  });

  it('keeps every fine within its provision’s range for the subject’s kind, in whole 100.000s; a decision is the sum of its lines', async () => {
    const lines = await database.query<{
      kind: SubjectKind; fine: string; decree: string; article: number; clause: number | null; point: string | null;
      min: string; max: string; warning: boolean; mult: number; committed: string; vfrom: string; vto: string | null; reason: string | null;
    }>(
      `SELECT s.kind, l.fine_vnd::text AS fine, p.decree, p.article, p.clause, p.point, p.fine_min_vnd::text AS min, p.fine_max_vnd::text AS max,
              p.warning_only AS warning, p.organisation_multiplier AS mult, v.committed_on::text AS committed,
              p.valid_from::text AS vfrom, p.valid_to::text AS vto, l.out_of_range_reason AS reason
         FROM penalty_lines l JOIN violations v ON v.id = l.violation_id JOIN violation_provisions p ON p.id = v.provision_id
         JOIN inspected_subjects x ON x.id = v.inspected_subject_id JOIN inspection_subjects s ON s.id = x.subject_id`,
    );
    expect(lines.length).toBeGreaterThanOrEqual(99);
    for (const l of lines) {
      const range = fineRangeFor(
        { decree: l.decree, article: l.article, clause: l.clause, point: l.point, fineMinVnd: Number(l.min), fineMaxVnd: Number(l.max), warningOnly: l.warning, organisationMultiplier: l.mult },
        l.kind,
      );
      const fine = Number(l.fine);
      expect(fine).toBeGreaterThanOrEqual(range.min);
      expect(fine).toBeLessThanOrEqual(range.max);
      expect(fine % 100_000).toBe(0);
      expect(l.reason).toBeNull();
      expect(l.vfrom <= l.committed && (l.vto === null || l.committed < l.vto)).toBe(true);
    }
    // organisations are fined on the doubled range: the province's 12 decisions all go to organisations
    const [agg] = await database.query<{ mismatched: number; lines_max: number; lines_min: number; province_people: number; unpenalised: number }>(
      `SELECT count(*) FILTER (WHERE d.fine_vnd <> (SELECT sum(l.fine_vnd) FROM penalty_lines l WHERE l.decision_id = d.id))::int AS mismatched,
              max((SELECT count(*) FROM penalty_lines l WHERE l.decision_id = d.id))::int AS lines_max,
              min((SELECT count(*) FROM penalty_lines l WHERE l.decision_id = d.id))::int AS lines_min,
              count(*) FILTER (WHERE o.kind <> 'district_office' AND s.kind <> 'organisation')::int AS province_people,
              (SELECT count(*)::int FROM violations v WHERE NOT EXISTS (SELECT 1 FROM penalty_lines l WHERE l.violation_id = v.id)) AS unpenalised
         FROM penalty_decisions d JOIN org_units o ON o.id = d.org_unit_id JOIN inspected_subjects x ON x.id = d.inspected_subject_id
         JOIN inspection_subjects s ON s.id = x.subject_id`,
    );
    expect(agg).toEqual({ mismatched: 0, lines_max: expect.any(Number), lines_min: 1, province_people: 0, unpenalised: 0 });
    expect(agg!.lines_max).toBeLessThanOrEqual(3);
    expect(agg!.lines_max).toBeGreaterThanOrEqual(2);
    // district cases are mostly households and individuals
    const [mix] = await database.query<{ people: number; all: number }>(
      `SELECT count(*) FILTER (WHERE s.kind <> 'organisation')::int AS people, count(*)::int AS all
         FROM penalty_decisions d JOIN org_units o ON o.id = d.org_unit_id JOIN inspected_subjects x ON x.id = d.inspected_subject_id
         JOIN inspection_subjects s ON s.id = x.subject_id WHERE o.kind = 'district_office'`,
    );
    expect(mix!.people / mix!.all).toBeGreaterThan(0.8);
  });

  it('puts dates in order: period after the decision, acts in the period, decisions 3–25 days after, due 10 days later', async () => {
    const [r] = await database.query<Record<string, number>>(
      `SELECT
         count(*) FILTER (WHERE i.starts_on - i.decision_date NOT BETWEEN 3 AND 15)::int AS bad_start,
         count(*) FILTER (WHERE i.ends_on - i.starts_on + 1 NOT BETWEEN 1 AND 20)::int AS bad_length,
         count(*) FILTER (WHERE i.status = 'concluded' AND (i.conclusion_number IS NULL OR i.conclusion_date < i.ends_on))::int AS bad_conclusion,
         count(*) FILTER (WHERE ${IN_2023('i.decision_date')} AND i.status = 'concluded' AND i.conclusion_date >= '2024-01-01')::int AS concluded_late,
         count(*) FILTER (WHERE ${IN_2023('i.decision_date')} AND i.status = 'in_progress')::int AS in_progress_2023,
         count(*) FILTER (WHERE ${IN_2023('i.decision_date')} AND i.status = 'in_progress' AND i.decision_date < '2023-12-01')::int AS in_progress_early
       FROM inspections i`,
    );
    expect(r).toMatchObject({ bad_start: 0, bad_length: 0, bad_conclusion: 0, concluded_late: 0, in_progress_early: 0 });
    expect(r!.in_progress_2023).toBeGreaterThan(0);
    const [v] = await database.query<Record<string, number>>(
      `SELECT
         count(*) FILTER (WHERE v.committed_on NOT BETWEEN i.starts_on AND i.ends_on)::int AS act_outside,
         (SELECT count(*)::int FROM penalty_decisions d JOIN inspected_subjects x ON x.id = d.inspected_subject_id JOIN inspections i ON i.id = x.inspection_id
           WHERE d.decided_on - i.ends_on NOT BETWEEN 3 AND 25 OR d.payment_due_on - d.decided_on <> 10 OR d.org_unit_id <> i.org_unit_id) AS bad_decision,
         (SELECT count(*)::int FROM penalty_decisions d JOIN inspected_subjects x ON x.id = d.inspected_subject_id JOIN inspections i ON i.id = x.inspection_id
           WHERE ${IN_2023('i.decision_date')} AND NOT (${IN_2023('d.decided_on')})) AS decided_after_2023,
         (SELECT count(*)::int FROM inspected_subjects x JOIN inspections i ON i.id = x.inspection_id
           WHERE ${IN_2023('i.decision_date')} AND i.status <> 'cancelled' AND x.outcome = 'pending') AS pending_2023,
         (SELECT count(*)::int FROM inspected_subjects x JOIN inspections i ON i.id = x.inspection_id
           WHERE x.inspected_on IS NOT NULL AND x.inspected_on NOT BETWEEN i.starts_on AND i.ends_on) AS visit_outside
       FROM violations v JOIN inspected_subjects x ON x.id = v.inspected_subject_id JOIN inspections i ON i.id = x.inspection_id`,
    );
    expect(v).toEqual({ act_outside: 0, bad_decision: 0, decided_after_2023: 0, pending_2023: 0, visit_outside: 0 });
    const signers = await database.query<{ code: string; title: string }>(
      `SELECT DISTINCT o.code, d.signer_title AS title FROM penalty_decisions d JOIN org_units o ON o.id = d.org_unit_id`,
    );
    for (const s of signers) {
      if (s.code === 'TTRA') expect(s.title).toBe('Chánh Thanh tra Sở Tài nguyên và Môi trường');
      else if (s.code.startsWith('PTNMT-')) expect(s.title).toMatch(/^(Phó )?Chủ tịch Ủy ban nhân dân (huyện|thị xã|thành phố) /);
    }
  });

  it('writes valid, unique identifiers: tax codes 22xxxxxxxx for organisations, CCCD 094… for people', async () => {
    const rows = await database.query<{ kind: string; tax: string | null; idn: string | null; phone: string }>(
      `SELECT kind, tax_code AS tax, id_number AS idn, phone FROM inspection_subjects`,
    );
    const orgs = rows.filter((r) => r.kind === 'organisation');
    const people = rows.filter((r) => r.kind !== 'organisation');
    expect(orgs.length).toBeGreaterThan(100);
    expect(people.length).toBeGreaterThan(200);
    for (const o of orgs) {
      expect(o.idn).toBeNull();
      expect(normaliseTaxCode(o.tax!)).toBe(o.tax);
      expect(o.tax).toMatch(/^22\d{8}$/);
    }
    for (const p of people) {
      expect(p.tax).toBeNull();
      expect(normaliseIdNumber(p.idn!)).toBe(p.idn);
      expect(p.idn).toMatch(/^094[0-3]\d{8}$/);
    }
    expect(new Set(orgs.map((o) => o.tax)).size).toBe(orgs.length);
    expect(new Set(people.map((p) => p.idn)).size).toBe(people.length);
    expect(rows.every((r) => /^0\d{9,10}$/.test(r.phone))).toBe(true);
    // Khmer names among the people
    const names = await database.query<{ name: string }>(`SELECT representative AS name FROM inspection_subjects WHERE kind <> 'organisation'`);
    expect(names.filter((n) => /^(Thạch|Sơn|Danh|Kim) /.test(n.name)).length / names.length).toBeGreaterThan(0.1);
  });

  it('places subjects in communes of 2023 and facilities inside their district and Sóc Trăng', async () => {
    const rows = await database.query<{
      address: string; commune: string; level: number; valid: boolean; lat: number; lon: number; boundary: { type: string; coordinates: unknown };
      same: boolean;
    }>(
      `SELECT f.address, c.name AS commune, c.level, (c.valid_from <= '2023-01-01' AND (c.valid_to IS NULL OR c.valid_to > '2023-12-31')) AS valid,
              f.latitude AS lat, f.longitude AS lon, d.boundary, (f.admin_unit_id = s.admin_unit_id) AS same
         FROM inspection_facilities f JOIN inspection_subjects s ON s.id = f.subject_id
         JOIN admin_units c ON c.id = f.admin_unit_id JOIN admin_units d ON d.id = c.parent_id`,
    );
    expect(rows.length).toBeGreaterThan(300);
    for (const r of rows) {
      expect(r.level).toBe(3);
      expect(r.valid).toBe(true);
      expect(r.same).toBe(true);
      expect(r.address).toContain(`${r.commune}, `);
      expect(r.address.endsWith('tỉnh Sóc Trăng')).toBe(true);
      expect(r.lat).toBeGreaterThanOrEqual(SOC_TRANG_BOX.minLat);
      expect(r.lat).toBeLessThanOrEqual(SOC_TRANG_BOX.maxLat);
      expect(r.lon).toBeGreaterThanOrEqual(SOC_TRANG_BOX.minLon);
      expect(r.lon).toBeLessThanOrEqual(SOC_TRANG_BOX.maxLon);
      expect(inside(r.boundary, r.lon, r.lat)).toBe(true);
    }
    // district offices inspect subjects of their own district
    const [wrong] = await database.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM inspected_subjects x JOIN inspections i ON i.id = x.inspection_id JOIN org_units o ON o.id = i.org_unit_id
         JOIN inspection_subjects s ON s.id = x.subject_id JOIN admin_units c ON c.id = s.admin_unit_id
        WHERE o.kind = 'district_office' AND c.parent_id <> o.admin_unit_id`,
    );
    expect(wrong!.n).toBe(0);
  });

  it('has paid, partly paid and unpaid (overdue) fines, and remedies done and overdue', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const rows = await database.query<{ level: string; fine: string; paid: string; due: string }>(
      `SELECT ${LEVEL} AS level, d.fine_vnd::text AS fine, d.payment_due_on::text AS due,
              coalesce((SELECT sum(p.amount_vnd) FROM penalty_payments p WHERE p.decision_id = d.id), 0)::text AS paid
         FROM penalty_decisions d JOIN org_units o ON o.id = d.org_unit_id`,
    );
    for (const level of ['province', 'district']) {
      const mine = rows.filter((r) => r.level === level).map((r) => ({ fine: Number(r.fine), paid: Number(r.paid), due: r.due }));
      const full = mine.filter((r) => r.paid === r.fine).length;
      const partial = mine.filter((r) => r.paid > 0 && r.paid < r.fine).length;
      const unpaidOverdue = mine.filter((r) => r.paid === 0 && r.due < today).length;
      expect(mine.every((r) => r.paid <= r.fine)).toBe(true);
      expect(full / mine.length).toBeGreaterThan(0.7);
      expect(partial).toBeGreaterThan(0);
      expect(unpaidOverdue).toBeGreaterThan(0);
    }
    const receipts = await database.query<{ r: string; paid: string; decided: string }>(
      `SELECT p.receipt_number AS r, p.paid_on::text AS paid, d.decided_on::text AS decided FROM penalty_payments p JOIN penalty_decisions d ON d.id = p.decision_id`,
    );
    expect(receipts.every((x) => /^(BL|GNT)-\d{4}-\d{6}$/.test(x.r) && x.r.slice(-11, -7) === x.paid.slice(0, 4) && x.paid > x.decided)).toBe(true);
    expect(new Set(receipts.map((x) => x.r)).size).toBe(receipts.length);
    const [rem] = await database.query<{ done: number; overdue: number; done_late: number; decisions_with: number; not_from_provision: number }>(
      `SELECT count(*) FILTER (WHERE r.done_on IS NOT NULL)::int AS done,
              count(*) FILTER (WHERE r.done_on IS NULL AND r.deadline < $1)::int AS overdue,
              count(*) FILTER (WHERE r.done_on > r.deadline OR r.done_on < d.decided_on)::int AS done_late,
              count(DISTINCT r.decision_id)::int AS decisions_with,
              count(*) FILTER (WHERE NOT EXISTS (
                SELECT 1 FROM penalty_lines l JOIN violations v ON v.id = l.violation_id JOIN violation_provisions p ON p.id = v.provision_id
                 WHERE l.decision_id = d.id AND p.remedial_measures ? r.description))::int AS not_from_provision
         FROM remedial_measures r JOIN penalty_decisions d ON d.id = r.decision_id`,
      [today],
    );
    expect(rem!.done).toBeGreaterThan(rem!.overdue);
    expect(rem!.overdue).toBeGreaterThan(0);
    expect(rem!.done_late).toBe(0);
    expect(rem!.not_from_provision).toBe(0);
    expect(rem!.decisions_with).toBeGreaterThan(50);
  });

  it('gives subjects a history: several inspections, some by both the province and a district', async () => {
    const [h] = await database.query<{ repeated: number; both_levels: number; repeat_violation: number }>(
      `SELECT count(*) FILTER (WHERE n >= 2)::int AS repeated, count(*) FILTER (WHERE levels = 2)::int AS both_levels,
              count(*) FILTER (WHERE violations >= 2)::int AS repeat_violation
         FROM (SELECT x.subject_id, count(*) AS n, count(DISTINCT ${LEVEL}) AS levels, count(*) FILTER (WHERE x.outcome = 'violation') AS violations
                 FROM inspected_subjects x JOIN inspections i ON i.id = x.inspection_id JOIN org_units o ON o.id = i.org_unit_id
                GROUP BY x.subject_id) t`,
    );
    expect(h!.repeated).toBeGreaterThanOrEqual(10);
    expect(h!.both_levels).toBeGreaterThanOrEqual(2);
    expect(h!.repeat_violation).toBeGreaterThanOrEqual(1);
  });

  it('is deterministic: a second database gets the same inspections, subjects and fines', async () => {
    const other = await prepared();
    try {
      expect(await fingerprint(other.database)).toBe(await fingerprint(database));
    } finally {
      await other.database.close();
    }
  }, 120_000);
});
