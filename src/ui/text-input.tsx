import { describedBy, type FieldProps, FormGroup, cx, safeAttributes, FieldLabelling } from './form-parts.js';

/** Fixed character widths (`govuk-input--width-N`) or fluid fractions of the column (`govuk-!-width-…`). */
export type InputWidth =
  | 2
  | 3
  | 4
  | 5
  | 10
  | 20
  | 30
  | 'full'
  | 'three-quarters'
  | 'two-thirds'
  | 'one-half'
  | 'one-third'
  | 'one-quarter';

export function widthClass(width: InputWidth | undefined): string | undefined {
  if (width === undefined) return undefined;
  return typeof width === 'number' ? `govuk-input--width-${width}` : `govuk-!-width-${width}`;
}

export interface TextInputProps extends FieldProps {
  /** Current value; pass back what the user typed when re-showing a rejected form. */
  value?: string | number | null;
  /** Input type; for numbers GOV.UK advises `text` with `inputmode="numeric"` rather than `number`. */
  type?: 'text' | 'email' | 'tel' | 'url' | 'password' | 'search' | 'number';
  /** `autocomplete` token, e.g. `name`, `email`, `tel`, `username`, `off`. */
  autocomplete?: string;
  /** Virtual keyboard hint: `numeric` for codes and integers, `decimal` for measurements. */
  inputmode?: 'text' | 'numeric' | 'decimal' | 'tel' | 'email' | 'url' | 'search' | 'none';
  /** Input width; defaults to the full column. */
  width?: InputWidth;
  /** Set `spellcheck`; off is right for codes, names and e-mail addresses. */
  spellcheck?: boolean;
  /** Regular expression the browser may use for the keyboard; validation still happens on the server. */
  pattern?: string;
  /** Text before the input, such as a currency symbol (not read as part of the value). */
  prefix?: string;
  /** Text after the input, such as a unit: `đồng`, `m³/ngày`, `ha`. */
  suffix?: string;
  /** Make the field read-only (still submitted, unlike `disabled`). */
  readOnly?: boolean;
}

/** Single-line text field (`govuk-input`) with label, hint, error message and optional prefix/suffix. */
export function TextInput(props: TextInputProps) {
  const id = props.id ?? props.name;
  const ids = describedBy(id, props.hint, props.error);
  const input = (
    <input
      {...safeAttributes(props.attributes)}
      class={cx('govuk-input', widthClass(props.width), props.error ? 'govuk-input--error' : null)}
      id={id}
      name={props.name}
      // preact types each input type separately; the union is fine at run time.
      type={(props.type ?? 'text') as 'text'}
      value={props.value ?? ''}
      spellcheck={props.spellcheck}
      autocomplete={props.autocomplete}
      inputmode={props.inputmode}
      pattern={props.pattern}
      disabled={props.disabled || undefined}
      readOnly={props.readOnly || undefined}
      aria-describedby={ids.describedBy}
    />
  );
  return (
    <FormGroup error={props.error} class={props.formGroupClass}>
      <FieldLabelling id={id} field={props} ids={ids} />
      {props.prefix || props.suffix ? (
        <div class="govuk-input__wrapper">
          {props.prefix ? (
            <div class="govuk-input__prefix" aria-hidden="true">
              {props.prefix}
            </div>
          ) : null}
          {input}
          {props.suffix ? (
            <div class="govuk-input__suffix" aria-hidden="true">
              {props.suffix}
            </div>
          ) : null}
        </div>
      ) : (
        input
      )}
    </FormGroup>
  );
}
