import { DEMO_USERS } from '../modules/org/demo.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../modules/org/demo.js';
import { notify } from './notifications/index.js';
import { TestClient, type TestApp, createTestApp } from './testing/app.js';

describe('the back-office shell', () => {
  let t: TestApp;
  let admin: TestClient;
  beforeAll(async () => {
    t = await createTestApp();
    admin = new TestClient(t.app, '10.2.0.1');
    await admin.signIn('admin', DEMO_PASSWORD);
  });
  afterAll(async () => t?.close());

  it('answers /healthz with the engine', async () => {
    const res = await t.app.inject('/healthz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', engine: t.database.engine });
  });

  it('sends security headers: CSP without inline scripts, no framing', async () => {
    const res = await admin.get('/');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('shows navigation for what the user may do', async () => {
    const home = await admin.get('/');
    for (const href of ['/quan-tri/nhat-ky', '/quan-tri/nguoi-dung', '/to-chuc', '/quan-tri/lich-lam-viec']) expect(home.body).toContain(`href="${href}"`);
    const viewer = new TestClient(t.app, '10.2.0.2');
    await viewer.signIn('xem', DEMO_PASSWORD);
    const vhome = await viewer.get('/');
    expect(vhome.body).not.toContain('href="/quan-tri/nhat-ky"');
    expect(vhome.body).not.toContain('href="/quan-tri/nguoi-dung"');
  });

  it('switches to English and remembers it', async () => {
    const c = new TestClient(t.app, '10.2.0.3');
    await c.signIn('lanhdao', DEMO_PASSWORD);
    const en = await c.get('/tai-khoan?lang=en');
    expect(en.body).toContain('<html lang="en"');
    expect(en.body).toContain('Change password');
    const again = await c.get('/tai-khoan');
    expect(again.body).toContain('Change password');
    const vi = await c.get('/tai-khoan?lang=vi');
    expect(vi.body).toContain('Đổi mật khẩu');
  });

  it('shows a plain 404 page, and JSON 404 under /api', async () => {
    const page = await admin.get('/khong-co-trang-nay');
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('Không tìm thấy trang');
    const api = await admin.get('/api/v1/khong-co');
    expect(api.statusCode).toBe(404);
    expect(api.json()).toMatchObject({ error: 'not_found' });
  });

  it('lists and filters the audit trail, sign-ins included', async () => {
    const res = await admin.get('/quan-tri/nhat-ky?action=auth.login');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('auth.login');
    expect(res.body).not.toContain('user.create');
    const api = await admin.get('/api/v1/audit?action=user.create');
    const body = api.json() as { total: number; rows: { action: string; after: Record<string, unknown> }[] };
    // the department admin's scope is the pre-2025 department: the Cần Thơ department's demo users are outside it
    expect(body.total).toBe(DEMO_USERS.filter((u) => !u.orgUnitCode.startsWith('SNNMT-CT')).length);
    expect(body.rows.every((r) => r.action === 'user.create')).toBe(true);
    expect(JSON.stringify(body.rows)).not.toContain('argon2');
    const bad = await admin.get('/quan-tri/nhat-ky?from=hom-qua');
    expect(bad.statusCode).toBe(200);
  });

  it('shows the tree of administrative units on a date, and resolves reused codes', async () => {
    const y2023 = await admin.get('/to-chuc?ngay=2023-06-30&ma=31510');
    expect(y2023.body).toContain('Huyện Mỹ Xuyên');
    expect(y2023.body).toContain('Phường 2');
    const y2025 = await admin.get('/to-chuc?ngay=2025-08-01&ma=31510');
    expect(y2025.body).toContain('Phường Phú Lợi');
    expect(y2025.body).not.toContain('Huyện Mỹ Xuyên');
    const api = await admin.get('/api/v1/admin-units/31510?date=2023-06-30');
    expect(api.json()).toMatchObject({ code: '31510', name: 'Phường 2' });
    const tree = (await admin.get('/api/v1/admin-units?date=2023-06-30&root=947')).json() as { name: string; children: unknown[] }[];
    expect(tree[0]!.name).toBe('Huyện Mỹ Xuyên');
    expect(tree[0]!.children).toHaveLength(11);
  });

  it('computes a due instant through the API and rejects bad input naming the field', async () => {
    const ok = await admin.get('/api/v1/calendar/due?from=2024-02-07T09:00&days=1');
    expect(ok.json()).toEqual({ from: '2024-02-07T09:00:00+07:00', due: '2024-02-15T09:00:00+07:00' });
    const bad = await admin.get('/api/v1/calendar/due?from=hom-nay&days=1');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields[0].field).toBe('from');
    const both = await admin.get('/api/v1/calendar/due?from=2024-02-07T09:00&days=1&hours=2');
    expect(both.statusCode).toBe(400);
  });

  it('lets an admin edit the calendar, keeps typed values on error, and audits the change', async () => {
    const page = await admin.get('/quan-tri/lich-lam-viec?nam=2024');
    expect(page.body).toContain('29/04/2024');
    expect(page.body).toContain('04/05/2024');
    const bad = await admin.post('/quan-tri/lich-lam-viec', { day: '2031-01-04', kind: 'day_off', name: 'Thử' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#day"');
    expect(bad.body).toContain('value="Thử"');
    // typed day-first, as in a browser without a date picker
    const ok = await admin.post('/quan-tri/lich-lam-viec', { day: '06/01/2031', kind: 'day_off', name: 'Nghỉ thử' });
    expect(ok.statusCode).toBe(303);
    // 2031 had no published schedule: its statutory holidays were stored before the edit, so Tết stays off
    const y2031 = await t.database.query<{ day: string }>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day FROM calendar_days WHERE day BETWEEN '2031-01-01' AND '2031-12-31' ORDER BY day`,
    );
    expect(y2031.map((r) => r.day)).toEqual(expect.arrayContaining(['2031-01-01', '2031-01-06', '2031-01-23', '2031-09-02']));
    const rows = await t.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'calendar.set_day'`);
    expect(rows[0]!.n).toBe(1);
    const due = await admin.get('/api/v1/calendar/due?from=2031-01-03T09:00&days=1');
    // Fri 03/01 09:00 + 8 working hours skips the weekend and Monday 06/01 (now off): Tue 07/01 09:00.
    expect(due.json().due).toBe('2031-01-07T09:00:00+07:00');
  });

  it('shows a user their own notifications only and marks them read', async () => {
    const users = await t.database.query<{ id: number; username: string }>(`SELECT id, username FROM users WHERE username IN ('admin','lanhdao')`);
    const adminId = users.find((u) => u.username === 'admin')!.id;
    const leaderId = users.find((u) => u.username === 'lanhdao')!.id;
    await notify(t.database.db, adminId, { title: 'Hồ sơ sắp đến hạn', link: '/thong-bao' });
    const leaderNote = await notify(t.database.db, leaderId, { title: 'Thông báo riêng của lãnh đạo' });
    const home = await admin.get('/');
    expect(home.body).toMatch(/href="\/thong-bao"/);
    const list = await admin.get('/thong-bao');
    expect(list.body).toContain('Hồ sơ sắp đến hạn');
    expect(list.body).not.toContain('Thông báo riêng của lãnh đạo');
    await admin.post('/thong-bao/da-doc', { id: String(leaderNote) });
    const left = await t.database.query<{ read_at: Date | null }>(`SELECT read_at FROM notifications WHERE id = $1`, [leaderNote]);
    expect(left[0]!.read_at).toBeNull();
    await admin.post('/thong-bao/da-doc', { id: 'all' });
    const api = (await admin.get('/api/v1/notifications')).json() as { unread: number };
    expect(api.unread).toBe(0);
  });

  it('creates a user from the form, keeping typed values and naming fields on error', async () => {
    await admin.get('/quan-tri/nguoi-dung/moi');
    const bad = await admin.post('/quan-tri/nguoi-dung', { username: 'Nguyễn A', fullName: '', orgUnit: 'PTNMT-947', password: 'ngan' });
    expect(bad.statusCode).toBe(400);
    for (const f of ['username', 'fullName', 'password', 'roles']) expect(bad.body).toContain(`href="#${f}`);
    expect(bad.body).toContain('value="Nguyễn A"');
    const ok = await admin.post('/quan-tri/nguoi-dung', {
      username: 'nguyenvana',
      fullName: 'Nguyễn Văn A',
      orgUnit: 'PTNMT-947',
      roles: ['officer', 'inspector'],
      password: 'mat-khau-du-dai',
    });
    expect(ok.statusCode).toBe(303);
    const c = new TestClient(t.app, '10.2.0.9');
    await c.signIn('nguyenvana', 'mat-khau-du-dai');
    expect((await c.get('/')).body).toContain('Nguyễn Văn A');
  });

  it('sorts the users table on the server, Vietnamese-aware, with aria-sort', async () => {
    const res = await admin.get('/quan-tri/nguoi-dung?sort=fullName&dir=desc');
    expect(res.body).toContain('aria-sort="descending"');
    const order = ['Võ Thanh Sang', 'Trần Văn Bình', 'Người xem', 'Nguyễn Thị Hoa', 'Huỳnh Văn Tâm'].map((n) => res.body.indexOf(n));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('publishes the OpenAPI description', async () => {
    const res = await t.app.inject('/api/docs/json');
    expect(res.statusCode).toBe(200);
    const doc = res.json() as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/me', '/api/v1/admin-units', '/api/v1/calendar/due']));
  });
});
