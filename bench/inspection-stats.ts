/**
 * Inspection statistics over a large generated data set, against a baseline measured in the same run: ONE
 * hand-written statement of bare aggregates over the same rows (count(*) of the inspections and of their inspected
 * subjects, count(*)/sum of the decisions, sum of the payments, for the whole province: no scope list, no grouping,
 * no join to org_units). Prints the figures (and checks the baseline gives the same totals), the medians of the runs
 * and the ratio of `inspectionStats` by level, province-year, to the baseline.
 *
 *   npx tsx bench/inspection-stats.ts [--subjects 100000] [--runs 7]
 *
 * Engine: PostgreSQL when DATABASE_URL is set (a new database is created from it and dropped afterwards), else
 * PGlite in a temporary folder. Data: 2022–2023, Thanh tra Sở and Chi cục BVMT (province level, ~20 % of the
 * inspections) and the eleven district offices; ≈ 15 000 inspections, ≈ 100 000 inspected subjects (≈ 20 % with a
 * violation, each with a penalty decision: ≈ 20 000), ≈ 30 000 payments (half the decisions paid in two parts), 2 %
 * of the inspections cancelled. Loaded with COPY.
 */
import { prepareDatabase } from '../src/core/boot.js';
import type { Database } from '../src/core/db/index.js';
import { formatInteger, formatMoneyVnd } from '../src/core/format/index.js';
import { periodOf } from '../src/core/period.js';
import { MODULES } from '../src/modules/index.js';
import { FIELDS } from '../src/modules/inspections/model.js';
import { inspectionStats, MEASURES, resolveUnit, type StatsMeasures } from '../src/modules/inspections/statistics.js';
import { freshDatabase, ms, numberArg, orgUnitsOn, rng, timeAll } from './lib.js';

const TARGET_SUBJECTS = numberArg('--subjects') ?? 100_000;
const RUNS = numberArg('--runs') ?? 7;

const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

/* ------------------------------------------------------------------ generated records */

async function load(database: Database, seed: number) {
  await prepareDatabase(database, MODULES, { demo: false });
  const flat = await orgUnitsOn(database, '2023-06-30');
  const province = flat.filter((n) => n.code === 'TTRA' || n.code === 'CCBVMT').map((n) => n.id);
  const districts = flat.filter((n) => n.kind === 'district_office').map((n) => n.id);
  if (province.length !== 2 || districts.length === 0) throw new Error('the reference org units (TTRA, CCBVMT, PTNMT-…) are missing');
  const random = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const fieldWeights = [0.55, 0.2, 0.1, 0.1, 0.03, 0.02];
  const field = () => {
    let r = random();
    for (const [i, w] of fieldWeights.entries()) {
      r -= w;
      if (r < 0) return FIELDS[i]!;
    }
    return FIELDS[0];
  };
  const SUBJECT_POOL = Math.ceil(TARGET_SUBJECTS * 0.6);
  const base = await database.query<{ n: number }>('SELECT coalesce(max(id), 0)::int AS n FROM inspection_subjects');
  const firstSubject = (base[0]?.n ?? 0) + 1;
  await database.copyRows(
    'inspection_subjects',
    ['id', 'kind', 'name'],
    Array.from({ length: SUBJECT_POOL }, (_, i) => [firstSubject + i, i % 3 === 0 ? 'organisation' : 'individual', `Đối tượng thử ${i + 1}`]),
  );
  const start = Date.UTC(2022, 0, 1);
  const days = 730;
  const inspectionsRows: unknown[][] = [];
  const subjectRows: unknown[][] = [];
  const decisionRows: unknown[][] = [];
  const paymentRows: unknown[][] = [];
  let inspectionId = 0;
  let isId = 0;
  let decisionId = 0;
  let paymentId = 0;
  while (isId < TARGET_SUBJECTS) {
    inspectionId++;
    const provinceLevel = random() < 0.2;
    const unit = provinceLevel ? pick(province) : pick(districts);
    const date = start + Math.floor(random() * days) * DAY;
    const cancelled = random() < 0.02;
    inspectionsRows.push([
      inspectionId,
      unit,
      `${inspectionId}/QĐ-BENCH`,
      iso(date),
      random() < 0.3 ? 'inspection' : 'check',
      'planned',
      field(),
      `Thanh tra, kiểm tra ${inspectionId}`,
      iso(date),
      iso(date + 5 * DAY),
      cancelled ? 'cancelled' : 'concluded',
    ]);
    // 1–12 subjects, mean ≈ 6,7; consecutive ids of the pool, so distinct within the inspection
    const n = Math.min(TARGET_SUBJECTS - isId, 1 + Math.floor(random() * random() * 24));
    const first = Math.floor(random() * SUBJECT_POOL);
    for (let k = 0; k < n; k++) {
      isId++;
      const o = random();
      const outcome = o < 0.2 ? 'violation' : o < 0.25 ? 'pending' : 'compliant';
      subjectRows.push([isId, inspectionId, firstSubject + ((first + k) % SUBJECT_POOL), outcome]);
      if (outcome !== 'violation' || cancelled) continue;
      decisionId++;
      const decided = date + (20 + Math.floor(random() * 40)) * DAY;
      const fine = (1 + Math.floor(random() * 200)) * 500_000;
      decisionRows.push([decisionId, isId, unit, `${decisionId}/QĐ-XPHC`, iso(decided), 'Người ký', 'Chánh Thanh tra', fine, iso(decided + 10 * DAY)]);
      const parts = random() < 0.5 ? 2 : 1;
      const firstPart = parts === 2 ? Math.floor(fine / 2) : fine;
      paymentId++;
      paymentRows.push([paymentId, decisionId, iso(decided + (5 + Math.floor(random() * 10)) * DAY), firstPart, `BL-${paymentId}`]);
      if (parts === 2) {
        paymentId++;
        paymentRows.push([paymentId, decisionId, iso(decided + (20 + Math.floor(random() * 30)) * DAY), fine - firstPart, `BL-${paymentId}`]);
      }
    }
  }
  await database.copyRows(
    'inspections',
    ['id', 'org_unit_id', 'decision_number', 'decision_date', 'mode', 'kind', 'field', 'title', 'starts_on', 'ends_on', 'status'],
    inspectionsRows,
  );
  await database.copyRows('inspected_subjects', ['id', 'inspection_id', 'subject_id', 'outcome'], subjectRows);
  await database.copyRows(
    'penalty_decisions',
    ['id', 'inspected_subject_id', 'org_unit_id', 'number', 'decided_on', 'signer_name', 'signer_title', 'fine_vnd', 'payment_due_on'],
    decisionRows,
  );
  await database.copyRows('penalty_payments', ['id', 'decision_id', 'paid_on', 'amount_vnd', 'receipt_number'], paymentRows);
  await database.exec('ANALYZE inspection_subjects; ANALYZE inspections; ANALYZE inspected_subjects; ANALYZE penalty_decisions; ANALYZE penalty_payments;');
  return { inspections: inspectionsRows.length, subjects: subjectRows.length, decisions: decisionRows.length, payments: paymentRows.length };
}

/* ------------------------------------------------------------------ the measurements */

/** The baseline: the same six totals for the whole province as bare aggregates — no scope, no grouping, no org units. */
const BASELINE_SQL = `
  SELECT (SELECT count(*) FROM inspections WHERE decision_date BETWEEN $1::date AND $2::date AND status <> 'cancelled')::int AS inspections,
         s.n AS "subjectsInspected", s.v AS "subjectsWithViolations", d.n AS "penaltyDecisions", d.f AS "finesImposedVnd",
         (SELECT coalesce(sum(amount_vnd), 0) FROM penalty_payments WHERE paid_on BETWEEN $1::date AND $2::date)::float8 AS "finesCollectedVnd"
    FROM (SELECT count(*)::int AS n, count(*) FILTER (WHERE s.outcome = 'violation')::int AS v
            FROM inspected_subjects s JOIN inspections i ON i.id = s.inspection_id
           WHERE i.decision_date BETWEEN $1::date AND $2::date AND i.status <> 'cancelled') s,
         (SELECT count(*)::int AS n, coalesce(sum(fine_vnd), 0)::float8 AS f FROM penalty_decisions
           WHERE decided_on BETWEEN $1::date AND $2::date) d`;

/**
 * For context only: the same baseline with the payments joined to their decisions, the join the definition needs
 * (a payment counts when its decision's unit is in the scope) and the bare baseline skips.
 */
const BASELINE_JOINED_SQL = BASELINE_SQL.replace(
  '(SELECT coalesce(sum(amount_vnd), 0) FROM penalty_payments WHERE paid_on',
  '(SELECT coalesce(sum(p.amount_vnd), 0) FROM penalty_payments p JOIN penalty_decisions pd ON pd.id = p.decision_id WHERE p.paid_on',
);

function printRow(label: string, r: StatsMeasures) {
  const counts = [r.inspections, r.subjectsInspected, r.subjectsWithViolations, r.penaltyDecisions].map((x) => formatInteger(x).padStart(10)).join('');
  console.log(`  ${label.padEnd(12)}${counts}  ${formatMoneyVnd(r.finesImposedVnd).padStart(16)}  ${formatMoneyVnd(r.finesCollectedVnd).padStart(16)}`);
}

async function main() {
  const fresh = await freshDatabase('insp', 'tnmt-bench-inspections-');
  const { database } = fresh;
  try {
    console.log(`inspection statistics benchmark — engine: ${fresh.label}`);
    const t0 = performance.now();
    const n = await load(database, 20231231);
    console.log(
      `loaded ${formatInteger(n.inspections)} inspections, ${formatInteger(n.subjects)} inspected subjects, ${formatInteger(n.decisions)} penalty decisions, ${formatInteger(n.payments)} payments with COPY in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    const year = periodOf({ year: 2023 });
    const province = (await resolveUnit(database, '94', year.lastDay))!;
    const district = (await resolveUnit(database, 'PTNMT-947', year.lastDay))!;
    const q = (scope: number[], groupBy: 'level' | 'field' | 'org_unit' | 'month' = 'level') => ({ scope, firstDay: year.firstDay, lastDay: year.lastDay, groupBy });

    const { rows, totals } = await inspectionStats(database, q(province.ids));
    const [base] = await database.query<StatsMeasures>(BASELINE_SQL, [year.firstDay, year.lastDay]);
    console.log(`\nnăm 2023, ${province.name} (${province.ids.length} org units): cuộc, đối tượng, vi phạm, QĐ xử phạt, tiền phạt, đã thu`);
    for (const r of rows) printRow(r.label, r);
    printRow('Tổng cộng', totals);
    const same = MEASURES.every((k) => base && Number(base[k]) === totals[k]);
    console.log(`  baseline gives the same six totals: ${same ? 'yes' : 'NO'}`);
    if (!same) {
      console.log('  baseline:', base);
      process.exitCode = 1;
    }

    const t = await timeAll(RUNS, {
      baseline: () => database.query(BASELINE_SQL, [year.firstDay, year.lastDay]),
      joined: () => database.query(BASELINE_JOINED_SQL, [year.firstDay, year.lastDay]),
      province: () => inspectionStats(database, q(province.ids)),
      district: () => inspectionStats(database, q(district.ids)),
      byUnit: () => inspectionStats(database, q(province.ids, 'org_unit')),
      byMonth: () => inspectionStats(database, q(province.ids, 'month')),
      byField: () => inspectionStats(database, q(province.ids, 'field')),
    });
    const ratio = t.province / t.baseline;
    console.log(`\ntimings (median of ${RUNS}):`);
    console.log(`  baseline: bare count(*)/sum, whole province, one statement  ${ms(t.baseline).padStart(10)}`);
    console.log(`  (context) baseline with payments joined to decisions     ${ms(t.joined).padStart(10)}`);
    console.log(`  inspectionStats by level, province (${String(province.ids.length).padStart(2)} org units)        ${ms(t.province).padStart(10)}   ratio ${ratio.toFixed(2)}×`);
    console.log(`  inspectionStats by level, ${district.code} (${district.ids.length} org unit${district.ids.length === 1 ? '' : 's'})          ${ms(t.district).padStart(10)}   ratio ${(t.district / t.baseline).toFixed(2)}×`);
    console.log(`  inspectionStats by org unit, province                       ${ms(t.byUnit).padStart(10)}`);
    console.log(`  inspectionStats by month, province                          ${ms(t.byMonth).padStart(10)}`);
    console.log(`  inspectionStats by field, province                          ${ms(t.byField).padStart(10)}`);
  } finally {
    await fresh.drop();
  }
}

await main();
