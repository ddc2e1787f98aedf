import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import * as schema from './schema.js';

export { schema };

/** One repository type for both drivers (PGlite embedded, node-postgres for DATABASE_URL). */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction handle has the same query surface as the database. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export type Engine = 'pglite' | 'postgres';

export interface Database {
  db: Db;
  engine: Engine;
  /** Raw parameterised SQL, for reports and bulk work that Drizzle's builder does not express well. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Several statements without parameters (DDL, restore). */
  exec(text: string): Promise<void>;
  /** Bulk load with COPY on either engine; values are converted to COPY text format. */
  copyRows(table: string, columns: string[], rows: Iterable<readonly unknown[]>): Promise<number>;
  close(): Promise<void>;
  pglite?: PGlite;
  pool?: pg.Pool;
}

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../../drizzle', import.meta.url));

export const pgliteExtensions = { unaccent, pg_trgm, btree_gist };

export interface OpenOptions {
  /** postgres:// URL; when set, PostgreSQL is used */
  url?: string;
  /** PGlite data folder; 'memory://' for a throw-away in-memory database */
  dataDir?: string;
  /** PGlite data dump (tar) to start from; used by tests to skip migrations */
  loadDataDir?: Blob | File;
  /** node-postgres pool size */
  poolSize?: number;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.url) return openPostgres(opts.url, opts.poolSize ?? 10);
  return openPglite(opts.dataDir ?? './data/db', opts.loadDataDir);
}

async function openPglite(dataDir: string, loadDataDir?: Blob | File): Promise<Database> {
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  const lite = await PGlite.create(inMemory ? undefined : dataDir, {
    extensions: pgliteExtensions,
    ...(loadDataDir ? { loadDataDir } : {}),
  });
  await lite.exec(`SET TIME ZONE 'UTC'`);
  const db = drizzlePglite({ client: lite, schema }) as unknown as Db;
  return {
    db,
    engine: 'pglite',
    pglite: lite,
    async query<T>(text: string, params: unknown[] = []) {
      const r = await lite.query<T>(text, params as unknown[]);
      return r.rows;
    },
    async exec(text: string) {
      await lite.exec(text);
    },
    async copyRows(table, columns, rows) {
      const { text, count } = toCopyText(rows);
      if (count === 0) return 0;
      await lite.query(`COPY ${table} (${columns.map(quoteIdent).join(',')}) FROM '/dev/blob'`, [], {
        blob: new Blob([text]),
      });
      return count;
    },
    async close() {
      if (!lite.closed) await lite.close();
    },
  };
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  // Every connection works in UTC (set at connection start-up); presentation converts to Asia/Ho_Chi_Minh.
  const pool = new pg.Pool({ connectionString: url, max: poolSize, options: '-c TimeZone=UTC' });
  const db = drizzlePg({ client: pool, schema }) as unknown as Db;
  return {
    db,
    engine: 'postgres',
    pool,
    async query<T>(text: string, params: unknown[] = []) {
      const r = await pool.query(text, params as unknown[]);
      return r.rows as T[];
    },
    async exec(text: string) {
      await pool.query(text);
    },
    async copyRows(table, columns, rows) {
      const { text, count } = toCopyText(rows);
      if (count === 0) return 0;
      const client = await pool.connect();
      try {
        const stream = client.query(copyFrom(`COPY ${table} (${columns.map(quoteIdent).join(',')}) FROM STDIN`));
        await new Promise<void>((resolve, reject) => {
          stream.on('error', reject);
          stream.on('finish', () => resolve());
          stream.end(text);
        });
      } finally {
        client.release();
      }
      return count;
    },
    async close() {
      await pool.end();
    },
  };
}

export async function migrateDatabase(database: Database): Promise<void> {
  if (database.engine === 'pglite') {
    await migratePglite(database.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  } else {
    await migratePg(database.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  }
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** COPY text format: tab-separated, \N for null, backslash escapes; arrays and objects as PostgreSQL literals. */
function toCopyText(rows: Iterable<readonly unknown[]>): { text: string; count: number } {
  const lines: string[] = [];
  for (const row of rows) lines.push(row.map(copyValue).join('\t'));
  return { text: lines.length ? `${lines.join('\n')}\n` : '', count: lines.length };
}

function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  let s: string;
  if (v instanceof Date) s = v.toISOString();
  else if (Array.isArray(v)) s = `{${v.map((x) => (x === null ? 'NULL' : `"${String(x).replace(/(["\\])/g, '\\$1')}"`)).join(',')}}`;
  else if (typeof v === 'object') s = JSON.stringify(v);
  else s = String(v);
  return s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}
