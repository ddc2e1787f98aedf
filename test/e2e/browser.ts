/**
 * What the browser tests share: Debian's Chromium driven by playwright-core (never a downloaded browser), the flags
 * this machine needs, axe-core's source for injection through the DevTools protocol (so the CSP stays enforced),
 * and the app listening on a free loopback port.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Browser, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import type { TestApp } from '../../src/core/testing/app.js';

export const CHROMIUM = '/usr/bin/chromium';
export const SHOTS = '/tmp/tnmt-shots';
export const hasChromium = existsSync(CHROMIUM);
export const inCi = Boolean(process.env.CI);
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Outside CI a missing Chromium skips the file with a notice; in CI it fails (CI installs it). */
export function warnIfSkipped(file: string) {
  if (!hasChromium && !inCi) console.warn(`${file} skipped: ${CHROMIUM} not found (apt-get install chromium)`);
}

export interface AxeNode {
  target: unknown[];
  failureSummary?: string;
}
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: AxeNode[];
}

export function axeSource(): string {
  return readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
}

export function launchBrowser(timeout: number): Promise<Browser> {
  if (!hasChromium) throw new Error(`${CHROMIUM} is missing: CI must install Chromium (apt-get install chromium)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    timeout,
  });
}

/** Starts the test app on a free loopback port; returns its base URL. */
export async function listen(t: TestApp): Promise<string> {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const addr = t.app.server.address();
  if (!addr || typeof addr === 'string') throw new Error('the app is not listening on a TCP port');
  return `http://127.0.0.1:${addr.port}`;
}

/**
 * Collects what a page should never show under `who`: console errors, uncaught page errors, failed sub-resources, and
 * documents served without the Content-Security-Policy (failed loads are reported by the response listener: a
 * not-found lookup answers 404 on purpose, so the console's "Failed to load resource" is not counted twice).
 */
export function watchProblems(page: Page, who: string, problems: string[]): void {
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`${who} console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`${who} page error: ${e.message}`));
  page.on('response', (r) => {
    const doc = r.request().resourceType() === 'document';
    if (r.status() >= 400 && !doc) problems.push(`${who}: ${r.status()} ${r.url()}`);
    if (doc && (r.status() < 300 || r.status() >= 400) && !(r.headers()['content-security-policy'] ?? '').includes("script-src 'self'"))
      problems.push(`${who}: no CSP on ${r.url()}`);
  });
}

/** One line per violation and node, for the test's failure message. */
export function explainAxe(v: AxeViolation): string {
  return `[${v.impact}] ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')}${n.failureSummary ? ` — ${n.failureSummary.replace(/\s+/g, ' ')}` : ''}`).join('\n')}`;
}

/**
 * Runs axe-core (injected from `source`, see axeSource) on the whole document with the WCAG 2.1 A/AA tags and splits
 * what it finds: serious or critical violations fail a test; the others are reported.
 */
export async function axeFindings(page: Page, source: string): Promise<{ serious: AxeViolation[]; other: AxeViolation[] }> {
  await page.evaluate(source);
  const found = (await page.evaluate(
    (tags) =>
      (window as unknown as { axe: { run(c: Document, o: object): Promise<{ violations: unknown[] }> } }).axe
        .run(document, { runOnly: { type: 'tag', values: tags } })
        .then((r) => r.violations),
    AXE_TAGS,
  )) as AxeViolation[];
  const serious = found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  return { serious, other: found.filter((v) => !serious.includes(v)) };
}

/**
 * axe-core on the page: fails the test on serious or critical WCAG 2.1 A/AA violations (printing them), and keeps the
 * lesser findings in `minor` (keyed by page name and rule) for one report at the end of the file.
 */
export async function expectAxeClean(page: Page, source: string, name: string, minor: Map<string, string>): Promise<void> {
  const { serious, other } = await axeFindings(page, source);
  for (const v of other) minor.set(`${name}:${v.id}`, `${name}: ${explainAxe(v)}`);
  if (serious.length) console.error(`axe on ${name} (${page.url()}):\n${serious.map(explainAxe).join('\n')}`);
  expect(serious.map((v) => `${v.id} (${v.nodes.length})`), `axe on ${name}`).toEqual([]);
}
