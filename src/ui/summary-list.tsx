import type { ComponentChildren } from 'preact';
import { cx } from './form-parts.js';

/** A link at the end of a row, such as "Sửa". */
export interface SummaryAction {
  href: string;
  /** Visible link text. */
  label: string;
  /** Hidden text completing the link for screen readers, e.g. the row's key: "Sửa <tên đơn vị>". */
  visuallyHiddenText?: string;
}

export interface SummaryRow {
  /** Row label (escaped). */
  key: string;
  /** Value: text (escaped) or JSX such as a `Tag` or a list. */
  value: ComponentChildren;
  /** Links such as "Sửa" / "Change". */
  actions?: SummaryAction[];
}

export interface SummaryListProps {
  rows: SummaryRow[];
  /** Drop the row separators. */
  noBorder?: boolean;
  /** Extra classes. */
  class?: string;
}

/** `govuk-summary-list`: key–value pairs of one record, as a `<dl>`. */
export function SummaryList(props: SummaryListProps) {
  const anyActions = props.rows.some((r) => r.actions && r.actions.length > 0);
  return (
    <dl class={cx('govuk-summary-list', props.noBorder && 'govuk-summary-list--no-border', props.class)}>
      {props.rows.map((row) => {
        const actions = row.actions ?? [];
        return (
          <div
            key={row.key}
            class={cx('govuk-summary-list__row', anyActions && actions.length === 0 && 'govuk-summary-list__row--no-actions')}
          >
            <dt class="govuk-summary-list__key">{row.key}</dt>
            <dd class="govuk-summary-list__value">{row.value}</dd>
            {actions.length === 1 ? (
              <dd class="govuk-summary-list__actions">
                <ActionLink action={actions[0]!} />
              </dd>
            ) : actions.length > 1 ? (
              <dd class="govuk-summary-list__actions">
                <ul class="govuk-summary-list__actions-list">
                  {actions.map((a) => (
                    <li key={a.href} class="govuk-summary-list__actions-list-item">
                      <ActionLink action={a} />
                    </li>
                  ))}
                </ul>
              </dd>
            ) : null}
          </div>
        );
      })}
    </dl>
  );
}

function ActionLink({ action }: { action: SummaryAction }) {
  return (
    <a class="govuk-link" href={action.href}>
      {action.label}
      {action.visuallyHiddenText ? <span class="govuk-visually-hidden"> {action.visuallyHiddenText}</span> : null}
    </a>
  );
}
