import type { ComponentChildren } from 'preact';
import { EMPTY, formatDate, formatNumber } from '../core/format/index.js';
import type { T } from '../core/i18n/index.js';
import { EmptyState } from './empty-state.js';
import { cx } from './form-parts.js';
import { localeOf } from './messages.js';
import { type QueryParams, firstParam, hrefWith } from './url.js';

export type SortDirection = 'asc' | 'desc';

export interface Column<Row> {
  /** Column key: the `sort` query value, and the row property shown when there is no `render`. */
  key: string;
  /** Header text (escaped). */
  label: string;
  /** Hide the header text visually but keep it for screen readers (a column of row actions such as "Xóa"). */
  labelHidden?: boolean;
  /** Right-align header and cells (numbers, money, percentages). */
  numeric?: boolean;
  /** The header becomes a link that sorts by this column on the server (`?sort=key&dir=asc|desc`). */
  sortable?: boolean;
  /**
   * Cell content for a row: text (escaped) or JSX (links, tags). Without it, `row[key]` is shown: numbers in the
   * locale's format (`25.628`), dates as `dd/mm/yyyy`, booleans as Có/Không, null as "—".
   */
  render?: (row: Row) => ComponentChildren;
  /** Keep cell content on one line (codes, dates, short status tags). */
  nowrap?: boolean;
  /** Extra classes on header and cells, e.g. `govuk-!-width-one-quarter`. */
  class?: string;
}

export interface TableEmpty {
  /** Defaults to "Không có dữ liệu". */
  title?: string;
  body?: string;
  action?: { href: string; label: string };
}

export interface TableProps<Row> {
  columns: Column<Row>[];
  /** The rows of the current page (the server sorts and paginates). */
  rows: readonly Row[];
  /** Caption: what the table shows (escaped); also labels the scrollable region. */
  caption: string;
  /** Caption size; default `m`. */
  captionSize?: 'm' | 'l' | 'xl';
  /** Hide the caption visually (it is still read out), when a heading just above says the same. */
  captionHidden?: boolean;
  /** Path of this page, for the sort links. Required when a column is sortable. */
  basePath?: string;
  /** Current query parameters; the sort links keep them (except `page`, which goes back to 1). */
  query?: QueryParams;
  /** The order the server uses when the query has no `sort`, so its header shows as sorted. */
  defaultSort?: { key: string; dir: SortDirection };
  /** Render each row's first cell as a row header (`<th scope="row">`). */
  firstCellIsHeader?: boolean;
  /** Element id (unique on the page); default `table`. */
  id?: string;
  /** What to say when there are no rows. */
  empty?: TableEmpty;
  /** Translator (sort link text, empty state, Có/Không) — it also picks the number format. */
  t: T;
}

/** Current sort from the query (`sort`, `dir`), falling back to `defaultSort`. */
export function currentSort(
  query: QueryParams | undefined,
  defaultSort?: { key: string; dir: SortDirection },
): { key: string; dir: SortDirection } | undefined {
  const key = query ? firstParam(query, 'sort') : undefined;
  if (!key) return defaultSort;
  return { key, dir: firstParam(query ?? {}, 'dir') === 'desc' ? 'desc' : 'asc' };
}

function defaultCell(value: unknown, t: T): ComponentChildren {
  if (value === null || value === undefined || value === '') return EMPTY;
  const locale = localeOf(t);
  if (typeof value === 'number') return formatNumber(value, undefined, locale);
  if (typeof value === 'bigint') return formatNumber(Number(value), undefined, locale);
  if (value instanceof Date) return formatDate(value, locale);
  if (typeof value === 'boolean') return t(value ? 'ui.yes' : 'ui.no');
  return String(value);
}

const SortIcon = ({ dir }: { dir?: SortDirection }) => (
  <svg class="tnmt-sort-link__icon" width="10" height="14" viewBox="0 0 10 14" aria-hidden="true" focusable="false">
    {dir !== 'desc' ? <path d="M5 0 10 6H0z" fill="currentColor" /> : null}
    {dir !== 'asc' ? <path d="M5 14 0 8h10z" fill="currentColor" /> : null}
  </svg>
);

/** The label with the sort arrow glued to its last word, so a wrapping header never leaves the arrow alone. */
function SortLabel({ label, dir }: { label: string; dir?: SortDirection }) {
  const cut = label.lastIndexOf(' ');
  return (
    <>
      {cut > 0 ? label.slice(0, cut + 1) : null}
      <span class="tnmt-nowrap">
        {cut > 0 ? label.slice(cut + 1) : label}
        <SortIcon dir={dir} />
      </span>
    </>
  );
}

/**
 * `govuk-table` with server-driven sorting: sortable headers are links, the sorted one carries `aria-sort`. Wide
 * tables scroll sideways inside a focusable region instead of breaking the page layout. No rows → `EmptyState`.
 */
export function Table<Row>(props: TableProps<Row>) {
  const id = props.id ?? 'table';
  const captionId = `${id}-caption`;
  const sort = currentSort(props.query, props.defaultSort);
  const { t } = props;
  return (
    <section class="tnmt-table-wrapper" aria-labelledby={captionId} tabindex={0}>
      <table class="govuk-table" id={id}>
        <caption
          id={captionId}
          class={cx(
            'govuk-table__caption',
            props.captionHidden ? 'govuk-visually-hidden' : `govuk-table__caption--${props.captionSize ?? 'm'}`,
          )}
        >
          {props.caption}
        </caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            {props.columns.map((col) => {
              const sorted = sort?.key === col.key ? sort.dir : undefined;
              const sortable = col.sortable && props.basePath !== undefined;
              const next: SortDirection = sorted === 'asc' ? 'desc' : 'asc';
              return (
                <th
                  key={col.key}
                  scope="col"
                  class={cx('govuk-table__header', col.numeric && 'govuk-table__header--numeric', col.class)}
                  aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : sortable ? 'none' : undefined}
                >
                  {sortable ? (
                    <a
                      class="govuk-link tnmt-sort-link"
                      href={hrefWith(props.basePath as string, props.query, { sort: col.key, dir: next, page: undefined })}
                    >
                      <SortLabel label={col.label} dir={sorted} />
                      <span class="govuk-visually-hidden">
                        {' '}
                        ({t(next === 'asc' ? 'ui.table.sortAscending' : 'ui.table.sortDescending')})
                      </span>
                    </a>
                  ) : col.labelHidden ? (
                    <span class="govuk-visually-hidden">{col.label}</span>
                  ) : (
                    col.label
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {props.rows.length === 0 ? (
            <tr class="govuk-table__row">
              <td class="govuk-table__cell tnmt-table__empty" colSpan={props.columns.length}>
                <EmptyState
                  headingLevel={null}
                  title={props.empty?.title}
                  body={props.empty?.body}
                  action={props.empty?.action}
                  t={t}
                />
              </td>
            </tr>
          ) : (
            props.rows.map((row, r) => (
              <tr key={r} class="govuk-table__row">
                {props.columns.map((col, i) => {
                  const content = col.render ? col.render(row) : defaultCell((row as Record<string, unknown>)[col.key], t);
                  return i === 0 && props.firstCellIsHeader ? (
                    <th key={col.key} scope="row" class={cx('govuk-table__header', col.nowrap && 'tnmt-nowrap', col.class)}>
                      {content}
                    </th>
                  ) : (
                    <td
                      key={col.key}
                      class={cx('govuk-table__cell', col.numeric && 'govuk-table__cell--numeric', col.nowrap && 'tnmt-nowrap', col.class)}
                    >
                      {content}
                    </td>
                  );
                })}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </section>
  );
}
