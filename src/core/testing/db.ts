import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { type Database, openDatabase } from '../db/index.js';
import { testDatabasePrefix, withDatabase } from './global-setup.js';

/**
 * A fresh, migrated database on the engine under test: PGlite in memory by default, a new PostgreSQL
 * database (copied from the run's template) when DATABASE_URL is set. Close it in afterAll.
 */
export async function createTestDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const template = inject('pgTemplate');
    if (!template) throw new Error('global setup did not prepare a PostgreSQL template');
    const name = `${testDatabasePrefix(template)}${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    await admin.end();
    const database = await openDatabase({ url: withDatabase(url, name), poolSize: 4 });
    const close = database.close.bind(database);
    database.close = async () => {
      await close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        await dropTestDatabase(c, name);
      } finally {
        await c.end();
      }
    };
    return database;
  }
  const file = inject('pgliteTemplate');
  if (!file) throw new Error('global setup did not prepare a PGlite template');
  return openDatabase({ dataDir: 'memory://', loadDataDir: new Blob([readFileSync(file)]) });
}

/**
 * Drops a test database. FORCE ends sessions left open by the test; PostgreSQL 15 refuses it (42501) when an
 * autovacuum worker happens to be in the database and the role lacks pg_signal_backend — then a plain DROP, which
 * cancels autovacuum by itself, is retried while our own sessions finish closing.
 */
async function dropTestDatabase(c: pg.Client, name: string): Promise<void> {
  try {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    return;
  } catch (e) {
    if ((e as { code?: string }).code !== '42501') throw e;
  }
  for (let attempt = 1; ; attempt++) {
    try {
      await c.query(`DROP DATABASE IF EXISTS ${name}`);
      return;
    } catch (e) {
      if (attempt >= 10) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
