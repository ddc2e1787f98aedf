import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/index.js';
import { createTestDatabase } from './db.js';

describe('test database', () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.close());

  it('is migrated, with the extensions every module relies on', async () => {
    const rows = await database.query<{ x: string; sim: number }>(
      `SELECT f_unaccent('Sở Tài nguyên và Môi trường Đắk Lắk') AS x, similarity('quan trac', 'quan trắc') AS sim`,
    );
    expect(rows[0]?.x).toBe('So Tai nguyen va Moi truong Dak Lak');
    const ext = await database.query<{ extname: string }>(`SELECT extname FROM pg_extension ORDER BY extname`);
    expect(ext.map((e) => e.extname)).toEqual(expect.arrayContaining(['btree_gist', 'pg_trgm', 'unaccent']));
  });

  it('bulk-loads rows with COPY, escaping tabs, newlines and backslashes', async () => {
    const n = await database.copyRows(
      'calendar_days',
      ['day', 'kind', 'name', 'source'],
      [
        ['2030-01-01', 'day_off', 'a\tb\nc\\d', null],
        ['2030-01-02', 'working_day', 'Thứ Bảy làm bù', 'VPCP'],
      ],
    );
    expect(n).toBe(2);
    const rows = await database.query<{ name: string; source: string | null }>(
      `SELECT name, source FROM calendar_days WHERE day >= '2030-01-01' ORDER BY day`,
    );
    expect(rows).toEqual([
      { name: 'a\tb\nc\\d', source: null },
      { name: 'Thứ Bảy làm bù', source: 'VPCP' },
    ]);
  });

  it('refuses to rewrite the audit trail', async () => {
    await database.query(`INSERT INTO audit_log (action) VALUES ('test.write')`);
    await expect(database.query(`UPDATE audit_log SET action = 'x'`)).rejects.toThrow(/append-only/);
    await expect(database.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
  });
});
