/**
 * Building blocks shared by the form fields: label, hint, error message, form group and the id wiring between them
 * (`aria-describedby` lists the hint id, then the error id, as GOV.UK Frontend does).
 */
import type { ComponentChildren } from 'preact';
import type { T } from '../core/i18n/index.js';
import './messages.js';

/** Joins class names, skipping empty ones. */
export function cx(...classes: (string | false | null | undefined)[]): string {
  return classes.filter(Boolean).join(' ');
}

/**
 * Extra attributes for a control, such as `hx-get`, `hx-target`, `data-*` or `maxlength`. Values are escaped like
 * any text; event handlers (`on…`), `style` (forbidden by the CSP) and `dangerouslySetInnerHTML` are dropped.
 */
export type ExtraAttributes = Record<string, string | number | boolean | undefined>;

const FORBIDDEN_ATTRIBUTE = /^(on|dangerouslysetinnerhtml$|style$|children$|key$|ref$)/i;

export function safeAttributes(attributes: ExtraAttributes | undefined): ExtraAttributes {
  const out: ExtraAttributes = {};
  if (!attributes) return out;
  for (const [name, value] of Object.entries(attributes)) {
    if (!FORBIDDEN_ATTRIBUTE.test(name) && /^[a-zA-Z_:][-a-zA-Z0-9_:.]*$/.test(name)) out[name] = value;
  }
  return out;
}

/** Text sizes GOV.UK Frontend offers for labels, legends and captions. */
export type TextSize = 's' | 'm' | 'l' | 'xl';

/** Props every labelled form field takes. */
export interface FieldProps {
  /** Name the value is submitted under. */
  name: string;
  /** Element id; defaults to `name`. The error summary links to `#id`, so give errors the same id. */
  id?: string;
  /** Visible label text (escaped). */
  label: string;
  /** Label size; `l` is used when `isPageHeading` is set and no size is given. */
  labelSize?: TextSize;
  /** Wrap the label in the page's `<h1>` (one question per page). */
  isPageHeading?: boolean;
  /** Hint shown under the label and announced with the field. */
  hint?: string;
  /** Error message; when set the field shows its error state. */
  error?: string;
  /** Append "(không bắt buộc)" / "(optional)" to the label. */
  optional?: boolean;
  /** Disable the control. */
  disabled?: boolean;
  /** Translator for the kit's own text (the hidden "Lỗi:" prefix, "(không bắt buộc)"). */
  t: T;
  /** Extra classes on the form group. */
  formGroupClass?: string;
  /** Extra attributes on the control itself (`hx-*`, `data-*`, `maxlength` …); see `ExtraAttributes`. */
  attributes?: ExtraAttributes;
}

/** Ids of the hint and error message of a field, and the `aria-describedby` value linking them. */
export function describedBy(
  id: string,
  hint: unknown,
  error: unknown,
  extra?: string,
): { hintId?: string; errorId?: string; describedBy?: string } {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const ids = [extra, hintId, errorId].filter(Boolean).join(' ');
  return { hintId, errorId, describedBy: ids || undefined };
}

export interface LabelProps {
  /** Id of the control the label is for. */
  for: string;
  /** Label text (escaped). */
  text: string;
  size?: TextSize;
  isPageHeading?: boolean;
  optional?: boolean;
  class?: string;
  t: T;
}

/** `govuk-label`, optionally inside the page's `<h1>`. */
export function Label(props: LabelProps) {
  const size = props.size ?? (props.isPageHeading ? 'l' : undefined);
  const label = (
    <label class={cx('govuk-label', size && `govuk-label--${size}`, props.class)} for={props.for}>
      {props.text}
      {props.optional ? ` ${props.t('ui.optional')}` : null}
    </label>
  );
  return props.isPageHeading ? <h1 class="govuk-label-wrapper">{label}</h1> : label;
}

/** `govuk-hint`. */
export function Hint(props: { id?: string; class?: string; children: ComponentChildren }) {
  return (
    <div id={props.id} class={cx('govuk-hint', props.class)}>
      {props.children}
    </div>
  );
}

/** `govuk-error-message` with the visually hidden "Lỗi:" prefix screen readers announce first. */
export function ErrorMessage(props: { id?: string; message: string; t: T }) {
  return (
    <p id={props.id} class="govuk-error-message">
      <span class="govuk-visually-hidden">{props.t('ui.errorPrefix')}:</span> {props.message}
    </p>
  );
}

/** `govuk-form-group`, red-bordered when `error` is set. */
export function FormGroup(props: { error?: unknown; class?: string; children: ComponentChildren }) {
  return <div class={cx('govuk-form-group', props.error ? 'govuk-form-group--error' : null, props.class)}>{props.children}</div>;
}

/** The label, hint and error message of a single-control field, in GOV.UK order; `hint` overrides `field.hint`. */
export function FieldLabelling(props: {
  id: string;
  field: FieldProps;
  ids: { hintId?: string; errorId?: string };
  hint?: string;
}) {
  const { field, ids } = props;
  const hint = props.hint ?? field.hint;
  return (
    <>
      <Label
        for={props.id}
        text={field.label}
        size={field.labelSize}
        isPageHeading={field.isPageHeading}
        optional={field.optional}
        t={field.t}
      />
      {hint ? <Hint id={ids.hintId}>{hint}</Hint> : null}
      {field.error ? <ErrorMessage id={ids.errorId} message={field.error} t={field.t} /> : null}
    </>
  );
}
