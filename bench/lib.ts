/**
 * What the benchmark scripts share: arguments, a seeded random generator, a fresh database on the engine asked for,
 * interleaved timing with medians, and the org units of the reference data as a flat list.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type Database, openDatabase } from '../src/core/db/index.js';
import { type OrgTreeNode, orgTreeAsOf } from '../src/modules/org/queries.js';

/** The whole number after `name` on the command line (`--rows 1000`), or undefined when absent or not positive. */
export function numberArg(name: string): number | undefined {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? Number(process.argv[i + 1]) : Number.NaN;
  return Number.isFinite(v) && v > 0 ? Math.floor(v) : undefined;
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Milliseconds as printed: two decimals below 10 ms, one above. */
export const ms = (x: number) => `${x < 10 ? x.toFixed(2) : x.toFixed(1)} ms`;

/** mulberry32: small, fast, seeded — the same data set every run. */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Fresh {
  database: Database;
  label: string;
  drop(): Promise<void>;
}

/**
 * An empty database: on PostgreSQL when DATABASE_URL is set (a new database `tnmt_bench_<name>_<random>`, dropped
 * by `drop()`), else PGlite in a new temporary folder `<folder>…` (removed by `drop()`).
 */
export async function freshDatabase(name: string, folder: string): Promise<Fresh> {
  const url = process.env.DATABASE_URL || undefined;
  if (url) {
    const dbName = `tnmt_bench_${name}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    const u = new URL(url);
    u.pathname = `/${dbName}`;
    const database = await openDatabase({ url: u.toString(), poolSize: 2 });
    const version = (await database.query<{ v: string }>("SELECT current_setting('server_version') AS v"))[0]?.v ?? '?';
    return {
      database,
      label: `PostgreSQL ${version} (database ${dbName}, dropped at the end)`,
      async drop() {
        // DROP … WITH (FORCE) ends any connection the pool still holds; that is expected, not an error
        database.pool?.on('error', () => {});
        await database.close();
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), folder));
  const database = await openDatabase({ dataDir: join(dir, 'db') });
  const version = (await database.query<{ v: string }>("SELECT current_setting('server_version') AS v"))[0]?.v ?? '?';
  return {
    database,
    label: `PGlite (PostgreSQL ${version}) in ${dir}`,
    async drop() {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Medians of `runs` runs of each query after one warm-up run each. The runs are interleaved (and the order rotates)
 * so that load from other processes falls on all the queries alike, not on whichever ran during it.
 */
export async function timeAll<K extends string>(runs: number, fns: Record<K, () => Promise<unknown>>): Promise<Record<K, number>> {
  const keys = Object.keys(fns) as K[];
  for (const k of keys) await fns[k]();
  const xs = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<K, number[]>;
  for (let run = 0; run < runs; run++) {
    for (let i = 0; i < keys.length; i++) {
      const k = keys[(i + run) % keys.length]!;
      const t0 = performance.now();
      await fns[k]();
      xs[k].push(performance.now() - t0);
    }
  }
  return Object.fromEntries(keys.map((k) => [k, median(xs[k])])) as Record<K, number>;
}

/** The org units valid on `day`, parents before their children. */
export async function orgUnitsOn(database: Database, day: string): Promise<OrgTreeNode[]> {
  const flat: OrgTreeNode[] = [];
  const walk = (ns: OrgTreeNode[]) => {
    for (const n of ns) {
      flat.push(n);
      walk(n.children);
    }
  };
  walk(await orgTreeAsOf(database.db, day));
  return flat;
}
