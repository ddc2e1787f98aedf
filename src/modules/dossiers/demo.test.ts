import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli.js';
import { prepareDatabase } from '../../core/boot.js';
import { isInOfficeHours, isWorkingDay, loadWorkCalendar, vnIsoDate, type WorkCalendar } from '../../core/calendar/index.js';
import type { Database } from '../../core/db/index.js';
import { loadDemo } from '../../core/demo.js';
import { createTestDatabase } from '../../core/testing/db.js';
import { MODULES } from '../index.js';
import { seedProcedures } from './catalogue.js';
import { computeClock } from './clock.js';
import { DOSSIER_CODE_PATTERN } from './codes.js';
import { DEMO_TARGETS, dossiersDemo } from './demo.js';
import type { ClockEvent, DossierEventKind, TimeLimit } from './model.js';

/*
 * The 2023 demo dossiers, checked with plain SQL written here (independent of statistics.ts): the Biểu 06 figures
 * of the department's 2023 review, the stored clocks against a fresh computeClock, dossier codes and sequences,
 * receipts on working days, determinism.
 */

/** Vietnam-local date of a timestamptz column (UTC+7, no DST). */
const vnDay = (col: string) => `((${col} AT TIME ZONE 'UTC') + interval '7 hours')::date`;
const Y2023 = `d.finished_at >= '2023-01-01T00:00:00+07:00' AND d.finished_at < '2024-01-01T00:00:00+07:00'`;

async function prepared(): Promise<{ database: Database; loadMs: number }> {
  const database = await createTestDatabase();
  await prepareDatabase(database, MODULES, { demo: false });
  await seedProcedures(database);
  const t = performance.now();
  await loadDemo(database, [dossiersDemo]);
  return { database, loadMs: Math.round(performance.now() - t) };
}

async function fingerprint(database: Database): Promise<string> {
  const rows = await database.query<{ code: string; due: string; name: string; n: number }>(
    `SELECT d.code, d.due_at::text AS due, d.applicant_name AS name, (SELECT count(*)::int FROM dossier_events e WHERE e.dossier_id = d.id) AS n
       FROM dossiers d ORDER BY d.id`,
  );
  const h = createHash('sha256');
  for (const r of rows) h.update(`${r.code}|${r.due}|${r.name}|${r.n}\n`);
  return h.digest('hex');
}

describe('dossiers demo (2023)', () => {
  let database: Database;
  let cal: WorkCalendar;

  beforeAll(async () => {
    const r = await prepared();
    database = r.database;
    cal = await loadWorkCalendar(database.db);
    const [c] = await database.query<{ d: number; e: number; doc: number }>(
      `SELECT (SELECT count(*)::int FROM dossiers) AS d, (SELECT count(*)::int FROM dossier_events) AS e, (SELECT count(*)::int FROM dossier_documents) AS doc`,
    );
    console.log(`dossiers demo on ${database.engine}: ${c?.d} dossiers, ${c?.e} events, ${c?.doc} documents, loaded in ${r.loadMs} ms`);
  }, 300_000);
  afterAll(async () => {
    await database?.close();
  });

  it('gives the 2023 Biểu 06 figures of the review: district 25.628 / 25.157, department 354 / 353 early / 1 late', async () => {
    const rows = await database.query<{ level: string; done: number; early: number; on_time: number; late: number }>(
      `SELECT p.level,
              count(*)::int AS done,
              count(*) FILTER (WHERE ${vnDay('d.finished_at')} < ${vnDay('d.due_at')})::int AS early,
              count(*) FILTER (WHERE ${vnDay('d.finished_at')} = ${vnDay('d.due_at')} AND d.finished_at <= d.due_at)::int AS on_time,
              count(*) FILTER (WHERE d.finished_at > d.due_at)::int AS late
         FROM dossiers d JOIN procedures p ON p.id = d.procedure_id
        WHERE ${Y2023}
        GROUP BY p.level ORDER BY p.level`,
    );
    const by = Object.fromEntries(rows.map((r) => [r.level, r]));
    expect(by.district).toMatchObject({ done: 25_628, late: 471 });
    expect(by.district!.early + by.district!.on_time).toBe(25_157);
    expect(by.district).toMatchObject({ early: DEMO_TARGETS.district.early, on_time: DEMO_TARGETS.district.onTime });
    expect(by.province).toMatchObject({ done: 354, early: 353, on_time: 0, late: 1 });
    expect(Math.round((1000 * 25_157) / 25_628) / 10).toBe(98.2);
    expect(Math.round((1000 * 353) / 354) / 10).toBe(99.7);
  });

  it('prints the review figures through `tnmt dossiers stats --year 2023`, computed by the statistics code', async () => {
    const out: string[] = [];
    const code = await runCli(['dossiers', 'stats', '--year', '2023'], { database, out: (l) => out.push(l), err: (l) => out.push(l) });
    expect(code).toBe(0);
    const text = out.join('\n');
    const line = (label: string) => text.split('\n').find((l) => l.startsWith(label)) ?? '';
    // district level: 25.628 done, 25.157 early or on time = 98,2%
    expect(line('Cấp huyện')).toMatch(/\s25\.628\s/);
    expect(line('Cấp huyện')).toContain('25.157 (98,2%)');
    // the department: 354 done, 353 early = 99,7%
    expect(line('Cấp tỉnh')).toMatch(/\s354\s+353\s+0\s+1\s/);
    expect(line('Cấp tỉnh')).toContain('353 (99,7%)');
    const json = JSON.parse(
      await (async () => {
        const o: string[] = [];
        await runCli(['dossiers', 'stats', '--year', '2023', '--json'], { database, out: (l) => o.push(l) });
        return o.join('\n');
      })(),
    );
    expect(JSON.stringify(json)).toContain('25628');
  });

  it('puts district procedures at the 11 district offices and province procedures in the department', async () => {
    const rows = await database.query<{ level: string; kind: string; parent: string | null; agency: string; n: number }>(
      `SELECT p.level, o.kind, par.code AS parent, substring(d.code, 1, 13) AS agency, count(*)::int AS n
         FROM dossiers d JOIN procedures p ON p.id = d.procedure_id JOIN org_units o ON o.id = d.org_unit_id
         LEFT JOIN org_units par ON par.id = o.parent_id
        GROUP BY 1, 2, 3, 4`,
    );
    for (const r of rows) {
      if (r.level === 'district') expect(r.kind).toBe('district_office');
      else {
        expect(r).toMatchObject({ level: 'province', kind: 'division', parent: 'STNMT', agency: '000.00.21.H54' });
      }
    }
    const offices = await database.query<{ code: string; agency: string; n: number }>(
      `SELECT o.code, o.agency_code AS agency, count(*)::int AS n, bool_and(substring(d.code, 1, 13) = o.agency_code) AS same
         FROM dossiers d JOIN org_units o ON o.id = d.org_unit_id WHERE o.kind = 'district_office' GROUP BY 1, 2 ORDER BY n`,
    );
    expect(offices).toHaveLength(11);
    expect(offices.every((o) => (o as unknown as { same: boolean }).same)).toBe(true);
    // Cù Lao Dung is the smallest, the city the largest
    expect(offices[0]!.code).toBe('PTNMT-945');
    expect(offices[10]!.code).toBe('PTNMT-941');
  });

  it('stores the clock computeClock gives for the events (500 dossiers, special cases included)', async () => {
    const ids = (
      await database.query<{ id: number }>(
        `(SELECT id FROM dossiers ORDER BY md5(id::text) LIMIT 400)
         UNION
         (SELECT id FROM dossiers WHERE supplement_count > 0 OR extended_due_at IS NOT NULL OR outcome IN ('refused', 'withdrawn')
             OR finished_at IS NULL OR status = 6 ORDER BY md5(id::text) LIMIT 100)`,
      )
    ).map((r) => r.id);
    expect(ids.length).toBeGreaterThanOrEqual(450);
    const dossiers = await database.query<Record<string, unknown> & { id: number; time_limit_value: number; time_limit_unit: string }>(
      `SELECT d.id, d.status, d.due_at, d.extended_due_at, d.due_766_at, d.supplement_count, d.finished_at, d.outcome, d.returned_at,
              p.time_limit_value, p.time_limit_unit, p.difficult_area_extra_days
         FROM dossiers d JOIN procedures p ON p.id = d.procedure_id WHERE d.id = ANY($1::int[])`,
      [ids],
    );
    const events = await database.query<{ dossier_id: number; kind: string; at: Date; data: Record<string, unknown> | null }>(
      `SELECT dossier_id, kind, at, data FROM dossier_events WHERE dossier_id = ANY($1::int[]) ORDER BY dossier_id, at, id`,
      [ids],
    );
    const byDossier = new Map<number, ClockEvent[]>();
    for (const e of events) {
      const list = byDossier.get(e.dossier_id) ?? [];
      list.push({ kind: e.kind as DossierEventKind, at: new Date(e.at), data: e.data });
      byDossier.set(e.dossier_id, list);
    }
    const time = (v: unknown) => (v === null ? null : new Date(v as string | Date).getTime());
    for (const d of dossiers) {
      const evs = byDossier.get(d.id)!;
      const difficult = (evs[0]?.data as { difficultArea?: boolean } | null)?.difficultArea === true;
      const limit: TimeLimit = { value: Number(d.time_limit_value), unit: d.time_limit_unit as TimeLimit['unit'] };
      const s = computeClock(evs, limit, cal, { extraWorkingDays: difficult ? Number(d.difficult_area_extra_days) : 0 });
      expect({
        id: d.id,
        status: Number(d.status),
        dueAt: time(d.due_at),
        extendedDueAt: time(d.extended_due_at),
        due766At: time(d.due_766_at),
        supplementCount: Number(d.supplement_count),
        finishedAt: time(d.finished_at),
        outcome: d.outcome,
        returnedAt: time(d.returned_at),
      }).toEqual({
        id: d.id,
        status: s.status,
        dueAt: s.dueAt.getTime(),
        extendedDueAt: s.extendedDueAt?.getTime() ?? null,
        due766At: s.due766At.getTime(),
        supplementCount: s.supplementCount,
        finishedAt: s.finishedAt?.getTime() ?? null,
        outcome: s.outcome,
        returnedAt: s.returnedAt?.getTime() ?? null,
      });
    }
  });

  it('gives unique codes in the national pattern, with the receipt day and a gapless sequence per agency and day', async () => {
    const [c] = await database.query<{ n: number; distinct_codes: number; bad_day: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT code)::int AS distinct_codes,
              count(*) FILTER (WHERE substring(code, 15, 6) <> to_char(${vnDay('received_at')}, 'YYMMDD'))::int AS bad_day
         FROM dossiers`,
    );
    expect(c!.distinct_codes).toBe(c!.n);
    expect(c!.bad_day).toBe(0);
    const codes = await database.query<{ code: string }>(`SELECT code FROM dossiers`);
    expect(codes.every((r) => DOSSIER_CODE_PATTERN.test(r.code))).toBe(true);
    const groups = await database.query<{ prefix: string; n: number; lo: number; hi: number; last: number | null; ordered: boolean }>(
      `SELECT g.prefix, g.n, g.lo, g.hi, s.last, g.ordered
         FROM (SELECT substring(code, 1, 20) AS prefix, count(*)::int AS n,
                      min(substring(code, 22, 4)::int) AS lo, max(substring(code, 22, 4)::int) AS hi,
                      bool_and(seq_rank = substring(code, 22, 4)::int) AS ordered
                 FROM (SELECT code, row_number() OVER (PARTITION BY substring(code, 1, 20) ORDER BY received_at, id)::int AS seq_rank
                         FROM dossiers) x
                GROUP BY 1) g
         LEFT JOIN dossier_sequences s
           ON s.agency_code = substring(g.prefix, 1, 13) AND s.day = to_date(substring(g.prefix, 15, 6), 'YYMMDD')`,
    );
    expect(groups.length).toBeGreaterThan(1000);
    const bad = groups.filter((g) => g.lo !== 1 || g.hi !== g.n || g.last !== g.n || !g.ordered);
    expect(bad).toEqual([]);
    const [seq] = await database.query<{ n: number }>(`SELECT count(*)::int AS n FROM dossier_sequences`);
    expect(seq!.n).toBe(groups.length);
  });

  it('receives counter and postal dossiers on working days in office hours; online at any time', async () => {
    const rows = await database.query<{ channel: number; received_at: Date }>(`SELECT channel, received_at FROM dossiers`);
    const offHours = rows.filter((r) => r.channel !== 2 && !isInOfficeHours(cal, new Date(r.received_at)));
    expect(offHours).toEqual([]);
    const offDays = rows.filter((r) => r.channel !== 2 && !isWorkingDay(cal, vnIsoDate(new Date(r.received_at))));
    expect(offDays).toEqual([]);
    const online = rows.filter((r) => r.channel === 2);
    expect(online.some((r) => !isWorkingDay(cal, vnIsoDate(new Date(r.received_at))))).toBe(true);
    const share = (ch: number) => rows.filter((r) => r.channel === ch).length / rows.length;
    expect(share(2)).toBeGreaterThan(0.25);
    expect(share(2)).toBeLessThan(0.35);
    expect(share(3)).toBeGreaterThan(0.02);
    expect(share(3)).toBeLessThan(0.045);
    // every finish, return and processing event of a finished dossier happens in office hours
    const ends = await database.query<{ at: Date }>(
      `SELECT at FROM dossier_events WHERE kind IN ('result_ready', 'refused', 'withdrawn', 'result_returned')`,
    );
    expect(ends.filter((e) => !isInOfficeHours(cal, new Date(e.at)))).toEqual([]);
  });

  it('has the situations of real life: carried over, open at year end, withdrawn, refused, supplements, pauses, apologies', async () => {
    const [row] = await database.query<Record<string, number>>(
      `SELECT
         count(*) FILTER (WHERE d.received_at < '2023-01-01T00:00:00+07:00' AND ${Y2023})::int AS carried,
         count(*) FILTER (WHERE d.received_at < '2023-01-01T00:00:00+07:00' AND NOT (${Y2023}))::int AS carried_not_2023,
         count(*) FILTER (WHERE d.received_at < '2024-01-01T00:00:00+07:00' AND (d.finished_at IS NULL OR d.finished_at >= '2024-01-01T00:00:00+07:00'))::int AS open_at_end,
         count(*) FILTER (WHERE (d.finished_at IS NULL OR d.finished_at >= '2024-01-01T00:00:00+07:00') AND d.due_at < '2024-01-01T00:00:00+07:00')::int AS overdue_at_end,
         count(*) FILTER (WHERE d.finished_at IS NULL)::int AS still_open,
         count(*) FILTER (WHERE d.outcome = 'withdrawn' AND ${Y2023})::int AS withdrawn,
         count(*) FILTER (WHERE d.outcome = 'refused' AND ${Y2023})::int AS refused,
         count(*) FILTER (WHERE d.supplement_count = 1)::int AS one_supplement,
         count(*) FILTER (WHERE d.supplement_count = 2)::int AS two_supplements,
         count(*) FILTER (WHERE d.supplement_count = 2 AND d.finished_at <= d.due_at)::int AS two_supplements_in_time,
         count(*) FILTER (WHERE EXISTS (SELECT 1 FROM dossier_events e WHERE e.dossier_id = d.id AND e.kind = 'paused'))::int AS paused,
         count(*) FILTER (WHERE d.extended_due_at IS NOT NULL AND ${Y2023})::int AS extended,
         count(*) FILTER (WHERE d.extended_due_at IS NOT NULL AND ${Y2023} AND d.finished_at <= d.due_at)::int AS extended_not_late,
         count(*) FILTER (WHERE d.finished_at IS NOT NULL AND d.outcome <> 'withdrawn' AND d.returned_at IS NULL)::int AS not_returned
       FROM dossiers d`,
    );
    const r = (k: string) => Number(row?.[k]);
    expect(r('carried')).toBeGreaterThan(500);
    expect(r('carried_not_2023')).toBe(0);
    expect(r('open_at_end')).toBeGreaterThan(500);
    expect(r('overdue_at_end')).toBeGreaterThan(0);
    expect(r('overdue_at_end')).toBeLessThan(r('open_at_end') / 5);
    expect(r('still_open')).toBeGreaterThan(0);
    expect(r('withdrawn')).toBeGreaterThan(50);
    expect(r('refused')).toBeGreaterThan(20);
    expect(r('one_supplement')).toBeGreaterThan(500);
    expect(r('two_supplements')).toBeGreaterThan(5);
    expect(r('two_supplements_in_time')).toBeGreaterThan(0);
    expect(r('paused')).toBeGreaterThan(20);
    expect(r('extended')).toBeGreaterThan(100);
    expect(r('extended_not_late')).toBe(0);
    expect(r('not_returned')).toBeGreaterThan(0);
    // fewer dossiers in the Tết month than in October
    const months = await database.query<{ m: number; n: number }>(
      `SELECT extract(month FROM ${vnDay('received_at')})::int AS m, count(*)::int AS n FROM dossiers
        WHERE received_at >= '2023-01-01T00:00:00+07:00' AND received_at < '2024-01-01T00:00:00+07:00' GROUP BY 1`,
    );
    const n = (m: number) => months.find((x) => x.m === m)?.n ?? 0;
    expect(n(1)).toBeLessThan(n(10));
    expect(n(12)).toBeGreaterThan(n(3));
  });

  it('writes plausible applicants: Vietnamese names, CCCD 094…, mobile phones, addresses in the office’s district', async () => {
    const rows = await database.query<{ kind: string; name: string; idn: string; phone: string; addr: string; district_ok: boolean }>(
      `SELECT d.applicant_kind AS kind, d.applicant_name AS name, d.applicant_id_number AS idn, d.applicant_phone AS phone,
              d.applicant_address AS addr,
              (o.kind <> 'district_office' OR a.parent_id = o.admin_unit_id) AS district_ok
         FROM dossiers d JOIN org_units o ON o.id = d.org_unit_id JOIN admin_units a ON a.id = d.applicant_admin_unit_id`,
    );
    expect(rows.every((r) => r.district_ok)).toBe(true);
    const persons = rows.filter((r) => r.kind === 'person');
    expect(persons.every((r) => /^094[0-3]\d{8}$/.test(r.idn))).toBe(true);
    expect(rows.every((r) => /^0(3[2-9]|8[1-9]|9[0-8])\d{7}$/.test(r.phone))).toBe(true);
    expect(persons.every((r) => /^(Ấp|Khóm|Số) /.test(r.addr) && r.addr.endsWith('tỉnh Sóc Trăng'))).toBe(true);
    const khmer = persons.filter((r) => /^(Thạch|Sơn|Danh|Kim) /.test(r.name)).length / persons.length;
    expect(khmer).toBeGreaterThan(0.1);
    const orgs = rows.filter((r) => r.kind === 'organisation');
    expect(orgs.length).toBeGreaterThan(200);
    expect(orgs.every((r) => /^22000\d{5}$/.test(r.idn))).toBe(true);
  });

  it('is deterministic: a second database gets the same dossiers', async () => {
    const other = await prepared();
    try {
      expect(await fingerprint(other.database)).toBe(await fingerprint(database));
    } finally {
      await other.database.close();
    }
  }, 300_000);
});
