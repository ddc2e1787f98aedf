import type { ComponentChildren } from 'preact';
import { type ExtraAttributes, cx, safeAttributes } from './form-parts.js';

export interface ButtonProps {
  /** Button text (escaped). */
  children: ComponentChildren;
  /** `primary` (green, the main action), `secondary` (grey), `warning` (red, destructive), `inverse` (on a dark panel). */
  variant?: 'primary' | 'secondary' | 'warning' | 'inverse';
  /** Button type; default `submit`. Ignored for link buttons. */
  type?: 'submit' | 'button' | 'reset';
  /** Submitted with the form when this button is pressed, to tell several buttons apart. */
  name?: string;
  /** Value submitted under `name`. */
  value?: string;
  /** Render a link styled as a button (`<a role="button">`), for navigation such as "Bắt đầu". */
  href?: string;
  /** Disable the button (avoid: say why instead). */
  disabled?: boolean;
  /** Ignore a second click within a second, to stop double submissions (needs JS). */
  preventDoubleClick?: boolean;
  /** Start button: larger, with an arrow. */
  isStartButton?: boolean;
  /** Submit the form to another URL (`formaction`). */
  formAction?: string;
  /** Button id. */
  id?: string;
  /** Extra classes. */
  class?: string;
  /** Extra attributes (`hx-*`, `data-*`); see `ExtraAttributes`. */
  attributes?: ExtraAttributes;
}

/** `govuk-button`, as a `<button>` or, with `href`, a link. */
export function Button(props: ButtonProps) {
  const variant = props.variant ?? 'primary';
  const classes = cx(
    'govuk-button',
    variant !== 'primary' && `govuk-button--${variant}`,
    props.isStartButton && 'govuk-button--start',
    props.class,
  );
  const icon = props.isStartButton ? (
    <svg
      class="govuk-button__start-icon"
      xmlns="http://www.w3.org/2000/svg"
      width="17.5"
      height="19"
      viewBox="0 0 33 40"
      aria-hidden="true"
      focusable="false"
    >
      <path fill="currentColor" d="M0 0h13l20 20-20 20H0l20-20z" />
    </svg>
  ) : null;
  if (props.href !== undefined) {
    return (
      // biome-ignore lint/a11y/useSemanticElements: GOV.UK's link button; its JS makes the space bar activate it
      <a
        {...safeAttributes(props.attributes)}
        href={props.href}
        role="button"
        draggable={false}
        class={classes}
        data-module="govuk-button"
        id={props.id}
      >
        {props.children}
        {icon}
      </a>
    );
  }
  return (
    <button
      {...safeAttributes(props.attributes)}
      type={props.type ?? 'submit'}
      name={props.name}
      value={props.value}
      formAction={props.formAction}
      disabled={props.disabled || undefined}
      aria-disabled={props.disabled ? 'true' : undefined}
      class={classes}
      data-module="govuk-button"
      data-prevent-double-click={props.preventDoubleClick ? 'true' : undefined}
      id={props.id}
    >
      {props.children}
      {icon}
    </button>
  );
}

/** `govuk-button-group`: lays out buttons and links side by side (stacked on phones). */
export function ButtonGroup(props: { children: ComponentChildren }) {
  return <div class="govuk-button-group">{props.children}</div>;
}
