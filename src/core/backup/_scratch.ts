import { migrateDatabase, openDatabase } from '../db/index.js';
import pg from 'pg';
const a = new pg.Client({ connectionString: 'postgres://postgres:postgres@127.0.0.1:5432/postgres' });
await a.connect();
await a.query('DROP DATABASE IF EXISTS tnmt_scratch'); await a.query('DROP DATABASE IF EXISTS tnmt_scratch2');
await a.query(`DO $$BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname='tnmt_scratch_app') THEN CREATE ROLE tnmt_scratch_app LOGIN PASSWORD 'x'; END IF; END$$`);
await a.query('CREATE DATABASE tnmt_scratch2 OWNER tnmt_scratch_app'); await a.end();
const d = await openDatabase({ url: 'postgres://tnmt_scratch_app:x@127.0.0.1:5432/tnmt_scratch2' });
await migrateDatabase(d);
const tries = [
  `BEGIN; SET LOCAL session_replication_role = replica; COMMIT`,
  `BEGIN; ALTER TABLE audit_log DISABLE TRIGGER USER; ALTER TABLE audit_log ENABLE TRIGGER USER; ROLLBACK`,
  `BEGIN; ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update; ROLLBACK`,
  `BEGIN; ALTER TABLE audit_log DISABLE TRIGGER ALL; ROLLBACK`,
  `BEGIN; ALTER TABLE users DISABLE TRIGGER ALL; ROLLBACK`,
  `BEGIN; ALTER TABLE org_units DISABLE TRIGGER ALL; ROLLBACK`,
  `BEGIN; ALTER TABLE org_units DISABLE TRIGGER USER; ROLLBACK`,
  `BEGIN; TRUNCATE audit_log, users, org_units, admin_units RESTART IDENTITY CASCADE; ROLLBACK`,
];
for (const t of tries) {
  try { await d.exec(t); console.log('OK', t); } catch (e) { console.log('FAIL', t, (e as Error).message); await d.exec('ROLLBACK').catch(()=>{}); }
}
await d.close();
const b = new pg.Client({ connectionString: 'postgres://postgres:postgres@127.0.0.1:5432/postgres' });
await b.connect(); await b.query('DROP DATABASE IF EXISTS tnmt_scratch2'); await b.query('DROP ROLE tnmt_scratch_app'); await b.end();
