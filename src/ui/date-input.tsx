import { describedBy, type FieldProps, FormGroup, cx, safeAttributes, FieldLabelling } from './form-parts.js';
import './messages.js';

export interface DateInputProps extends FieldProps {
  /** Current value as an ISO date `yyyy-mm-dd`, or what the user typed when re-showing a rejected form. */
  value?: string | null;
  /** Earliest date the picker offers (`yyyy-mm-dd`); the server still validates. */
  min?: string;
  /** Latest date the picker offers (`yyyy-mm-dd`). */
  max?: string;
  /** Set `autocomplete`, e.g. `bday`. */
  autocomplete?: string;
}

/**
 * Date field: one native `<input type="date">`, submitted as `yyyy-mm-dd`. The hint always ends with the example
 * "Ví dụ: 09/01/2024"; browsers without a date picker show a text box, so the server should accept `dd/mm/yyyy` too.
 */
export function DateInput(props: DateInputProps) {
  const id = props.id ?? props.name;
  const hint = [props.hint, props.t('ui.date.hint')].filter(Boolean).join(' ');
  const ids = describedBy(id, hint, props.error);
  return (
    <FormGroup error={props.error} class={props.formGroupClass}>
      <FieldLabelling id={id} field={props} ids={ids} hint={hint} />
      <input
        {...safeAttributes(props.attributes)}
        class={cx('govuk-input', 'tnmt-date-input', props.error ? 'govuk-input--error' : null)}
        id={id}
        name={props.name}
        type="date"
        value={props.value ?? ''}
        min={props.min}
        max={props.max}
        autocomplete={props.autocomplete}
        disabled={props.disabled || undefined}
        aria-describedby={ids.describedBy}
      />
    </FormGroup>
  );
}
