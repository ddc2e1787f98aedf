import type { ComponentChildren } from 'preact';
import { cx } from './form-parts.js';

/** GOV.UK tag colours; `blue` is the default look. */
export type TagColour =
  | 'blue'
  | 'grey'
  | 'green'
  | 'turquoise'
  | 'teal'
  | 'purple'
  | 'magenta'
  | 'pink'
  | 'red'
  | 'orange'
  | 'yellow';

export interface TagProps {
  /** Status text (escaped), short: "Đúng hạn", "Quá hạn", "Đã cấp phép". */
  children: ComponentChildren;
  /**
   * Colour. A suggested use, kept the same in every module: green = done / on time / early, yellow = due soon,
   * red = late / violation / exceedance, blue = in progress, grey = draft / closed / inactive, orange = needs action.
   */
  colour?: TagColour;
  /** Extra classes. */
  class?: string;
}

/** `govuk-tag`: the status of a record. Do not make it a link; colour is never the only signal (the text says it). */
export function Tag(props: TagProps) {
  const colour = props.colour && props.colour !== 'blue' ? `govuk-tag--${props.colour}` : undefined;
  return <strong class={cx('govuk-tag', colour, props.class)}>{props.children}</strong>;
}
