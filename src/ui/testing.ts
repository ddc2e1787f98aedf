/** Helpers for the kit's tests: render to a string and inspect it without a DOM. */
import type { VNode } from 'preact';
import { render } from 'preact-render-to-string';
import { expect } from 'vitest';
import { translator } from '../core/i18n/index.js';
import './messages.js';

export const vi = translator('vi');
export const en = translator('en');

export function html(vnode: VNode): string {
  return render(vnode);
}

/** The opening tag of the element with this id, e.g. `<input class="…" id="x" …>`. */
export function tagById(markup: string, id: string): string {
  const m = markup.match(new RegExp(`<[a-z][a-z0-9-]*${ATTRS}\\sid="${escapeRe(id)}"${ATTRS}\\s*/?>`));
  if (!m) throw new Error(`no element with id="${id}" in ${markup}`);
  return m[0];
}

/** An attribute's (still HTML-escaped) value in an opening tag, or undefined. */
export function attr(tag: string, name: string): string | undefined {
  const m = tag.match(new RegExp(`\\s${escapeRe(name)}(?:="([^"]*)")?(?=[\\s/>])`));
  return m ? (m[1] ?? '') : undefined;
}

/** Every opening tag matching a regular expression source such as `<a\\b[^>]*govuk-pagination__link`. */
export function tags(markup: string, pattern: string): string[] {
  return markup.match(new RegExp(`${pattern}${ATTRS}\\s*/?>`, 'g')) ?? [];
}

/** Any run of attributes; quoted values may contain `>`. */
const ATTRS = '(?:[^>"]|"[^"]*")*?';

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Checks that apply to any markup the kit renders: id references (`for`, `aria-describedby`, `aria-labelledby`,
 * `aria-controls`, `data-aria-controls`, in-page `href="#…"`) point at ids that exist, ids are unique, and there is
 * no inline script, inline style or event-handler attribute (the CSP forbids them).
 */
export function expectSound(markup: string): void {
  const ids = [...markup.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
  const dupes = ids.filter((id, i) => ids.indexOf(id) !== i);
  expect(dupes, 'duplicate ids').toEqual([]);
  const idSet = new Set(ids);
  const refs: string[] = [];
  for (const m of markup.matchAll(/\s(?:for|aria-describedby|aria-labelledby|aria-controls|data-aria-controls)="([^"]*)"/g)) {
    refs.push(...(m[1] ?? '').split(/\s+/).filter(Boolean));
  }
  for (const m of markup.matchAll(/\shref="#([^"]+)"/g)) refs.push(m[1] ?? '');
  expect(
    refs.filter((r) => !idSet.has(r)),
    'references to missing ids',
  ).toEqual([]);
  expect(markup, 'inline script').not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
  expect(markup, 'inline style').not.toMatch(/\sstyle="/);
  expect(markup, 'style element').not.toMatch(/<style[\s>]/);
  expect(markup, 'event handler attribute').not.toMatch(/<[^>]+\son[a-z]+="/);
}
