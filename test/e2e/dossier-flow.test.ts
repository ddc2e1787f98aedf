/**
 * One dossier's whole life at the Mỹ Xuyên one-stop desk, in a real browser (Debian's /usr/bin/chromium driven by
 * playwright-core; no browser is ever downloaded), through the forms as the people involved would use them:
 *   1. the clerk receives it ("Tiếp nhận hồ sơ": procedure, applicant, documents) and gets its code and due instant;
 *   2. she opens the printed receipt (Mẫu 01, screen and print media) and its PDF;
 *   3. she signs out; the officer finds the dossier in the queues by its code and asks for two more documents;
 *   4. the applicant, on a phone and signed in nowhere, looks it up by code + the last 4 phone digits: status and
 *      the missing documents, nothing personal; a wrong suffix finds nothing;
 *   5. the clerk records the supply, the officer the result, the clerk its return: status "Đã trả kết quả", the
 *      history lists every step in order, and the applicant's lookup shows the result returned.
 * axe-core (WCAG 2.1 A/AA) runs on every page met, failing on serious or critical violations; it is injected through
 * the DevTools protocol, so the Content-Security-Policy stays enforced (and is checked on every document).
 * Screenshots go to /tmp/tnmt-shots/dossier-*.png (outside the repository) for a human look.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../src/core/testing/app.js';
import { DEMO_PASSWORD } from '../../src/modules/org/demo.js';
import { SHOTS, axeSource, hasChromium, inCi, launchBrowser, listen, warnIfSkipped, watchProblems, expectAxeClean } from './browser.js';

warnIfSkipped('test/e2e/dossier-flow.test.ts');

/** bounds: one browser action, one step of the flow, the whole file (browser and app are closed in afterAll either way) */
const ACTION_MS = 10_000;
const STEP_MS = 15_000;
const SUITE_MS = 120_000;
const DESKTOP = { width: 1280, height: 800 };
const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

const CLERK = { username: 'motcua.mx', name: 'Lâm Thị Bích (Một cửa Mỹ Xuyên)' };
const OFFICER = { username: 'chuyenvien.mx', name: 'Thạch Sô Phết (Phòng TN&MT Mỹ Xuyên)' };
const APPLICANT = {
  name: 'Nguyễn Thị Mai',
  idNumber: '094123456789',
  phone: '0912345678',
  address: 'Số 12 đường Trần Hưng Đạo, ấp Châu Thành, thị trấn Mỹ Xuyên',
};
const MISSING = ['Bản sao CCCD', 'Sơ đồ thửa đất'];
const SUPPLEMENT_NOTE = 'Sơ đồ thửa đất phải có xác nhận của Văn phòng đăng ký đất đai.';
/** the Mỹ Xuyên district office's agency code (PTNMT-947) */
const CODE = /^000\.00\.47\.H54-(\d{2})(\d{2})(\d{2})-0001$/;
const DATE_TIME = /\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/;


describe.skipIf(!hasChromium && !inCi)('a dossier from intake to returned result, in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base = '';
  let axe = '';
  let started = 0;
  const contexts: BrowserContext[] = [];
  /** every console error, failed sub-request or document without the CSP, per context */
  const problems: string[] = [];
  /** axe: pages checked, and findings below "serious" reported once at the end */
  const axeRuns: string[] = [];
  const minor = new Map<string, string>();

  // the flow's state, handed from step to step
  let clerk: Page;
  let officer: Page;
  let applicant: Page;
  let dossierId = 0;
  let code = '';
  let dueText = '';
  let procedureName = '';

  beforeAll(async () => {
    started = Date.now();
    mkdirSync(SHOTS, { recursive: true });
    axe = axeSource();
    t = await createTestApp();
    base = await listen(t);
    browser = await launchBrowser(STEP_MS);
  }, 60_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await t?.close();
    console.info(`axe (WCAG 2.1 A/AA) ran on ${axeRuns.length} pages: ${axeRuns.join(', ')}`);
    if (minor.size) console.info(`axe findings below "serious":\n${[...minor.values()].join('\n')}`);
    console.info(`dossier flow: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }, 30_000);

  /** Fails a step that starts after the file's budget is spent, or after an earlier step failed. */
  function budget(needsDossier = true) {
    expect(Date.now() - started, `the dossier flow ran over its ${SUITE_MS / 1000} s budget`).toBeLessThan(SUITE_MS);
    if (needsDossier) expect(dossierId, 'no dossier: the intake step failed').toBeGreaterThan(0);
  }

  /** A fresh context (Vietnamese, Vietnam's time zone) whose problems are collected under `who`. */
  async function open(who: string, opts: BrowserContextOptions = {}) {
    const context = await browser.newContext({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', viewport: DESKTOP, ...opts });
    contexts.push(context);
    context.setDefaultTimeout(ACTION_MS);
    context.setDefaultNavigationTimeout(ACTION_MS);
    const page = await context.newPage();
    watchProblems(page, who, problems);
    return page;
  }

  async function goto(page: Page, path: string, status = 200) {
    const res = await page.goto(base + path, { waitUntil: 'load' });
    expect(res?.status(), path).toBe(status);
  }

  /** Follows a link or a GET form and waits for the page it leads to. */
  async function follow(page: Page, url: RegExp | string, click: () => Promise<void>) {
    await Promise.all([page.waitForURL(url, { waitUntil: 'load' }), click()]);
  }

  /** The page's shell: one h1, the main landmark with a skip link to it, the title, the signed-in user (or none). */
  async function checkShell(page: Page, user: string | null) {
    const where = page.url().replace(base, '');
    expect(await page.locator('h1').count(), `one h1 on ${where}`).toBe(1);
    expect(await page.locator('main#main-content').count(), `main#main-content on ${where}`).toBe(1);
    expect(await page.locator('a.govuk-skip-link').getAttribute('href'), `skip link on ${where}`).toBe('#main-content');
    expect(await page.title(), `title of ${where}`).toMatch(/ – tnmt$/);
    expect(await page.locator('html').getAttribute('lang'), `lang of ${where}`).toBe('vi');
    if (user === null) expect(await page.locator('.tnmt-header__user-name').count(), `no user on ${where}`).toBe(0);
    else expect(await page.locator('.tnmt-header__user-name').textContent(), `user on ${where}`).toBe(user);
    expect(await page.locator('body.js-enabled.govuk-frontend-supported').count(), `init.js on ${where}`).toBe(1);
  }

  /** axe-core on the whole document; fails on serious or critical WCAG 2.1 A/AA violations and prints them. */
  async function checkAxe(page: Page, name: string) {
    axeRuns.push(name);
    await expectAxeClean(page, axe, name, minor);
  }

  async function shot(page: Page, name: string) {
    await page.screenshot({ path: join(SHOTS, `dossier-${name}.png`), fullPage: true });
  }

  /** Nothing wider than the viewport but scrollable table regions. */
  async function checkNoSidewaysScroll(page: Page) {
    const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
    expect(scrollWidth, `${page.url().replace(base, '')} at ${innerWidth}px`).toBeLessThanOrEqual(innerWidth);
  }

  async function signIn(page: Page, user: { username: string; name: string }) {
    await goto(page, '/dang-nhap');
    await page.fill('#username', user.username);
    await page.fill('#password', DEMO_PASSWORD);
    await follow(page, `${base}/`, () => page.click('main button[type=submit]'));
    expect(await page.locator('.tnmt-header__user-name').textContent()).toBe(user.name);
  }

  /** The dossier page's status tag (the one under the h1). */
  const statusTag = (page: Page) => page.locator('main h1 + p .govuk-tag').first();

  /** Opens an action of the dossier page, lets `fill` type into it, sends it and waits for the page with the flash. */
  async function act(page: Page, kind: string, event: string, fill?: () => Promise<void>) {
    const action = page.locator(`details#action-${kind}`);
    await action.locator('summary').click();
    expect(await action.getAttribute('open')).not.toBeNull();
    if (fill) await fill();
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'GET' && r.url() === `${base}/ho-so/${dossierId}` && r.request().redirectedFrom()?.method() === 'POST'),
      action.locator('button[type=submit]').click(),
    ]);
    await page.waitForLoadState('load');
    await expect.poll(() => page.locator('.govuk-notification-banner--success').textContent()).toContain(`Đã ghi nhận: ${event}.`);
  }

  /** Every printed form the dossier page links to opens (a link to a form that does not apply would answer 404). */
  async function checkPrintLinks(page: Page, expected: string[]) {
    const hrefs = await page.locator(`main ul.govuk-list a[href^="/ho-so/${dossierId}/"]`).evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    expect(hrefs).toEqual(expected.map((x) => `/ho-so/${dossierId}/${x}`));
    for (const href of hrefs) expect((await page.request.get(base + href, { timeout: ACTION_MS })).status(), href).toBe(200);
  }

  /** The applicant's lookup through its form; answers with the HTTP status of the result page. */
  async function lookUp(page: Page, dossierCode: string, phone4: string) {
    await page.fill('#ma', dossierCode);
    await page.fill('#so', phone4);
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.request().resourceType() === 'document' && r.url().startsWith(`${base}/tra-cuu-ho-so?`)),
      page.click('main form.pf-lookup-form button'),
    ]);
    await page.waitForURL(/\/tra-cuu-ho-so\?/, { waitUntil: 'load' });
    return res.status();
  }

  /** Nothing about the applicant in what the page shows nor in its source. */
  async function checkNoPersonalData(page: Page) {
    const shown = (await page.locator('body').textContent()) ?? '';
    const source = await page.content();
    const secrets = [APPLICANT.name, APPLICANT.idNumber, APPLICANT.phone, APPLICANT.address, 'ấp Châu Thành', 'Trần Hưng Đạo'];
    // nor who worked on it, nor the officer's note
    secrets.push(CLERK.name, CLERK.username, OFFICER.name, OFFICER.username, SUPPLEMENT_NOTE);
    for (const secret of secrets) {
      expect(shown, `"${secret}" shown on the lookup`).not.toContain(secret);
      expect(source, `"${secret}" in the lookup's source`).not.toContain(secret);
    }
  }

  /** The public lookup's summary row `key` (status, dates). */
  const lookupRow = (page: Page, key: string) => page.locator('.pf-lookup-result .govuk-summary-list__row', { has: page.locator('dt', { hasText: key }) }).locator('dd');

  it(
    '1. the clerk signs in, picks the procedure and fills the intake form',
    async () => {
      budget(false);
      clerk = await open('clerk');
      await signIn(clerk, CLERK);
      await goto(clerk, '/ho-so');
      await follow(clerk, `${base}/ho-so/tiep-nhan`, () => clerk.click('main a.govuk-button:has-text("Tiếp nhận hồ sơ")'));
      await checkShell(clerk, CLERK.name);
      expect(await clerk.locator('h1').textContent()).toBe('Tiếp nhận hồ sơ');
      await checkAxe(clerk, 'intake-choose');
      await shot(clerk, '01-choose');

      // the district-level land procedure, or the first offered
      const select = clerk.locator('#thu-tuc');
      const wanted = select.locator('option', { hasText: 'Tách thửa hoặc hợp thửa' });
      const value = (await wanted.count()) ? await wanted.first().getAttribute('value') : await select.locator('optgroup option').first().getAttribute('value');
      expect(value).toMatch(/^\d+$/);
      await select.selectOption(value!);
      await follow(clerk, /\/ho-so\/tiep-nhan\?thu-tuc=\d+$/, () => clerk.click('main form button'));
      await checkShell(clerk, CLERK.name);
      procedureName = (await clerk.locator('h1').textContent()) ?? '';
      expect(procedureName.length, 'the procedure named in the h1').toBeGreaterThan(0);

      // the applicant (in person, an individual: the defaults), then every document received
      expect(await clerk.locator('input[name=channel][value="1"]').isChecked()).toBe(true);
      expect(await clerk.locator('input[name=applicantKind][value=person]').isChecked()).toBe(true);
      await clerk.fill('#applicantName', APPLICANT.name);
      await clerk.fill('#applicantIdNumber', APPLICANT.idNumber);
      await clerk.fill('#applicantPhone', APPLICANT.phone);
      await clerk.fill('#applicantAddress', APPLICANT.address);
      const boxes = clerk.locator('input[name=documents]');
      const docCount = await boxes.count();
      expect(docCount).toBeGreaterThan(0);
      for (let i = 0; i < docCount; i++) {
        const box = boxes.nth(i);
        await clerk.locator(`label[for="${await box.getAttribute('id')}"]`).click();
        expect(await box.isChecked()).toBe(true);
      }
      // each ticked document reveals its quantity, 1 by default
      expect(await clerk.locator('input[name^="qty-"]:visible').count()).toBe(docCount);
      await checkAxe(clerk, 'intake-form');
      await shot(clerk, '02-intake-form');
      expect(problems.splice(0), 'console errors, failed requests, documents without the CSP').toEqual([]);
    },
    STEP_MS,
  );

  it(
    '1b. "Tiếp nhận" gives the dossier its code and due instant',
    async () => {
      budget(false);
      const docCount = await clerk.locator('input[name=documents]:checked').count();
      expect(docCount, 'the intake form was filled by step 1').toBeGreaterThan(0);
      await follow(clerk, /\/ho-so\/\d+$/, () => clerk.click('button[name=outcome][value=receive]'));
      await checkShell(clerk, CLERK.name);
      dossierId = Number(/\/ho-so\/(\d+)$/.exec(clerk.url())![1]);
      code = ((await clerk.locator('h1').textContent()) ?? '').replace(/^Hồ sơ /, '');
      const m = CODE.exec(code);
      expect(m, `dossier code ${code}`).not.toBeNull();
      // the code carries the receipt day in Vietnam (the test may straddle midnight)
      const vnDay = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: '2-digit', month: '2-digit', day: '2-digit' }).format(d).replace(/-/g, '');
      expect([vnDay(new Date(started)), vnDay(new Date())]).toContain(`${m![1]}${m![2]}${m![3]}`);

      const banner = clerk.locator('.govuk-notification-banner--success');
      expect(await banner.locator('.govuk-notification-banner__heading').textContent()).toBe(`Đã tiếp nhận hồ sơ ${code}`);
      const due = /Ngày hẹn trả kết quả: (\d{2}\/\d{2}\/\d{4} \d{2}:\d{2})\./.exec((await banner.textContent()) ?? '');
      expect(due, 'the due instant in the banner').not.toBeNull();
      dueText = due![1]!;
      const summary = clerk.locator('main .govuk-summary-list').first();
      expect(await summary.textContent()).toContain(code);
      expect(await summary.locator('.govuk-summary-list__row', { hasText: 'Hạn giải quyết theo quy định' }).textContent()).toContain(dueText);
      expect(await clerk.locator('main .govuk-caption-l').textContent()).toBe(procedureName);
      expect(await statusTag(clerk).textContent()).toBe('Được tiếp nhận');
      expect(await clerk.locator('main').textContent()).toContain(APPLICANT.name);
      expect(await clerk.locator('#documents tbody tr').count()).toBe(docCount);
      expect(await clerk.locator('#timeline tbody tr').count()).toBe(1);
      await checkAxe(clerk, 'dossier-received');
      await shot(clerk, '03-received');
      expect(problems.splice(0), 'console errors, failed requests, documents without the CSP').toEqual([]);
    },
    STEP_MS,
  );

  it(
    '2. the clerk prints the receipt and downloads its PDF',
    async () => {
      budget();
      await follow(clerk, `${base}/ho-so/${dossierId}/giay-tiep-nhan`, () =>
        clerk.click('.govuk-notification-banner a:has-text("In giấy tiếp nhận hồ sơ và hẹn trả kết quả")'),
      );
      const sheet = clerk.locator('article.pf-sheet');
      expect(await sheet.count()).toBe(1);
      expect(await clerk.locator('h1').count()).toBe(1);
      expect(await clerk.locator('html').getAttribute('lang')).toBe('vi');
      expect(await sheet.locator('.pf-title').textContent()).toBe('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
      expect(await sheet.locator('.pf-subtitle').textContent()).toBe(`Mã hồ sơ: ${code}`);
      expect(await sheet.locator('.pf-motto__nation').textContent()).toBe('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
      expect(await sheet.locator('.pf-motto__slogan').textContent()).toBe('Độc lập - Tự do - Hạnh phúc');
      // the place-date line of the receipt day (Decree 30: days and months 1–2 with a leading zero)
      const [, yy, mm, dd] = CODE.exec(code)!;
      const month = Number(mm) <= 2 ? mm : String(Number(mm));
      expect(await sheet.locator('.pf-place-date').textContent()).toBe(`Mỹ Xuyên, ngày ${dd} tháng ${month} năm 20${yy}`);
      expect(await sheet.locator('.pf-agency__superior').textContent()).toMatch(/^UBND /);
      expect(await sheet.locator('.pf-number').textContent()).toBe('Số: 0001/TNHS');
      const text = (await sheet.textContent()) ?? '';
      expect(text).toContain(APPLICANT.name);
      expect(text).toContain(APPLICANT.phone);
      // the appointment on paper is the due instant of the dossier page ("16 giờ 30 phút, ngày 09/12/2026")
      const [day, time] = dueText.split(' ');
      expect(await sheet.locator('.pf-field', { hasText: '4. Thời gian trả kết quả' }).textContent()).toContain(`${time!.replace(':', ' giờ ')} phút, ngày ${day}`);
      expect(text).toContain('/tra-cuu-ho-so');
      await checkAxe(clerk, 'receipt');
      await shot(clerk, '04-receipt');

      // printed: the toolbar disappears, the sheet stays
      await clerk.emulateMedia({ media: 'print' });
      expect(await clerk.locator('.pf-toolbar').isVisible()).toBe(false);
      expect(await sheet.isVisible()).toBe(true);
      await shot(clerk, '05-receipt-print');
      await clerk.emulateMedia({ media: 'screen' });

      const pdfHref = await clerk.locator('.pf-toolbar a[href$=".pdf"]').getAttribute('href');
      expect(pdfHref).toBe(`/ho-so/${dossierId}/giay-tiep-nhan.pdf`);
      const pdf = await clerk.request.get(base + pdfHref!, { timeout: ACTION_MS });
      expect(pdf.status()).toBe(200);
      expect(pdf.headers()['content-type']).toBe('application/pdf');
      expect(pdf.headers()['content-disposition']).toContain('attachment');
      const bytes = await pdf.body();
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(bytes.length).toBeGreaterThan(1000);
      expect(problems.splice(0), 'console errors, failed requests, documents without the CSP').toEqual([]);
    },
    STEP_MS,
  );

  it(
    '3. the clerk signs out; the officer finds the dossier in the queues by its code',
    async () => {
      budget();
      await goto(clerk, `/ho-so/${dossierId}`);
      await follow(clerk, `${base}/dang-nhap`, () => clerk.click('.tnmt-header__sign-out-button'));
      await goto(clerk, '/ho-so');
      expect(new URL(clerk.url()).pathname, 'signed out: the queues ask for a sign-in').toBe('/dang-nhap');

      officer = await open('officer');
      await signIn(officer, OFFICER);
      await goto(officer, '/ho-so');
      // the officer's own queue is empty: the dossier is in "Đang giải quyết"
      expect(await officer.locator('.govuk-tabs__list-item--selected').textContent()).toContain('Của tôi');
      await follow(officer, /hang=open/, () => officer.click('a.govuk-tabs__tab:has-text("Đang giải quyết")'));
      await officer.fill('#q', code);
      await follow(officer, /[?&]q=/, () => officer.click('form.tnmt-filter button[type=submit]'));
      const rows = officer.locator('main table tbody tr');
      expect(await rows.count()).toBe(1);
      expect(await rows.first().textContent()).toContain(APPLICANT.name);
      await checkShell(officer, OFFICER.name);
      await checkAxe(officer, 'officer-queue');
      await shot(officer, '06-officer-queue');
      expect(problems.splice(0), 'console errors, failed requests, documents without the CSP').toEqual([]);
    },
    STEP_MS,
  );

  it(
    '3b. the officer requests two more documents',
    async () => {
      budget();
      await follow(officer, `${base}/ho-so/${dossierId}`, () => officer.click(`main table a:text-is("${code}")`));
      await act(officer, 'supplement_requested', 'Yêu cầu bổ sung hồ sơ', async () => {
        await officer.fill('#supplement_requested-items', MISSING.join('\n'));
        await officer.fill('#supplement_requested-note', SUPPLEMENT_NOTE);
      });
      await checkShell(officer, OFFICER.name);
      expect(await statusTag(officer).textContent()).toBe('Yêu cầu bổ sung giấy tờ');
      const last = officer.locator('#timeline tbody tr').last();
      expect(await last.locator('td').nth(1).textContent()).toBe('Yêu cầu bổ sung hồ sơ');
      expect(await last.locator('li').allTextContents()).toEqual(MISSING);
      expect(await last.textContent()).toContain(SUPPLEMENT_NOTE);
      // the supplement request can be printed for the applicant (Mẫu 02)
      await checkPrintLinks(officer, ['giay-tiep-nhan', 'phieu-bo-sung']);
      await checkAxe(officer, 'dossier-supplement');
      await shot(officer, '07-supplement-requested');
      expect(problems.splice(0), 'console errors, failed requests, documents without the CSP').toEqual([]);
    },
    STEP_MS,
  );

  it(
    '4. the applicant looks the dossier up on a phone: status and missing documents, nothing personal',
    async () => {
      budget();
      applicant = await open('applicant', PHONE);
      await goto(applicant, '/tra-cuu-ho-so');
      await checkShell(applicant, null);
      await checkNoSidewaysScroll(applicant);
      await checkAxe(applicant, 'lookup-form');
      await shot(applicant, '08-lookup-phone');

      expect(await lookUp(applicant, code, APPLICANT.phone.slice(-4))).toBe(200);
      await checkShell(applicant, null);
      // the phone digits never come back in the form
      expect(await applicant.inputValue('#so')).toBe('');
      expect(await applicant.locator('#ket-qua').textContent()).toBe(`Hồ sơ ${code}`);
      expect(await lookupRow(applicant, 'Tình trạng').textContent()).toBe('Yêu cầu bổ sung giấy tờ');
      expect(await applicant.locator('#can-bo-sung').textContent()).toBe('Hồ sơ cần bổ sung');
      expect(await applicant.locator('.pf-lookup-result .govuk-notification-banner ol li').allTextContents()).toEqual(MISSING);
      expect(await applicant.locator('.pf-lookup-result table tbody td:nth-child(2)').allTextContents()).toEqual([
        'Tiếp nhận hồ sơ',
        'Yêu cầu bổ sung, hoàn thiện hồ sơ',
      ]);
      // each instant on one line ("27/11/2026 23:20"), even at phone width
      expect(await applicant.locator('.pf-lookup-result table tbody td:first-child').evaluateAll((tds) => tds.map((td) => getComputedStyle(td).whiteSpace))).toEqual([
        'nowrap',
        'nowrap',
      ]);
      await checkNoPersonalData(applicant);
      await checkNoSidewaysScroll(applicant);
      await checkAxe(applicant, 'lookup-supplement');
      await shot(applicant, '09-lookup-supplement');

      // a wrong suffix: the same not-found answer as a wrong code
      expect(await lookUp(applicant, code, '1234')).toBe(404);
      const summary = applicant.locator('.govuk-error-summary');
      await expect.poll(() => summary.isVisible()).toBe(true);
      expect(await summary.textContent()).toContain('Không tìm thấy hồ sơ với mã và số điện thoại này');
      expect(await applicant.title()).toMatch(/^Lỗi: /);
      expect(await applicant.locator('.pf-lookup-result').count()).toBe(0);
      await checkNoPersonalData(applicant);
      await checkNoSidewaysScroll(applicant);
      await checkAxe(applicant, 'lookup-not-found');
      await shot(applicant, '10-lookup-not-found');
      expect(problems.splice(0), 'console errors, failed requests, documents without the CSP').toEqual([]);
    },
    STEP_MS,
  );

  it(
    '5a. the clerk, signed in again, records the supplied documents',
    async () => {
      budget();
      await signIn(clerk, CLERK);
      await goto(clerk, '/ho-so');
      await follow(clerk, /hang=supplement/, () => clerk.click('a.govuk-tabs__tab:has-text("Chờ bổ sung")'));
      await follow(clerk, `${base}/ho-so/${dossierId}`, () => clerk.click(`main table a:text-is("${code}")`));
      await act(clerk, 'supplement_supplied', 'Đã nhận hồ sơ bổ sung');
      expect(await statusTag(clerk).textContent()).not.toBe('Yêu cầu bổ sung giấy tờ');
      // the result is the officer's to record, not the desk's
      expect(await clerk.locator('details#action-result_ready').count()).toBe(0);
      // the request is answered: no supplement form to print any more, the receipt still
      await checkPrintLinks(clerk, ['giay-tiep-nhan']);
      await shot(clerk, '11-supplied');
      expect(problems.splice(0), 'console errors, failed requests, documents without the CSP').toEqual([]);
    },
    STEP_MS,
  );

  it(
    '5b. the officer records the result',
    async () => {
      budget();
      await goto(officer, `/ho-so/${dossierId}`);
      await act(officer, 'result_ready', 'Có kết quả giải quyết');
      expect(await statusTag(officer).textContent()).toBe('Đã xử lý xong');
      // handing the result over is the desk's
      expect(await officer.locator('details#action-result_returned').count()).toBe(0);
      await shot(officer, '12-result-ready');
      expect(problems.splice(0), 'console errors, failed requests, documents without the CSP').toEqual([]);
    },
    STEP_MS,
  );

  it(
    '5c. the clerk hands the result over: status and the whole history in order',
    async () => {
      budget();
      await goto(clerk, `/ho-so/${dossierId}`);
      await act(clerk, 'result_returned', 'Trả kết quả');
      await checkShell(clerk, CLERK.name);
      expect(await statusTag(clerk).textContent()).toBe('Đã trả kết quả');
      const summary = clerk.locator('main .govuk-summary-list').first();
      expect(await summary.locator('.govuk-summary-list__row', { hasText: 'Trả kết quả lúc' }).locator('dd').textContent()).toMatch(DATE_TIME);
      expect(await summary.locator('.govuk-summary-list__row', { hasText: 'Kết thúc xử lý' }).locator('dd').textContent()).toMatch(/Trước hạn|Đúng hạn/);
      const rows = clerk.locator('#timeline tbody tr');
      expect(await rows.locator('td:nth-child(2)').allTextContents()).toEqual([
        'Tiếp nhận hồ sơ',
        'Yêu cầu bổ sung hồ sơ',
        'Đã nhận hồ sơ bổ sung',
        'Có kết quả giải quyết',
        'Trả kết quả',
      ]);
      // who did each step: the page shows the recorded actor (today the user name, the full name would do as well)
      const by = (u: { username: string; name: string }) => expect.toSatisfy((s: string) => s === u.username || s === u.name, u.username);
      expect(await rows.locator('td:nth-child(3)').allTextContents()).toEqual([by(CLERK), by(OFFICER), by(CLERK), by(OFFICER), by(CLERK)]);
      // in order of time, too
      const toIso = (s: string) => s.replace(/^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}:\d{2})$/, '$3-$2-$1T$4');
      const times = (await rows.locator('td:nth-child(1)').allTextContents()).map((s) => toIso(s.trim()));
      expect(times).toEqual([...times].sort());
      expect(await clerk.locator('#thao-tac + *').textContent()).toContain('Bạn không có thao tác nào');
      await checkPrintLinks(clerk, ['giay-tiep-nhan']);
      await checkAxe(clerk, 'dossier-returned');
      await shot(clerk, '13-returned');
      expect(problems.splice(0), 'console errors, failed requests, documents without the CSP').toEqual([]);
    },
    STEP_MS,
  );

  it(
    '5d. the applicant’s lookup shows the result returned',
    async () => {
      budget();
      expect(await lookUp(applicant, code, APPLICANT.phone.slice(-4))).toBe(200);
      expect(await lookupRow(applicant, 'Tình trạng').textContent()).toBe('Đã trả kết quả');
      expect(await lookupRow(applicant, 'Ngày trả kết quả').textContent()).toMatch(DATE_TIME);
      expect(await applicant.locator('#can-bo-sung').count(), 'nothing is missing any more').toBe(0);
      expect(await applicant.locator('.pf-lookup-result table tbody td:nth-child(2)').allTextContents()).toEqual([
        'Tiếp nhận hồ sơ',
        'Yêu cầu bổ sung, hoàn thiện hồ sơ',
        'Đã nhận hồ sơ bổ sung',
        'Có kết quả giải quyết',
        'Đã trả kết quả',
      ]);
      expect(await applicant.locator(`.pf-lookup-result a[href="/danh-gia?ma=${encodeURIComponent(code)}"]`).count()).toBe(1);
      await checkShell(applicant, null);
      await checkNoPersonalData(applicant);
      await checkNoSidewaysScroll(applicant);
      await checkAxe(applicant, 'lookup-returned');
      await shot(applicant, '14-lookup-returned');
      expect(problems.splice(0), 'console errors, failed requests, documents without the CSP').toEqual([]);
    },
    STEP_MS,
  );
});
