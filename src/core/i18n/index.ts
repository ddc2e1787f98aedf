/**
 * UI strings. Vietnamese is the source language; English is the second locale. Modules add their own
 * messages with `addMessages` at import time; a missing English string falls back to Vietnamese.
 */
export type Locale = 'vi' | 'en';
export const LOCALES: Locale[] = ['vi', 'en'];

type Messages = Record<string, string>;
const bundles: Record<Locale, Messages> = { vi: {}, en: {} };

export function addMessages(messages: { vi: Messages; en: Messages }): void {
  Object.assign(bundles.vi, messages.vi);
  Object.assign(bundles.en, messages.en);
}

/** Translate `key`; `{name}` placeholders are replaced from params. Unknown keys return the key itself. */
export function t(locale: Locale, key: string, params?: Record<string, string | number>): string {
  const template = bundles[locale][key] ?? bundles.vi[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

export function isLocale(v: unknown): v is Locale {
  return v === 'vi' || v === 'en';
}

/** Translator bound to one locale, handed to views. */
export type T = (key: string, params?: Record<string, string | number>) => string;
export function translator(locale: Locale): T {
  return (key, params) => t(locale, key, params);
}
