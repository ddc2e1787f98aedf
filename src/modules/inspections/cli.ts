import { CliUsageError, type PeriodOptions, parseOneOfOption, parsePeriodOptions, type RegisterCli, withPeriodOptions } from '../../core/cli-kit.js';
import type { Database } from '../../core/db/index.js';
import { formatDate, formatInteger, formatMoneyVnd, formatVnd } from '../../core/format/index.js';
import { type Period, periodLabel } from '../../core/period.js';
import { FIELDS, LEVELS } from './model.js';
import {
  asSentence,
  INSPECTION_GROUP_BYS,
  type InspectionGroupBy,
  inspectionStats,
  type ResolvedUnit,
  resolveUnit,
  reviewSentences,
  type StatsRow,
} from './statistics.js';
import { fieldLabel, levelLabel } from './stats-messages.js';

/**
 * `tnmt inspections stats --year 2023 [--quarter N | --month N | --from D --to D] [--unit CODE] [--field F]
 *  [--level L] [--by level|field|org_unit|month] [--json]`: the inspection statistics as a fixed-width Vietnamese
 * table (money rounded as the reports write it, with the exact amount in đồng), then the year-end review's sentence
 * for each level; or the numbers as JSON. Arguments are checked before the database is opened; a bad one throws
 * CliUsageError naming the option (the CLI prints it on one line and exits with status 2).
 */

export interface InspectionStatsCliOptions extends PeriodOptions {
  unit?: string;
  field?: string;
  level?: string;
  by?: string;
  json?: boolean;
}

export interface InspectionStatsRequest {
  period: Period;
  unit?: string;
  field?: string;
  level?: string;
  groupBy: InspectionGroupBy;
  json: boolean;
}

/** Checks the options (no database needed) and builds the request. */
export function parseInspectionStatsOptions(opts: InspectionStatsCliOptions): InspectionStatsRequest {
  const period = parsePeriodOptions(opts);
  if (opts.field !== undefined) parseOneOfOption('--field', 'lĩnh vực', opts.field, FIELDS);
  if (opts.level !== undefined) parseOneOfOption('--level', 'cấp', opts.level, LEVELS);
  const by = parseOneOfOption('--by', 'cách nhóm', opts.by ?? 'level', INSPECTION_GROUP_BYS);
  if (opts.unit !== undefined && opts.unit.trim() === '') throw new CliUsageError('--unit: thiếu mã đơn vị (ví dụ STNMT, TTRA, PTNMT-947 hoặc mã GSO 947)');
  return {
    period,
    ...(opts.unit !== undefined ? { unit: opts.unit.trim() } : {}),
    ...(opts.field !== undefined ? { field: opts.field } : {}),
    ...(opts.level !== undefined ? { level: opts.level } : {}),
    groupBy: by,
    json: opts.json === true,
  };
}

export interface InspectionStatsResult {
  title: string;
  period: { kind: Period['kind']; label: string; from: string; to: string };
  unit: { code: string; name: string; kind: ResolvedUnit['kind']; ids: number[] } | null;
  field: string | null;
  level: string | null;
  groupBy: InspectionGroupBy;
  rows: StatsRow[];
  totals: StatsRow;
  /** the year-end review's sentence for each level with records */
  sentences: { level: string; text: string }[];
}

/** Runs the statistics for a parsed request (two statements: the grouping asked for, and by level for the sentences). */
export async function computeInspectionStats(database: Database, req: InspectionStatsRequest): Promise<InspectionStatsResult> {
  let unit: ResolvedUnit | null = null;
  if (req.unit !== undefined) {
    unit = await resolveUnit(database, req.unit, req.period.lastDay);
    if (!unit) throw new CliUsageError(`--unit: không tìm thấy đơn vị "${req.unit}" (mã đơn vị như STNMT, TTRA, PTNMT-947 hoặc mã GSO như 94, 947)`);
  }
  const query = {
    scope: unit ? unit.ids : null,
    firstDay: req.period.firstDay,
    lastDay: req.period.lastDay,
    ...(req.field !== undefined ? { field: req.field } : {}),
    ...(req.level !== undefined ? { level: req.level } : {}),
  };
  const { rows, totals } = await inspectionStats(database, { ...query, groupBy: req.groupBy });
  const levels = req.groupBy === 'level' ? rows : (await inspectionStats(database, { ...query, groupBy: 'level' })).rows;
  return {
    title: 'Thống kê thanh tra, kiểm tra và xử lý vi phạm hành chính',
    period: { kind: req.period.kind, label: periodLabel(req.period), from: req.period.firstDay, to: req.period.lastDay },
    unit: unit ? { code: unit.code, name: unit.name, kind: unit.kind, ids: unit.ids } : null,
    field: req.field ?? null,
    level: req.level ?? null,
    groupBy: req.groupBy,
    rows,
    totals,
    sentences: reviewSentences(levels),
  };
}

const GROUP_TITLE: Record<InspectionGroupBy, string> = { level: 'Cấp', field: 'Lĩnh vực', org_unit: 'Đơn vị', month: 'Tháng' };
const LABEL_MAX = 48;
const GAP = '  ';

/** An amount as the reports write it, with the exact amount: `1,7 tỷ đồng (1.712.500.000 đồng)`. */
export function moneyCell(vnd: number): string {
  const rounded = formatMoneyVnd(vnd);
  const exact = formatVnd(vnd);
  return rounded === exact ? exact : `${rounded} (${exact})`;
}

function clip(text: string, width: number): string {
  const t = text.normalize('NFC');
  return t.length > width ? `${t.slice(0, width - 1)}…` : t;
}

/**
 * The fixed-width table, pure: a title, a header, one line per row and a totals line; every table line has the same
 * width (columns sized to their widest cell). Counts as vi-VN integers (`1.234`), money by `moneyCell`.
 */
export function formatInspectionTable(input: { title: string; subtitle?: string; groupBy?: InspectionGroupBy; rows: readonly StatsRow[]; totals: StatsRow }): string[] {
  const headers = [GROUP_TITLE[input.groupBy ?? 'level'], 'Cuộc TT-KT', 'Đối tượng', 'Vi phạm', 'QĐ xử phạt', 'Tiền phạt', 'Đã thu'];
  const cellsOf = (r: StatsRow) => [
    r.label.normalize('NFC'),
    formatInteger(r.inspections),
    formatInteger(r.subjectsInspected),
    formatInteger(r.subjectsWithViolations),
    formatInteger(r.penaltyDecisions),
    moneyCell(r.finesImposedVnd),
    moneyCell(r.finesCollectedVnd),
  ];
  const all = [...input.rows, input.totals].map(cellsOf);
  const widths = headers.map((h, i) => Math.max(h.length, ...all.map((c) => c[i]!.length)));
  widths[0] = Math.min(LABEL_MAX, Math.max(12, widths[0]!));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? clip(c, widths[0]!).padEnd(widths[0]!) : c.padStart(widths[i]!))).join(GAP);
  const header = line(headers);
  const rule = '─'.repeat(header.length);
  return [
    input.title,
    ...(input.subtitle ? [input.subtitle] : []),
    '',
    header,
    rule,
    ...(input.rows.length ? input.rows.map((r) => line(cellsOf(r))) : ['(không có số liệu)'.padEnd(header.length)]),
    rule,
    line(cellsOf(input.totals)),
  ];
}

/** The lines `tnmt inspections stats` prints: the table and the review sentences, or the JSON. */
export function formatInspectionStatsResult(result: InspectionStatsResult, json: boolean): string[] {
  if (json) return [JSON.stringify(result, null, 2)];
  const unitName = result.unit ? `${result.unit.name} (${result.unit.code})` : 'Tất cả đơn vị';
  const filters = [result.field ? `lĩnh vực ${fieldLabel(result.field)}` : null, result.level ? levelLabel(result.level).toLowerCase() : null].filter(Boolean);
  return [
    ...formatInspectionTable({
      title: `${result.title} · ${result.period.label} (${formatDate(result.period.from)} – ${formatDate(result.period.to)}) · ${unitName}${filters.length ? ` · ${filters.join(', ')}` : ''}`,
      subtitle:
        'Cuộc TT-KT: cuộc thanh tra, kiểm tra (theo ngày quyết định, trừ cuộc đã hủy); Đối tượng: lượt tổ chức, cá nhân được thanh tra, kiểm tra; Vi phạm: trường hợp vi phạm; Tiền phạt: theo quyết định xử phạt trong kỳ; Đã thu: nộp phạt trong kỳ.',
      groupBy: result.groupBy,
      rows: result.rows,
      totals: result.totals,
    }),
    '',
    'Câu tổng kết:',
    ...(result.sentences.length ? result.sentences.map((s) => `- ${asSentence(s.text)}`) : ['- (không có số liệu theo cấp)']),
  ];
}

export const registerInspectionCli: RegisterCli = (program, ctx) => {
  const inspectionsCommand =
    program.commands.find((c) => c.name() === 'inspections') ??
    program.command('inspections').description('Thanh tra, kiểm tra và xử lý vi phạm hành chính');

  withPeriodOptions(inspectionsCommand.command('stats').description('Thống kê thanh tra, kiểm tra, trường hợp vi phạm, quyết định xử phạt, tiền phạt và đã thu; câu tổng kết theo cấp'))
    .option('--unit <code>', 'mã đơn vị (STNMT, TTRA, PTNMT-947) hoặc mã GSO (94, 947); mặc định: tất cả đơn vị')
    .option('--field <field>', `lĩnh vực: ${FIELDS.join(', ')}`)
    .option('--level <level>', `cấp của đơn vị thực hiện: ${LEVELS.join(', ')}`)
    .option('--by <group>', `nhóm theo: ${INSPECTION_GROUP_BYS.join(', ')} (mặc định level)`)
    .option('--json', 'in JSON')
    .action(async (opts: InspectionStatsCliOptions) => {
      const req = parseInspectionStatsOptions(opts);
      const result = await computeInspectionStats(await ctx.openDb(), req);
      for (const l of formatInspectionStatsResult(result, req.json)) ctx.out(l);
    });
};
