import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli.js';
import { prepareDatabase } from './core/boot.js';
import type { Database } from './core/db/index.js';
import { createTestDatabase } from './core/testing/db.js';
import { MODULES } from './modules/index.js';

const run = promisify(execFile);

describe('the tnmt command', () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
    await prepareDatabase(database, MODULES, { demo: false });
  });
  afterAll(async () => database?.close());

  const cli = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, { database, out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  it('adds, lists and re-passwords users, auditing each write', async () => {
    const add = await cli('user', 'add', '--username', 'tran.b', '--name', 'Trần Thị B', '--unit', 'PTNMT-947', '--role', 'officer', 'clerk', '--password', 'mot-mat-khau-dai');
    expect(add).toMatchObject({ code: 0 });
    expect(add.out).toMatch(/Đã tạo người dùng tran\.b/);
    const list = await cli('user', 'list', '--json');
    const users = JSON.parse(list.out) as { username: string; roles: string[]; orgUnitCode: string }[];
    expect(users).toEqual([expect.objectContaining({ username: 'tran.b', roles: ['officer', 'clerk'], orgUnitCode: 'PTNMT-947' })]);
    expect((await cli('user', 'passwd', 'tran.b', '--password', 'mat-khau-moi-hon')).code).toBe(0);
    const audit = await database.query<{ action: string }>(`SELECT action FROM audit_log WHERE entity = 'user' ORDER BY id`);
    expect(audit.map((a) => a.action)).toEqual(['user.create', 'user.password_set']);
  });

  it('rejects bad values with one line naming the field, and writes nothing', async () => {
    const bad = await cli('user', 'add', '--username', 'X Y', '--name', 'A', '--unit', 'KHONG-CO', '--role', 'boss', '--password', 'ngan');
    expect(bad.code).toBe(2);
    expect(bad.err.split('\n')).toHaveLength(1);
    expect(bad.err).toMatch(/^error: username: .*orgUnit: Không có đơn vị mã KHONG-CO/);
    expect(bad.err).toContain('roles: Vai trò không tồn tại: boss');
    expect((await cli('user', 'passwd', 'khong-ai', '--password', 'mot-mat-khau-dai')).err).toBe('error: username: Không có người dùng khong-ai');
    const n = await database.query<{ n: number }>(`SELECT count(*)::int AS n FROM users`);
    expect(n[0]!.n).toBe(1);
  });

  it('prints due instants and the year calendar', async () => {
    expect(await cli('calendar', 'due', '--from', '2024-02-07T09:00', '--days', '1')).toEqual({ code: 0, out: '2024-02-15T09:00:00+07:00', err: '' });
    expect((await cli('calendar', 'due', '--from', '2024-02-07T10:00', '--hours', '4')).out).toBe('2024-02-07T16:00:00+07:00');
    const days = await cli('calendar', 'days', '--year', '2024');
    expect(days.out).toContain('29/04/2024');
    expect(days.out).toContain('04/05/2024');
    const bad = await cli('calendar', 'due', '--from', '2024-02-07T09:00', '--days', 'hai');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--days');
  });

  it('answers --help for every command, and refuses unknown ones', async () => {
    for (const args of [['--help'], ['serve', '--help'], ['migrate', '--help'], ['demo', '--help'], ['user', 'add', '--help'], ['user', 'passwd', '--help'], ['user', 'list', '--help'], ['calendar', 'due', '--help'], ['calendar', 'days', '--help'], ['backup', '--help'], ['restore', '--help']]) {
      const r = await cli(...args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.out, args.join(' ')).toContain(`Usage: tnmt ${args.slice(0, -1).join(' ')}`.trimEnd());
    }
    const unknown = await cli('lam-gi-do');
    expect(unknown.code).toBe(2);
  });

  it('works as a real process: npx tnmt, one error line and a non-zero exit', async () => {
    const ok = await run('node', ['bin/tnmt.js', 'calendar', 'due', '--from', '2024-02-07T09:00', '--days', '1', '--help']);
    expect(ok.stdout).toContain('Usage: tnmt calendar due');
    const bad = (await run('node', ['bin/tnmt.js', 'serve', '--port', 'abc']).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    ));
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('error: --port: "abc" không phải số cổng');
  });
});
