import { Command } from 'commander';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../core/audit/index.js';
import { createContext, prepareDatabase } from '../../core/boot.js';
import { loadWorkCalendar, parseInstantVn, workingTimeBetween } from '../../core/calendar/index.js';
import { CliUsageError } from '../../core/cli-kit.js';
import { loadConfig } from '../../core/config.js';
import type { Database } from '../../core/db/index.js';
import { formatPercent } from '../../core/format/index.js';
import type { AppModule } from '../../core/http.js';
import { createTestDatabase } from '../../core/testing/db.js';
import { TestClient } from '../../core/testing/app.js';
import { MODULES } from '../index.js';
import { findOrgUnitByCode } from '../org/queries.js';
import { createUser } from '../org/user-commands.js';
import { buildApp } from '../../server.js';
import { formatBieu06Table, registerDossierCli } from './cli.js';
import { dossiers, procedures } from './schema.js';
import {
  type Bieu06Counts,
  BIEU06_COLUMNS,
  bieu06,
  bieu06Report,
  bieu06Totals,
  indicators766,
  monthsOf,
  periodOf,
  resolveUnit,
  vnDaySql,
} from './statistics.js';
import { fieldsChart, monthlyChart, svgDataUrl, unitsChart } from './stats-charts.js';
import { registerStatsRoutes } from './stats-routes.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';

/*
 * A hand-made data set around the boundaries of 2023 (Asia/Ho_Chi_Minh): 22 dossiers in three units, three
 * procedures. Every expected figure below is counted by hand from this table; the comments say which dossiers.
 *
 * Units: STNMT (department), PTNMT-947 (Mỹ Xuyên), PTNMT-943 (Kế Sách).
 * Procedures: P1 province/environment (STNMT); P2 district/land (947); P3 district/environment (943).
 * Times are Vietnam local time. Year 2023 = [2023-01-01 00:00, 2024-01-01 00:00) local. The period is over at
 * the as-of instant used (2024-03-01), so open dossiers are judged at 2024-01-01 00:00.
 */
const vn = (s: string) => parseInstantVn(s);

interface Spec {
  id: string;
  unit: 'STNMT' | 'PTNMT-947' | 'PTNMT-943';
  proc: 'P1' | 'P2' | 'P3';
  channel: 1 | 2 | 3;
  received: string;
  due: string;
  finished?: string;
  due766?: string;
  supplements?: number;
  /** the clock is stopped since (supplement requested, still waiting) */
  stopped?: string;
  outcome?: 'approved' | 'refused' | 'withdrawn';
}

const DATA: Spec[] = [
  // ---- PTNMT-947, P2 (district, land)
  // d1 new online, done early (10/03 < 15/03)
  { id: 'd1', unit: 'PTNMT-947', proc: 'P2', channel: 2, received: '2023-03-01T09:00', due: '2023-03-15T17:00', finished: '2023-03-10T10:00' },
  // d2 new direct, done on time (due day, a minute before due); two supplement requests → late for 766
  { id: 'd2', unit: 'PTNMT-947', proc: 'P2', channel: 1, received: '2023-03-02T09:00', due: '2023-03-16T17:00', finished: '2023-03-16T16:59', supplements: 2 },
  // d3 new by post (counts with direct), done on time: finished exactly at the due instant
  { id: 'd3', unit: 'PTNMT-947', proc: 'P2', channel: 3, received: '2023-03-03T09:00', due: '2023-03-17T17:00', finished: '2023-03-17T17:00' },
  // d4 new direct, done late by one second; one supplement, 766 due later → on time for 766
  { id: 'd4', unit: 'PTNMT-947', proc: 'P2', channel: 1, received: '2023-04-03T09:00', due: '2023-04-17T17:00', finished: '2023-04-17T17:00:01', due766: '2023-04-20T17:00', supplements: 1 },
  // d5 new online, done late (two days)
  { id: 'd5', unit: 'PTNMT-947', proc: 'P2', channel: 2, received: '2023-05-02T09:00', due: '2023-05-16T17:00', finished: '2023-05-18T10:00' },
  // d6 carried over (received 2022), done early in January
  { id: 'd6', unit: 'PTNMT-947', proc: 'P2', channel: 1, received: '2022-12-20T09:00', due: '2023-01-05T17:00', finished: '2023-01-04T15:00' },
  // d7 finished one second before the period starts → not in 2023 at all
  { id: 'd7', unit: 'PTNMT-947', proc: 'P2', channel: 2, received: '2022-12-28T09:00', due: '2023-01-10T17:00', finished: '2022-12-31T23:59:59' },
  // d8 received one second before the period, still open → carried over, in progress, overdue
  { id: 'd8', unit: 'PTNMT-947', proc: 'P2', channel: 1, received: '2022-12-31T23:59:59', due: '2023-01-16T17:00' },
  // d9 received exactly at the start of the period → new online; done early
  { id: 'd9', unit: 'PTNMT-947', proc: 'P2', channel: 2, received: '2023-01-01T00:00', due: '2023-01-16T17:00', finished: '2023-01-13T10:00' },
  // d10 new direct, open, due after the period → in progress within the time limit
  { id: 'd10', unit: 'PTNMT-947', proc: 'P2', channel: 1, received: '2023-12-29T09:00', due: '2024-01-12T17:00' },
  // d11 received one second before the end, finished after it → new online, in progress within
  { id: 'd11', unit: 'PTNMT-947', proc: 'P2', channel: 2, received: '2023-12-31T23:59:59', due: '2024-01-15T17:00', finished: '2024-01-02T10:00' },
  // d12 received exactly at the end of the period → not in 2023
  { id: 'd12', unit: 'PTNMT-947', proc: 'P2', channel: 1, received: '2024-01-01T00:00', due: '2024-01-15T17:00' },
  // d13 withdrawn: counts as done, classified like the others → early
  { id: 'd13', unit: 'PTNMT-947', proc: 'P2', channel: 1, received: '2023-06-01T09:00', due: '2023-06-15T17:00', finished: '2023-06-05T09:00', outcome: 'withdrawn' },
  // d14 Vietnam days: finished 10/07 23:45, due 11/07 00:30 → early (in UTC both fall on 10/07)
  { id: 'd14', unit: 'PTNMT-947', proc: 'P2', channel: 1, received: '2023-07-01T09:00', due: '2023-07-11T00:30', finished: '2023-07-10T23:45' },
  // d15 Vietnam days: finished 10/08 06:30, due 10/08 17:00 → on time (in UTC the finish is on 09/08)
  { id: 'd15', unit: 'PTNMT-947', proc: 'P2', channel: 2, received: '2023-08-01T09:00', due: '2023-08-10T17:00', finished: '2023-08-10T06:30' },
  // d16 new online, open, overdue at the end of 2023; one supplement, 766 due 01/02/2024 → on time for 766
  { id: 'd16', unit: 'PTNMT-947', proc: 'P2', channel: 2, received: '2023-11-01T09:00', due: '2023-11-15T17:00', due766: '2024-02-01T17:00', supplements: 1 },
  // ---- STNMT, P1 (province, environment)
  // s1 new direct, done early
  { id: 's1', unit: 'STNMT', proc: 'P1', channel: 1, received: '2023-02-01T09:00', due: '2023-03-01T17:00', finished: '2023-02-20T10:00' },
  // s2 new online, done late (02/10 > 29/09)
  { id: 's2', unit: 'STNMT', proc: 'P1', channel: 2, received: '2023-09-01T09:00', due: '2023-09-29T17:00', finished: '2023-10-02T09:00' },
  // s3 carried over, done late in January
  { id: 's3', unit: 'STNMT', proc: 'P1', channel: 1, received: '2022-11-01T09:00', due: '2022-12-01T17:00', finished: '2023-01-05T09:00' },
  // ---- PTNMT-943, P3 (district, environment)
  // k1 new online, done on time (due day, morning)
  { id: 'k1', unit: 'PTNMT-943', proc: 'P3', channel: 2, received: '2023-05-05T09:00', due: '2023-05-19T17:00', finished: '2023-05-19T08:00' },
  // k2 new direct, open, overdue; waiting since 20/10 for the applicant's supplement (clock stopped, 766 due 30/10)
  //    → for 766 judged at 20/10, on time
  { id: 'k2', unit: 'PTNMT-943', proc: 'P3', channel: 1, received: '2023-10-10T09:00', due: '2023-10-24T17:00', due766: '2023-10-30T17:00', supplements: 1, stopped: '2023-10-20T09:00' },
  // ---- PTNMT-947 in 2022 only, to see that a year never leaks into the next: finished in 2022
  { id: 'd0', unit: 'PTNMT-947', proc: 'P2', channel: 1, received: '2022-03-01T09:00', due: '2022-03-15T17:00', finished: '2022-03-14T09:00' },
];

const AS_OF = vn('2024-03-01T00:00');
const Y2023 = periodOf({ year: 2023 });

/** Columns 3–13 in order, for compact expectations. */
const cols = (r: Bieu06Counts) => BIEU06_COLUMNS.map((c) => r[c]);

let database: Database;
const unitId: Record<string, number> = {};
const procId: Record<string, number> = {};

beforeAll(async () => {
  database = await createTestDatabase();
  await prepareDatabase(database, MODULES, { demo: false });
  for (const code of ['STNMT', 'PTNMT-947', 'PTNMT-943', 'VPDK-947']) {
    const u = await findOrgUnitByCode(database.db, code, '2023-06-30');
    if (!u) throw new Error(`org unit ${code} missing from the reference data`);
    unitId[code] = u.id;
  }
  const base = { timeLimitUnit: 'working_days' as const, legalBasis: 'test', validFrom: '2020-01-01' };
  const procs = await database.db
    .insert(procedures)
    .values([
      { ...base, code: 'T.STAT.1', name: 'Thẩm định báo cáo (thử)', field: 'environment', level: 'province', timeLimitValue: 20 },
      { ...base, code: 'T.STAT.2', name: 'Đăng ký biến động đất đai (thử)', field: 'land', level: 'district', timeLimitValue: 10 },
      { ...base, code: 'T.STAT.3', name: 'Xác nhận kế hoạch bảo vệ môi trường (thử)', field: 'environment', level: 'district', timeLimitValue: 10 },
    ])
    .returning({ id: procedures.id, code: procedures.code });
  for (const p of procs) procId[`P${p.code.slice(-1)}`] = p.id;
  await database.db.insert(dossiers).values(
    DATA.map((s) => ({
      code: `TEST-STAT-${s.id}`,
      procedureId: procId[s.proc]!,
      orgUnitId: unitId[s.unit]!,
      channel: s.channel,
      applicantKind: 'person',
      applicantName: `Người nộp ${s.id}`,
      receivedAt: vn(s.received),
      dueAt: vn(s.due),
      due766At: vn(s.due766 ?? s.due),
      status: s.finished ? (s.outcome === 'withdrawn' ? 7 : 10) : s.stopped ? 5 : 4,
      stoppedAt: s.stopped ? vn(s.stopped) : null,
      supplementCount: s.supplements ?? 0,
      finishedAt: s.finished ? vn(s.finished) : null,
      outcome: s.finished ? (s.outcome ?? 'approved') : null,
    })),
  );
});

afterAll(async () => {
  await database?.close();
});

describe('periods', () => {
  it('a year, a quarter, a month and a custom range are local-midnight half-open intervals', () => {
    expect(Y2023.from.toISOString()).toBe('2022-12-31T17:00:00.000Z');
    expect(Y2023.to.toISOString()).toBe('2023-12-31T17:00:00.000Z');
    expect([Y2023.firstDay, Y2023.lastDay]).toEqual(['2023-01-01', '2023-12-31']);
    const q4 = periodOf({ year: 2023, quarter: 4 });
    expect([q4.from.toISOString(), q4.to.toISOString(), q4.lastDay]).toEqual([
      '2023-09-30T17:00:00.000Z',
      '2023-12-31T17:00:00.000Z',
      '2023-12-31',
    ]);
    const feb = periodOf({ year: 2024, month: 2 });
    expect([feb.firstDay, feb.lastDay]).toEqual(['2024-02-01', '2024-02-29']);
    const custom = periodOf({ from: '2023-03-01', to: '2023-03-31' });
    expect([custom.from.toISOString(), custom.to.toISOString()]).toEqual(['2023-02-28T17:00:00.000Z', '2023-03-31T17:00:00.000Z']);
    expect(monthsOf(Y2023.from, Y2023.to).map((m) => m.key)).toHaveLength(12);
  });

  it('refuses impossible periods', () => {
    expect(() => periodOf({ year: 2023, quarter: 1, month: 2 })).toThrow(/quarter, month/);
    expect(() => periodOf({ year: 2023, quarter: 5 })).toThrow(/quarter/);
    expect(() => periodOf({ year: 1800 })).toThrow(/year/);
    expect(() => periodOf({ from: '2023-03-31', to: '2023-03-01' })).toThrow(/before/);
    expect(() => periodOf({ from: '2023-02-30', to: '2023-03-01' })).toThrow(/from/);
  });
});

describe('Vietnam calendar days in SQL', () => {
  it('the fixed +07:00 offset gives the same day as Asia/Ho_Chi_Minh, 1976–2100, at and around local midnight', async () => {
    const day = (x: string) => vnDaySql(sql.raw(x));
    const [r] = (
      (await database.db.execute(sql`
        SELECT count(*)::int AS n,
               count(*) FILTER (WHERE (x AT TIME ZONE 'Asia/Ho_Chi_Minh')::date <> ${day('x')})::int AS differ
          FROM generate_series(timestamptz '1976-01-01T00:00:00+07:00', timestamptz '2100-01-01T00:00:00+07:00', interval '1 day') g,
               LATERAL (VALUES (g - interval '1 second'), (g), (g + interval '1 second')) v(x)`)) as unknown as {
        rows: { n: number; differ: number }[];
      }
    ).rows;
    expect(r!.n).toBeGreaterThan(130_000);
    expect(r!.differ).toBe(0);
  });
});

describe('Biểu 06, year 2023', () => {
  const all = () => ({ scope: null, from: Y2023.from, to: Y2023.to, asOf: AS_OF });

  it('computes the 13 columns of the totals row', async () => {
    const t = await bieu06Totals(database, all());
    // (3) received 19 = (4) online 8 [d1 d5 d9 d11 d15 d16 s2 k1] + (5) direct/post 8 [d2 d3 d4 d10 d13 d14 s1 k2]
    //     + (6) carried over 3 [d6 d8 s3]; not counted: d7 (finished 2022), d12 (received 2024), d0 (2022)
    // (7) done 14 = (8) early 6 [d1 d6 d9 d13 d14 s1] + (9) on time 4 [d2 d3 d15 k1] + (10) late 4 [d4 d5 s2 s3]
    // (11) in progress 5 = (12) within 2 [d10 d11] + (13) overdue 3 [d8 d16 k2]
    expect(cols(t)).toEqual([19, 8, 8, 3, 14, 6, 4, 4, 5, 2, 3]);
    expect(t.earlyOrOnTime).toBe(10);
    // on-time rate = (6 + 4) / 14 = 0.714… → 71,4%
    expect(t.onTimeRate).toBeCloseTo(10 / 14, 12);
    expect(formatPercent(t.onTimeRate)).toBe('71,4%');
  });

  it('keeps the identities: (3) = (4)+(5)+(6) = (7)+(11), (7) = (8)+(9)+(10), (11) = (12)+(13)', async () => {
    for (const groupBy of ['level', 'field', 'procedure', 'org_unit', 'month'] as const) {
      const rows = await bieu06(database, { ...all(), groupBy });
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) {
        expect(r.receivedTotal, `${groupBy} ${r.key}`).toBe(r.doneTotal + r.openTotal);
        expect(r.receivedTotal).toBe(r.receivedOnline + r.receivedDirect + r.carriedOver);
        expect(r.doneTotal).toBe(r.doneEarly + r.doneOnTime + r.doneLate);
        expect(r.openTotal).toBe(r.openWithin + r.openOverdue);
      }
    }
  });

  it('groups by level: province and district are separate rows', async () => {
    const rows = await bieu06(database, { ...all(), groupBy: 'level' });
    expect(rows.map((r) => [r.key, r.label])).toEqual([
      ['province', 'Cấp tỉnh'],
      ['district', 'Cấp huyện'],
    ]);
    // province [s1 s2 s3]: online 1 [s2], direct 1 [s1], carried 1 [s3]; early 1 [s1], late 2 [s2 s3]
    expect(cols(rows[0]!)).toEqual([3, 1, 1, 1, 3, 1, 0, 2, 0, 0, 0]);
    expect(formatPercent(rows[0]!.onTimeRate)).toBe('33,3%');
    // district = the other 16: online 7, direct 7, carried 2 [d6 d8]; early 5, on time 4, late 2; open 5 (2 within)
    expect(cols(rows[1]!)).toEqual([16, 7, 7, 2, 11, 5, 4, 2, 5, 2, 3]);
    expect(formatPercent(rows[1]!.onTimeRate)).toBe('81,8%');
  });

  it('groups by field, procedure, org unit', async () => {
    const byField = await bieu06(database, { ...all(), groupBy: 'field' });
    // land = PTNMT-947's 14; environment = s1 s2 s3 k1 k2
    expect(byField.map((r) => [r.key, r.label, r.receivedTotal])).toEqual([
      ['land', 'Đất đai', 14],
      ['environment', 'Môi trường', 5],
    ]);
    const byProcedure = await bieu06(database, { ...all(), groupBy: 'procedure' });
    expect(byProcedure.map((r) => [r.key, r.label, r.receivedTotal])).toEqual([
      ['T.STAT.1', 'Thẩm định báo cáo (thử)', 3],
      ['T.STAT.2', 'Đăng ký biến động đất đai (thử)', 14],
      ['T.STAT.3', 'Xác nhận kế hoạch bảo vệ môi trường (thử)', 2],
    ]);
    const byUnit = await bieu06(database, { ...all(), groupBy: 'org_unit' });
    expect(byUnit.map((r) => [r.key, r.receivedTotal])).toEqual([
      [String(unitId['PTNMT-943']), 2],
      [String(unitId['PTNMT-947']), 14],
      [String(unitId.STNMT), 3],
    ]);
    expect(byUnit[0]!.label).toBe('Phòng Tài nguyên và Môi trường huyện Kế Sách');
  });

  it('groups by month, each month its own period', async () => {
    const rows = await bieu06(database, { ...all(), groupBy: 'month' });
    expect(rows.map((r) => r.key)).toEqual([...Array(12)].map((_, i) => `2023-${String(i + 1).padStart(2, '0')}`));
    const march = rows[2]!;
    expect(march.label).toBe('Tháng 3/2023');
    // March: new online d1, new direct d2 d3, carried d8 (open since 2022); done d1 early, d2 d3 on time; d8 overdue
    expect(cols(march)).toEqual([4, 1, 2, 1, 3, 1, 2, 0, 1, 0, 1]);
    // the months add up to the year for what happens inside a month: new dossiers and finished dossiers
    const sum = (k: keyof Bieu06Counts) => rows.reduce((s, r) => s + r[k], 0);
    expect([sum('receivedOnline'), sum('receivedDirect'), sum('doneTotal'), sum('doneEarly'), sum('doneOnTime'), sum('doneLate')]).toEqual([
      8, 8, 14, 6, 4, 4,
    ]);
    // December's in-progress dossiers are the year's
    expect(cols(rows[11]!).slice(8)).toEqual([5, 2, 3]);
  });

  it('judges open dossiers at the as-of instant while the period is not over', async () => {
    const q4 = periodOf({ year: 2023, quarter: 4 });
    // Q4 concerns d8 d10 d11 d16 s2 k2: online d11 d16, direct d10 k2, carried d8 s2; done s2 (late)
    // at 14/11/2023 12:00: d10, d11, d16 (due 15/11) within; d8, k2 overdue
    const t = await bieu06Totals(database, { scope: null, from: q4.from, to: q4.to, asOf: vn('2023-11-14T12:00') });
    expect(cols(t)).toEqual([6, 2, 2, 2, 1, 0, 0, 1, 5, 3, 2]);
    // after the quarter, least(to, as-of) = to: d16 is overdue too
    const later = await bieu06Totals(database, { scope: null, from: q4.from, to: q4.to, asOf: AS_OF });
    expect(cols(later).slice(8)).toEqual([5, 2, 3]);
  });

  it('filters by field and procedure', async () => {
    const env = await bieu06Totals(database, { ...all(), field: 'environment' });
    // s1 s2 s3 k1 k2: online s2 k1, direct s1 k2, carried s3; early s1, on time k1, late s2 s3; k2 overdue
    expect(cols(env)).toEqual([5, 2, 2, 1, 4, 1, 1, 2, 1, 0, 1]);
    const p3 = await bieu06Totals(database, { ...all(), procedureId: procId.P3 });
    expect(cols(p3)).toEqual([2, 1, 1, 0, 1, 0, 1, 0, 1, 0, 1]);
    expect(cols(await bieu06Totals(database, { ...all(), procedureCode: 'T.STAT.3' }))).toEqual(cols(p3));
  });

  it('lays out the form: levels with their fields, and the totals (one statement)', async () => {
    const report = await bieu06Report(database, all());
    expect(report.levels.map((b) => [b.level.label, b.fields.map((f) => `${f.label} ${f.receivedTotal}`)])).toEqual([
      ['Cấp tỉnh', ['Môi trường 3']],
      ['Cấp huyện', ['Đất đai 14', 'Môi trường 2']],
    ]);
    expect(cols(report.totals)).toEqual([19, 8, 8, 3, 14, 6, 4, 4, 5, 2, 3]);
    const empty = await bieu06Report(database, { ...all(), scope: [] });
    expect(empty.levels).toEqual([]);
    expect(cols(empty.totals)).toEqual(Array(11).fill(0));
    expect(empty.totals.onTimeRate).toBeNull();
  });
});

describe('scope', () => {
  const year = (scope: number[] | null) => ({ scope, from: Y2023.from, to: Y2023.to, asOf: AS_OF });

  it('a district sees its own dossiers only; the department’s subtree includes the districts', async () => {
    const mx = await resolveUnit(database, 'PTNMT-947', Y2023.lastDay);
    expect(mx?.kind).toBe('org_unit');
    // PTNMT-947 [d1…d16 without d7 d12]: online 6, direct 6, carried 2; early 5, on time 3, late 2; within 2, overdue 2
    expect(cols(await bieu06Totals(database, year(mx!.ids)))).toEqual([14, 6, 6, 2, 10, 5, 3, 2, 4, 2, 2]);
    const ks = await resolveUnit(database, 'PTNMT-943', Y2023.lastDay);
    expect(cols(await bieu06Totals(database, year(ks!.ids)))).toEqual([2, 1, 1, 0, 1, 0, 1, 0, 1, 0, 1]);
    const dept = await resolveUnit(database, 'STNMT', Y2023.lastDay);
    expect(dept!.ids).toEqual(expect.arrayContaining([unitId.STNMT, unitId['PTNMT-947'], unitId['PTNMT-943']]));
    expect((await bieu06Totals(database, year(dept!.ids))).receivedTotal).toBe(19);
    // the department's subtree grouped by level separates its own dossiers from the districts'
    const levels = await bieu06(database, { ...year(dept!.ids), groupBy: 'level' });
    expect(levels.map((r) => [r.key, r.receivedTotal])).toEqual([
      ['province', 3],
      ['district', 16],
    ]);
  });

  it('resolves GSO codes: a district to its offices, the province to everything', async () => {
    const d947 = await resolveUnit(database, '947', Y2023.lastDay);
    expect(d947?.kind).toBe('admin_unit');
    expect(d947?.name).toBe('Huyện Mỹ Xuyên');
    expect(d947?.ids).toEqual(expect.arrayContaining([unitId['PTNMT-947'], unitId['VPDK-947']]));
    expect(d947?.ids).not.toContain(unitId['PTNMT-943']);
    expect((await bieu06Totals(database, year(d947!.ids))).receivedTotal).toBe(14);
    const province = await resolveUnit(database, '94', Y2023.lastDay);
    expect((await bieu06Totals(database, year(province!.ids))).receivedTotal).toBe(19);
    expect(await resolveUnit(database, 'KHONG-CO', Y2023.lastDay)).toBeNull();
    expect(await resolveUnit(database, '99999', Y2023.lastDay)).toBeNull();
  });
});

describe('Decision 766, group 2', () => {
  it('2.1 on-time rate and 2.2 average processing time', async () => {
    const cal = await loadWorkCalendar(database);
    const i = await indicators766(database, { scope: null, from: Y2023.from, to: Y2023.to, asOf: AS_OF }, cal);
    // done on time for 766 (≤ 1 supplement, finished ≤ due_766): d1 d3 d4 d6 d9 d13 d14 d15 s1 k1 = 10
    //   (not d2: two supplements; not d5 s2 s3: late)
    // open on time for 766 (≤ 1 supplement, judged at 01/01/2024 ≤ due_766): d10 d11 d16; and k2, judged at its
    //   stop 20/10 ≤ 30/10 = 4 (not d8: overdue, no stop)
    expect([i.considered, i.done, i.open, i.onTimeDone, i.onTimeOpen]).toEqual([19, 14, 5, 10, 4]);
    // 14 / 19 = 0.736… → 73,7%
    expect(formatPercent(i.onTimeRate)).toBe('73,7%');
    // 2.2: the SQL average equals the mean of workingTimeBetween over the 14 done dossiers
    const done = DATA.filter((s) => s.finished && vn(s.finished) >= Y2023.from && vn(s.finished) < Y2023.to);
    expect(done).toHaveLength(14);
    const working = done.reduce((sum, s) => sum + workingTimeBetween(cal, vn(s.received), vn(s.finished!)).days, 0) / done.length;
    const calendarDays = done.reduce((sum, s) => sum + (vn(s.finished!).getTime() - vn(s.received).getTime()) / 86_400_000, 0) / done.length;
    expect(i.avgWorkingDays).toBeCloseTo(working, 9);
    expect(i.avgCalendarDays).toBeCloseTo(calendarDays, 9);
    // d1: 01/03 09:00 → 10/03 10:00 is 7 working days and 1 hour (two weekends in between)
    expect(workingTimeBetween(cal, vn('2023-03-01T09:00'), vn('2023-03-10T10:00')).hours).toBe(57);
  });

  it('is empty without dossiers', async () => {
    const i = await indicators766(database, { scope: [], from: Y2023.from, to: Y2023.to, asOf: AS_OF });
    expect(i).toMatchObject({ considered: 0, onTimeRate: null, avgWorkingDays: null, avgCalendarDays: null });
  });
});

describe('CLI: dossiers stats', () => {
  async function run(args: string[]) {
    const out: string[] = [];
    const program = new Command('tnmt').exitOverride().configureOutput({ writeOut: () => {}, writeErr: () => {} });
    registerDossierCli(program, {
      config: () => {
        throw new Error('no configuration in tests');
      },
      openDb: async () => database,
      out: (l) => out.push(l),
    });
    await program.parseAsync(['dossiers', 'stats', ...args], { from: 'user' });
    return out.join('\n');
  }

  it('prints a fixed-width table by level with the 13 columns, the rate and a totals line', async () => {
    const text = await run(['--year', '2023']);
    const lines = text.split('\n');
    const district = lines.find((l) => l.startsWith('Cấp huyện'))!;
    expect(district.replace(/\s+/g, ' ')).toBe('Cấp huyện 16 7 7 2 11 5 4 2 5 2 3 9 (81,8%)');
    const total = lines.find((l) => l.startsWith('Tổng cộng'))!;
    expect(total.replace(/\s+/g, ' ')).toBe('Tổng cộng 19 8 8 3 14 6 4 4 5 2 3 10 (71,4%)');
    expect(text).toContain('Năm 2023');
    expect(text).toContain('Trực tuyến');
    // fixed width: every data line as long as the header line
    const widths = new Set(lines.filter((l) => /^(Cấp|Tổng)/.test(l)).map((l) => l.length));
    expect(widths.size).toBe(1);
  });

  it('--unit restricts to a subtree (org code or GSO code); --json prints the rows', async () => {
    const json = JSON.parse(await run(['--year', '2023', '--unit', '947', '--json']));
    expect(json.unit).toMatchObject({ code: '947', name: 'Huyện Mỹ Xuyên' });
    expect(json.rows.map((r: { key: string; receivedTotal: number }) => [r.key, r.receivedTotal])).toEqual([['district', 14]]);
    expect(json.totals).toMatchObject({ receivedTotal: 14, doneTotal: 10, doneLate: 2, onTimeRate: 0.8 });
    const q1 = JSON.parse(await run(['--year', '2023', '--quarter', '1', '--unit', 'STNMT', '--field', 'land', '--json']));
    expect(q1.period).toMatchObject({ from: '2023-01-01', to: '2023-03-31' });
    // Q1 land: d1 d2 d3 d6 d8 d9 — d6 d8 carried; d1 d2 d3 d6 d9 finished by 31/03
    expect(q1.totals).toMatchObject({ receivedTotal: 6, carriedOver: 2, doneTotal: 5, openTotal: 1 });
  });

  it.each([
    [['--year', 'hai'], /^--year: /],
    [['--year', '2023', '--quarter', '5'], /^--quarter: /],
    [['--year', '2023', '--month', '13'], /^--month: /],
    [['--year', '2023', '--quarter', '1', '--month', '2'], /^--quarter, --month: /],
    [['--year', '2023', '--field', 'forest'], /^--field: /],
    [['--year', '2023', '--unit', 'KHONG-CO'], /^--unit: /],
    [['--year', '2023', '--by', 'week'], /^--by: /],
    [[], /^--year: /],
  ])('refuses %j with a usage error naming the option', async (args, re) => {
    const error = await run(args).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CliUsageError);
    expect((error as Error).message).toMatch(re);
    expect((error as Error).message).not.toContain('\n');
  });

  it('the pure formatter aligns big numbers', () => {
    const row = (label: string, n: number) => ({
      key: label,
      label,
      receivedTotal: n,
      receivedOnline: n,
      receivedDirect: 0,
      carriedOver: 0,
      doneTotal: 25_628,
      doneEarly: 20_000,
      doneOnTime: 5_157,
      doneLate: 471,
      openTotal: 0,
      openWithin: 0,
      openOverdue: 0,
      earlyOrOnTime: 25_157,
      onTimeRate: 25_157 / 25_628,
    });
    const lines = formatBieu06Table({ title: 'x', rows: [row('Cấp huyện', 26_100)], totals: row('Tổng cộng', 26_100) });
    const line = lines.find((l) => l.startsWith('Cấp huyện'))!;
    expect(line).toContain('25.628');
    expect(line).toContain('471');
    expect(line).toContain('25.157 (98,2%)');
  });
});

describe('charts', () => {
  it('are SVG with a title and a description, well-formed (they are embedded as <img>)', async () => {
    const rows = await bieu06(database, { scope: null, from: Y2023.from, to: Y2023.to, asOf: AS_OF, groupBy: 'month' });
    const units = await bieu06(database, { scope: null, from: Y2023.from, to: Y2023.to, asOf: AS_OF, groupBy: 'org_unit' });
    for (const chart of [await monthlyChart(rows, 2023, 'vi'), await unitsChart(units, 'năm 2023', 'vi'), await fieldsChart(units, 'năm 2023', 'en')]) {
      expect(chart.svg).toMatch(/^<svg role="img" aria-labelledby="[\w-]+-title [\w-]+-desc"/);
      expect(chart.svg).toContain(`<title id=`);
      expect(chart.svg).toContain(`<desc id=`);
      // every start tag: a name, then name="value" attributes with no stray quote or "<" inside a value
      for (const tag of chart.svg.match(/<[a-zA-Z][^>]*>/g) ?? []) {
        expect(tag).toMatch(/^<[\w:-]+(\s+[\w:-]+="[^"<]*")*\s*\/?>$/);
      }
      expect(svgDataUrl(chart.svg)).toMatch(/^data:image\/svg\+xml;charset=utf-8,%3Csvg/);
    }
    expect((await unitsChart(units, 'năm 2023', 'vi')).svg).toContain('Phòng TN&amp;MT huyện Kế Sách');
  });
});

describe('page, API and XLSX', () => {
  let app: FastifyInstance;
  let dataDir = '';
  const password = 'Thong-ke-2023!';

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tnmt-stats-'));
    const config = loadConfig({ dataDir, logLevel: 'silent', sessionSecret: 'x'.repeat(40) }, {});
    const ctx = createContext(database, config);
    const stats: AppModule = {
      name: 'dossier-stats-test',
      register(a, c) {
        // the dossiers module may already register these routes; add them only when it does not
        if (!a.routeTable.some((r) => r.url === '/thong-ke/ho-so')) registerStatsRoutes(a, c);
      },
    };
    app = await buildApp(ctx, { modules: [...MODULES, stats], logger: false });
    await app.ready();
    for (const u of [
      { username: 'tk.lanhdao', orgUnitCode: 'STNMT', roles: ['leader'] },
      { username: 'tk.mx', orgUnitCode: 'PTNMT-947', roles: ['leader'] },
      { username: 'tk.thanhtra', orgUnitCode: 'STNMT', roles: ['inspector'] },
    ]) {
      await createUser(database, SYSTEM_ACTOR, { ...u, fullName: u.username, password });
    }
  });

  afterAll(async () => {
    await app?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('renders the page for a leader: Biểu 06 with grouped headers, 766, three charts with their data', async () => {
    const c = new TestClient(app, '10.0.0.1');
    await c.signIn('tk.lanhdao', password);
    const res = await c.get('/thong-ke/ho-so?nam=2023');
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expect(html).toContain('Biểu số 06/VPCP/KSTT');
    expect(html).toContain('colspan="4"');
    expect(html).toContain('Số hồ sơ đang giải quyết');
    expect(html).toContain('71,4%');
    expect(html).toContain('81,8%');
    expect(html).toContain('73,7%');
    expect((html.match(/<img [^>]*src="data:image\/svg\+xml/g) ?? []).length).toBe(3);
    expect((html.match(/<details/g) ?? []).length).toBeGreaterThanOrEqual(3);
    expect(html).toContain('Phòng Tài nguyên và Môi trường huyện Kế Sách');
    expect(html).not.toMatch(/<script(?![^>]*src=)/);
    expect(html).not.toContain(' style="');
  });

  it('speaks English when asked', async () => {
    const c = new TestClient(app, '10.0.0.6');
    await c.signIn('tk.lanhdao', password);
    const res = await c.get('/thong-ke/ho-so?nam=2023&lang=en');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Form 06/VPCP/KSTT');
    expect(res.body).toContain('District level');
    expect(res.body).toContain('71.4%');
  });

  it('limits a district leader to the district, even when another unit is asked for', async () => {
    const c = new TestClient(app, '10.0.0.2');
    await c.signIn('tk.mx', password);
    const res = await c.get('/api/v1/dossier-stats?year=2023&unit=STNMT');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.totals.receivedTotal).toBe(14);
    expect(body.rows.map((r: { key: string }) => r.key)).toEqual(['district']);
    expect(body.indicators766.considered).toBe(14);
  });

  it('answers 403 to a user without the action, 400 to a bad query', async () => {
    const c = new TestClient(app, '10.0.0.3');
    await c.signIn('tk.thanhtra', password);
    expect((await c.get('/thong-ke/ho-so?nam=2023')).statusCode).toBe(403);
    expect((await c.get('/api/v1/dossier-stats?year=2023')).statusCode).toBe(403);
    const leader = new TestClient(app, '10.0.0.4');
    await leader.signIn('tk.lanhdao', password);
    expect((await leader.get('/api/v1/dossier-stats?year=2023&quarter=1&month=2')).statusCode).toBe(400);
    const page = await leader.get('/thong-ke/ho-so?nam=2023&quy=1&thang=2');
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('govuk-error-summary');
  });

  it('exports the form as XLSX with the 13 header labels and the totals', async () => {
    const c = new TestClient(app, '10.0.0.5');
    await c.signIn('tk.lanhdao', password);
    const res = await c.get('/thong-ke/ho-so.xlsx?nam=2023');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const texts: string[] = [];
    ws.eachRow((row) => row.eachCell((cell) => texts.push(String(cell.value))));
    expect(texts[0]).toBe('Biểu số 06/VPCP/KSTT');
    for (const label of [
      'STT',
      'Lĩnh vực, công việc giải quyết theo cấp',
      'Tổng số',
      'Mới tiếp nhận trực tuyến',
      'Mới tiếp nhận trực tiếp, dịch vụ bưu chính',
      'Từ kỳ trước',
      'Trước hạn',
      'Đúng hạn',
      'Quá hạn',
      'Trong hạn',
    ]) {
      expect(texts, label).toContain(label);
    }
    let totalsRow: unknown[] = [];
    ws.eachRow((row) => {
      if (row.getCell(2).value === 'Tổng cộng') totalsRow = (row.values as unknown[]).slice(3, 14);
    });
    expect(totalsRow).toEqual([19, 8, 8, 3, 14, 6, 4, 4, 5, 2, 3]);
    expect(ws.model.merges.length).toBeGreaterThanOrEqual(5);
  });
});
