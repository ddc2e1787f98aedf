import { Fieldset } from './fieldset.js';
import { describedBy, ErrorMessage, FormGroup, Hint, cx, safeAttributes } from './form-parts.js';
import { type ChoiceGroupProps, type ChoiceItem, choiceId, isDivider } from './radios.js';

export interface CheckboxItem extends ChoiceItem {
  /** "None of these": ticking it clears the others and vice versa (GOV.UK `exclusive` behaviour, needs JS). */
  exclusive?: boolean;
  /** Own name, when this box is submitted under a different name than the group. */
  name?: string;
}

export interface CheckboxesProps extends ChoiceGroupProps<CheckboxItem> {
  /** Ticked values (what the user submitted, when re-showing the form). */
  values?: readonly string[];
}

/** Checkboxes (`govuk-checkboxes`): pick any number. Repeated names arrive on the server as an array. */
export function Checkboxes(props: CheckboxesProps) {
  const prefix = props.idPrefix ?? props.name;
  const ids = describedBy(prefix, props.hint, props.error);
  const hasFieldset = Boolean(props.legend);
  const values = new Set(props.values ?? []);
  let index = 0;
  const inner = (
    <>
      {props.hint ? <Hint id={ids.hintId}>{props.hint}</Hint> : null}
      {props.error ? <ErrorMessage id={ids.errorId} message={props.error} t={props.t} /> : null}
      <div class={cx('govuk-checkboxes', props.small && 'govuk-checkboxes--small')} data-module="govuk-checkboxes">
        {props.items.map((item) => {
          if (isDivider(item)) return <div class="govuk-checkboxes__divider">{item.divider}</div>;
          const itemId = choiceId(prefix, item, index++);
          const checked = values.has(item.value);
          const itemHintId = item.hint ? `${itemId}-item-hint` : undefined;
          // Without a fieldset, each box carries the group's hint and error itself.
          const itemDescribedBy = [hasFieldset ? undefined : ids.describedBy, itemHintId].filter(Boolean).join(' ') || undefined;
          const conditionalId = `conditional-${itemId}`;
          const hasConditional = item.conditional !== undefined && item.conditional !== null && item.conditional !== false;
          return (
            <>
              <div class="govuk-checkboxes__item">
                <input
                  {...safeAttributes(item.attributes)}
                  class="govuk-checkboxes__input"
                  id={itemId}
                  name={item.name ?? props.name}
                  type="checkbox"
                  value={item.value}
                  checked={checked || undefined}
                  disabled={item.disabled || undefined}
                  data-aria-controls={hasConditional ? conditionalId : undefined}
                  data-behaviour={item.exclusive ? 'exclusive' : undefined}
                  aria-describedby={itemDescribedBy}
                />
                <label class="govuk-label govuk-checkboxes__label" for={itemId}>
                  {item.label}
                </label>
                {item.hint ? (
                  <div id={itemHintId} class="govuk-hint govuk-checkboxes__hint">
                    {item.hint}
                  </div>
                ) : null}
              </div>
              {hasConditional ? (
                <div
                  class={cx('govuk-checkboxes__conditional', !checked && 'govuk-checkboxes__conditional--hidden')}
                  id={conditionalId}
                >
                  {item.conditional}
                </div>
              ) : null}
            </>
          );
        })}
      </div>
    </>
  );
  return (
    <FormGroup error={props.error} class={props.formGroupClass}>
      {hasFieldset ? (
        <Fieldset
          legend={props.legend ?? ''}
          legendSize={props.legendSize}
          isPageHeading={props.isPageHeading}
          describedBy={ids.describedBy}
        >
          {inner}
        </Fieldset>
      ) : (
        inner
      )}
    </FormGroup>
  );
}
