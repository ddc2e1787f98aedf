import { describe, expect, test } from 'vitest';
import { ConflictSummary, ErrorSummary } from './index.js';
import { en, expectSound, html, vi } from './testing.js';

describe('ErrorSummary', () => {
  test('renders nothing when there are no errors', () => {
    expect(html(<ErrorSummary errors={[]} t={vi} />)).toBe('');
  });

  test('alert role inside the module, title, links to fields, escaped messages', () => {
    const out = html(
      <ErrorSummary
        errors={[
          { field: 'ten', message: 'Nhập tên tổ chức' },
          { field: 'ngay-cap', message: '<script>alert(1)</script>' },
        ]}
        t={vi}
      />,
    );
    expect(out).toMatch(/^<div class="govuk-error-summary" data-module="govuk-error-summary"><div role="alert"><h2 class="govuk-error-summary__title">Có lỗi<\/h2>/);
    expect(out).toContain('<li><a href="#ten">Nhập tên tổ chức</a></li>');
    expect(out).toContain('<a href="#ngay-cap">&lt;script>alert(1)&lt;/script></a>');
    expect(out).not.toContain('<script>');
  });

  test('English title, custom title, auto-focus switch', () => {
    expect(html(<ErrorSummary errors={[{ field: 'a', message: 'm' }]} t={en} />)).toContain('There is a problem');
    const out = html(<ErrorSummary errors={[{ field: 'a', message: 'm' }]} title="Chưa lưu được hồ sơ" disableAutoFocus t={vi} />);
    expect(out).toContain('>Chưa lưu được hồ sơ</h2>');
    expect(out).toContain('data-disable-auto-focus="true"');
  });
});

describe('ConflictSummary', () => {
  test('an alert with the title, what changed, what to do and the links, escaped', () => {
    const out = html(
      <ConflictSummary
        title="Người khác vừa thay đổi bản ghi này"
        message="Hồ sơ <H-1> vừa được người khác cập nhật (phiên bản 3, bạn đang xem 2)."
        hint="Những gì bạn vừa nhập vẫn còn trong biểu mẫu."
        links={[
          { href: '#su-kien', label: 'Ghi sự kiện' },
          { href: '/ho-so/1', label: 'Tải lại hồ sơ' },
        ]}
      />,
    );
    expect(out).toMatch(/^<div class="govuk-error-summary" data-module="govuk-error-summary"><div role="alert"><h2 class="govuk-error-summary__title">Người khác vừa thay đổi bản ghi này<\/h2>/);
    expect(out).toContain('<p class="govuk-body">Hồ sơ &lt;H-1> vừa được người khác cập nhật (phiên bản 3, bạn đang xem 2).</p><p class="govuk-body">Những gì bạn vừa nhập vẫn còn trong biểu mẫu.</p>');
    expect(out).toContain('<ul class="govuk-list govuk-error-summary__list"><li><a href="#su-kien">Ghi sự kiện</a></li><li><a href="/ho-so/1">Tải lại hồ sơ</a></li></ul>');
  });

  test('without links there is no list', () => {
    const out = html(<ConflictSummary title="T" message="M" hint="H" />);
    expect(out).not.toContain('<ul');
    expectSound(out);
  });
});
