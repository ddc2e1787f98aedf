import { describedBy, type FieldProps, FormGroup, cx, safeAttributes, FieldLabelling } from './form-parts.js';

export interface TextareaProps extends FieldProps {
  /** Current value; pass back what the user typed when re-showing a rejected form. */
  value?: string | null;
  /** Visible rows; default 5. */
  rows?: number;
  /** `autocomplete` token, e.g. `street-address`. */
  autocomplete?: string;
  /** Set `spellcheck`. */
  spellcheck?: boolean;
}

/** Multi-line text field (`govuk-textarea`). */
export function Textarea(props: TextareaProps) {
  const id = props.id ?? props.name;
  const ids = describedBy(id, props.hint, props.error);
  return (
    <FormGroup error={props.error} class={props.formGroupClass}>
      <FieldLabelling id={id} field={props} ids={ids} />
      <textarea
        {...safeAttributes(props.attributes)}
        class={cx('govuk-textarea', props.error ? 'govuk-textarea--error' : null)}
        id={id}
        name={props.name}
        rows={props.rows ?? 5}
        spellcheck={props.spellcheck}
        autocomplete={props.autocomplete}
        disabled={props.disabled || undefined}
        aria-describedby={ids.describedBy}
        value={props.value ?? ''}
      />
    </FormGroup>
  );
}
