import { describe, expect, test } from 'vitest';
import {
  BackLink,
  Breadcrumbs,
  Details,
  EmptyState,
  InsetText,
  NotificationBanner,
  Panel,
  ProgressIndicator,
  SummaryList,
  Tag,
  WarningText,
} from './index.js';
import { attr, en, expectSound, html, tagById, vi } from './testing.js';

describe('SummaryList', () => {
  test('rows with text, JSX and actions', () => {
    const out = html(
      <SummaryList
        rows={[
          { key: 'Mã hồ sơ', value: 'HS-001' },
          { key: 'Trạng thái', value: <Tag colour="green">Đúng hạn</Tag>, actions: [{ href: '/ho-so/1/trang-thai', label: 'Sửa', visuallyHiddenText: 'trạng thái' }] },
          { key: '<b>', value: '<script>x</script>' },
        ]}
      />,
    );
    expect(out).toMatch(/^<dl class="govuk-summary-list">/);
    expect(out).toContain('<div class="govuk-summary-list__row govuk-summary-list__row--no-actions"><dt class="govuk-summary-list__key">Mã hồ sơ</dt><dd class="govuk-summary-list__value">HS-001</dd></div>');
    expect(out).toContain('<dd class="govuk-summary-list__value"><strong class="govuk-tag govuk-tag--green">Đúng hạn</strong></dd>');
    expect(out).toContain('<dd class="govuk-summary-list__actions"><a class="govuk-link" href="/ho-so/1/trang-thai">Sửa<span class="govuk-visually-hidden"> trạng thái</span></a></dd>');
    expect(out).toContain('<dt class="govuk-summary-list__key">&lt;b></dt><dd class="govuk-summary-list__value">&lt;script>x&lt;/script></dd>');
  });
  test('several actions become a list; no-border option', () => {
    const out = html(
      <SummaryList
        noBorder
        rows={[{ key: 'A', value: '1', actions: [{ href: '/a', label: 'Sửa' }, { href: '/b', label: 'Xóa' }] }]}
      />,
    );
    expect(out).toContain('govuk-summary-list--no-border');
    expect(out).toContain('<ul class="govuk-summary-list__actions-list"><li class="govuk-summary-list__actions-list-item">');
    expect(out).not.toContain('row--no-actions');
  });
});

describe('NotificationBanner', () => {
  test('info is a labelled region with the default title', () => {
    const out = html(<NotificationBanner heading="Hệ thống bảo trì lúc 22:00" t={vi} />);
    expect(out).toMatch(/^<div class="govuk-notification-banner" role="region" aria-labelledby="govuk-notification-banner-title" data-module="govuk-notification-banner">/);
    expect(out).toContain('<h2 class="govuk-notification-banner__title" id="govuk-notification-banner-title">Quan trọng</h2>');
    expect(out).toContain('<p class="govuk-notification-banner__heading">Hệ thống bảo trì lúc 22:00</p>');
    expectSound(out);
  });
  test('success uses role="alert" and the success class', () => {
    const out = html(
      <NotificationBanner type="success" heading="Đã lưu hồ sơ HS-001" titleId="b1" t={en}>
        <p class="govuk-body">{'<i>ok</i>'}</p>
      </NotificationBanner>,
    );
    expect(out).toContain('class="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="b1"');
    expect(out).toContain('id="b1">Success</h2>');
    expect(out).toContain('&lt;i>ok&lt;/i>');
    expectSound(out);
  });
});

describe('EmptyState', () => {
  test('default title, body and action', () => {
    const out = html(<EmptyState body="Chưa có hồ sơ nào." action={{ href: '/ho-so/moi', label: 'Tiếp nhận hồ sơ' }} t={vi} />);
    expect(out).toBe(
      '<div class="tnmt-empty-state"><h2 class="govuk-heading-s tnmt-empty-state__title">Không có dữ liệu</h2><p class="govuk-body">Chưa có hồ sơ nào.</p><p class="govuk-body"><a class="govuk-link" href="/ho-so/moi">Tiếp nhận hồ sơ</a></p></div>',
    );
    expect(html(<EmptyState title="Trống" headingLevel={3} t={en} />)).toContain('<h3 class="govuk-heading-s tnmt-empty-state__title">Trống</h3>');
    expect(html(<EmptyState t={en} />)).toContain('No data');
  });
});

describe('small content components', () => {
  test('Tag colours', () => {
    expect(html(<Tag>Đang xử lý</Tag>)).toBe('<strong class="govuk-tag">Đang xử lý</strong>');
    expect(html(<Tag colour="blue">a</Tag>)).toBe('<strong class="govuk-tag">a</strong>');
    expect(html(<Tag colour="red">{'<Quá hạn>'}</Tag>)).toBe('<strong class="govuk-tag govuk-tag--red">&lt;Quá hạn></strong>');
  });
  test('Panel', () => {
    expect(
      html(
        <Panel title="Đã tiếp nhận hồ sơ">
          Mã hồ sơ<br />
          <strong>HS-2024-001</strong>
        </Panel>,
      ),
    ).toBe('<div class="govuk-panel govuk-panel--confirmation"><h1 class="govuk-panel__title">Đã tiếp nhận hồ sơ</h1><div class="govuk-panel__body">Mã hồ sơ<br/><strong>HS-2024-001</strong></div></div>');
    expect(html(<Panel title="x" headingLevel={2} />)).toBe('<div class="govuk-panel govuk-panel--confirmation"><h2 class="govuk-panel__title">x</h2></div>');
  });
  test('InsetText, WarningText, Details', () => {
    expect(html(<InsetText>Hạn xử lý 15 ngày làm việc.</InsetText>)).toBe('<div class="govuk-inset-text">Hạn xử lý 15 ngày làm việc.</div>');
    expect(html(<WarningText t={vi}>Nộp muộn có thể bị phạt.</WarningText>)).toBe(
      '<div class="govuk-warning-text"><span class="govuk-warning-text__icon" aria-hidden="true">!</span><strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">Cảnh báo</span>Nộp muộn có thể bị phạt.</strong></div>',
    );
    expect(html(<WarningText t={en}>x</WarningText>)).toContain('>Warning</span>');
    expect(html(<Details summary="Tôi không có mã hồ sơ">Liên hệ bộ phận một cửa.</Details>)).toBe(
      '<details class="govuk-details"><summary class="govuk-details__summary"><span class="govuk-details__summary-text">Tôi không có mã hồ sơ</span></summary><div class="govuk-details__text">Liên hệ bộ phận một cửa.</div></details>',
    );
    expect(html(<Details summary="a" open>b</Details>)).toContain('<details class="govuk-details" open>');
  });
  test('BackLink and Breadcrumbs', () => {
    expect(html(<BackLink href="/ho-so" t={vi} />)).toBe('<a href="/ho-so" class="govuk-back-link">Quay lại</a>');
    expect(html(<BackLink href="/" text="Về trang chủ" t={en} />)).toContain('>Về trang chủ</a>');
    const bc = html(<Breadcrumbs items={[{ href: '/', label: 'Trang chủ' }, { href: '/ho-so', label: 'Hồ sơ' }, { label: '<HS-001>' }]} t={vi} />);
    expect(bc).toMatch(/^<nav class="govuk-breadcrumbs" aria-label="Đường dẫn"><ol class="govuk-breadcrumbs__list">/);
    expect(bc).toContain('<li class="govuk-breadcrumbs__list-item"><a class="govuk-breadcrumbs__link" href="/ho-so">Hồ sơ</a></li>');
    expect(bc).toContain('<li class="govuk-breadcrumbs__list-item" aria-current="page">&lt;HS-001></li>');
    expect(html(<Breadcrumbs items={[]} t={vi} />)).toBe('');
  });
});

describe('ProgressIndicator', () => {
  test('labelled progress element, percent text, status role, polling', () => {
    const out = html(
      <ProgressIndicator label="Đang khởi động hệ thống" value={42.4} status="Đang chạy migration 3/12" pollUrl="/trang-thai/khoi-dong" reloadHref="/" t={vi} />,
    );
    const root = tagById(out, 'progress');
    expect(attr(root, 'hx-get')).toBe('/trang-thai/khoi-dong');
    expect(attr(root, 'hx-trigger')).toBe('every 2s');
    expect(attr(root, 'hx-swap')).toBe('outerHTML');
    expect(out).toContain('<label class="govuk-label govuk-label--s" for="progress-bar">Đang khởi động hệ thống</label>');
    const bar = tagById(out, 'progress-bar');
    expect(bar.startsWith('<progress')).toBe(true);
    expect(attr(bar, 'max')).toBe('100');
    expect(attr(bar, 'value')).toBe('42');
    expect(attr(bar, 'aria-describedby')).toBe('progress-status');
    expect(out).toContain('>42%</progress>');
    expect(out).toContain('<p class="govuk-body tnmt-progress__status" id="progress-status" role="status">Đã hoàn thành 42% — Đang chạy migration 3/12</p>');
    expect(out).toContain('<noscript><p class="govuk-body"><a class="govuk-link" href="/">Tải lại trang để xem tiến độ mới nhất</a></p></noscript>');
    expectSound(out);
  });
  test('indeterminate without a value; stops polling when done', () => {
    const busy = html(<ProgressIndicator id="p2" label="Đang nạp dữ liệu" pollUrl="/p" pollSeconds={5} t={en} />);
    expect(attr(tagById(busy, 'p2-bar'), 'value')).toBeUndefined();
    expect(busy).toContain('Working…');
    expect(attr(tagById(busy, 'p2'), 'hx-trigger')).toBe('every 5s');
    const done = html(<ProgressIndicator label="x" value={100} pollUrl="/p" reloadHref="/" t={vi} />);
    expect(attr(tagById(done, 'progress'), 'hx-get')).toBeUndefined();
    expect(done).toContain('role="status">Đã xong</p>');
    expect(done).not.toContain('noscript');
    expect(attr(tagById(html(<ProgressIndicator label="x" value={-5} t={vi} />), 'progress-bar'), 'value')).toBe('0');
  });
});
