import { describedBy, type FieldProps, FormGroup, cx, safeAttributes, FieldLabelling } from './form-parts.js';
import './messages.js';
import { type InputWidth, widthClass } from './text-input.js';

export interface SelectOption {
  /** Submitted value. */
  value: string;
  /** Visible text (escaped). */
  label: string;
  /** Shown but not selectable. */
  disabled?: boolean;
}

/** Options under a heading (`<optgroup>`), e.g. the procedures of one field. */
export interface SelectGroup {
  /** The group's heading (escaped); not selectable. */
  label: string;
  options: SelectOption[];
}

export interface SelectProps extends FieldProps {
  /** The choices, in display order (sort Vietnamese text with `sortVi` from core/format). */
  options?: SelectOption[];
  /** Choices in groups, shown after `options`. */
  groups?: SelectGroup[];
  /** Selected value. */
  value?: string | number | null;
  /**
   * Add a first option with the empty value: `true` shows "— Chọn —" / "— Select —", a string shows that text.
   * Use it when nothing is chosen yet or, in a filter, for "all".
   */
  emptyOption?: boolean | string;
  /** A fluid width for long labels, e.g. `full` (`govuk-!-width-full`); by default the select fits its options. */
  width?: Extract<InputWidth, string>;
}

/** Drop-down list (`govuk-select`). GOV.UK advises radios when there are only a few choices. */
export function Select(props: SelectProps) {
  const id = props.id ?? props.name;
  const ids = describedBy(id, props.hint, props.error);
  const selected = props.value === null || props.value === undefined ? '' : String(props.value);
  const emptyLabel = props.emptyOption === true ? props.t('ui.select.empty') : props.emptyOption || null;
  const option = (o: SelectOption) => (
    <option key={o.value} value={o.value} selected={o.value === selected || undefined} disabled={o.disabled || undefined}>
      {o.label}
    </option>
  );
  return (
    <FormGroup error={props.error} class={props.formGroupClass}>
      <FieldLabelling id={id} field={props} ids={ids} />
      <select
        {...safeAttributes(props.attributes)}
        class={cx('govuk-select', widthClass(props.width), props.error ? 'govuk-select--error' : null)}
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
        {(props.options ?? []).map(option)}
        {(props.groups ?? []).map((g) => (
          <optgroup key={g.label} label={g.label}>
            {g.options.map(option)}
          </optgroup>
        ))}
      </select>
    </FormGroup>
  );
}
