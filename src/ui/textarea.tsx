import { describedBy, ErrorMessage, type FieldProps, FormGroup, Hint, Label, cx, safeAttributes } from './form-parts.js';

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
      <Label
        for={id}
        text={props.label}
        size={props.labelSize}
        isPageHeading={props.isPageHeading}
        optional={props.optional}
        t={props.t}
      />
      {props.hint ? <Hint id={ids.hintId}>{props.hint}</Hint> : null}
      {props.error ? <ErrorMessage id={ids.errorId} message={props.error} t={props.t} /> : null}
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
