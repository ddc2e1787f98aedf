import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliUsageError } from '../cli-kit.js';
import type { Database } from '../db/index.js';
import { createTestDatabase } from '../testing/db.js';
import { registerCalendarCli, runCalendarDays, runCalendarDue } from './cli.js';
import { shippedCalendarDays } from './data.js';
import { seedCalendar } from './store.js';
import { createWorkCalendar } from './work-calendar.js';

const cal = createWorkCalendar(shippedCalendarDays());

function usage(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof CliUsageError) return e.message;
    throw e;
  }
  throw new Error('expected a CliUsageError');
}

describe('calendar due (pure handler)', () => {
  it('prints the due instant: the example from the issue', () => {
    expect(runCalendarDue(cal, { from: '2024-02-07T09:00', days: '1' })).toBe('2024-02-15T09:00:00+07:00');
    expect(runCalendarDue(cal, { from: '2024-02-07T09:00+07:00', hours: '8' })).toBe('2024-02-15T09:00:00+07:00');
    expect(runCalendarDue(cal, { from: '2024-03-05T10:00', hours: '4' })).toBe('2024-03-05T16:00:00+07:00');
    expect(runCalendarDue(cal, { from: '2024-03-05T10:00', days: '0,5' })).toBe('2024-03-05T16:00:00+07:00');
  });

  it('uses the unit’s office hours when given', () => {
    expect(runCalendarDue(cal, { from: '2024-03-05T11:00', hours: '1', unitHours: '07:30-11:30, 13:00-17:00' })).toBe(
      '2024-03-05T13:30:00+07:00',
    );
  });

  it.each([
    [{ days: '1' }, /^--from: /],
    [{ from: '2024-02-30T09:00', days: '1' }, /^--from: /],
    [{ from: 'mai', days: '1' }, /^--from: /],
    [{ from: '2200-01-01T09:00', days: '1' }, /^--from: /],
    [{ from: '2024-02-07T09:00' }, /^--days, --hours: /],
    [{ from: '2024-02-07T09:00', days: '1', hours: '2' }, /^--days, --hours: /],
    [{ from: '2024-02-07T09:00', days: '-1' }, /^--days: /],
    [{ from: '2024-02-07T09:00', days: 'một' }, /^--days: /],
    [{ from: '2024-02-07T09:00', days: '' }, /^--days: /],
    [{ from: '2024-02-07T09:00', hours: '1e3' }, /^--hours: /],
    [{ from: '2024-02-07T09:00', hours: '999999' }, /^--hours: /],
    [{ from: '2024-02-07T09:00', hours: '1', unitHours: '7-11' }, /^--unit-hours: /],
    [{ from: '2024-02-07T09:00', hours: '1', unitHours: '11:30-07:00' }, /^--unit-hours: /],
  ])('refuses %j with a one-line usage error naming the option', (opts, re) => {
    const message = usage(() => runCalendarDue(cal, opts));
    expect(message).toMatch(re);
    expect(message).not.toContain('\n');
  });
});

describe('calendar days (pure handler)', () => {
  it('lists 2024 with Vietnamese weekday names and kinds', () => {
    const lines = runCalendarDays(cal, { year: '2024' });
    expect(lines).toHaveLength(13);
    expect(lines[0]).toBe('01/01/2024  Thứ Hai   Nghỉ    Tết Dương lịch');
    expect(lines[7]).toBe('29/04/2024  Thứ Hai   Nghỉ    30/4 và 1/5; hoán đổi Thứ Hai 29/04 với Thứ Bảy 04/05');
    expect(lines[10]).toBe('04/05/2024  Thứ Bảy   Làm bù  Làm bù cho Thứ Hai 29/04/2024');
  });

  it('lists 2025 with both swapped Saturdays', () => {
    const lines = runCalendarDays(cal, { year: 2025 });
    expect(lines.filter((l) => l.includes('Làm bù')).map((l) => l.slice(0, 10))).toEqual(['08/02/2025', '26/04/2025']);
  });

  it('marks a year with no published schedule as derived', () => {
    const lines = runCalendarDays(cal, { year: '2027' });
    expect(lines[0]).toBe('01/01/2027  Thứ Sáu   Nghỉ    Tết Dương lịch');
    expect(lines.at(-1)).toMatch(/Bộ luật Lao động/);
  });

  it.each([undefined, '', '1899', '2101', '20x4', '2024.5'])('refuses --year %j', (year) => {
    expect(usage(() => runCalendarDays(cal, { year }))).toMatch(/^--year: /);
  });
});

describe('tnmt calendar (commander, database)', () => {
  let database: Database;
  let opened = 0;
  const out: string[] = [];
  const program = () => {
    const p = new Command().exitOverride();
    registerCalendarCli(p, {
      config: () => {
        throw new Error('not needed');
      },
      openDb: async () => {
        opened++;
        return database;
      },
      out: (line) => out.push(line),
    });
    return p;
  };
  beforeAll(async () => {
    database = await createTestDatabase();
    await seedCalendar(database);
  });
  afterAll(async () => database?.close());

  it('tnmt calendar due --from 2024-02-07T09:00 --days 1', async () => {
    out.length = 0;
    await program().parseAsync(['calendar', 'due', '--from', '2024-02-07T09:00', '--days', '1'], { from: 'user' });
    expect(out).toEqual(['2024-02-15T09:00:00+07:00']);
  });

  it('tnmt calendar days --year 2024', async () => {
    out.length = 0;
    await program().parseAsync(['calendar', 'days', '--year', '2024'], { from: 'user' });
    expect(out).toHaveLength(13);
    expect(out[10]).toMatch(/^04\/05\/2024 {2}Thứ Bảy {3}Làm bù/);
  });

  it('checks arguments before opening the database', async () => {
    const before = opened;
    await expect(
      program().parseAsync(['calendar', 'due', '--from', '2024-02-07T09:00', '--days', '1', '--hours', '2'], {
        from: 'user',
      }),
    ).rejects.toBeInstanceOf(CliUsageError);
    await expect(program().parseAsync(['calendar', 'days', '--year', '3000'], { from: 'user' })).rejects.toThrow(
      /^--year: /,
    );
    expect(opened).toBe(before);
  });
});
