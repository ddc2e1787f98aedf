import type { T } from '../core/i18n/index.js';
import './messages.js';
import { type QueryParams, hrefWith } from './url.js';

export interface PaginationProps {
  /** Current page, from 1. */
  page: number;
  /** Number of pages; nothing is rendered when there is only one. */
  pageCount: number;
  /** Path of the list page. */
  basePath: string;
  /** Current query parameters (filters, sort); the links keep them and set `page` (page 1 has no `page`). */
  query?: QueryParams;
  /** Name of the page parameter; default `page`. */
  param?: string;
  t: T;
}

/**
 * Page numbers to show: the first, the last, the current one and its neighbours, with `'…'` for gaps of two or
 * more pages (a gap of one page shows that page instead). `pageItems(7, 42)` → `[1, '…', 6, 7, 8, '…', 42]`.
 */
export function pageItems(page: number, pageCount: number): (number | '…')[] {
  const wanted = [1, page - 1, page, page + 1, pageCount].filter((p) => p >= 1 && p <= pageCount);
  const pages = [...new Set(wanted)].sort((a, b) => a - b);
  const out: (number | '…')[] = [];
  let prev = 0;
  for (const p of pages) {
    if (p - prev === 2) out.push(prev + 1);
    else if (p - prev > 2) out.push('…');
    out.push(p);
    prev = p;
  }
  return out;
}

const ArrowPrevious = () => (
  <svg
    class="govuk-pagination__icon govuk-pagination__icon--prev"
    xmlns="http://www.w3.org/2000/svg"
    height="13"
    width="15"
    aria-hidden="true"
    focusable="false"
    viewBox="0 0 15 13"
  >
    <path d="m6.5938-0.0078125-6.7266 6.7266 6.7441 6.4062 1.377-1.449-4.1856-3.9768h12.896v-2h-12.984l4.2931-4.293-1.414-1.414z" />
  </svg>
);

const ArrowNext = () => (
  <svg
    class="govuk-pagination__icon govuk-pagination__icon--next"
    xmlns="http://www.w3.org/2000/svg"
    height="13"
    width="15"
    aria-hidden="true"
    focusable="false"
    viewBox="0 0 15 13"
  >
    <path d="m8.107-0.0078125-1.4136 1.414 4.2926 4.293h-12.986v2h12.896l-4.1855 3.9766 1.377 1.4492 6.7441-6.4062-6.7246-6.7266z" />
  </svg>
);

/** `govuk-pagination`: "Trang trước", page numbers with ellipses, "Trang sau". Plain links, no JavaScript. */
export function Pagination(props: PaginationProps) {
  const pageCount = Math.max(0, Math.floor(props.pageCount));
  if (pageCount <= 1) return null;
  const page = Math.min(Math.max(1, Math.floor(props.page) || 1), pageCount);
  const param = props.param ?? 'page';
  const { t } = props;
  const href = (p: number) => hrefWith(props.basePath, props.query, { [param]: p === 1 ? undefined : String(p) });
  const previousHidden = t('ui.pagination.previousHidden');
  const nextHidden = t('ui.pagination.nextHidden');
  return (
    <nav class="govuk-pagination" aria-label={t('ui.pagination.label')}>
      {page > 1 ? (
        <div class="govuk-pagination__prev">
          <a class="govuk-link govuk-pagination__link" href={href(page - 1)} rel="prev">
            <ArrowPrevious />
            <span class="govuk-pagination__link-title">
              {t('ui.pagination.previous')}
              {previousHidden ? <span class="govuk-visually-hidden">{previousHidden}</span> : null}
            </span>
          </a>
        </div>
      ) : null}
      <ul class="govuk-pagination__list">
        {pageItems(page, pageCount).map((item, i) =>
          item === '…' ? (
            <li key={`e${i}`} class="govuk-pagination__item govuk-pagination__item--ellipsis">
              ⋯
            </li>
          ) : (
            <li key={item} class={item === page ? 'govuk-pagination__item govuk-pagination__item--current' : 'govuk-pagination__item'}>
              <a
                class="govuk-link govuk-pagination__link"
                href={href(item)}
                aria-label={t('ui.pagination.page', { page: item })}
                aria-current={item === page ? 'page' : undefined}
              >
                {item}
              </a>
            </li>
          ),
        )}
      </ul>
      {page < pageCount ? (
        <div class="govuk-pagination__next">
          <a class="govuk-link govuk-pagination__link" href={href(page + 1)} rel="next">
            <span class="govuk-pagination__link-title">
              {t('ui.pagination.next')}
              {nextHidden ? <span class="govuk-visually-hidden">{nextHidden}</span> : null}
            </span>
            <ArrowNext />
          </a>
        </div>
      ) : null}
    </nav>
  );
}
