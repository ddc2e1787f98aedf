import { describe, expect, test } from 'vitest';
import { ErrorSummary, Page, TextInput, languageHref, renderPage } from './index.js';
import { attr, en, expectSound, tagById, tags, vi } from './testing.js';

const base = {
  title: 'Hồ sơ',
  locale: 'vi' as const,
  t: vi,
  orgName: 'Sở Nông nghiệp và Môi trường tỉnh Sóc Trăng',
  variant: 'backoffice' as const,
  currentPath: '/ho-so?trang-thai=qua-han&page=2',
};

describe('Page', () => {
  const doc = renderPage(
    <Page
      {...base}
      user={{ fullName: 'Nguyễn Văn An', orgUnitName: 'Phòng Tài nguyên nước' }}
      csrfToken="tok<&>"
      notifications={3}
      nav={[
        { href: '/', label: 'Trang chủ' },
        { href: '/ho-so', label: 'Hồ sơ', current: true },
        { href: '/thanh-tra', label: 'Thanh tra' },
      ]}
      breadcrumbs={[{ href: '/', label: 'Trang chủ' }, { label: 'Hồ sơ' }]}
    >
      <h1 class="govuk-heading-l">Hồ sơ</h1>
    </Page>,
  );

  test('is a complete document in the page language with the title suffix', () => {
    expect(doc.startsWith('<!doctype html><html lang="vi"')).toBe(true);
    expect(doc).toContain('<title>Hồ sơ – tnmt</title>');
    expect(doc).toContain('<meta charset="utf-8"/>');
    expect(doc).toContain('class="govuk-template__body"');
    expectSound(doc);
  });

  test('loads the stylesheets in order and only external scripts (no inline script for the CSP)', () => {
    const govuk = doc.indexOf('href="/assets/govuk/govuk-frontend.min.css"');
    const own = doc.indexOf('href="/assets/tnmt.css"');
    expect(govuk).toBeGreaterThan(0);
    expect(own).toBeGreaterThan(govuk);
    const scripts = tags(doc, '<script\\b');
    expect(scripts).toHaveLength(2);
    expect(scripts[0]).toMatch(/src="\/assets\/htmx\/htmx\.min\.js"/);
    expect(scripts[0]).toMatch(/\sdefer/);
    expect(scripts[1]).toMatch(/type="module"/);
    expect(scripts[1]).toMatch(/src="\/assets\/init\.js"/);
    expect(doc).not.toMatch(/<script[^>]*>[^<]+<\/script>/);
    // No GOV.UK branding.
    expect(doc).not.toMatch(/GOV\.UK|govuk-logo|crown/i);
  });

  test('has a skip link to the main landmark', () => {
    expect(doc).toMatch(/<a href="#main-content" class="govuk-skip-link" data-module="govuk-skip-link">Bỏ qua để đến nội dung chính<\/a>/);
    const main = tagById(doc, 'main-content');
    expect(main.startsWith('<main')).toBe(true);
    expect(doc.match(/<main\b/g)).toHaveLength(1);
    expect(doc.indexOf('govuk-skip-link')).toBeLessThan(doc.indexOf('<header'));
  });

  test('shows the user, notifications, change-password link and a POST sign-out form with the CSRF token', () => {
    expect(doc).toContain('Nguyễn Văn An');
    expect(doc).toContain('Phòng Tài nguyên nước');
    expect(doc).toMatch(/href="\/thong-bao">Thông báo<span class="tnmt-header__badge" aria-hidden="true">3<\/span><span class="govuk-visually-hidden"> \(3 chưa đọc\)/);
    expect(doc).toContain('<a class="tnmt-header__link" href="/tai-khoan/mat-khau">Đổi mật khẩu</a>');
    expect(doc).toMatch(/<form method="post" action="\/dang-xuat"[^>]*><input type="hidden" name="_csrf" value="tok&lt;&amp;>"\/><button type="submit"[^>]*>Đăng xuất<\/button><\/form>/);
  });

  test('marks the current navigation item and renders breadcrumbs', () => {
    expect(doc).toMatch(/<a class="govuk-service-navigation__link" href="\/ho-so" aria-current="page"><strong class="govuk-service-navigation__active-fallback">Hồ sơ<\/strong><\/a>/);
    expect(doc).toContain('data-module="govuk-service-navigation"');
    expect(doc).toMatch(/<li class="govuk-breadcrumbs__list-item" aria-current="page">Hồ sơ<\/li>/);
  });

  test('footer has the licence line and a language switch that keeps the path and query', () => {
    expect(doc).toContain('Phần mềm nguồn mở AGPL-3.0-or-later');
    expect(doc).toMatch(/<span class="govuk-language-navigation__text" aria-current="true" lang="vi">Tiếng Việt<\/span>/);
    const link = tags(doc, '<a class="govuk-language-navigation__link"')[0] ?? '';
    expect(attr(link, 'href')).toBe('/ho-so?trang-thai=qua-han&amp;page=2&amp;lang=en');
    expect(attr(link, 'lang')).toBe('en');
    expect(attr(link, 'hreflang')).toBe('en');
  });

  test('English page: lang="en", English chrome, switch links back to Vietnamese', () => {
    const page = renderPage(
      <Page {...base} locale="en" t={en} currentPath="/ho-so?lang=en">
        <p>x</p>
      </Page>,
    );
    expect(page).toContain('<html lang="en"');
    expect(page).toContain('Skip to main content');
    expect(page).toContain('Open-source software, AGPL-3.0-or-later');
    expect(page).toMatch(/href="\/ho-so\?lang=vi"[^>]*>Tiếng Việt</);
    expect(page).not.toContain('Đăng xuất');
  });

  test('escapes text props', () => {
    const page = renderPage(
      <Page {...base} title={'<script>alert(1)</script>'} orgName={'Sở <b>TN&MT</b>'}>
        <p>{'<img src=x onerror=alert(1)>'}</p>
      </Page>,
    );
    expect(page).toContain('<title>&lt;script>alert(1)&lt;/script> – tnmt</title>');
    expect(page).toContain('Sở &lt;b>TN&amp;MT&lt;/b>');
    expect(page).toContain('&lt;img src=x onerror=alert(1)>');
    expectSound(page);
  });

  test('error pages are announced by the title; public variant shows contact details', () => {
    const page = renderPage(
      <Page
        {...base}
        variant="public"
        hasErrors
        contact={{ address: '18 Trần Hưng Đạo, Phường 3, TP. Sóc Trăng', phone: '0299 3822 372', email: 'stnmt@soctrang.gov.vn' }}
        sourceUrl="https://example.org/tnmt"
        refreshSeconds={5}
      >
        <ErrorSummary errors={[{ field: 'ten', message: 'Nhập tên' }]} t={vi} />
        <TextInput name="ten" label="Tên" error="Nhập tên" t={vi} />
      </Page>,
    );
    expect(page).toContain('<title>Lỗi: Hồ sơ – tnmt</title>');
    expect(page).toContain('tnmt-template--public');
    expect(page).toContain('tnmt-header--public');
    expect(page).toContain('18 Trần Hưng Đạo, Phường 3, TP. Sóc Trăng');
    expect(page).toContain('href="tel:02993822372"');
    expect(page).toContain('href="mailto:stnmt@soctrang.gov.vn"');
    expect(page).toContain('href="https://example.org/tnmt">Mã nguồn</a>');
    expect(page).toContain('<noscript><meta http-equiv="refresh" content="5"/></noscript>');
    expect(page).not.toContain('tnmt-header__account');
    expectSound(page);
  });
});

describe('languageHref', () => {
  test('replaces lang and keeps the other parameters', () => {
    expect(languageHref('/', 'en')).toBe('/?lang=en');
    expect(languageHref('/ho-so?lang=en&q=%C4%91%E1%BA%A5t', 'vi')).toBe('/ho-so?lang=vi&q=%C4%91%E1%BA%A5t');
    expect(languageHref('/a?x=1&x=2', 'en')).toBe('/a?x=1&x=2&lang=en');
  });

  test('never links off-site', () => {
    expect(languageHref('//evil.example/x', 'en')).toBe('/?lang=en');
    expect(languageHref('https://evil.example/x', 'en')).toBe('/?lang=en');
    expect(languageHref('/\\evil.example', 'en')).toBe('/?lang=en');
  });
});
