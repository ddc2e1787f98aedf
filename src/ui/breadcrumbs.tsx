import type { T } from '../core/i18n/index.js';
import { cx } from './form-parts.js';
import './messages.js';

export interface BreadcrumbItem {
  /** Link target; leave out on the last item, the current page. */
  href?: string;
  /** Text (escaped). */
  label: string;
}

export interface BreadcrumbsProps {
  /** From the home page down to the current page's parent (or the current page itself, without `href`). */
  items: BreadcrumbItem[];
  /** On phones show only the first and last items. */
  collapseOnMobile?: boolean;
  /** Light text, for a dark background. */
  inverse?: boolean;
  t: T;
}

/** `govuk-breadcrumbs`: where the page sits in the hierarchy. */
export function Breadcrumbs(props: BreadcrumbsProps) {
  if (props.items.length === 0) return null;
  return (
    <nav
      class={cx(
        'govuk-breadcrumbs',
        props.collapseOnMobile && 'govuk-breadcrumbs--collapse-on-mobile',
        props.inverse && 'govuk-breadcrumbs--inverse',
      )}
      aria-label={props.t('ui.breadcrumbs.label')}
    >
      <ol class="govuk-breadcrumbs__list">
        {props.items.map((item) =>
          item.href ? (
            <li key={item.href} class="govuk-breadcrumbs__list-item">
              <a class="govuk-breadcrumbs__link" href={item.href}>
                {item.label}
              </a>
            </li>
          ) : (
            <li key={item.label} class="govuk-breadcrumbs__list-item" aria-current="page">
              {item.label}
            </li>
          ),
        )}
      </ol>
    </nav>
  );
}
