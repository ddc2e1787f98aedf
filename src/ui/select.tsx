import { describedBy, type FieldProps, FormGroup, cx, safeAttributes, FieldLabelling } from './form-parts.js';
import './messages.js';

export interface SelectOption {
  /** Submitted value. */
  value: string;
  /** Visible text (escaped). */
  label: string;
  /** Shown but not selectable. */
  disabled?: boolean;
}

export interface SelectProps extends FieldProps {
  /** The choices, in display order (sort Vietnamese text with `sortVi` from core/format). */
  options: SelectOption[];
  /** Selected value. */
  value?: string | number | null;
  /**
   * Add a first option with the empty value: `true` shows "— Chọn —" / "— Select —", a string shows that text.
   * Use it when nothing is chosen yet or, in a filter, for "all".
   */
  emptyOption?: boolean | string;
}

/** Drop-down list (`govuk-select`). GOV.UK advises radios when there are only a few choices. */
export function Select(props: SelectProps) {
  const id = props.id ?? props.name;
  const ids = describedBy(id, props.hint, props.error);
  const selected = props.value === null || props.value === undefined ? '' : String(props.value);
  const emptyLabel = props.emptyOption === true ? props.t('ui.select.empty') : props.emptyOption || null;
  return (
    <FormGroup error={props.error} class={props.formGroupClass}>
      <FieldLabelling id={id} field={props} ids={ids} />
      <select
        {...safeAttributes(props.attributes)}
        class={cx('govuk-select', props.error ? 'govuk-select--error' : null)}
        id={id}
        name={props.name}
        disabled={props.disabled || undefined}
        aria-describedby={ids.describedBy}
      >
        {emptyLabel !== null ? (
          <option value="" selected={selected === '' || undefined}>
            {emptyLabel}
          </option>
        ) : null}
        {props.options.map((o) => (
          <option key={o.value} value={o.value} selected={o.value === selected || undefined} disabled={o.disabled || undefined}>
            {o.label}
          </option>
        ))}
      </select>
    </FormGroup>
  );
}
