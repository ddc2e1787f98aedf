import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../modules/org/demo.js';
import { TestClient, type TestApp, createTestApp } from '../testing/app.js';

describe('sign-in, sessions and passwords', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  const auditCount = async (action: string, outcome?: string) => {
    const rows = await t.database.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = $1 AND ($2::text IS NULL OR outcome = $2)`,
      [action, outcome ?? null],
    );
    return rows[0]!.n;
  };

  it('stores passwords as argon2id hashes', async () => {
    const rows = await t.database.query<{ password_hash: string }>(`SELECT password_hash FROM users`);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('serves the sign-in form with a CSRF token and refuses a post without it', async () => {
    const c = new TestClient(t.app, '10.0.0.1');
    const page = await c.get('/dang-nhap');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('name="username"');
    expect(c.csrf).not.toBe('');
    const res = await c.post('/dang-nhap', { username: 'admin', password: DEMO_PASSWORD }, { csrf: false });
    expect(res.statusCode).toBe(403);
  });

  it('signs in with the right password, sets a secure session cookie, and signs out', async () => {
    const c = new TestClient(t.app, '10.0.0.2');
    await c.get('/dang-nhap');
    const res = await c.post('/dang-nhap', { username: 'Admin ', password: DEMO_PASSWORD });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/');
    const cookie = res.cookies.find((k) => k.name === 'tnmt.sid')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    const home = await c.get('/');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('Quản trị hệ thống');
    const out = await c.post('/dang-xuat');
    expect(out.statusCode).toBe(303);
    expect((await c.get('/')).headers.location).toBe('/dang-nhap?next=%2F');
  });

  it('rejects a wrong password with a message on the field, keeping the username', async () => {
    const c = new TestClient(t.app, '10.0.0.3');
    await c.get('/dang-nhap');
    const res = await c.post('/dang-nhap', { username: 'lanhdao', password: 'sai-mat-khau' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Tên đăng nhập hoặc mật khẩu không đúng');
    expect(res.body).toContain('href="#username"');
    expect(res.body).toContain('value="lanhdao"');
    const empty = await c.post('/dang-nhap', { username: '', password: '' });
    expect(empty.body).toContain('Nhập tên đăng nhập');
    expect(empty.body).toContain('Nhập mật khẩu');
  });

  it('locks an account after 5 failures, even for the right password, and audits it', async () => {
    const before = await auditCount('auth.locked', 'failed');
    const c = new TestClient(t.app, '10.0.0.4');
    await c.get('/dang-nhap');
    for (let i = 0; i < 5; i++) await c.post('/dang-nhap', { username: 'xem', password: `sai-${i}` });
    expect(await auditCount('auth.locked', 'failed')).toBe(before + 1);
    const res = await c.post('/dang-nhap', { username: 'xem', password: DEMO_PASSWORD });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('tạm khóa');
    await t.database.query(`UPDATE users SET locked_until = NULL WHERE username = 'xem'`);
    expect((await c.post('/dang-nhap', { username: 'xem', password: DEMO_PASSWORD })).statusCode).toBe(303);
  });

  it('rate-limits sign-in attempts per address', async () => {
    const c = new TestClient(t.app, '10.0.0.5');
    await c.get('/dang-nhap');
    const codes: number[] = [];
    for (let i = 0; i < 11; i++) codes.push((await c.post('/dang-nhap', { username: 'khong-co', password: 'x' })).statusCode);
    expect(codes.slice(0, 10).every((s) => s === 400)).toBe(true);
    expect(codes[10]).toBe(429);
  });

  it('changes the password with field errors first, then ends the other sessions', async () => {
    const a = new TestClient(t.app, '10.0.0.6');
    const b = new TestClient(t.app, '10.0.0.7');
    await a.signIn('chuyenvien.ks', DEMO_PASSWORD);
    await b.signIn('chuyenvien.ks', DEMO_PASSWORD);
    await a.get('/tai-khoan');
    const bad = await a.post('/tai-khoan/mat-khau', { currentPassword: 'sai', newPassword: 'ngan', confirmPassword: 'khac' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Mật khẩu hiện tại không đúng');
    expect(bad.body).toContain('ít nhất 10 ký tự');
    expect(bad.body).toContain('không khớp');
    const ok = await a.post('/tai-khoan/mat-khau', {
      currentPassword: DEMO_PASSWORD,
      newPassword: 'mot-mat-khau-moi-dai',
      confirmPassword: 'mot-mat-khau-moi-dai',
    });
    expect(ok.statusCode).toBe(303);
    expect((await a.get('/')).statusCode).toBe(200);
    expect((await b.get('/')).statusCode).toBe(303);
    expect(await auditCount('user.password_change')).toBe(1);
  });

  it('signs out everywhere', async () => {
    const a = new TestClient(t.app, '10.0.0.8');
    const b = new TestClient(t.app, '10.0.0.9');
    await a.signIn('motcua.so', DEMO_PASSWORD);
    await b.signIn('motcua.so', DEMO_PASSWORD);
    await a.get('/tai-khoan');
    expect((await a.post('/dang-xuat-tat-ca')).statusCode).toBe(303);
    expect((await b.get('/')).statusCode).toBe(303);
    expect((await a.get('/')).statusCode).toBe(303);
  });

  it('never redirects off-site after sign-in', async () => {
    const c = new TestClient(t.app, '10.0.0.10');
    await c.get('/dang-nhap?next=//evil.example/x');
    const res = await c.post('/dang-nhap', { username: 'lanhdao', password: DEMO_PASSWORD, next: '//evil.example/x' });
    expect(res.headers.location).toBe('/');
  });
});
