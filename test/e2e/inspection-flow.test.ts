/**
 * An inspection and its enforcement, in a real browser (Debian's /usr/bin/chromium driven by playwright-core; no
 * browser is ever downloaded), through the forms as Thanh tra Sở's inspector uses them, mouse and keyboard only:
 *   1. the inspector reads the statistics of her unit (nothing yet: the inspections demo data is not loaded);
 *   2. she records the inspection decision (environment, planned, head + one member);
 *   3. she adds two subjects inline: a seafood-processing company (tax code) and a household (CCCD);
 *   4. at the company: findings, a violation under khoản 1 Điều 26 NĐ 45/2022 with the record as a PDF, a fine outside
 *      the organisation's range refused on its line (the article and the range named, everything typed kept), then
 *      the penalty decision with a fine inside the range and one remedial measure;
 *   5. the household is found compliant;
 *   6. on the decision page she records a partial payment; a payment above what remains is refused on its field;
 *   7. the company's compliance history lists the records newest first and says the decision is being carried out;
 *   8. the statistics have moved by exactly this inspection;
 *   9. a viewer of the department sees the inspection and its records without any form or write link.
 *
 * Dates. Thanh tra Sở existed until the reform of 01/07/2025 (org-data.ts) and the system refuses an inspection
 * decided after its unit ended, so the inspection is decided on 16/06/2025 and worked on site 23–27/06/2025. The
 * penalty decision is recorded 3 days ago (the system accepts it: decisions often follow the conclusion) and the
 * payment today, so the fine is not overdue. The statistics are read for 01/01/2025 – today ("Hoặc từ ngày … đến
 * ngày"), the one period holding the inspection, the decision and the payment.
 *
 * Hand-computed amounts: khoản 1 Điều 26 fines an individual 500.000–1.000.000 đồng, an organisation twice that,
 * 1.000.000–2.000.000 đồng. 5.000.000 đồng is refused; the decision fines 1.500.000 đồng; 600.000 đồng are paid,
 * 900.000 đồng remain; 1.000.000 đồng more is refused.
 *
 * axe-core (WCAG 2.1 A/AA) runs on every kind of page met, failing on serious or critical violations; it is injected
 * through the DevTools protocol, so the Content-Security-Policy stays enforced (and is checked on every document).
 * Screenshots go to /tmp/tnmt-shots/inspection-*.png (outside the repository) for a human look.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type SQL, count, eq } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Browser, BrowserContext, Locator, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vnIsoDate } from '../../src/core/calendar/index.js';
import { type TestApp, createTestApp } from '../../src/core/testing/app.js';
import { COMPLIANCE_LABELS } from '../../src/modules/inspections/model.js';
import { inspectedSubjects, inspections, penaltyDecisions, penaltyPayments, violationEvidence, violations } from '../../src/modules/inspections/schema.js';
import { DEMO_PASSWORD } from '../../src/modules/org/demo.js';
import { SHOTS, axeSource, hasChromium, inCi, launchBrowser, listen, warnIfSkipped, watchProblems, expectAxeClean } from './browser.js';

warnIfSkipped('test/e2e/inspection-flow.test.ts');

/** bounds: one browser action, one step of the flow (browser and app are closed in afterAll either way) */
const ACTION_MS = 20_000;
const STEP_MS = 90_000;
const DESKTOP = { width: 1280, height: 900 };

const INSPECTOR = { username: 'thanhtra', name: 'Nguyễn Thị Hoa (Thanh tra Sở)' };
const VIEWER = { username: 'xem', name: 'Người xem' };

const DAY_MS = 86_400_000;
const today = vnIsoDate(new Date());
const addDays = (iso: string, n: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
/** dd/mm/yyyy, as the pages show a date */
const vnDate = (iso: string) => iso.split('-').reverse().join('/');

const INSPECTION = {
  unitLabel: /^Thanh tra Sở \(TTRA/,
  number: '47/QĐ-TTra',
  decisionDate: '2025-06-16',
  title: 'Thanh tra việc chấp hành pháp luật về bảo vệ môi trường tại các cơ sở chế biến thủy sản trên địa bàn huyện Trần Đề',
  head: { name: 'Lý Văn Thành', role: 'Trưởng đoàn' },
  member: { name: 'Trần Thị Kim Ngân', role: 'Thành viên' },
  startsOn: '2025-06-23',
  endsOn: '2025-06-27',
};
const COMPANY = {
  name: 'Công ty TNHH Chế biến Thủy sản Phước An',
  taxCode: '2201234567',
  address: 'Số 45 Quốc lộ 1A, ấp Phước An, xã Trần Đề',
  sector: 'seafood_processing',
  inspectedOn: '2025-06-24',
  findings: 'Chất thải rắn sinh hoạt của khu nhà ăn công nhân (khoảng 150 kg/ngày) để chung trong một thùng chứa, không phân loại.',
};
const HOUSEHOLD = {
  name: 'Hộ ông Lâm Văn Sáu',
  idNumber: '094082001234',
  address: 'Ấp Tân Mỹ, xã Tân Thạnh',
  sector: 'shrimp_farming',
  inspectedOn: '2025-06-25',
  findings: 'Ao lắng xử lý nước thải nuôi tôm vận hành đúng hồ sơ; chất thải được phân loại, thu gom theo quy định.',
};
const CITATION = 'khoản 1 Điều 26 Nghị định 45/2022/NĐ-CP';
const VIOLATION = {
  description: 'Không phân loại chất thải rắn sinh hoạt phát sinh tại khu nhà ăn của công nhân; chất thải để chung trong một thùng chứa',
  committedOn: '2025-06-24',
  fileName: 'bien-ban-vi-pham-24-06-2025.pdf',
};
const PENALTY = {
  number: '52/QĐ-XPHC',
  decidedOn: addDays(today, -3),
  signerName: 'Nguyễn Văn Ba',
  signerTitle: 'Chánh Thanh tra Sở',
  outOfRange: '5.000.000',
  fine: '1.500.000',
  remedy: 'Buộc phân loại chất thải rắn sinh hoạt tại nguồn và bố trí thùng chứa riêng cho từng loại',
  remedyDeadline: addDays(today, 30),
};
const PAYMENT = { amount: '600.000', receipt: 'BL-0004521', tooMuch: '1.000.000' };
/** the statistics period: 01/01 of the inspection's year to today */
const STATS_FROM = `${INSPECTION.decisionDate.slice(0, 4)}-01-01`;

/** A small but well-formed one-page PDF (the record of the violation), built byte by byte with its xref table. */
function recordPdf(): Buffer {
  const text = 'BIEN BAN VI PHAM HANH CHINH 24/BB-VPHC - Cong ty TNHH Che bien Thuy san Phuoc An';
  const content = `BT /F1 12 Tf 50 780 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}
const PDF = recordPdf();

/** "1.500.000 đồng", "12" → 1500000, 12 (vi-VN grouping with dots) */
function parseVi(text: string | null): number {
  const s = (text ?? '').trim();
  expect(s, `a vi-VN number: "${s}"`).toMatch(/^\d{1,3}(\.\d{3})*( đồng)?$/);
  return Number(s.replace(/ đồng$/, '').replace(/\./g, ''));
}

interface Figures {
  inspections: number;
  subjects: number;
  violating: number;
  decisions: number;
  finesVnd: number;
  collectedVnd: number;
}

describe.skipIf(!hasChromium && !inCi)('an inspection from its decision to a partly paid fine, in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base = '';
  let axe = '';
  const contexts: BrowserContext[] = [];
  /** every console error, failed sub-request or document without the CSP, per context */
  const problems: string[] = [];
  /** axe: pages checked, and findings below "serious" reported once at the end */
  const axeRuns: string[] = [];
  const minor = new Map<string, string>();

  // the flow's state, handed from step to step
  let inspector: Page;
  let before: Figures | null = null;
  let inspectionId = 0;
  let companyIs = 0;
  let householdIs = 0;
  let companyId = 0;
  let decisionId = 0;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    axe = axeSource();
    t = await createTestApp();
    base = await listen(t);
    browser = await launchBrowser(STEP_MS);
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await t?.close();
    console.info(`axe (WCAG 2.1 A/AA) ran on ${axeRuns.length} pages: ${axeRuns.join(', ')}`);
    if (minor.size) console.info(`axe findings below "serious":\n${[...minor.values()].join('\n')}`);
  }, 60_000);

  /** Fails a step whose predecessor did not produce what it needs. */
  function needs(what: string, value: unknown) {
    expect(value, `${what}: an earlier step failed`).toBeTruthy();
  }

  /** Rows of a table (reading only, to check that a refused form changed nothing). */
  async function rows(table: PgTable, where?: SQL): Promise<number> {
    const [r] = await t.database.db.select({ n: count() }).from(table).where(where);
    return Number(r?.n ?? 0);
  }

  /** A fresh context (Vietnamese, Vietnam's time zone) whose problems are collected under `who`. */
  async function open(who: string) {
    const context = await browser.newContext({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', viewport: DESKTOP });
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

  /** Follows a link or a GET form to another address and waits for the page it leads to. */
  async function follow(page: Page, url: RegExp | string, click: () => Promise<void>) {
    await Promise.all([page.waitForURL(url, { waitUntil: 'load' }), click()]);
  }

  /**
   * Sends a POST form with its button and waits for the page that answers: the page a redirect leads to (303 → 200)
   * or the form again with its errors (400). Returns the document response.
   */
  async function send(page: Page, button: Locator, status: 200 | 400): Promise<Response> {
    const answer = page.waitForResponse(
      (r) =>
        r.request().resourceType() === 'document' &&
        (r.request().method() === 'POST' ? r.status() !== 303 : r.request().redirectedFrom()?.method() === 'POST'),
    );
    const loaded = page.waitForEvent('load');
    await button.click();
    const res = await answer;
    await loaded;
    expect(res.status(), `${res.request().method()} ${res.url().replace(base, '')}`).toBe(status);
    return res;
  }

  /** The success banner of the page after a redirect (the flash). */
  async function expectFlash(page: Page, text: string) {
    expect(await page.locator('.govuk-notification-banner--success').textContent()).toContain(text);
  }

  /** The page's shell: one h1, the main landmark with a skip link to it, the title, the signed-in user. */
  async function checkShell(page: Page, user: string) {
    const where = page.url().replace(base, '');
    expect(await page.locator('h1').count(), `one h1 on ${where}`).toBe(1);
    expect(await page.locator('main#main-content').count(), `main#main-content on ${where}`).toBe(1);
    expect(await page.locator('a.govuk-skip-link').getAttribute('href'), `skip link on ${where}`).toBe('#main-content');
    expect(await page.title(), `title of ${where}`).toMatch(/ – tnmt$/);
    expect(await page.locator('html').getAttribute('lang'), `lang of ${where}`).toBe('vi');
    expect(await page.locator('.tnmt-header__user-name').textContent(), `user on ${where}`).toBe(user);
  }

  /** axe-core on the whole document; fails on serious or critical WCAG 2.1 A/AA violations and prints them. */
  async function checkAxe(page: Page, name: string) {
    axeRuns.push(name);
    await expectAxeClean(page, axe, name, minor);
  }

  async function shot(page: Page, name: string) {
    await page.screenshot({ path: join(SHOTS, `inspection-${name}.png`), fullPage: true });
  }

  function noProblems() {
    expect(problems.splice(0), 'console errors, failed requests, documents without the CSP').toEqual([]);
  }

  async function signIn(page: Page, user: { username: string; name: string }) {
    await goto(page, '/dang-nhap');
    await page.fill('#username', user.username);
    await page.fill('#password', DEMO_PASSWORD);
    await follow(page, `${base}/`, () => page.click('main button[type=submit]'));
    expect(await page.locator('.tnmt-header__user-name').textContent()).toBe(user.name);
  }

  /** The value cell of the summary-list row whose key is exactly `key` (one such row in main). */
  function summaryValue(page: Page, key: string): Locator {
    const row = page.locator('main .govuk-summary-list__row').filter({ has: page.locator('dt', { hasText: new RegExp(`^\\s*${key}\\s*$`) }) });
    return row.locator('.govuk-summary-list__value');
  }

  const text = async (l: Locator) => ((await l.textContent()) ?? '').replace(/\s+/g, ' ').trim();

  /** The statistics for the period 01/01 of the inspection's year – today, chosen through the filter form. */
  async function readStatistics(page: Page, shotName: string): Promise<Figures> {
    await goto(page, '/thong-ke/thanh-tra');
    await checkShell(page, INSPECTOR.name);
    expect(await page.locator('h1').textContent()).toBe('Thống kê thanh tra, kiểm tra và xử lý vi phạm');
    await page.fill('#tu', STATS_FROM);
    await page.fill('#den', today);
    await follow(page, /\/thong-ke\/thanh-tra\?/, () => page.click('form#filter button[type=submit]'));
    const url = new URL(page.url());
    expect([url.searchParams.get('tu'), url.searchParams.get('den')]).toEqual([STATS_FROM, today]);
    // the form shows what was asked
    expect([await page.inputValue('#tu'), await page.inputValue('#den')]).toEqual([STATS_FROM, today]);
    const main = page.locator('main');
    expect(await main.textContent()).toContain(`Từ ${vnDate(STATS_FROM)} đến ${vnDate(today)} — Thanh tra Sở`);
    await checkAxe(page, `statistics-${shotName}`);
    await shot(page, `stats-${shotName}`);
    const table = page.locator('#inspection-stats');
    if ((await table.count()) === 0) {
      expect(await main.textContent()).toContain('Không có cuộc thanh tra, kiểm tra, quyết định xử phạt hay khoản nộp phạt nào trong kỳ và phạm vi đã chọn.');
      return { inspections: 0, subjects: 0, violating: 0, decisions: 0, finesVnd: 0, collectedVnd: 0 };
    }
    const headers = await table.locator('thead th').allTextContents();
    expect(headers.slice(1)).toEqual(['Cuộc thanh tra, kiểm tra', 'Đối tượng được thanh tra, kiểm tra', 'Trường hợp vi phạm', 'Quyết định xử phạt', 'Tiền phạt', 'Đã thu']);
    const total = table.locator('tbody tr').last();
    expect(await text(total.locator('th'))).toBe('Tổng cộng');
    const cells = total.locator('td');
    expect(await cells.count()).toBe(6);
    const n = async (i: number) => parseVi(await cells.nth(i).textContent());
    const money = async (i: number) => parseVi(await cells.nth(i).locator('span').textContent());
    return { inspections: await n(0), subjects: await n(1), violating: await n(2), decisions: await n(3), finesVnd: await money(4), collectedVnd: await money(5) };
  }

  it(
    '1. the inspector reads her unit’s statistics: nothing recorded yet',
    async () => {
      inspector = await open('inspector');
      await signIn(inspector, INSPECTOR);
      before = await readStatistics(inspector, 'before');
      expect(before).toEqual({ inspections: 0, subjects: 0, violating: 0, decisions: 0, finesVnd: 0, collectedVnd: 0 });
      noProblems();
    },
    STEP_MS,
  );

  it(
    '2. she records the inspection decision through the form',
    async () => {
      needs('the inspector', inspector);
      await goto(inspector, '/thanh-tra');
      await checkShell(inspector, INSPECTOR.name);
      expect(await text(inspector.locator('#inspections caption'))).toBe('Cuộc thanh tra, kiểm tra: 0');
      await checkAxe(inspector, 'list-empty');
      await shot(inspector, '01-list-empty');
      await follow(inspector, `${base}/thanh-tra/moi`, () => inspector.click('main a.govuk-button:has-text("Lập cuộc thanh tra, kiểm tra")'));
      await checkShell(inspector, INSPECTOR.name);
      expect(await inspector.locator('h1').textContent()).toBe('Lập cuộc thanh tra, kiểm tra');
      await checkAxe(inspector, 'create');

      // the running unit: her own, Thanh tra Sở, shown with the day it ended
      const unit = inspector.locator('#orgUnitId option:checked');
      expect(await unit.textContent()).toMatch(INSPECTION.unitLabel);
      expect(await unit.textContent()).toContain('đến 01/07/2025');
      await inspector.fill('#decisionNumber', INSPECTION.number);
      await inspector.fill('#decisionDate', INSPECTION.decisionDate);
      await inspector.check('input[name=mode][value=inspection]');
      await inspector.check('input[name=kind][value=planned]');
      await inspector.selectOption('#field', 'environment');
      await inspector.fill('#title', INSPECTION.title);
      await inspector.fill('#team-0-name', INSPECTION.head.name);
      expect(await inspector.inputValue('#team-0-role')).toBe(INSPECTION.head.role);
      await inspector.fill('#team-1-name', INSPECTION.member.name);
      expect(await inspector.inputValue('#team-1-role')).toBe(INSPECTION.member.role);
      await inspector.fill('#startsOn', INSPECTION.startsOn);
      await inspector.fill('#endsOn', INSPECTION.endsOn);
      await shot(inspector, '02-create');
      await send(inspector, inspector.locator('main form[action="/thanh-tra/moi"] button[type=submit]'), 200);

      const m = /\/thanh-tra\/(\d+)$/.exec(inspector.url());
      expect(m, inspector.url()).not.toBeNull();
      inspectionId = Number(m![1]);
      await expectFlash(inspector, `Đã lập cuộc thanh tra, kiểm tra theo quyết định ${INSPECTION.number}`);
      await checkShell(inspector, INSPECTOR.name);
      expect(await inspector.locator('h1').textContent()).toBe(INSPECTION.title);
      expect(await text(summaryValue(inspector, 'Quyết định'))).toBe(`Số ${INSPECTION.number} ngày ${vnDate(INSPECTION.decisionDate)}`);
      expect(await text(summaryValue(inspector, 'Đơn vị thực hiện'))).toBe('Thanh tra Sở');
      expect(await text(summaryValue(inspector, 'Cấp'))).toBe('Cấp tỉnh');
      expect(await text(summaryValue(inspector, 'Hình thức'))).toBe('Theo kế hoạch');
      expect(await text(summaryValue(inspector, 'Lĩnh vực'))).toBe('Môi trường');
      expect(await text(summaryValue(inspector, 'Thời gian'))).toBe(`Từ ${vnDate(INSPECTION.startsOn)} đến ${vnDate(INSPECTION.endsOn)}`);
      expect(await text(summaryValue(inspector, 'Trạng thái'))).toBe('Đã có quyết định');
      expect(await inspector.locator('#team tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td, th')).map((c) => c.textContent?.trim())))).toEqual([
        [INSPECTION.head.name, INSPECTION.head.role],
        [INSPECTION.member.name, INSPECTION.member.role],
      ]);
      noProblems();
    },
    STEP_MS,
  );

  it(
    '3. she adds a new company and a new household inline',
    async () => {
      needs('the inspection', inspectionId);
      const form = inspector.locator('form#them-doi-tuong-moi');
      await form.locator('input[name=kind][value=organisation]').check();
      await inspector.fill('#new-name', COMPANY.name);
      await inspector.fill('#new-taxCode', COMPANY.taxCode);
      await inspector.fill('#new-address', COMPANY.address);
      await inspector.selectOption('#new-sector', COMPANY.sector);
      await send(inspector, form.locator('button[type=submit]'), 200);
      expect(inspector.url()).toBe(`${base}/thanh-tra/${inspectionId}`);
      await expectFlash(inspector, `Đã thêm đối tượng ${COMPANY.name}`);

      await form.locator('input[name=kind][value=household]').check();
      await inspector.fill('#new-name', HOUSEHOLD.name);
      await inspector.fill('#new-idNumber', HOUSEHOLD.idNumber);
      await inspector.fill('#new-address', HOUSEHOLD.address);
      await inspector.selectOption('#new-sector', HOUSEHOLD.sector);
      await send(inspector, form.locator('button[type=submit]'), 200);
      await expectFlash(inspector, `Đã thêm đối tượng ${HOUSEHOLD.name}`);

      const subjects = inspector.locator('#subjects tbody tr');
      expect(await subjects.count()).toBe(2);
      const links = await subjects.locator('td:first-child a[href^="/thanh-tra/doi-tuong/"]').evaluateAll((as) => as.map((a) => [a.textContent, a.getAttribute('href')]));
      expect(links.map((l) => l[0])).toEqual([COMPANY.name, HOUSEHOLD.name]);
      const ids = links.map((l) => Number(/(\d+)$/.exec(l[1] ?? '')?.[1]));
      companyIs = ids[0]!;
      householdIs = ids[1]!;
      const company = subjects.filter({ hasText: COMPANY.name });
      expect(await text(company.locator('td').first())).toContain(`Tổ chức · ${COMPANY.taxCode}`);
      expect(await text(subjects.filter({ hasText: HOUSEHOLD.name }).locator('td').first())).toContain(`Hộ gia đình, hộ kinh doanh · ${HOUSEHOLD.idNumber}`);
      const history = await company.locator('a[href^="/doi-tuong/"]').getAttribute('href');
      companyId = Number(/^\/doi-tuong\/(\d+)$/.exec(history ?? '')![1]);
      expect(await subjects.locator('td:nth-child(3)').allTextContents()).toEqual(['Chưa có kết quả', 'Chưa có kết quả']);
      expect(await text(inspector.locator('#totals'))).toBe('2 đối tượng, 0 có vi phạm, tiền phạt 0 đồng, đã nộp 0 đồng');
      await checkShell(inspector, INSPECTOR.name);
      await checkAxe(inspector, 'inspection');
      await shot(inspector, '03-inspection-subjects');
      noProblems();
    },
    STEP_MS,
  );

  it(
    '4a. at the company: findings, then a violation with its record as a PDF',
    async () => {
      needs('the company', companyIs);
      await follow(inspector, `${base}/thanh-tra/doi-tuong/${companyIs}`, () => inspector.click(`#subjects a:text-is("${COMPANY.name}")`));
      await checkShell(inspector, INSPECTOR.name);
      expect(await inspector.locator('h1').textContent()).toBe(COMPANY.name);
      await checkAxe(inspector, 'inspected-subject');

      await inspector.fill('#inspectedOn', COMPANY.inspectedOn);
      await inspector.fill('#findings', COMPANY.findings);
      await inspector.check('input[name=outcome][value=violation]');
      await send(inspector, inspector.locator('section#ket-qua button[type=submit]'), 200);
      await expectFlash(inspector, 'Đã lưu kết quả tại cơ sở');
      expect(await text(summaryValue(inspector, 'Kết quả'))).toBe('Có vi phạm');
      expect(await text(summaryValue(inspector, 'Nội dung ghi nhận'))).toBe(COMPANY.findings);

      // the provision, as the user finds it in its field's group, with the organisation's range
      const option = inspector.locator('#provisionId optgroup[label="Môi trường"] option', { hasText: `${CITATION} – ` });
      expect(await option.count()).toBe(1);
      expect(await option.textContent()).toContain('(Khung phạt đối với tổ chức: từ 1.000.000 đồng đến 2.000.000 đồng)');
      await inspector.selectOption('#provisionId', (await option.getAttribute('value'))!);
      await inspector.fill('#description', VIOLATION.description);
      await inspector.fill('#committedOn', VIOLATION.committedOn);
      await inspector.setInputFiles('#file', { name: VIOLATION.fileName, mimeType: 'application/pdf', buffer: PDF });
      await send(inspector, inspector.locator('section#ghi-vi-pham button[type=submit]'), 200);
      await expectFlash(inspector, `Đã ghi nhận vi phạm theo ${CITATION}`);

      const card = inspector.locator('section#vi-pham .govuk-summary-card');
      expect(await card.count()).toBe(1);
      expect(await text(card.locator('h3'))).toBe(CITATION);
      expect(await card.textContent()).toContain(VIOLATION.description);
      expect(await card.textContent()).toContain(`Ngày vi phạm: ${vnDate(VIOLATION.committedOn)}`);
      expect(await card.textContent()).toContain('Chưa xử phạt');
      const evidence = card.locator(`a:text-is("${VIOLATION.fileName}")`);
      expect(await evidence.count()).toBe(1);
      // the stored file is the one sent, byte for byte
      const download = await inspector.request.get(base + (await evidence.getAttribute('href'))!, { timeout: ACTION_MS });
      expect(download.status()).toBe(200);
      expect(download.headers()['content-type']).toBe('application/pdf');
      expect(Buffer.compare(await download.body(), PDF)).toBe(0);
      const [stored] = await t.database.db
        .select({ size: violationEvidence.sizeBytes, name: violationEvidence.originalName })
        .from(violationEvidence)
        .innerJoin(violations, eq(violations.id, violationEvidence.violationId))
        .where(eq(violations.inspectedSubjectId, companyIs));
      expect(stored).toEqual({ size: PDF.length, name: VIOLATION.fileName });
      await shot(inspector, '04-violation');
      noProblems();
    },
    STEP_MS,
  );

  it(
    '4b. a fine outside the organisation’s range is refused on its line, everything typed kept; then the decision',
    async () => {
      needs('the company', companyIs);
      const form = inspector.locator('section#quyet-dinh-xu-phat form');
      const fineInput = form.locator('input[name^="fine-"]');
      expect(await fineInput.count()).toBe(1);
      const fineId = (await fineInput.getAttribute('id'))!;
      expect(await text(inspector.locator(`label[for="${fineId}"]`))).toBe(`Tiền phạt: ${CITATION}`);
      expect(await text(inspector.locator(`#${fineId}-hint`))).toContain('Khung phạt đối với tổ chức: từ 1.000.000 đồng đến 2.000.000 đồng');
      await inspector.fill('#number', PENALTY.number);
      await inspector.fill('#decidedOn', PENALTY.decidedOn);
      await inspector.fill('#signerName', PENALTY.signerName);
      await inspector.fill('#signerTitle', PENALTY.signerTitle);
      await inspector.fill(`#${fineId}`, PENALTY.outOfRange);
      await inspector.fill('#remedies-0-description', PENALTY.remedy);
      await inspector.fill('#remedies-0-deadline', PENALTY.remedyDeadline);
      await send(inspector, form.locator('button[type=submit]'), 400);

      expect(await inspector.title()).toMatch(/^Lỗi: /);
      const message = await text(inspector.locator(`#${fineId}-error`));
      expect(message).toContain(`Số tiền phạt 5.000.000 đồng nằm ngoài khung của ${CITATION}`);
      expect(message).toContain('khung phạt tiền đối với tổ chức từ 1.000.000 đồng đến 2.000.000 đồng');
      const summary = inspector.locator('.govuk-error-summary');
      expect(await summary.locator(`a[href="#${fineId}"]`).count()).toBe(1);
      expect(await summary.locator('li').count()).toBe(1);
      // what was typed is still there
      expect(await inspector.inputValue('#number')).toBe(PENALTY.number);
      expect(await inspector.inputValue('#decidedOn')).toBe(PENALTY.decidedOn);
      expect(await inspector.inputValue('#signerName')).toBe(PENALTY.signerName);
      expect(await inspector.inputValue('#signerTitle')).toBe(PENALTY.signerTitle);
      expect(await inspector.inputValue(`#${fineId}`)).toBe(PENALTY.outOfRange);
      expect(await inspector.inputValue('#remedies-0-description')).toBe(PENALTY.remedy);
      expect(await inspector.inputValue('#remedies-0-deadline')).toBe(PENALTY.remedyDeadline);
      // and nothing was recorded
      expect(await rows(penaltyDecisions)).toBe(0);
      await checkShell(inspector, INSPECTOR.name);
      await checkAxe(inspector, 'penalty-error');
      await shot(inspector, '05-penalty-out-of-range');

      // the link in the summary leads to the field
      await inspector.click(`.govuk-error-summary a[href="#${fineId}"]`);
      await expect.poll(() => inspector.evaluate(() => document.activeElement?.id)).toBe(fineId);
      await inspector.keyboard.press('ControlOrMeta+A');
      await inspector.keyboard.type(PENALTY.fine);
      expect(await inspector.inputValue(`#${fineId}`)).toBe(PENALTY.fine);
      await send(inspector, form.locator('button[type=submit]'), 200);

      const m = /\/thanh-tra\/quyet-dinh\/(\d+)$/.exec(inspector.url());
      expect(m, inspector.url()).not.toBeNull();
      decisionId = Number(m![1]);
      await expectFlash(inspector, `Đã ghi nhận quyết định xử phạt ${PENALTY.number}`);
      noProblems();
    },
    STEP_MS,
  );

  it(
    '5. the household is found compliant',
    async () => {
      needs('the household', householdIs);
      await goto(inspector, `/thanh-tra/${inspectionId}`);
      await follow(inspector, `${base}/thanh-tra/doi-tuong/${householdIs}`, () => inspector.click(`#subjects a:text-is("${HOUSEHOLD.name}")`));
      expect(await inspector.locator('h1').textContent()).toBe(HOUSEHOLD.name);
      await inspector.fill('#inspectedOn', HOUSEHOLD.inspectedOn);
      await inspector.fill('#findings', HOUSEHOLD.findings);
      await inspector.check('input[name=outcome][value=compliant]');
      await send(inspector, inspector.locator('section#ket-qua button[type=submit]'), 200);
      await expectFlash(inspector, 'Đã lưu kết quả tại cơ sở');
      expect(await text(summaryValue(inspector, 'Kết quả'))).toBe('Không vi phạm');
      expect(await text(summaryValue(inspector, 'Ngày làm việc tại cơ sở'))).toBe(vnDate(HOUSEHOLD.inspectedOn));
      expect(await inspector.locator('section#vi-pham').textContent()).toContain('Chưa ghi nhận vi phạm nào');

      await follow(inspector, `${base}/thanh-tra/${inspectionId}`, () => inspector.click(`main .govuk-caption-l a[href="/thanh-tra/${inspectionId}"]`));
      const subjects = inspector.locator('#subjects tbody tr');
      expect(await subjects.locator('td:nth-child(3)').allTextContents()).toEqual(['Có vi phạm', 'Không vi phạm']);
      expect(await text(subjects.first().locator('td:nth-child(5)'))).toBe(`${PENALTY.number}: 1.500.000 đồng · Đã nộp 0 đồng`);
      expect(await text(inspector.locator('#totals'))).toBe('2 đối tượng, 1 có vi phạm, tiền phạt 1.500.000 đồng, đã nộp 0 đồng');
      // recording findings started the inspection
      expect(await text(summaryValue(inspector, 'Trạng thái'))).toBe('Đang tiến hành');
      noProblems();
    },
    STEP_MS,
  );

  it(
    '6. on the decision page she records a partial payment; more than what remains is refused',
    async () => {
      needs('the decision', decisionId);
      await follow(inspector, `${base}/thanh-tra/quyet-dinh/${decisionId}`, () => inspector.click(`#subjects a:text-is("${PENALTY.number}")`));
      await checkShell(inspector, INSPECTOR.name);
      expect(await inspector.locator('h1').textContent()).toBe(`Quyết định xử phạt ${PENALTY.number}`);
      expect(await text(summaryValue(inspector, 'Đối tượng bị xử phạt'))).toBe(`${COMPANY.name} (${COMPANY.taxCode})`);
      expect(await text(summaryValue(inspector, 'Ngày quyết định'))).toBe(vnDate(PENALTY.decidedOn));
      expect(await text(summaryValue(inspector, 'Người ký'))).toBe(`${PENALTY.signerName}, ${PENALTY.signerTitle}`);
      expect(await text(summaryValue(inspector, 'Tổng tiền phạt'))).toBe('1.500.000 đồng');
      expect(await text(summaryValue(inspector, 'Đã nộp'))).toBe('0 đồng');
      expect(await text(summaryValue(inspector, 'Còn phải nộp'))).toBe('1.500.000 đồng');
      // the default due date: 10 days after the decision
      expect(await text(summaryValue(inspector, 'Hạn nộp phạt'))).toBe(vnDate(addDays(PENALTY.decidedOn, 10)));
      expect(await inspector.locator('#lines tbody tr').evaluateAll((trs) => trs.map((tr) => tr.querySelectorAll('td')[2]?.textContent?.trim()))).toEqual(['1.500.000 đồng']);
      expect(await text(inspector.locator('#lines tbody tr td').first())).toContain(CITATION);
      const remedy = inspector.locator('main .govuk-summary-card');
      expect(await text(remedy.locator('h3'))).toBe(PENALTY.remedy);
      expect(await remedy.textContent()).toContain(vnDate(PENALTY.remedyDeadline));
      expect(await remedy.textContent()).toContain('Đang thực hiện');
      expect(await inspector.locator('#payments').textContent()).toContain('Chưa nộp lần nào');
      await checkAxe(inspector, 'decision');
      await shot(inspector, '06-decision');

      const payment = inspector.locator('details', { has: inspector.locator('form[action$="/nop-phat"]') });
      await payment.locator('summary').click();
      expect(await payment.getAttribute('open')).not.toBeNull();
      await inspector.fill('#paidOn', today);
      await inspector.fill('#amountVnd', PAYMENT.amount);
      await inspector.fill('#receiptNumber', PAYMENT.receipt);
      await send(inspector, payment.locator('button[type=submit]'), 200);
      expect(inspector.url()).toBe(`${base}/thanh-tra/quyet-dinh/${decisionId}`);
      await expectFlash(inspector, 'Đã ghi nhận nộp 600.000 đồng');
      expect(await text(summaryValue(inspector, 'Đã nộp'))).toBe('600.000 đồng');
      expect(await text(summaryValue(inspector, 'Còn phải nộp'))).toBe('900.000 đồng');
      expect(
        await inspector.locator('#payments tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td, th')).map((c) => c.textContent?.trim()))),
      ).toEqual([[vnDate(today), PAYMENT.receipt, '600.000 đồng']]);
      await shot(inspector, '07-paid-partly');

      // 1.000.000 đồng more than the 900.000 đồng left: refused on the amount, the form open with what was typed
      await payment.locator('summary').click();
      await inspector.fill('#paidOn', today);
      await inspector.fill('#amountVnd', PAYMENT.tooMuch);
      await inspector.fill('#receiptNumber', 'BL-0004522');
      await send(inspector, payment.locator('button[type=submit]'), 400);
      expect(await inspector.title()).toMatch(/^Lỗi: /);
      expect(await text(inspector.locator('#amountVnd-error'))).toContain('Số tiền nộp vượt số tiền còn phải nộp (còn 900.000 đồng)');
      expect(await inspector.locator('.govuk-error-summary a[href="#amountVnd"]').count()).toBe(1);
      expect(await payment.getAttribute('open')).not.toBeNull();
      expect(await inspector.inputValue('#amountVnd')).toBe(PAYMENT.tooMuch);
      expect(await inspector.inputValue('#receiptNumber')).toBe('BL-0004522');
      expect(await inspector.inputValue('#paidOn')).toBe(today);
      expect(await text(summaryValue(inspector, 'Còn phải nộp'))).toBe('900.000 đồng');
      expect(await inspector.locator('#payments tbody tr').count()).toBe(1);
      expect(await rows(penaltyPayments, eq(penaltyPayments.decisionId, decisionId))).toBe(1);
      await checkShell(inspector, INSPECTOR.name);
      await checkAxe(inspector, 'payment-error');
      await shot(inspector, '08-payment-too-much');
      noProblems();
    },
    STEP_MS,
  );

  it(
    '7. the company’s history: the records newest first, the decision being carried out',
    async () => {
      needs('the decision', decisionId);
      await goto(inspector, `/thanh-tra/doi-tuong/${companyIs}`);
      await follow(inspector, `${base}/doi-tuong/${companyId}`, () => inspector.click(`main .govuk-summary-list a[href="/doi-tuong/${companyId}"]`));
      await checkShell(inspector, INSPECTOR.name);
      expect(await inspector.locator('h1').textContent()).toBe(COMPANY.name);
      expect(await text(inspector.locator('main .govuk-tag').first())).toBe(COMPLIANCE_LABELS.outstanding);
      expect(await text(summaryValue(inspector, 'Số lần thanh tra, kiểm tra'))).toBe('1');
      expect(await text(summaryValue(inspector, 'Số hành vi vi phạm'))).toBe('1');
      expect(await text(summaryValue(inspector, 'Số quyết định xử phạt'))).toBe('1');
      expect(await text(summaryValue(inspector, 'Tổng tiền phạt'))).toBe('1.500.000 đồng');
      expect(await text(summaryValue(inspector, 'Đã nộp'))).toBe('600.000 đồng');
      expect(await text(summaryValue(inspector, 'Còn phải nộp'))).toBe('900.000 đồng');
      expect(await text(summaryValue(inspector, 'Trong đó quá hạn'))).toBe('0 đồng');
      expect(await text(summaryValue(inspector, 'Mã số thuế'))).toBe(COMPANY.taxCode);
      expect(await text(summaryValue(inspector, 'Ngành nghề'))).toBe('Chế biến thủy sản');

      // date, kind, what (title, then detail), amount, status
      const timeline = await inspector.locator('#timeline tbody tr').evaluateAll((trs) =>
        trs.map((tr) => {
          const cells = Array.from(tr.querySelectorAll('td, th'));
          const clean = (e: Element | null | undefined) => (e?.textContent ?? '').replace(/\s+/g, ' ').trim();
          const what = cells[2];
          return { date: clean(cells[0]), kind: clean(cells[1]), title: clean(what?.querySelector('a') ?? what), detail: clean(what?.querySelector('.govuk-hint')), amount: clean(cells[3]), tag: clean(cells[4]) };
        }),
      );
      expect(timeline.map((r) => [r.date, r.kind])).toEqual([
        [vnDate(PENALTY.remedyDeadline), 'Khắc phục hậu quả'],
        [vnDate(today), 'Nộp phạt'],
        [vnDate(PENALTY.decidedOn), 'Quyết định xử phạt'],
        [vnDate(VIOLATION.committedOn), 'Vi phạm'],
        [vnDate(COMPANY.inspectedOn), 'Thanh tra, kiểm tra'],
      ]);
      const [remedy, paid, decision, violation, inspection] = timeline;
      expect(remedy).toMatchObject({ title: `Biện pháp khắc phục: ${PENALTY.remedy}`, amount: '', tag: 'Chưa đến hạn' });
      expect(remedy!.detail).toBe(`Hạn thực hiện ${vnDate(PENALTY.remedyDeadline)} (Quyết định số ${PENALTY.number})`);
      expect(paid).toEqual({
        date: vnDate(today),
        kind: 'Nộp phạt',
        title: `Nộp tiền phạt theo Quyết định số ${PENALTY.number}`,
        detail: `Biên lai, chứng từ số ${PAYMENT.receipt}`,
        amount: '600.000 đồng',
        tag: '',
      });
      expect(decision).toMatchObject({ title: `Quyết định xử phạt số ${PENALTY.number}`, amount: '1.500.000 đồng', tag: 'Đã nộp một phần' });
      expect(decision!.detail).toBe(
        `${PENALTY.signerTitle} ${PENALTY.signerName} ký; hạn nộp phạt ${vnDate(addDays(PENALTY.decidedOn, 10))}; còn phải nộp 900.000 đồng`,
      );
      expect(violation).toMatchObject({ title: `Vi phạm ${CITATION}`, detail: VIOLATION.description, tag: 'Đã xử phạt' });
      expect(inspection).toMatchObject({
        title: `Thanh tra theo Quyết định số ${INSPECTION.number} ngày ${vnDate(INSPECTION.decisionDate)}`,
        detail: `Thanh tra Sở · ${INSPECTION.title}`,
        tag: 'Có vi phạm',
      });
      // each entry links to its page
      expect(await inspector.locator('#timeline tbody a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual([
        `/thanh-tra/quyet-dinh/${decisionId}`,
        `/thanh-tra/quyet-dinh/${decisionId}`,
        `/thanh-tra/quyet-dinh/${decisionId}`,
        `/thanh-tra/doi-tuong/${companyIs}`,
        `/thanh-tra/${inspectionId}`,
      ]);
      await checkAxe(inspector, 'history');
      await shot(inspector, '09-history');
      noProblems();
    },
    STEP_MS,
  );

  it(
    '8. the statistics moved by exactly this inspection',
    async () => {
      needs('the figures read before', before);
      needs('the payment', decisionId);
      const after = await readStatistics(inspector, 'after');
      expect({
        inspections: after.inspections - before!.inspections,
        subjects: after.subjects - before!.subjects,
        violating: after.violating - before!.violating,
        decisions: after.decisions - before!.decisions,
        finesVnd: after.finesVnd - before!.finesVnd,
        collectedVnd: after.collectedVnd - before!.collectedVnd,
      }).toEqual({ inspections: 1, subjects: 2, violating: 1, decisions: 1, finesVnd: 1_500_000, collectedVnd: 600_000 });
      // the one row: Thanh tra Sở is a division of the department, so "Cấp tỉnh"
      const levels = inspector.locator('#inspection-stats tbody tr th');
      expect(await levels.allTextContents()).toEqual(['Cấp tỉnh', 'Tổng cộng']);
      // and the database agrees with what the page counted
      expect(await rows(inspections)).toBe(1);
      expect(await rows(inspectedSubjects, eq(inspectedSubjects.inspectionId, inspectionId))).toBe(2);
      noProblems();
    },
    STEP_MS,
  );

  it(
    '9. a viewer sees the inspection and its records, with no form and no write link',
    async () => {
      needs('the decision', decisionId);
      const viewer = await open('viewer');
      await signIn(viewer, VIEWER);
      await goto(viewer, '/thanh-tra');
      await checkShell(viewer, VIEWER.name);
      expect(await viewer.locator('main a.govuk-button:has-text("Lập cuộc thanh tra, kiểm tra")').count()).toBe(0);
      const listed = viewer.locator('#inspections tbody tr');
      expect(await listed.count()).toBe(1);
      expect(await listed.locator('td').allTextContents()).toEqual(
        expect.arrayContaining(['Thanh tra Sở', 'Môi trường', 'Thanh tra · Theo kế hoạch', 'Đang tiến hành', '2', '1', '1.500.000 đồng']),
      );
      await checkAxe(viewer, 'list');
      await shot(viewer, '10-viewer-list');

      await follow(viewer, `${base}/thanh-tra/${inspectionId}`, () => viewer.click(`#inspections a:text-is("${INSPECTION.number}")`));
      await checkShell(viewer, VIEWER.name);
      expect(await viewer.locator('#thao-tac + p').textContent()).toBe('Bạn chỉ có quyền xem cuộc thanh tra, kiểm tra này.');
      expect(await text(viewer.locator('#totals'))).toBe('2 đối tượng, 1 có vi phạm, tiền phạt 1.500.000 đồng, đã nộp 600.000 đồng');
      const readOnly = async (where: string) => {
        expect(await viewer.locator('main form').count(), `forms on ${where}`).toBe(0);
        expect(await viewer.locator('main input:not([type=hidden]), main textarea, main select, main button').count(), `fields or buttons on ${where}`).toBe(0);
        expect(await viewer.locator('main a[href$="/sua"], main a[href$="/moi"]').count(), `edit links on ${where}`).toBe(0);
      };
      await readOnly('the inspection');
      await checkAxe(viewer, 'inspection-read-only');
      await shot(viewer, '11-viewer-inspection');

      await follow(viewer, `${base}/thanh-tra/doi-tuong/${companyIs}`, () => viewer.click(`#subjects a:text-is("${COMPANY.name}")`));
      await readOnly('the inspected subject');
      expect(await viewer.locator('section#vi-pham').textContent()).toContain(VIOLATION.fileName);
      await follow(viewer, `${base}/thanh-tra/quyet-dinh/${decisionId}`, () => viewer.click(`#decisions a:text-is("${PENALTY.number}")`));
      await readOnly('the decision');
      expect(await text(summaryValue(viewer, 'Còn phải nộp'))).toBe('900.000 đồng');
      await follow(viewer, `${base}/thanh-tra/doi-tuong/${companyIs}`, () => viewer.click('main a:text-is("Quay lại đối tượng")'));
      await follow(viewer, `${base}/doi-tuong/${companyId}`, () => viewer.click(`main .govuk-summary-list a[href="/doi-tuong/${companyId}"]`));
      await readOnly('the history');
      expect(await text(viewer.locator('main .govuk-tag').first())).toBe(COMPLIANCE_LABELS.outstanding);
      expect(await text(summaryValue(viewer, 'Còn phải nộp'))).toBe('900.000 đồng');
      noProblems();
    },
    STEP_MS,
  );
});
