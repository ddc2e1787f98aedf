import { CliUsageError, type PeriodOptions, parseOneOfOption, parsePeriodOptions, type RegisterCli, withPeriodOptions } from '../../core/cli-kit.js';
import type { Database } from '../../core/db/index.js';
import { formatDate, formatInteger, formatNumber, formatPercent } from '../../core/format/index.js';
import { FIELDS } from './model.js';
import {
  type Bieu06Row,
  bieu06,
  bieu06Totals,
  GROUP_BYS,
  type GroupBy,
  type Indicators766,
  indicators766,
  type Period,
  periodLabel,
  type ResolvedUnit,
  resolveUnit,
  type StatsFilter,
} from './statistics.js';

/**
 * `tnmt dossiers stats --year 2023 [--quarter N | --month N | --from D --to D] [--unit CODE] [--field F]
 *  [--by level|field|procedure|org_unit|month] [--json]`: Biểu 06 in a fixed-width Vietnamese table (or JSON).
 * Arguments are checked before the database is opened; a bad one throws CliUsageError naming the option.
 * The handlers are exported so tests run them without a process.
 */

export interface StatsCliOptions extends PeriodOptions {
  unit?: string;
  field?: string;
  by?: string;
  json?: boolean;
}

export interface StatsRequest {
  period: Period;
  unit?: string;
  field?: string;
  groupBy: GroupBy;
  json: boolean;
}

/** Checks the options (no database needed) and builds the request. */
export function parseStatsOptions(opts: StatsCliOptions): StatsRequest {
  const period = parsePeriodOptions(opts);
  if (opts.field !== undefined) parseOneOfOption('--field', 'lĩnh vực', opts.field, FIELDS);
  const by = parseOneOfOption('--by', 'cách nhóm', opts.by ?? 'level', GROUP_BYS);
  if (opts.unit !== undefined && opts.unit.trim() === '') throw new CliUsageError('--unit: thiếu mã đơn vị (ví dụ STNMT, PTNMT-947 hoặc mã GSO 947)');
  return {
    period,
    ...(opts.unit !== undefined ? { unit: opts.unit.trim() } : {}),
    ...(opts.field !== undefined ? { field: opts.field } : {}),
    groupBy: by,
    json: opts.json === true,
  };
}

export interface StatsResult {
  form: 'Biểu số 06/VPCP/KSTT';
  period: { kind: Period['kind']; label: string; from: string; to: string };
  unit: { code: string; name: string; kind: ResolvedUnit['kind'] } | null;
  field: string | null;
  groupBy: GroupBy;
  rows: Bieu06Row[];
  totals: Bieu06Row;
  indicators766: Indicators766;
}

/** Runs the statistics for a parsed request. An unknown --unit is a usage error. */
export async function computeStats(database: Database, req: StatsRequest, asOf = new Date()): Promise<StatsResult> {
  let unit: ResolvedUnit | null = null;
  if (req.unit !== undefined) {
    unit = await resolveUnit(database, req.unit, req.period.lastDay);
    if (!unit) throw new CliUsageError(`--unit: không tìm thấy đơn vị "${req.unit}" (mã đơn vị như STNMT, PTNMT-947 hoặc mã GSO như 94, 947)`);
  }
  const filter: StatsFilter = {
    scope: unit ? unit.ids : null,
    from: req.period.from,
    to: req.period.to,
    asOf,
    ...(req.field !== undefined ? { field: req.field } : {}),
  };
  const rows = await bieu06(database, { ...filter, groupBy: req.groupBy });
  const totals = await bieu06Totals(database, filter);
  const i766 = await indicators766(database, filter);
  return {
    form: 'Biểu số 06/VPCP/KSTT',
    period: { kind: req.period.kind, label: periodLabel(req.period), from: req.period.firstDay, to: req.period.lastDay },
    unit: unit ? { code: unit.code, name: unit.name, kind: unit.kind } : null,
    field: req.field ?? null,
    groupBy: req.groupBy,
    rows,
    totals,
    indicators766: i766,
  };
}

const GROUP_TITLE: Record<GroupBy, string> = {
  level: 'Cấp',
  field: 'Lĩnh vực',
  procedure: 'Thủ tục',
  org_unit: 'Đơn vị',
  month: 'Tháng',
};

const NUM_W = 10;
const GAP = '  ';
const RATE_W = 17;
const LABEL_MAX = 40;

/** `text` centred in `width` between rule characters: `──── Nhận giải quyết ────`. */
function ruleTitle(text: string, width: number): string {
  const inner = ` ${text} `;
  if (inner.length >= width) return inner.trim().slice(0, width).padEnd(width);
  const left = Math.floor((width - inner.length) / 2);
  return `${'─'.repeat(left)}${inner}${'─'.repeat(width - inner.length - left)}`;
}

function clip(text: string, width: number): string {
  const t = text.normalize('NFC');
  return t.length > width ? `${t.slice(0, width - 1)}…` : t;
}

/**
 * The fixed-width table, pure: a title, a two-line grouped header with the column numbers of the form, one line per
 * row and a totals line. All table lines have the same width. Numbers as vi-VN (`25.628`), the rate as `98,2%`.
 */
export function formatBieu06Table(input: {
  title: string;
  subtitle?: string;
  groupBy?: GroupBy;
  rows: readonly Bieu06Row[];
  totals: Bieu06Row;
}): string[] {
  const groupTitle = GROUP_TITLE[input.groupBy ?? 'level'];
  const labels = [...input.rows.map((r) => r.label), input.totals.label, groupTitle];
  const labelW = Math.min(LABEL_MAX, Math.max(12, ...labels.map((l) => l.normalize('NFC').length)));
  const span = (k: number) => k * NUM_W + (k - 1);
  const num = (n: number) => formatInteger(n).padStart(NUM_W);
  const cells = (xs: string[]) => xs.map((x) => x.padStart(NUM_W)).join(' ');
  const line = (label: string, received: string, done: string, open: string, rate: string) =>
    `${clip(label, labelW).padEnd(labelW)}${GAP}${received}${GAP}${done}${GAP}${open}${GAP}${rate.padStart(RATE_W)}`;
  const row = (r: Bieu06Row) =>
    line(
      r.label,
      [r.receivedTotal, r.receivedOnline, r.receivedDirect, r.carriedOver].map(num).join(' '),
      [r.doneTotal, r.doneEarly, r.doneOnTime, r.doneLate].map(num).join(' '),
      [r.openTotal, r.openWithin, r.openOverdue].map(num).join(' '),
      `${formatInteger(r.earlyOrOnTime)} (${formatPercent(r.onTimeRate)})`,
    );
  const header = [
    line(
      '',
      ruleTitle('Nhận giải quyết', span(4)),
      ruleTitle('Đã giải quyết', span(4)),
      ruleTitle('Đang giải quyết', span(3)),
      ruleTitle('Đúng và trước hạn', RATE_W),
    ),
    line(
      groupTitle,
      cells(['Tổng số', 'Trực tuyến', 'Trực tiếp', 'Kỳ trước']),
      cells(['Tổng số', 'Trước hạn', 'Đúng hạn', 'Quá hạn']),
      cells(['Tổng số', 'Trong hạn', 'Quá hạn']),
      'số (tỷ lệ)',
    ),
    line('(2)', cells(['(3)', '(4)', '(5)', '(6)']), cells(['(7)', '(8)', '(9)', '(10)']), cells(['(11)', '(12)', '(13)']), '(8)+(9), (8+9)/(7)'),
  ];
  const width = header[0]!.length;
  const rule = '─'.repeat(width);
  return [
    input.title,
    ...(input.subtitle ? [input.subtitle] : []),
    '',
    ...header,
    rule,
    ...(input.rows.length ? input.rows.map(row) : ['(không có hồ sơ)'.padEnd(width)]),
    rule,
    row(input.totals),
  ];
}

/** The lines `tnmt dossiers stats` prints: the table and the Decision 766 indicators, or the JSON. */
export function formatStatsResult(result: StatsResult, json: boolean): string[] {
  if (json) return [JSON.stringify(result, null, 2)];
  const unitName = result.unit ? `${result.unit.name} (${result.unit.code})` : 'Tất cả đơn vị';
  const i = result.indicators766;
  const days = (x: number | null) => (x === null ? '—' : formatNumber(x, 1));
  return [
    ...formatBieu06Table({
      title: `${result.form} · ${result.period.label} (${formatDate(result.period.from)} – ${formatDate(result.period.to)}) · ${unitName}${result.field ? ` · lĩnh vực ${result.field}` : ''}`,
      subtitle: 'Đơn vị tính: số hồ sơ TTHC. (5) gồm trực tiếp và dịch vụ bưu chính; (6) chuyển từ kỳ trước.',
      groupBy: result.groupBy,
      rows: result.rows,
      totals: result.totals,
    }),
    '',
    `Quyết định 766, 2.1 tỷ lệ đúng hạn: ${formatPercent(i.onTimeRate)} (${formatInteger(i.onTimeDone + i.onTimeOpen)}/${formatInteger(i.considered)} hồ sơ đã và đang giải quyết)`,
    `Quyết định 766, 2.2 thời gian giải quyết trung bình: ${days(i.avgWorkingDays)} ngày làm việc (${days(i.avgCalendarDays)} ngày theo lịch), ${formatInteger(i.done)} hồ sơ đã giải quyết`,
    `Quyết định 766, 5.4 mức độ hài lòng: ${formatPercent(i.satisfaction)} (100% − ${formatInteger(i.lateDone)} quá hạn − ${formatInteger(i.disliked)} không hài lòng, trên ${formatInteger(i.done)} hồ sơ; ${formatInteger(i.rated)} lượt đánh giá)`,
  ];
}

export const registerDossierCli: RegisterCli = (program, ctx) => {
  const dossiersCommand =
    program.commands.find((c) => c.name() === 'dossiers') ??
    program.command('dossiers').description('Hồ sơ thủ tục hành chính: thống kê, nhập, xuất');

  withPeriodOptions(dossiersCommand.command('stats').description('Thống kê giải quyết hồ sơ theo Biểu số 06/VPCP/KSTT và Quyết định 766 (nhóm 2)'))
    .option('--unit <code>', 'mã đơn vị (STNMT, PTNMT-947) hoặc mã GSO (94, 947); mặc định: tất cả đơn vị')
    .option('--field <field>', `lĩnh vực: ${FIELDS.join(', ')}`)
    .option('--by <group>', `nhóm theo: ${GROUP_BYS.join(', ')} (mặc định level)`)
    .option('--json', 'in JSON')
    .action(async (opts: StatsCliOptions) => {
      const req = parseStatsOptions(opts);
      const result = await computeStats(await ctx.openDb(), req);
      for (const l of formatStatsResult(result, req.json)) ctx.out(l);
    });
};
