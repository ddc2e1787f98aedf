import { getSolarDate, getYearCanChi } from '@dqcai/vn-lunar';
import { dayNumberFromIso, isoFromDayNumber, weekdayOfDayNumber } from './time.js';

/**
 * Statutory holidays derived from the law, for years the Government's published schedule is not in the
 * calendar (Labor Code 45/2019/QH14):
 * - art. 112(1): 1/1 (1 day); Tết Nguyên đán (5 days; here the last day of the lunar year and mùng 1–4);
 *   Giỗ Tổ Hùng Vương 10/3 lunar (1 day); 30/4 (1 day); 1/5 (1 day); Quốc khánh 2/9 and one adjacent day
 *   (here 1/9, or 3/9 when 1/9 is a Sunday).
 * - art. 111(3): a holiday falling on Saturday or Sunday gives a compensatory day on the next working day.
 * The Prime Minister fixes the actual Tết and Quốc khánh days each year and often swaps days; a derived year is
 * therefore a forecast, replaced by the published schedule once an administrator enters it.
 * Lunar dates come from @dqcai/vn-lunar, which computes the Vietnamese calendar (UTC+7), not the Chinese one.
 */

export interface DerivedDayOff {
  day: string;
  name: string;
  source: string;
}

export const DERIVED_SOURCE = 'Bộ luật Lao động 2019 điều 111–112 (tính tự động)';

/** Mùng 1 Tết (lunar new year's day) falling in the given solar year, as an ISO date. */
export function lunarNewYear(year: number): string {
  return lunarToIso(1, 1, year);
}

/** Giỗ Tổ Hùng Vương (10th day of the 3rd lunar month, never the leap month) in the given solar year. */
export function hungKingsDay(year: number): string {
  return lunarToIso(10, 3, year);
}

function lunarToIso(day: number, month: number, year: number): string {
  const s = getSolarDate(day, month, year, false);
  return `${String(s.year).padStart(4, '0')}-${String(s.month).padStart(2, '0')}-${String(s.day).padStart(2, '0')}`;
}

const cache = new Map<number, readonly DerivedDayOff[]>();

/**
 * The statutory days off of a year (holidays, including those falling on a weekend, and compensatory days),
 * sorted by date. Deterministic; memoised per year.
 */
export function deriveStatutoryDaysOff(year: number): readonly DerivedDayOff[] {
  if (!Number.isInteger(year) || year < 1900 || year > 2100) {
    throw new RangeError(`year out of range 1900–2100: ${year}`);
  }
  const hit = cache.get(year);
  if (hit) return hit;

  const holidays = new Map<number, string>();
  const add = (iso: string, name: string) => {
    const n = dayNumberFromIso(iso);
    if (!holidays.has(n)) holidays.set(n, name);
  };
  const y = String(year);
  add(`${y}-01-01`, 'Tết Dương lịch');
  const tet = dayNumberFromIso(lunarNewYear(year));
  const tetName = `Tết Nguyên đán ${getYearCanChi(year)} (mùng 1 = ${isoFromDayNumber(tet).slice(8, 10)}/${isoFromDayNumber(tet).slice(5, 7)})`;
  for (let n = tet - 1; n <= tet + 3; n++) add(isoFromDayNumber(n), tetName);
  add(hungKingsDay(year), 'Giỗ Tổ Hùng Vương (10/3 âm lịch)');
  add(`${y}-04-30`, 'Ngày Chiến thắng (30/4)');
  add(`${y}-05-01`, 'Ngày Quốc tế Lao động (1/5)');
  const national = dayNumberFromIso(`${y}-09-02`);
  add(`${y}-09-02`, 'Quốc khánh (2/9)');
  const adjacent = weekdayOfDayNumber(national - 1) === 0 ? national + 1 : national - 1;
  add(isoFromDayNumber(adjacent), 'Quốc khánh (ngày liền kề 2/9)');

  const off = new Map<number, string>(holidays);
  const isWeekend = (n: number) => {
    const wd = weekdayOfDayNumber(n);
    return wd === 0 || wd === 6;
  };
  for (const n of [...holidays.keys()].sort((a, b) => a - b)) {
    if (!isWeekend(n)) continue;
    let c = n + 1;
    while (isWeekend(c) || off.has(c)) c++;
    off.set(c, `Nghỉ bù ${holidays.get(n)}`);
  }
  const out = [...off.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([n, name]) => Object.freeze({ day: isoFromDayNumber(n), name, source: DERIVED_SOURCE }));
  const frozen = Object.freeze(out);
  cache.set(year, frozen);
  return frozen;
}
