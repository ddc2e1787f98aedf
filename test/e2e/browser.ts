/**
 * What the browser tests share: Debian's Chromium driven by playwright-core (never a downloaded browser), the flags
 * this machine needs, axe-core's source for injection through the DevTools protocol (so the CSP stays enforced),
 * and the app listening on a free loopback port.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Browser, chromium, type Page } from 'playwright-core';
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
