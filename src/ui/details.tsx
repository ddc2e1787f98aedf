import type { ComponentChildren } from 'preact';

export interface DetailsProps {
  /** The always-visible link text, e.g. "Tôi không có mã hồ sơ" (escaped). */
  summary: string;
  /** Revealed content. */
  children: ComponentChildren;
  /** Start expanded. */
  open?: boolean;
  /** Element id. */
  id?: string;
}

/** `govuk-details`: a native `<details>` for help that only some users need. Works without JavaScript. */
export function Details(props: DetailsProps) {
  return (
    <details class="govuk-details" id={props.id} open={props.open || undefined}>
      <summary class="govuk-details__summary">
        <span class="govuk-details__summary-text">{props.summary}</span>
      </summary>
      <div class="govuk-details__text">{props.children}</div>
    </details>
  );
}
