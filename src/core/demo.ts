import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { Database } from './db/index.js';

/**
 * Deterministic demo data: every module contributes a part; all draw from one seeded generator, so the same
 * seed gives the same records on every machine and engine.
 */
export interface Rng {
  /** integer in [min, max] */
  int(min: number, max: number): number;
  /** float in [0, 1) */
  next(): number;
  pick<T>(items: readonly T[]): T;
  /** true with probability p */
  chance(p: number): boolean;
}

export function createRng(seed: number): Rng {
  const gen = xoroshiro128plus(seed);
  const int = (min: number, max: number) => uniformInt(gen, min, max);
  return {
    int,
    next: () => int(0, 2 ** 31 - 2) / (2 ** 31 - 1),
    pick: (items) => {
      if (!items.length) throw new Error('pick from an empty list');
      return items[int(0, items.length - 1)]!;
    },
    chance(p) {
      return this.next() < p;
    },
  };
}

export interface DemoContext {
  database: Database;
  rng: Rng;
  /** report progress within this part, 0..1 */
  progress(fraction: number, label?: string): void;
  /** lines printed to the operator at the end (e.g. demo sign-in accounts) */
  announce(line: string): void;
}

export interface DemoPart {
  name: string;
  /** relative share of the total load time, for the progress bar */
  weight: number;
  load(ctx: DemoContext): Promise<void>;
}

export interface DemoProgress {
  fraction: number;
  label: string;
}

export const DEMO_SEED = 2023;

export async function loadDemo(
  database: Database,
  parts: DemoPart[],
  opts: { seed?: number; onProgress?: (p: DemoProgress) => void } = {},
): Promise<string[]> {
  const rng = createRng(opts.seed ?? DEMO_SEED);
  const total = parts.reduce((s, p) => s + p.weight, 0) || 1;
  const announcements: string[] = [];
  let done = 0;
  for (const part of parts) {
    const report = (f: number, label?: string) =>
      opts.onProgress?.({ fraction: (done + part.weight * Math.min(Math.max(f, 0), 1)) / total, label: label ?? part.name });
    report(0);
    await part.load({ database, rng, progress: report, announce: (l) => announcements.push(l) });
    report(1);
    done += part.weight;
  }
  return announcements;
}
