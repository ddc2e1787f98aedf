import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { t } from '../core/i18n/index.js';
import { localeOf, uiMessages } from './index.js';
import { en, vi } from './testing.js';

describe('messages', () => {
  test('every key has a Vietnamese and an English text', () => {
    expect(Object.keys(uiMessages.en).sort()).toEqual(Object.keys(uiMessages.vi).sort());
    for (const [key, text] of Object.entries(uiMessages.vi)) {
      if (key.endsWith('Hidden')) continue; // "" in Vietnamese on purpose: "Trang trước" already says "page"
      expect(text, key).not.toBe('');
    }
    expect(t('vi', 'ui.errorSummary.title')).toBe('Có lỗi');
    expect(t('en', 'ui.errorSummary.title')).toBe('There is a problem');
  });

  test('localeOf reads the locale back from a translator', () => {
    expect(localeOf(vi)).toBe('vi');
    expect(localeOf(en)).toBe('en');
  });
});

describe('assets', () => {
  const css = readFileSync(new URL('./assets/tnmt.css', import.meta.url), 'utf8');
  const init = readFileSync(new URL('./assets/init.js', import.meta.url), 'utf8');

  test('the stylesheet sets a system font stack and never loads a font file', () => {
    expect(css).toContain('"Segoe UI", Roboto, "Noto Sans", Arial, sans-serif');
    expect(css).not.toMatch(/url\(/);
    expect(css).not.toMatch(/\.woff/);
    expect(css).toMatch(/@media print/);
    expect(css).toMatch(/@page/);
  });

  test('init.js marks JS support and starts GOV.UK Frontend from a module', () => {
    expect(init).toContain("import { initAll } from '/assets/govuk/govuk-frontend.min.js'");
    expect(init).toContain("classList.add('js-enabled', 'govuk-frontend-supported')");
    expect(init).toContain('initAll();');
  });
});
