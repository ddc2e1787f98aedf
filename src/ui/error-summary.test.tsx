import { describe, expect, test } from 'vitest';
import { ErrorSummary } from './index.js';
import { en, html, vi } from './testing.js';

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
