import type { ComponentChildren } from 'preact';
import type { T } from '../core/i18n/index.js';
import './messages.js';
import { type QueryParams, hrefWith } from './url.js';

export interface TableFilterProps {
  /** The list page's path; the form GETs it with the fields as query parameters. */
  action: string;
  /** The filter fields: `TextInput`, `Select`, `DateInput`, `Checkboxes` … with `value` set from the query. */
  children: ComponentChildren;
  /** Parameters to carry over as hidden fields, typically `{ sort, dir }`; `page` is dropped on purpose. */
  keep?: QueryParams;
  /** Heading above the fields; default "Lọc danh sách". */
  title?: string;
  /** Show the "Xóa bộ lọc" link (default true); pass `false` when no filter is applied. */
  active?: boolean;
  /** Element id (unique on the page); default `filter`. */
  id?: string;
  /**
   * With htmx: also fetch the results without a full reload — GET into this CSS selector (for example `#ket-qua`,
   * the element wrapping the table and pagination), taking the same element from the response, and update the URL.
   */
  hxTarget?: string;
  t: T;
}

/** GET form above a table: filter fields in a row, a "Lọc" button and a "Xóa bộ lọc" link. A search landmark. */
export function TableFilter(props: TableFilterProps) {
  const id = props.id ?? 'filter';
  const { t } = props;
  const keep = Object.entries(props.keep ?? {}).filter(([k]) => k !== 'page');
  return (
    // biome-ignore lint/a11y/useSemanticElements: a search landmark on the form itself; <search> is too new for older browsers
    <form
      method="get"
      action={props.action}
      class="tnmt-filter"
      id={id}
      role="search"
      aria-labelledby={`${id}-title`}
      novalidate
      hx-get={props.hxTarget ? props.action : undefined}
      hx-target={props.hxTarget}
      hx-select={props.hxTarget}
      hx-swap={props.hxTarget ? 'outerHTML' : undefined}
      hx-push-url={props.hxTarget ? 'true' : undefined}
    >
      <h2 class="govuk-heading-s tnmt-filter__title" id={`${id}-title`}>
        {props.title ?? t('ui.filter.label')}
      </h2>
      <div class="tnmt-filter__fields">{props.children}</div>
      {keep.flatMap(([name, value]) =>
        (typeof value === 'string' ? [value] : (value ?? [])).map((v) => <input key={`${name}=${v}`} type="hidden" name={name} value={v} />),
      )}
      <div class="govuk-button-group tnmt-filter__actions">
        <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">
          {t('ui.filter.submit')}
        </button>
        {props.active !== false ? (
          <a class="govuk-link" href={hrefWith(props.action, props.keep, { page: undefined })}>
            {t('ui.filter.clear')}
          </a>
        ) : null}
      </div>
    </form>
  );
}
