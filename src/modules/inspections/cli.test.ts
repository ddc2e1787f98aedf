import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli.js';
import { prepareDatabase } from '../../core/boot.js';
import type { Database } from '../../core/db/index.js';
import { createTestDatabase } from '../../core/testing/db.js';
import { MODULES } from '../index.js';
import { findOrgUnitByCode } from '../org/queries.js';
import { formatInspectionTable, moneyCell, parseInspectionStatsOptions, registerInspectionCli } from './cli.js';
import { inspectedSubjects, inspections, penaltyDecisions, penaltyPayments, subjects } from './schema.js';

/*
 * A data set shaped like the Sóc Trăng 2023 review, built by rule so each figure is known by construction:
 *
 * Province level: 17 inspections in 2023 (12 by TTRA, 5 by CCBVMT); inspections 1–4 have 7 subjects, 5–17 have 6
 *   → 4·7 + 13·6 = 106 subjects; the first subject of inspections 1–12 is a violation → 12; one penalty decision on
 *   each: 11 × 140.000.000 + 172.500.000 = 1.712.500.000 đồng; the 11 decisions of 140.000.000 are paid in 2023 →
 *   1.540.000.000 đồng. Plus a cancelled TTRA inspection with 3 subjects (never counts).
 * District level: 40 inspections in 2023, 20 by PTNMT-947 (Mỹ Xuyên, the odd ones) and 20 by PTNMT-943 (Kế Sách);
 *   inspections 1–32 have 9 subjects, 33–40 have 8 → 32·9 + 8·8 = 352; the first 87 subject rows (inspections 1–9
 *   whole: 81 rows, and 6 rows of inspection 10) are violations, each with a decision: 86 × 7.500.000 + 6.200.000 =
 *   651.200.000 đồng (the 6.200.000 one is the last); of the 86 of 7.500.000, in order, the first 80 are paid in
 *   2023 → 600.000.000 đồng, the 81st (last of inspection 9) is not paid, the 82nd (inspection 10) is paid in 2024.
 * Mỹ Xuyên = inspections 1, 3, …, 39: 16 with 9 subjects and 4 with 8 → 176 subjects; violations in inspections
 *   1, 3, 5, 7, 9 (45); its decisions are all 7.500.000 → 337.500.000; paid in 2023 all but the 81st → 44 ×
 *   7.500.000 = 330.000.000.
 * Months: every province inspection is dated 15/03/2023, every district one 20/06/2023; decisions a month later,
 *   payments a further 10 days.
 */

let database: Database;

interface Spec {
  unit: number;
  date: string;
  status: string;
  subjects: number;
  violations: number;
  fines: number[];
}

async function load(db: Database['db'], unitIds: Record<string, number>) {
  const pool = await db
    .insert(subjects)
    .values(Array.from({ length: 400 }, (_, i) => ({ kind: 'individual', name: `Hộ kinh doanh thử ${i + 1}` })))
    .returning({ id: subjects.id });
  const specs: Spec[] = [];
  for (let k = 1; k <= 17; k++) {
    specs.push({
      unit: k <= 12 ? unitIds.TTRA! : unitIds.CCBVMT!,
      date: '2023-03-15',
      status: 'concluded',
      subjects: k <= 4 ? 7 : 6,
      violations: k <= 12 ? 1 : 0,
      fines: k <= 11 ? [140_000_000] : k === 12 ? [172_500_000] : [],
    });
  }
  specs.push({ unit: unitIds.TTRA!, date: '2023-05-01', status: 'cancelled', subjects: 3, violations: 3, fines: [] });
  let violationsLeft = 87;
  for (let k = 1; k <= 40; k++) {
    const n = k <= 32 ? 9 : 8;
    const v = Math.min(n, violationsLeft);
    violationsLeft -= v;
    const fines = Array.from({ length: v }, () => 7_500_000);
    if (violationsLeft === 0 && v > 0) fines[v - 1] = 6_200_000;
    specs.push({ unit: k % 2 === 1 ? unitIds['PTNMT-947']! : unitIds['PTNMT-943']!, date: '2023-06-20', status: 'concluded', subjects: n, violations: v, fines });
  }
  let next = 0;
  let paidDistrict = 0;
  for (const [i, s] of specs.entries()) {
    const [insp] = await db
      .insert(inspections)
      .values({
        orgUnitId: s.unit,
        decisionNumber: `${i + 1}/QĐ-CLI`,
        decisionDate: s.date,
        kind: 'planned',
        field: 'environment',
        title: `Kiểm tra ${i + 1}`,
        startsOn: s.date,
        endsOn: s.date,
        status: s.status,
      })
      .returning({ id: inspections.id });
    const rows = await db
      .insert(inspectedSubjects)
      .values(
        Array.from({ length: s.subjects }, (_, j) => ({
          inspectionId: insp!.id,
          subjectId: pool[(next + j) % pool.length]!.id,
          outcome: j < s.violations ? 'violation' : 'compliant',
        })),
      )
      .returning({ id: inspectedSubjects.id });
    next += s.subjects;
    if (s.status === 'cancelled') continue;
    const decided = s.date.replace(/-(\d\d)-/, (_, mm: string) => `-${String(Number(mm) + 1).padStart(2, '0')}-`);
    for (const [j, fine] of s.fines.entries()) {
      const [d] = await db
        .insert(penaltyDecisions)
        .values({
          inspectedSubjectId: rows[j]!.id,
          orgUnitId: s.unit,
          number: `${i + 1}.${j + 1}/QĐ-XPHC`,
          decidedOn: decided,
          signerName: 'Người ký',
          signerTitle: 'Trưởng phòng',
          fineVnd: fine,
          paymentDueOn: decided,
        })
        .returning({ id: penaltyDecisions.id });
      const province = s.date === '2023-03-15';
      let paidOn: string | null = null;
      if (province && fine === 140_000_000) paidOn = decided.replace(/-15$/, '-25');
      if (!province && fine === 7_500_000) {
        paidDistrict++;
        paidOn = paidDistrict <= 80 ? '2023-07-30' : paidDistrict === 82 ? '2024-01-10' : null;
      }
      if (paidOn) await db.insert(penaltyPayments).values({ decisionId: d!.id, paidOn, amountVnd: fine, receiptNumber: `BL-${i}-${j}` });
    }
  }
}

beforeAll(async () => {
  database = await createTestDatabase();
  await prepareDatabase(database, MODULES, { demo: false });
  const ids: Record<string, number> = {};
  for (const code of ['TTRA', 'CCBVMT', 'PTNMT-947', 'PTNMT-943']) ids[code] = (await findOrgUnitByCode(database.db, code, '2023-06-30'))!.id;
  await load(database.db, ids);
});

afterAll(async () => {
  await database?.close();
});

async function tnmt(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['inspections', 'stats', ...args], { database, out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, text: out.join('\n'), err: err.join('\n') };
}

const squeeze = (l: string) => l.replace(/\s+/g, ' ').trim();

describe('tnmt inspections stats', () => {
  it('prints the table by level and the year-end review’s sentences', async () => {
    const { code, text } = await tnmt('--year', '2023');
    expect(code).toBe(0);
    const lines = text.split('\n');
    expect(lines[0]).toContain('Năm 2023 (01/01/2023 – 31/12/2023) · Tất cả đơn vị');
    expect(squeeze(lines.find((l) => l.startsWith('Cấp  '))!)).toBe('Cấp Cuộc TT-KT Đối tượng Vi phạm QĐ xử phạt Tiền phạt Đã thu');
    expect(squeeze(lines.find((l) => l.startsWith('Cấp tỉnh'))!)).toBe('Cấp tỉnh 17 106 12 12 1,7 tỷ đồng (1.712.500.000 đồng) 1,5 tỷ đồng (1.540.000.000 đồng)');
    expect(squeeze(lines.find((l) => l.startsWith('Cấp huyện'))!)).toBe(
      'Cấp huyện 40 352 87 87 651,2 triệu đồng (651.200.000 đồng) 600 triệu đồng (600.000.000 đồng)',
    );
    expect(squeeze(lines.find((l) => l.startsWith('Tổng cộng'))!)).toBe('Tổng cộng 57 458 99 99 2,4 tỷ đồng (2.363.700.000 đồng) 2,1 tỷ đồng (2.140.000.000 đồng)');
    // fixed width: the header, the rules and every row have the same length
    const table = lines.filter((l) => /^(Cấp|Tổng cộng|─)/.test(l));
    expect(table).toHaveLength(6);
    expect(new Set(table.map((l) => l.length)).size).toBe(1);
    expect(lines).toContain(
      '- Cấp tỉnh đã triển khai 17 cuộc thanh tra, kiểm tra đối với 106 tổ chức, cá nhân, phát hiện và xử lý 12 trường hợp vi phạm với tổng số tiền phạt hơn 1,7 tỷ đồng.',
    );
    expect(lines).toContain(
      '- Cấp huyện đã triển khai 40 cuộc thanh tra, kiểm tra đối với 352 tổ chức, cá nhân, phát hiện và xử lý 87 trường hợp vi phạm với tổng số tiền phạt là 651,2 triệu đồng.',
    );
  });

  it('--json prints the numbers; --unit takes an org unit code or a GSO code', async () => {
    const all = JSON.parse((await tnmt('--year', '2023', '--json')).text);
    expect(all.rows.map((r: { key: string; inspections: number; subjectsInspected: number }) => [r.key, r.inspections, r.subjectsInspected])).toEqual([
      ['province', 17, 106],
      ['district', 40, 352],
    ]);
    expect(all.totals).toEqual({
      key: 'total',
      label: 'Tổng cộng',
      inspections: 57,
      subjectsInspected: 458,
      subjectsWithViolations: 99,
      penaltyDecisions: 99,
      finesImposedVnd: 2_363_700_000,
      finesCollectedVnd: 2_140_000_000,
    });
    expect(all.sentences.map((s: { level: string }) => s.level)).toEqual(['province', 'district']);
    const mx = JSON.parse((await tnmt('--year', '2023', '--unit', '947', '--json')).text);
    expect(mx.unit).toMatchObject({ code: '947', name: 'Huyện Mỹ Xuyên', kind: 'admin_unit' });
    expect(mx.totals).toMatchObject({ inspections: 20, subjectsInspected: 176, subjectsWithViolations: 45, penaltyDecisions: 45, finesImposedVnd: 337_500_000, finesCollectedVnd: 330_000_000 });
    const ttra = JSON.parse((await tnmt('--year', '2023', '--unit', 'TTRA', '--json')).text);
    // TTRA: inspections 1–12 → 4·7 + 8·6 = 76 subjects, 12 violations, all 12 decisions
    expect(ttra.totals).toMatchObject({ inspections: 12, subjectsInspected: 76, subjectsWithViolations: 12, finesImposedVnd: 1_712_500_000 });
  });

  it('--by month, --quarter, --field and --level', async () => {
    const { text } = await tnmt('--year', '2023', '--by', 'month', '--level', 'district');
    const lines = text.split('\n');
    expect(squeeze(lines.find((l) => l.startsWith('Tháng 6/2023'))!)).toBe('Tháng 6/2023 40 352 87 0 0 đồng 0 đồng');
    expect(squeeze(lines.find((l) => l.startsWith('Tháng 7/2023'))!)).toBe('Tháng 7/2023 0 0 0 87 651,2 triệu đồng (651.200.000 đồng) 600 triệu đồng (600.000.000 đồng)');
    expect(lines.filter((l) => /^Tháng \d/.test(l))).toHaveLength(12);
    expect(text).not.toContain('Cấp tỉnh đã triển khai');
    const q1 = JSON.parse((await tnmt('--year', '2023', '--quarter', '1', '--json')).text);
    // Q1: the province inspections (15/03) only; their decisions are of April
    expect(q1.totals).toMatchObject({ inspections: 17, subjectsInspected: 106, penaltyDecisions: 0, finesCollectedVnd: 0 });
    const land = JSON.parse((await tnmt('--from', '2023-01-01', '--to', '2023-12-31', '--field', 'land', '--json')).text);
    expect(land.rows).toEqual([]);
    expect(land.totals.inspections).toBe(0);
  });

  it.each([
    [['--year', 'hai'], /^error: --year: /],
    [[], /^error: --year: /],
    [['--year', '2023', '--quarter', '5'], /^error: --quarter: /],
    [['--year', '2023', '--month', '13'], /^error: --month: /],
    [['--year', '2023', '--quarter', '1', '--month', '2'], /^error: --quarter, --month: /],
    [['--year', '2023', '--from', '2023-01-01', '--to', '2023-02-01'], /^error: --year, --from: /],
    [['--from', '2023-03-01'], /^error: --from, --to: /],
    [['--from', '2023-03-01', '--to', '2023-02-01'], /^error: --to: ngày cuối trước ngày đầu/],
    [['--year', '2023', '--field', 'forest'], /^error: --field: /],
    [['--year', '2023', '--level', 'national'], /^error: --level: /],
    [['--year', '2023', '--by', 'week'], /^error: --by: /],
    [['--year', '2023', '--unit', 'KHONG-CO'], /^error: --unit: không tìm thấy/],
  ])('refuses %j with exit status 2 and one line naming the option', async (args, re) => {
    const r = await tnmt(...args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(re);
    expect(r.err).not.toContain('\n');
    expect(r.text).toBe('');
  });

  it('joins an `inspections` command another part registered first', () => {
    const program = new Command('tnmt');
    program.command('inspections').command('import');
    registerInspectionCli(program, { config: () => ({}) as never, openDb: async () => database, out: () => {} });
    const inspectionsCommand = program.commands.filter((c) => c.name() === 'inspections');
    expect(inspectionsCommand).toHaveLength(1);
    expect(inspectionsCommand[0]!.commands.map((c) => c.name())).toEqual(['import', 'stats']);
  });

  it('parses the options without a database', () => {
    const r = parseInspectionStatsOptions({ year: '2023', month: '3', unit: ' PTNMT-947 ', by: 'org_unit' });
    expect([r.period.firstDay, r.period.lastDay, r.unit, r.groupBy, r.json]).toEqual(['2023-03-01', '2023-03-31', 'PTNMT-947', 'org_unit', false]);
  });

  it('the pure formatter writes money rounded with the exact amount, and clips long labels', () => {
    expect(moneyCell(1_712_500_000)).toBe('1,7 tỷ đồng (1.712.500.000 đồng)');
    expect(moneyCell(850_000)).toBe('850.000 đồng');
    const row = (label: string) => ({
      key: label,
      label,
      inspections: 1_234,
      subjectsInspected: 12_345,
      subjectsWithViolations: 87,
      penaltyDecisions: 87,
      finesImposedVnd: 651_200_000,
      finesCollectedVnd: 0,
    });
    const lines = formatInspectionTable({ title: 't', rows: [row('Phòng Tài nguyên và Môi trường thành phố Sóc Trăng và các đơn vị trực thuộc')], totals: row('Tổng cộng') });
    const line = lines.find((l) => l.startsWith('Phòng'))!;
    expect(line).toContain('…');
    expect(squeeze(line)).toMatch(/… 1\.234 12\.345 87 87 651,2 triệu đồng \(651\.200\.000 đồng\) 0 đồng$/);
    expect(new Set(lines.slice(2).map((l) => l.length)).size).toBe(1);
  });
});

describe('on the demo data set', () => {
  let demo: Database;
  beforeAll(async () => {
    demo = await createTestDatabase();
    await prepareDatabase(demo, MODULES, { demo: true, demoParts: ['users', 'inspections'] });
  }, 120_000);
  afterAll(async () => {
    await demo?.close();
  });

  it('gives the Sóc Trăng 2023 review’s figures and sentences', async () => {
    const out: string[] = [];
    const code = await runCli(['inspections', 'stats', '--year', '2023'], { database: demo, out: (l) => out.push(l), err: (l) => out.push(l) });
    expect(code).toBe(0);
    expect(squeeze(out.find((l) => l.startsWith('Cấp tỉnh'))!)).toMatch(/^Cấp tỉnh 17 106 12 12 1,7 tỷ đồng \(1\.712\.500\.000 đồng\) /);
    expect(squeeze(out.find((l) => l.startsWith('Cấp huyện'))!)).toMatch(/^Cấp huyện \d+ 352 87 87 651,2 triệu đồng \(651\.200\.000 đồng\) /);
    expect(out).toContain(
      '- Cấp tỉnh đã triển khai 17 cuộc thanh tra, kiểm tra đối với 106 tổ chức, cá nhân, phát hiện và xử lý 12 trường hợp vi phạm với tổng số tiền phạt hơn 1,7 tỷ đồng.',
    );
    expect(out.find((l) => l.startsWith('- Cấp huyện'))).toMatch(
      /^- Cấp huyện đã triển khai \d+ cuộc thanh tra, kiểm tra đối với 352 tổ chức, cá nhân, phát hiện và xử lý 87 trường hợp vi phạm với tổng số tiền phạt là 651,2 triệu đồng\.$/,
    );
  });
});
