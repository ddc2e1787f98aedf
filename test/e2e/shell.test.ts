/**
 * The back-office shell in a real browser (Debian's /usr/bin/chromium driven by playwright-core; no browser is ever
 * downloaded): every page of the walk is checked for one h1, `main#main-content` with a skip link to it, a title
 * ending "– tnmt", the organisation and the signed-in user in the header, and no serious or critical axe-core
 * (WCAG 2.1 A/AA) violation. The Content-Security-Policy stays enforced, so the walk also proves that no page needs an
 * inline script or style: axe is injected through the DevTools protocol, which the CSP does not govern.
 * Screenshots of every page go to /tmp/tnmt-shots/ (outside the repository) for a human look.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { notify } from '../../src/core/notifications/index.js';
import { type TestApp, createTestApp } from '../../src/core/testing/app.js';
import { DEMO_PASSWORD } from '../../src/modules/org/demo.js';
import { SHOTS, axeSource, expectAxeClean, hasChromium, inCi, launchBrowser, listen, warnIfSkipped } from './browser.js';

warnIfSkipped('test/e2e/shell.test.ts');

/** bounds: one browser step, one test, the whole suite (the browser and the app are closed in afterAll either way) */
const STEP_MS = 15_000;
const TEST_MS = 30_000;
const SUITE_MS = 120_000;
const ADMIN_NAME = 'Quản trị hệ thống';


describe.skipIf(!hasChromium && !inCi)('the back office in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base = '';
  let axe = '';
  let orgName = '';
  /** cookies of the admin signed in by the first test, so later tests start signed in without another POST */
  let adminState: Awaited<ReturnType<BrowserContext['storageState']>> | undefined;
  const contexts: BrowserContext[] = [];
  /** axe findings below "serious", reported once at the end */
  const minor = new Map<string, string>();

  let started = 0;

  beforeAll(async () => {
    started = Date.now();
    mkdirSync(SHOTS, { recursive: true });
    axe = axeSource();
    t = await createTestApp();
    orgName = t.ctx.config.orgName;
    base = await listen(t);
    browser = await launchBrowser(STEP_MS);
  }, 60_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await t?.close();
    if (minor.size) console.info(`axe findings below "serious":\n${[...minor.values()].join('\n')}`);
  }, 30_000);

  // each test's browser context ends with it
  afterEach(async () => {
    for (const c of contexts.splice(0)) await c.close().catch(() => {});
  });

  /** A fresh context (Vietnamese, Vietnam's time zone), with every console error and failed request collected. */
  async function open(opts: BrowserContextOptions = {}) {
    if (Date.now() - started > SUITE_MS) throw new Error(`the browser suite ran over its ${SUITE_MS / 1000} s budget`);
    const context = await browser.newContext({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', ...opts });
    contexts.push(context);
    context.setDefaultTimeout(STEP_MS);
    context.setDefaultNavigationTimeout(STEP_MS);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      // failed loads are caught by the response listener (a rejected form's 400 document is expected)
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('response', (r) => {
      if (r.status() >= 400 && r.request().resourceType() !== 'document') problems.push(`${r.status()} ${r.url()}`);
    });
    return { context, page, problems };
  }

  /** Loads a page; every page is sent with the Content-Security-Policy that forbids inline scripts. */
  async function goto(page: Page, path: string) {
    const res = await page.goto(base + path, { waitUntil: 'load' });
    expect(res?.status(), path).toBeLessThan(400);
    expect(res?.headers()['content-security-policy'], `CSP of ${path}`).toContain("script-src 'self'");
  }

  /** The page's shell: one h1, main landmark with a skip link to it, the title, the header. */
  async function checkShell(page: Page, opts: { user?: string | null; lang?: string; js?: boolean } = {}) {
    const where = page.url().replace(base, '');
    expect(await page.locator('h1').count(), `one h1 on ${where}`).toBe(1);
    expect(await page.locator('main#main-content').count(), `main#main-content on ${where}`).toBe(1);
    const skip = page.locator('a.govuk-skip-link');
    expect(await skip.getAttribute('href'), `skip link on ${where}`).toBe('#main-content');
    expect(await page.title(), `title of ${where}`).toMatch(/ – tnmt$/);
    expect(await page.locator('html').getAttribute('lang'), `lang of ${where}`).toBe(opts.lang ?? 'vi');
    await expect.poll(() => page.locator('.tnmt-header__org').textContent()).toBe(orgName);
    const user = opts.user === undefined ? ADMIN_NAME : opts.user;
    if (user === null) expect(await page.locator('.tnmt-header__user-name').count(), `no user on ${where}`).toBe(0);
    else expect(await page.locator('.tnmt-header__user-name').textContent(), `user on ${where}`).toBe(user);
    // with JavaScript, init.js ran (GOV.UK Frontend is live) without anything the CSP forbids; without, it did not
    expect(await page.locator('body.js-enabled.govuk-frontend-supported').count(), `init.js on ${where}`).toBe(opts.js === false ? 0 : 1);
  }

  /** axe-core on the whole document; fails on serious or critical WCAG 2.1 A/AA violations and prints them. */
  async function checkAxe(page: Page, name: string) {
    await expectAxeClean(page, axe, name, minor);
  }

  async function shot(page: Page, name: string) {
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  }

  /** shell + axe + screenshot */
  async function check(page: Page, name: string, opts: Parameters<typeof checkShell>[1] = {}) {
    await checkShell(page, opts);
    await checkAxe(page, name);
    await shot(page, name);
  }

  /** Signs admin in through the form. */
  async function signIn(page: Page) {
    await goto(page, '/dang-nhap');
    await page.fill('#username', 'admin');
    await page.fill('#password', DEMO_PASSWORD);
    await Promise.all([page.waitForURL(`${base}/`), page.click('main button[type=submit]')]);
  }

  /** A new context already signed in as admin (the first test's cookies; a form sign-in if that test failed). */
  async function signedIn(opts: BrowserContextOptions = {}) {
    if (!adminState) {
      const first = await open();
      await signIn(first.page);
      adminState = await first.context.storageState();
    }
    return open({ ...opts, storageState: adminState });
  }

  /** Submits a form by POST and waits for the page that answers (a rejected form comes back with status 400). */
  async function submit(page: Page, button: string) {
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.request().resourceType() === 'document'),
      page.click(button),
    ]);
    await page.waitForLoadState('load');
  }

  /** The error summary is shown and focused; its first link moves focus to the field it names. */
  async function checkErrorSummary(page: Page, field: string) {
    const summary = page.locator('.govuk-error-summary');
    await expect.poll(() => summary.isVisible()).toBe(true);
    expect(await page.title()).toMatch(/^Lỗi: /);
    await expect.poll(() => summary.evaluate((el) => el === document.activeElement)).toBe(true);
    await summary.locator(`a[href="#${field}"]`).first().click();
    await expect.poll(() => page.locator(`#${field}`).evaluate((el) => el === document.activeElement)).toBe(true);
  }

  it('signs in: the form, a wrong password, then admin', async () => {
    const { context, page, problems } = await open();
    await goto(page, '/');
    expect(new URL(page.url()).pathname).toBe('/dang-nhap');
    await check(page, 'sign-in', { user: null });

    await page.fill('#username', 'admin');
    await page.fill('#password', 'sai-mat-khau');
    await submit(page, 'main button[type=submit]');
    await checkErrorSummary(page, 'username');
    expect(await page.inputValue('#username')).toBe('admin');
    await check(page, 'sign-in-error', { user: null });

    await page.fill('#password', DEMO_PASSWORD);
    await Promise.all([page.waitForURL(`${base}/`), page.click('main button[type=submit]')]);
    await check(page, 'home');
    adminState = await context.storageState();
    expect(problems).toEqual([]);
  }, TEST_MS);

  it('follows every navigation link', async () => {
    const { page, problems } = await signedIn();
    await goto(page, '/');
    const nav = page.locator('#navigation a.govuk-service-navigation__link');
    const hrefs = await nav.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    expect(hrefs).toEqual(expect.arrayContaining(['/', '/to-chuc', '/quan-tri/nguoi-dung', '/quan-tri/nhat-ky', '/quan-tri/lich-lam-viec']));
    for (const href of hrefs) {
      await Promise.all([page.waitForURL(base + href), nav.and(page.locator(`[href="${href}"]`)).click()]);
      expect(await nav.and(page.locator(`[href="${href}"]`)).getAttribute('aria-current')).toBe('page');
      await check(page, `nav${href.replace(/\//g, '-').replace(/-$/, '') || '-home'}`);
    }
    expect(problems).toEqual([]);
  }, TEST_MS);

  it('shows the organisation on a date', async () => {
    const { page, problems } = await signedIn();
    await goto(page, '/to-chuc?ngay=2023-06-30');
    expect(await page.inputValue('#ngay')).toBe('2023-06-30');
    await expect.poll(() => page.locator('main').textContent()).toContain('Huyện Mỹ Xuyên');
    await check(page, 'org-2023');
    expect(problems).toEqual([]);
  }, TEST_MS);

  it('lists users, shows one, and rejects an empty new-user form', async () => {
    const { page, problems } = await signedIn();
    await goto(page, '/quan-tri/nguoi-dung');
    await check(page, 'users');
    await Promise.all([page.waitForURL(/\/quan-tri\/nguoi-dung\/\d+$/), page.click('main table a[href^="/quan-tri/nguoi-dung/"] >> text=lanhdao')]);
    await check(page, 'user');
    await goto(page, '/quan-tri/nguoi-dung/moi');
    await check(page, 'user-new');
    await page.fill('#username', 'nv.moi');
    await submit(page, 'main form button[type=submit]');
    await checkErrorSummary(page, 'fullName');
    expect(await page.inputValue('#username')).toBe('nv.moi');
    await check(page, 'user-new-error');
    expect(problems).toEqual([]);
  }, TEST_MS);

  it('filters the audit trail, and prints it without navigation or buttons', async () => {
    const { page, problems } = await signedIn();
    await goto(page, '/quan-tri/nhat-ky?action=user.create');
    await page.locator('main table details summary').first().click();
    const json = page.locator('main table details .tnmt-json').first();
    expect(await json.isVisible()).toBe(true);
    expect(await json.textContent()).toContain('"username"');
    await check(page, 'audit-details');

    await page.fill('#action', 'auth.login');
    await Promise.all([page.waitForURL(/action=auth\.login/), page.click('main form.tnmt-filter button')]);
    expect(await page.locator('main table tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('main table tbody code').allTextContents()).toEqual(expect.arrayContaining(['auth.login']));
    await check(page, 'audit-filtered');

    await page.emulateMedia({ media: 'print' });
    for (const selector of ['.govuk-service-navigation', '.tnmt-header__account', '.govuk-skip-link', 'main .govuk-button', 'button', '.govuk-breadcrumbs', 'footer']) {
      const all = page.locator(selector);
      const n = await all.count();
      for (let i = 0; i < n; i++) expect(await all.nth(i).isVisible(), `${selector} #${i} in print`).toBe(false);
    }
    expect(await page.locator('.govuk-service-navigation').evaluate((el) => getComputedStyle(el).display)).toBe('none');
    expect(await page.locator('main table').isVisible()).toBe(true);
    await shot(page, 'audit-print');
    expect(problems).toEqual([]);
  }, TEST_MS);

  it('shows the working calendar of 2024', async () => {
    const { page, problems } = await signedIn();
    await goto(page, '/quan-tri/lich-lam-viec?nam=2024');
    expect(await page.locator('h1').textContent()).toContain('2024');
    await check(page, 'calendar-2024');
    await page.fill('#name', 'Nghỉ bù');
    await submit(page, 'main form[action="/quan-tri/lich-lam-viec"] button[type=submit]');
    await checkErrorSummary(page, 'day');
    expect(await page.inputValue('#name')).toBe('Nghỉ bù');
    await check(page, 'calendar-error');
    expect(problems).toEqual([]);
  }, TEST_MS);

  it('shows notifications and the account page', async () => {
    const adminId = (await t.database.query<{ id: number }>("SELECT id FROM users WHERE username = 'admin'"))[0]!.id;
    await notify(t.database.db, adminId, {
      title: 'Hồ sơ 000.00.12.H53-240115-0007 sắp đến hạn',
      body: 'Còn 1 ngày làm việc để trả kết quả.',
      link: '/quan-tri/nhat-ky',
    });
    await notify(t.database.db, adminId, { title: 'Sao lưu dữ liệu đêm qua đã xong' });
    const { page, problems } = await signedIn();
    await goto(page, '/thong-bao');
    expect(await page.locator('.tnmt-header__badge').textContent()).toBe('2');
    await check(page, 'notifications');
    await goto(page, '/tai-khoan');
    await check(page, 'account');
    expect(problems).toEqual([]);
  }, TEST_MS);

  it('switches to English from the footer', async () => {
    const { page, problems } = await signedIn();
    await goto(page, '/quan-tri/nguoi-dung');
    await Promise.all([page.waitForURL(/lang=en/), page.click('footer a[hreflang="en"]')]);
    await check(page, 'users-en', { lang: 'en' });
    expect(await page.locator('h1').textContent()).toBe('Users');
    await goto(page, '/');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await check(page, 'home-en', { lang: 'en' });
    expect(problems).toEqual([]);
  }, TEST_MS);

  it('fits a phone: nothing overflows sideways but the table region', async () => {
    const { page, problems } = await signedIn({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    for (const [path, name] of [
      ['/quan-tri/nhat-ky', 'phone-audit'],
      ['/quan-tri/nguoi-dung/moi', 'phone-user-new'],
      ['/', 'phone-home'],
      ['/quan-tri/nguoi-dung', 'phone-users'],
    ] as const) {
      await goto(page, path);
      await checkShell(page);
      const { scrollWidth, innerWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
      }));
      expect(scrollWidth, `${path} at 390px`).toBeLessThanOrEqual(innerWidth);
      // the menu toggle replaces the navigation list on phones
      expect(await page.locator('.govuk-service-navigation__toggle').isVisible()).toBe(true);
      await checkAxe(page, name);
      await shot(page, name);
    }
    // the menu opens the navigation
    const toggle = page.locator('.govuk-service-navigation__toggle');
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await page.locator('#navigation a[href="/quan-tri/nhat-ky"]').isVisible()).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'phone-menu.png') });
    await toggle.click();

    const region = page.locator('main .tnmt-table-wrapper');
    const { inner, outer } = await region.evaluate((el) => ({ inner: el.scrollWidth, outer: el.clientWidth }));
    expect(inner, 'the users table scrolls inside its region').toBeGreaterThan(outer);
    expect(problems).toEqual([]);
  }, TEST_MS);

  it('works without JavaScript: signs in, loads every page, submits a form', async () => {
    const { page } = await open({ javaScriptEnabled: false });
    await goto(page, '/dang-nhap');
    await checkShell(page, { user: null, js: false });
    await signIn(page);
    for (const path of ['/', '/to-chuc?ngay=2023-06-30', '/quan-tri/nguoi-dung', '/quan-tri/nguoi-dung/moi', '/quan-tri/nhat-ky?action=auth.login', '/quan-tri/lich-lam-viec?nam=2024', '/thong-bao', '/tai-khoan']) {
      await goto(page, path);
      await checkShell(page, { js: false });
    }
    await shot(page, 'nojs-account');
    // a rejected form keeps what was typed; a complete one creates the user
    await goto(page, '/quan-tri/nguoi-dung/moi');
    await page.fill('#username', 'nv.khongjs');
    await submit(page, 'main form button[type=submit]');
    expect(await page.locator('.govuk-error-summary').isVisible()).toBe(true);
    expect(await page.inputValue('#username')).toBe('nv.khongjs');
    await page.fill('#fullName', 'Nhân viên không JavaScript');
    await page.selectOption('#orgUnit', 'VP');
    await page.check('input[name=roles][value=viewer]');
    await page.fill('#password', 'mat-khau-rat-dai-2024');
    await Promise.all([page.waitForURL(/\/quan-tri\/nguoi-dung\/\d+$/), page.click('main form button[type=submit]')]);
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('nv.khongjs');
    await checkShell(page, { js: false });
    await shot(page, 'nojs-user-created');
  }, TEST_MS);

  it('signs out', async () => {
    const { page, problems } = await signedIn();
    await goto(page, '/tai-khoan');
    await Promise.all([page.waitForURL(/\/dang-nhap$/), page.click('.tnmt-header__sign-out-button')]);
    await check(page, 'signed-out', { user: null });
    await goto(page, '/quan-tri/nguoi-dung');
    expect(new URL(page.url()).pathname).toBe('/dang-nhap');
    expect(problems).toEqual([]);
  }, TEST_MS);
});
