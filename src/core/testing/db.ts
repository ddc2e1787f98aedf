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
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
    return database;
  }
  const file = inject('pgliteTemplate');
  if (!file) throw new Error('global setup did not prepare a PGlite template');
  return openDatabase({ dataDir: 'memory://', loadDataDir: new Blob([readFileSync(file)]) });
}
