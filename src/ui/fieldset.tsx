import type { ComponentChildren } from 'preact';
import { type TextSize, cx } from './form-parts.js';

export interface FieldsetProps {
  /** Legend text (escaped): the question the grouped fields answer. */
  legend: string;
  /** Legend size; `l` is used when `isPageHeading` is set and no size is given. */
  legendSize?: TextSize;
  /** Put the legend in the page's `<h1>` (one question per page). */
  isPageHeading?: boolean;
  /** Space-separated ids of hint / error elements describing the group. */
  describedBy?: string;
  /** `group` for a set of text inputs (such as an address), so JAWS reads the description. */
  role?: 'group';
  /** Extra classes on the `<fieldset>`. */
  class?: string;
  /** The grouped fields. */
  children: ComponentChildren;
}

/** `govuk-fieldset`: groups related fields under a legend. */
export function Fieldset(props: FieldsetProps) {
  const size = props.legendSize ?? (props.isPageHeading ? 'l' : undefined);
  return (
    <fieldset class={cx('govuk-fieldset', props.class)} role={props.role} aria-describedby={props.describedBy}>
      <legend class={cx('govuk-fieldset__legend', size && `govuk-fieldset__legend--${size}`)}>
        {props.isPageHeading ? <h1 class="govuk-fieldset__heading">{props.legend}</h1> : props.legend}
      </legend>
      {props.children}
    </fieldset>
  );
}
