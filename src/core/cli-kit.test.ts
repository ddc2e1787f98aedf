import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import {
  CliUsageError,
  parseDayOption,
  parseOneOfOption,
  parsePeriodOptions,
  parseSmallIntOption,
  parseYearOption,
  withPeriodOptions,
} from './cli-kit.js';

const usage = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(CliUsageError);
    return (e as Error).message;
  }
  throw new Error('no usage error');
};

describe('CLI options', () => {
  it('reads a year, a small whole number, a day and one of a list', () => {
    expect(parseYearOption(' 2023 ')).toBe(2023);
    expect(parseSmallIntOption('--quarter', '4', 1, 4)).toBe(4);
    expect(parseDayOption('--from', '2024-02-29')).toBe('2024-02-29');
    expect(parseOneOfOption('--by', 'cách nhóm', 'month', ['level', 'month'] as const)).toBe('month');
  });

  it('names the option and says what it wanted', () => {
    expect(usage(() => parseYearOption(undefined))).toBe('--year: thiếu năm (ví dụ --year 2024)');
    expect(usage(() => parseYearOption('23x'))).toBe('--year: cần một năm từ 1900 đến 2100, nhận được "23x"');
    expect(usage(() => parseSmallIntOption('--month', '13', 1, 12))).toBe('--month: cần một số từ 1 đến 12, nhận được "13"');
    expect(usage(() => parseDayOption('--to', '2023-02-29'))).toBe('--to: ngày không hợp lệ "2023-02-29" (dạng 2023-01-31)');
    expect(usage(() => parseOneOfOption('--field', 'lĩnh vực', 'forest', ['land', 'water']))).toBe('--field: lĩnh vực không hợp lệ "forest" (một trong: land, water)');
  });

  it('reads the period of --year [--quarter | --month] or --from/--to', () => {
    expect(parsePeriodOptions({ year: '2023', quarter: '1' })).toMatchObject({ kind: 'quarter', firstDay: '2023-01-01', lastDay: '2023-03-31' });
    expect(parsePeriodOptions({ year: 2023, month: 2 })).toMatchObject({ kind: 'month', firstDay: '2023-02-01', lastDay: '2023-02-28' });
    expect(parsePeriodOptions({ from: '2023-01-15', to: '2023-02-14' })).toMatchObject({ kind: 'custom', firstDay: '2023-01-15', lastDay: '2023-02-14' });
    expect(usage(() => parsePeriodOptions({ year: '2023', quarter: '1', month: '2' }))).toBe('--quarter, --month: chỉ dùng một trong hai tuỳ chọn');
    expect(usage(() => parsePeriodOptions({ year: '2023', from: '2023-01-01', to: '2023-02-01' }))).toMatch(/^--year, --from: /);
    expect(usage(() => parsePeriodOptions({ from: '2023-03-01' }))).toBe('--from, --to: cần cả ngày đầu và ngày cuối');
    expect(usage(() => parsePeriodOptions({ from: '2023-03-01', to: '2023-02-01' }))).toBe('--to: ngày cuối trước ngày đầu');
    expect(usage(() => parsePeriodOptions({ from: '2000-01-01', to: '2023-12-31' }))).toBe('--to: khoảng thời gian tối đa 10 năm');
  });

  it('gives a command the period options, which parsePeriodOptions reads back', () => {
    const command = withPeriodOptions(new Command('stats').exitOverride());
    expect(command.options.map((o) => o.long)).toEqual(['--year', '--quarter', '--month', '--from', '--to']);
    command.parse(['--year', '2023', '--month', '3'], { from: 'user' });
    expect(parsePeriodOptions(command.opts())).toMatchObject({ kind: 'month', firstDay: '2023-03-01', lastDay: '2023-03-31' });
  });
});
