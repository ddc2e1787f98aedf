import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrateDatabase, openDatabase } from '../db/index.js';

/**
 * Migrates one template database per run so each test file can start from a fresh copy quickly:
 * a PGlite data dump (loaded in ~1 s instead of initdb + migrations), or on PostgreSQL a template database
 * that `CREATE DATABASE … TEMPLATE` copies.
 */
export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL;
  if (url) {
    const template = `tnmt_tpl_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${template}`);
    await admin.query(`CREATE DATABASE ${template}`);
    await admin.end();
    const database = await openDatabase({ url: withDatabase(url, template), poolSize: 1 });
    await migrateDatabase(database);
    await database.close();
    project.provide('pgTemplate', template);
    return async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      // Only this run's databases: other runs may be using theirs.
      const left = await c.query(`SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2`, [
        `${testDatabasePrefix(template)}%`,
        template,
      ]);
      for (const row of left.rows) await c.query(`DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`).catch(() => {});
      await c.end();
    };
  }
  const database = await openDatabase({ dataDir: 'memory://' });
  await migrateDatabase(database);
  const dump = await database.pglite!.dumpDataDir('none');
  await database.close();
  const file = join(tmpdir(), `tnmt-test-template-${process.pid}.tar`);
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteTemplate', file);
}

/** Test databases of a run share a prefix derived from its template, so teardown drops only its own. */
export function testDatabasePrefix(template: string): string {
  return `${template.replace('tnmt_tpl_', 'tnmt_t_')}_`;
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgTemplate?: string;
    pgliteTemplate?: string;
  }
}
