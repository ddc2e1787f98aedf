import { once } from 'node:events';
import type { Transaction } from '@electric-sql/pglite';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { type Database, quoteIdent } from '../db/index.js';

/**
 * One transaction on one connection, on either engine: `Database.query` on PostgreSQL may use a different pooled
 * connection per call and `Database.copyRows` takes its own, so backup and restore work through this instead.
 */
export interface Session {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /**
   * COPY … FROM into `table` inside the transaction. Data is COPY text format, whole lines. With `splittable`
   * the rows may be loaded by several COPY statements (PGlite buffers, so it flushes every few MB); without it
   * they go in one statement, which self-referencing tables need (foreign keys are checked at statement end).
   */
  copyIn(table: string, columns: readonly string[], splittable: boolean): CopySink;
}

export interface CopySink {
  write(text: string): Promise<void>;
  /** Finish the COPY (throws if the server refused the data). */
  end(): Promise<void>;
  /** Abandon the COPY so the transaction can be rolled back. */
  abort(): Promise<void>;
}

export interface Querier {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
}

/**
 * Session settings that fix every `::text` representation (and how COPY reads them back): UTC timestamps, ISO
 * dates, shortest exact floats, hex bytea.
 */
const SETTINGS = [
  `SET LOCAL TIME ZONE 'UTC'`,
  `SET LOCAL DateStyle = 'ISO, YMD'`,
  `SET LOCAL IntervalStyle = 'postgres'`,
  `SET LOCAL extra_float_digits = 1`,
  `SET LOCAL bytea_output = 'hex'`,
];

/** PGlite copies from an in-memory blob; flush every this many characters when the table allows it. */
const PGLITE_CHUNK_CHARS = 16 * 1024 * 1024;

/**
 * Run `fn` in one transaction: 'snapshot' is REPEATABLE READ READ ONLY (a consistent backup while the system runs
 * on PostgreSQL), 'write' is READ COMMITTED. Commits when `fn` resolves, rolls back when it throws.
 */
export async function inTransaction<T>(database: Database, mode: 'snapshot' | 'write', fn: (s: Session) => Promise<T>): Promise<T> {
  if (database.pglite) {
    return database.pglite.transaction(async (tx) => {
      if (mode === 'snapshot') await tx.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      for (const s of SETTINGS) await tx.exec(s);
      return fn(pgliteSession(tx));
    });
  }
  if (!database.pool) throw new Error('database has neither a PGlite instance nor a PostgreSQL pool');
  const client = await database.pool.connect();
  const session = pgSession(client);
  let broken = false;
  try {
    await client.query(mode === 'snapshot' ? 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' : 'BEGIN');
    for (const s of SETTINGS) await client.query(s);
    const result = await fn(session.session);
    await client.query('COMMIT');
    return result;
  } catch (e) {
    try {
      await session.abortOpenCopy();
      await client.query('ROLLBACK');
    } catch {
      // the connection is in an unknown state: drop it (the server rolls back when it goes)
      broken = true;
    }
    throw e;
  } finally {
    client.release(broken ? true : undefined);
  }
}

function pgliteSession(tx: Transaction): Session {
  return {
    async query<T>(text: string, params: unknown[] = []) {
      return (await tx.query<T>(text, params)).rows;
    },
    copyIn(table, columns, splittable) {
      const sql = `COPY ${quoteIdent(table)} (${columns.map(quoteIdent).join(',')}) FROM '/dev/blob'`;
      let parts: string[] = [];
      let size = 0;
      const flush = async () => {
        if (parts.length === 0) return;
        const blob = new Blob(parts);
        parts = [];
        size = 0;
        await tx.query(sql, [], { blob });
      };
      return {
        async write(text) {
          parts.push(text);
          size += text.length;
          if (splittable && size >= PGLITE_CHUNK_CHARS) await flush();
        },
        end: flush,
        async abort() {
          parts = [];
          size = 0;
        },
      };
    },
  };
}

function pgSession(client: pg.PoolClient): { session: Session; abortOpenCopy(): Promise<void> } {
  let open: CopySink | undefined;
  const session: Session = {
    async query<T>(text: string, params: unknown[] = []) {
      return (await client.query(text, params)).rows as T[];
    },
    copyIn(table, columns) {
      const stream = client.query(copyFrom(`COPY ${quoteIdent(table)} (${columns.map(quoteIdent).join(',')}) FROM STDIN`));
      let failure: Error | undefined;
      let done = false;
      stream.on('error', (e: Error) => {
        failure = e;
      });
      const sink: CopySink = {
        async write(text) {
          if (failure) throw failure;
          if (!stream.write(text)) await once(stream, 'drain');
        },
        async end() {
          if (failure) throw failure;
          await new Promise<void>((resolve, reject) => {
            stream.once('finish', resolve);
            stream.once('error', reject);
            stream.end();
          });
          done = true;
          open = undefined;
        },
        async abort() {
          open = undefined;
          if (done || failure || stream.destroyed) return;
          done = true;
          // destroy() sends CopyFail; the server answers with an error and the connection is usable again
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, 5000);
            stream.once('close', () => {
              clearTimeout(timer);
              resolve();
            });
            stream.destroy(new Error('restore aborted'));
          });
        },
      };
      open = sink;
      return sink;
    },
  };
  return {
    session,
    async abortOpenCopy() {
      await open?.abort();
    },
  };
}
