/**
 * Biểu 06 over a large generated data set, against a baseline measured in the same run: ONE hand-written SQL
 * aggregate over the same rows (`SELECT count(*) FILTER (…) … FROM dossiers WHERE …`, the same 13 numbers for the
 * whole province, no join, no grouping, no scope list). Prints the rows, the medians of 5 runs and the ratio
 * (goal ≤ 1,5×), then the province-year table on a demo-sized data set (~27 000 rows; goal < 100 ms).
 *
 *   npx tsx bench/dossier-stats.ts [--rows N] [--runs 5] [--demo-rows 27000]
 *
 * Engine: PostgreSQL when DATABASE_URL is set (a new database is created from it and dropped afterwards; default
 * 1 000 000 rows), else PGlite in a temporary folder (default 100 000 rows). Data: 2022–2023, the department and
 * its district offices, channels, due instants from the working calendar, finishes mostly early, some on the due
 * day, ~2 % late, withdrawals and refusals, supplements, dossiers still open at the end of 2023. Loaded with COPY.
 */
import { receiveDossier } from '../src/modules/dossiers/commands.js';
import { findOrgUnitByCode } from '../src/modules/org/queries.js';
import { SingleBar } from 'cli-progress';
import { prepareDatabase } from '../src/core/boot.js';
import { isWorkingDay, loadWorkCalendar, type WorkCalendar } from '../src/core/calendar/index.js';
import { isoFromDayNumber, vnDayNumber } from '../src/core/calendar/time.js';
import type { Database } from '../src/core/db/index.js';
import { formatInteger, formatPercent } from '../src/core/format/index.js';
import { MODULES } from '../src/modules/index.js';
import { procedures } from '../src/modules/dossiers/schema.js';
import {
  BIEU06_COLUMNS,
  type Bieu06Counts,
  bieu06,
  bieu06Report,
  bieu06Totals,
  indicators766,
  periodOf,
  resolveUnit,
} from '../src/modules/dossiers/statistics.js';
import { freshDatabase, ms, numberArg, orgUnitsOn, rng, timeAll } from './lib.js';

const ROWS = numberArg('--rows') ?? (process.env.DATABASE_URL ? 1_000_000 : 100_000);
const RUNS = numberArg('--runs') ?? 5;
const DEMO_ROWS = numberArg('--demo-rows') ?? 27_000;

const HOUR = 3_600_000;
const DAY = 86_400_000;
const VN = 7 * HOUR;
const vnMidnight = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) - VN;

/* ------------------------------------------------------------------ generated dossiers */

interface BenchProcedure {
  id: number;
  level: 'province' | 'district';
  days: number;
  weight: number;
}

const PROCEDURES = [
  // province (the department)
  { code: 'BENCH.T.01', name: 'Thẩm định báo cáo đánh giá tác động môi trường', field: 'environment', level: 'province', days: 30, weight: 3 },
  { code: 'BENCH.T.02', name: 'Cấp giấy phép môi trường', field: 'environment', level: 'province', days: 20, weight: 3 },
  { code: 'BENCH.T.03', name: 'Cấp giấy phép khai thác nước dưới đất', field: 'water', level: 'province', days: 25, weight: 2 },
  { code: 'BENCH.T.04', name: 'Cấp giấy phép khai thác khoáng sản', field: 'minerals', level: 'province', days: 30, weight: 1 },
  { code: 'BENCH.T.05', name: 'Giao đất, cho thuê đất cho tổ chức', field: 'land', level: 'province', days: 20, weight: 2 },
  // district offices
  { code: 'BENCH.H.01', name: 'Đăng ký biến động quyền sử dụng đất', field: 'land', level: 'district', days: 10, weight: 36 },
  { code: 'BENCH.H.02', name: 'Tách thửa, hợp thửa đất', field: 'land', level: 'district', days: 15, weight: 13 },
  { code: 'BENCH.H.03', name: 'Cấp đổi giấy chứng nhận', field: 'land', level: 'district', days: 7, weight: 9 },
  { code: 'BENCH.H.04', name: 'Đăng ký, cấp giấy chứng nhận lần đầu', field: 'land', level: 'district', days: 20, weight: 8 },
  { code: 'BENCH.H.05', name: 'Chuyển mục đích sử dụng đất', field: 'land', level: 'district', days: 15, weight: 4 },
  { code: 'BENCH.H.06', name: 'Xác nhận đăng ký kế hoạch bảo vệ môi trường', field: 'environment', level: 'district', days: 10, weight: 3 },
] as const;

/** Working-day table: for each local day, whether it is worked and the next working day's number. */
function workingDays(cal: WorkCalendar, firstDay: number, lastDay: number) {
  const worked = new Map<number, boolean>();
  for (let d = firstDay; d <= lastDay; d++) worked.set(d, isWorkingDay(cal, isoFromDayNumber(d)));
  const list = [...worked].filter(([, w]) => w).map(([d]) => d);
  const ordinal = new Map(list.map((d, i) => [d, i]));
  return { worked: (d: number) => worked.get(d) ?? false, list, ordinal };
}

const COLUMNS = [
  'code',
  'procedure_id',
  'org_unit_id',
  'channel',
  'applicant_kind',
  'applicant_name',
  'received_at',
  'due_at',
  'due_766_at',
  'status',
  'supplement_count',
  'finished_at',
  'outcome',
] as const;

async function load(database: Database, rows: number, years: readonly number[], seed: number, showProgress: boolean) {
  await prepareDatabase(database, MODULES, { demo: false });
  const cal = await loadWorkCalendar(database);
  const flat = await orgUnitsOn(database, '2023-06-30');
  const department = flat.find((n) => n.code === 'STNMT');
  const districts = flat.filter((n) => n.kind === 'district_office');
  if (!department || districts.length === 0) throw new Error('the reference org units (STNMT, PTNMT-…) are missing');
  const stamp = seed.toString(36);
  const procs: BenchProcedure[] = [];
  for (const p of PROCEDURES) {
    const [row] = await database.db
      .insert(procedures)
      .values({
        code: `${p.code}.${stamp}`,
        name: p.name,
        field: p.field,
        level: p.level,
        timeLimitValue: p.days,
        timeLimitUnit: 'working_days',
        legalBasis: 'bench',
        validFrom: '2020-01-01',
      })
      .returning({ id: procedures.id });
    procs.push({ id: row!.id, level: p.level, days: p.days, weight: p.weight });
  }
  const pick = <T extends { weight: number }>(xs: readonly T[], r: number): T => {
    const total = xs.reduce((s, x) => s + x.weight, 0);
    let acc = r * total;
    for (const x of xs) {
      acc -= x.weight;
      if (acc < 0) return x;
    }
    return xs[xs.length - 1]!;
  };
  const provinceProcs = procs.filter((p) => p.level === 'province');
  const districtProcs = procs.filter((p) => p.level === 'district');
  const units = districts.map((d, i) => ({ id: d.id, weight: 6 + ((i * 7) % 9) }));

  const firstYear = Math.min(...years);
  const lastYear = Math.max(...years);
  const firstDay = vnDayNumber(vnMidnight(firstYear, 1, 1));
  const lastDay = vnDayNumber(vnMidnight(lastYear + 2, 1, 1));
  const wd = workingDays(cal, firstDay, lastDay);
  const receiptDays = wd.list.filter((d) => d < vnDayNumber(vnMidnight(lastYear + 1, 1, 1)) && d >= firstDay);
  // the data set is "as of" 10/01 after the last year: later finishes are still open
  const dataAsOf = vnMidnight(lastYear + 1, 1, 10);
  const random = rng(seed);
  const officeTime = () => {
    // 07:00–11:30, 13:30–17:00
    const m = random() * 8 * 60;
    return (m < 270 ? 7 * 60 + m : 13.5 * 60 + (m - 270)) * 60_000;
  };
  const addWorking = (start: number, days: number) => {
    const day = vnDayNumber(start);
    const tod = start + VN - day * DAY;
    const i = wd.ordinal.get(day);
    const target = wd.list[(i ?? 0) + days] ?? day + Math.ceil(days * 1.4);
    return target * DAY - VN + tod;
  };

  const bar = showProgress
    ? new SingleBar({
        format: 'Tạo hồ sơ [{bar}] {percentage}% | {value}/{total}',
        stream: process.stderr,
        hideCursor: true,
        noTTYOutput: true,
        notTTYSchedule: 3000,
      })
    : undefined;
  bar?.start(rows, 0);
  const BATCH = 50_000;
  let made = 0;
  while (made < rows) {
    const n = Math.min(BATCH, rows - made);
    const batch: unknown[][] = [];
    for (let k = 0; k < n; k++) {
      const i = made + k;
      const dept = random() < 0.03;
      const proc = pick(dept ? provinceProcs : districtProcs, random());
      const unit = dept ? department.id : pick(units, random()).id;
      const day = receiptDays[Math.floor(random() * receiptDays.length)]!;
      const year = Number(isoFromDayNumber(day).slice(0, 4));
      const onlineShare = year <= 2022 ? 0.25 : 0.45;
      const c = random();
      const channel = c < onlineShare ? 2 : c < onlineShare + 0.02 ? 3 : 1;
      // online dossiers arrive at any hour; the clock starts at the next opening (approximated: 07:00 next day)
      const receivedAt = channel === 2 && random() < 0.3 ? day * DAY - VN + Math.floor(random() * DAY) : day * DAY - VN + officeTime();
      const startDay = wd.worked(vnDayNumber(receivedAt)) ? receivedAt : (vnDayNumber(receivedAt) + 1) * DAY - VN + 7 * HOUR;
      const dueAt = addWorking(startDay, proc.days);
      const s = random();
      const supplements = s < 0.88 ? 0 : s < 0.98 ? 1 : 2;
      const due766At = supplements ? dueAt + Math.floor(random() * 10 + 1) * DAY : dueAt;
      // class of the finish: ~2 % late (more with supplements), ~15 % on the due day, the rest early
      const k2 = random();
      const lateP = supplements === 2 ? 0.4 : 0.018;
      let finishedAt: number;
      if (random() < 0.002) finishedAt = Number.POSITIVE_INFINITY; // stuck, never finished
      else if (k2 < lateP) finishedAt = dueAt + Math.floor(random() * 8 * DAY + HOUR);
      else if (k2 < lateP + 0.15) {
        const dueDayStart = vnDayNumber(dueAt) * DAY - VN;
        finishedAt = Math.max(receivedAt, dueDayStart + 7 * HOUR) + Math.floor(random() * Math.max(0, dueAt - Math.max(receivedAt, dueDayStart + 7 * HOUR)));
      } else {
        const lastEarly = vnDayNumber(dueAt) * DAY - VN - 1;
        finishedAt = lastEarly > receivedAt ? receivedAt + Math.floor(random() * (lastEarly - receivedAt)) : dueAt;
      }
      const open = finishedAt > dataAsOf;
      const o = random();
      const outcome = open ? null : o < 0.93 ? 'approved' : o < 0.96 ? 'refused' : 'withdrawn';
      const status = open ? (supplements && random() < 0.3 ? 5 : 4) : outcome === 'withdrawn' ? 7 : 10;
      batch.push([
        `BENCH-${stamp}-${i}`,
        proc.id,
        unit,
        channel,
        random() < 0.85 ? 'person' : 'organization',
        'Người nộp thử',
        new Date(receivedAt),
        new Date(dueAt),
        new Date(due766At),
        status,
        supplements,
        open ? null : new Date(finishedAt),
        outcome,
      ]);
    }
    await database.copyRows('dossiers', [...COLUMNS], batch);
    made += n;
    bar?.update(made);
  }
  bar?.stop();
  await database.exec('ANALYZE dossiers; ANALYZE procedures;');
}

/* ------------------------------------------------------------------ the measurements */

/** The baseline: the same 13 numbers for the whole province in one plain aggregate — no join, no grouping, no scope. */
const BASELINE_SQL = `
  SELECT count(*)::int AS "receivedTotal",
         count(*) FILTER (WHERE received_at >= $1 AND channel = 2)::int AS "receivedOnline",
         count(*) FILTER (WHERE received_at >= $1 AND channel IN (1, 3))::int AS "receivedDirect",
         count(*) FILTER (WHERE received_at < $1)::int AS "carriedOver",
         count(*) FILTER (WHERE finished_at < $2)::int AS "doneTotal",
         count(*) FILTER (WHERE finished_at < $2 AND (finished_at AT TIME ZONE INTERVAL '+07:00')::date < (due_at AT TIME ZONE INTERVAL '+07:00')::date)::int AS "doneEarly",
         count(*) FILTER (WHERE finished_at < $2 AND (finished_at AT TIME ZONE INTERVAL '+07:00')::date = (due_at AT TIME ZONE INTERVAL '+07:00')::date AND finished_at <= due_at)::int AS "doneOnTime",
         count(*) FILTER (WHERE finished_at < $2 AND finished_at > due_at)::int AS "doneLate",
         count(*) FILTER (WHERE finished_at IS NULL OR finished_at >= $2)::int AS "openTotal",
         count(*) FILTER (WHERE (finished_at IS NULL OR finished_at >= $2) AND due_at >= $3)::int AS "openWithin",
         count(*) FILTER (WHERE (finished_at IS NULL OR finished_at >= $2) AND due_at < $3)::int AS "openOverdue"
    FROM dossiers
   WHERE received_at < $2 AND (finished_at IS NULL OR finished_at >= $1)`;

function printRow(label: string, r: Bieu06Counts & { onTimeRate?: number | null }) {
  const cells = BIEU06_COLUMNS.map((c) => formatInteger(r[c]).padStart(9)).join('');
  console.log(`  ${label.padEnd(12)}${cells}   ${formatPercent(r.onTimeRate ?? null)}`);
}

const year = periodOf({ year: 2023 });
const asOf = new Date(vnMidnight(2024, 3, 1));

async function main() {
  console.log(`Biểu 06 benchmark — ${formatInteger(ROWS)} dossiers, median of ${RUNS} runs`);
  const big = await freshDatabase('big', 'tnmt-bench-stats-big-');
  try {
    console.log(`engine: ${big.label}`);
    const t0 = performance.now();
    await load(big.database, ROWS, [2022, 2023], 20231231, true);
    const [{ n } = { n: 0 }] = await big.database.query<{ n: number }>('SELECT count(*)::int AS n FROM dossiers');
    console.log(`loaded ${formatInteger(n)} rows with COPY in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const province = (await resolveUnit(big.database, '94', year.lastDay))!;
    const district = (await resolveUnit(big.database, 'PTNMT-947', year.lastDay))!;
    const filter = { from: year.from, to: year.to, asOf };
    const baselineParams = [year.from.toISOString(), year.to.toISOString(), new Date(Math.min(year.to.getTime(), asOf.getTime())).toISOString()];

    // the figures: Biểu 06 by level for the province, its totals, and the baseline's numbers (must agree)
    const rows = await bieu06(big.database, { ...filter, scope: province.ids, groupBy: 'level' });
    const totals = await bieu06Totals(big.database, { ...filter, scope: province.ids });
    const [base] = await big.database.query<Bieu06Counts>(BASELINE_SQL, baselineParams);
    console.log(`\nBiểu 06, năm 2023, ${province.name} (${province.ids.length} org units), columns (3)…(13) and the on-time rate:`);
    for (const r of rows) printRow(r.label, r);
    printRow('Tổng cộng', totals);
    const same = BIEU06_COLUMNS.every((c) => base && base[c] === totals[c]);
    console.log(`  baseline gives the same 13 numbers: ${same ? 'yes' : 'NO'}`);
    if (!same) {
      console.log('  baseline:', base);
      process.exitCode = 1;
    }

    const t = await timeAll(RUNS, {
      baseline: () => big.database.query(BASELINE_SQL, baselineParams),
      province: () => bieu06(big.database, { ...filter, scope: province.ids, groupBy: 'level' }),
      district: () => bieu06(big.database, { ...filter, scope: district.ids, groupBy: 'level' }),
      report: () => bieu06Report(big.database, { ...filter, scope: province.ids }),
      i766: () => indicators766(big.database, { ...filter, scope: province.ids }),
    });
    const { baseline: tBaseline, province: tProvince, district: tDistrict, report: tReport, i766: t766 } = t;
    const ratio = tProvince / tBaseline;
    console.log('\ntimings (median):');
    console.log(`  baseline: one plain aggregate, whole province       ${ms(tBaseline).padStart(10)}`);
    console.log(`  bieu06 by level, province (${String(province.ids.length).padStart(2)} org units)          ${ms(tProvince).padStart(10)}   ratio ${ratio.toFixed(2)}× (goal ≤ 1,5×) ${ratio <= 1.5 ? 'OK' : 'OVER'}`);
    console.log(`  bieu06 by level, ${district.code.padEnd(9)} (${String(district.ids.length).padStart(2)} org unit${district.ids.length === 1 ? ' ' : 's'})         ${ms(tDistrict).padStart(10)}`);
    console.log(`  bieu06Report (levels × fields + totals), province  ${ms(tReport).padStart(10)}`);
    console.log(`  indicators766 (2.1 and 2.2 in working days)         ${ms(t766).padStart(10)}`);
  } finally {
    await big.drop();
  }

  const demo = await freshDatabase('demo', 'tnmt-bench-stats-demo-');
  try {
    await load(demo.database, DEMO_ROWS, [2023], 2023, false);
    const province = (await resolveUnit(demo.database, '94', year.lastDay))!;
    const { demo: tDemo } = await timeAll(RUNS, {
      demo: () => bieu06(demo.database, { from: year.from, to: year.to, asOf, scope: province.ids, groupBy: 'level' }),
    });
    console.log(
      `\ndemo-sized data set (${formatInteger(DEMO_ROWS)} dossiers of 2023, same engine): bieu06 province-year ${ms(tDemo)} (goal < 100 ms) ${tDemo < 100 ? 'OK' : 'OVER'}`,
    );
    await intakeLatency(demo.database);
  } finally {
    await demo.drop();
  }
}

/**
 * Intake latency: receiveDossier end to end (validation, calendar, gapless sequence, clock, inserts, audit) on the
 * demo-sized database, one after another as a desk works; baseline: a bare single-row INSERT … RETURNING into the
 * same table in the same run.
 */
async function intakeLatency(database: Database) {
  const unit = await findOrgUnitByCode(database.db, 'PTNMT-947');
  const proc = (await database.query<{ id: number }>(`SELECT id FROM procedures WHERE level = 'district' AND valid_to IS NULL ORDER BY id LIMIT 1`))[0];
  if (!unit || !proc) throw new Error('reference data missing for the intake benchmark');
  const N = 300;
  const times: number[] = [];
  const base: number[] = [];
  for (let i = 0; i < N; i++) {
    const t0 = performance.now();
    await receiveDossier(database, { id: null, name: 'bench' }, {
      procedureId: proc.id,
      orgUnitId: unit.id,
      channel: 1,
      applicantKind: 'person',
      applicantName: `Nguyễn Văn Bench ${i}`,
      applicantIdNumber: '094123456789',
      applicantPhone: '0912345678',
      documents: [{ name: 'Đơn đề nghị', form: 'original', quantity: 1 }],
    });
    times.push(performance.now() - t0);
    const t1 = performance.now();
    await database.query(`INSERT INTO intake_decisions (org_unit_id, procedure_id, outcome, applicant_name, channel, at) VALUES ($1, $2, 'refused', 'x', 1, now()) RETURNING id`, [unit.id, proc.id]);
    base.push(performance.now() - t1);
  }
  const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
  const p95 = pct(times, 0.95);
  console.log(
    `\nintake (receiveDossier, ${N} in a row): p50 ${ms(pct(times, 0.5))}, p95 ${ms(p95)} (goal < 50 ms) ${p95 < 50 ? 'OK' : 'OVER'}; baseline single-row INSERT p95 ${ms(pct(base, 0.95))}, ratio ${(p95 / pct(base, 0.95)).toFixed(1)}×`,
  );
}

await main();
