import type { ComponentChildren } from 'preact';
import type { T } from '../core/i18n/index.js';
import { Fieldset } from './fieldset.js';
import { describedBy, ErrorMessage, type ExtraAttributes, FormGroup, Hint, type TextSize, cx, safeAttributes } from './form-parts.js';

/** One choice. */
export interface ChoiceItem {
  /** Submitted value. */
  value: string;
  /** Visible label (escaped). */
  label: string;
  /** Hint under this choice's label. */
  hint?: string;
  /**
   * Content revealed when this choice is selected (for example a follow-up `TextInput`). Without JavaScript it is
   * always shown, so it must make sense on its own; the server ignores it unless this choice was picked.
   */
  conditional?: ComponentChildren;
  /** Own id; by default the first item's id is the group id (so the error summary can link to it), then `-2`, `-3` … */
  id?: string;
  /** Shown but not selectable. */
  disabled?: boolean;
  /** Extra attributes on the input. */
  attributes?: ExtraAttributes;
}

/** Text between choices, usually "hoặc" (`t('ui.or')`). */
export interface ChoiceDivider {
  divider: string;
}

/** Props shared by `Radios` and `Checkboxes`. */
export interface ChoiceGroupProps<Item> {
  /** Name the value is submitted under. */
  name: string;
  /** Id prefix: the first input gets this id, later ones `-2`, `-3` …; defaults to `name`. */
  idPrefix?: string;
  /** The question, as the fieldset legend. Without it there is no fieldset (a single yes/no checkbox, say). */
  legend?: string;
  legendSize?: TextSize;
  /** Put the legend in the page's `<h1>`. */
  isPageHeading?: boolean;
  /** Hint under the legend. */
  hint?: string;
  /** Error message; sets the error state. */
  error?: string;
  /** The choices (and dividers). */
  items: (Item | ChoiceDivider)[];
  /** Smaller inputs, for filters and dense pages. */
  small?: boolean;
  /** Translator (hidden "Lỗi:" prefix). */
  t: T;
  /** Extra classes on the form group. */
  formGroupClass?: string;
}

export interface RadiosProps extends ChoiceGroupProps<ChoiceItem> {
  /** Selected value. */
  value?: string | null;
  /** Lay short choices (Có / Không) side by side. */
  inline?: boolean;
}

export function isDivider(item: unknown): item is ChoiceDivider {
  return typeof item === 'object' && item !== null && 'divider' in item;
}

export function choiceId(prefix: string, item: { id?: string }, index: number): string {
  return item.id ?? (index === 0 ? prefix : `${prefix}-${index + 1}`);
}

/** Radio buttons (`govuk-radios`): pick one. With conditional reveals via GOV.UK Frontend's JS. */
export function Radios(props: RadiosProps) {
  const prefix = props.idPrefix ?? props.name;
  const ids = describedBy(prefix, props.hint, props.error);
  let index = 0;
  const inner = (
    <>
      {props.hint ? <Hint id={ids.hintId}>{props.hint}</Hint> : null}
      {props.error ? <ErrorMessage id={ids.errorId} message={props.error} t={props.t} /> : null}
      <div
        class={cx('govuk-radios', props.inline && 'govuk-radios--inline', props.small && 'govuk-radios--small')}
        data-module="govuk-radios"
      >
        {props.items.map((item) => {
          if (isDivider(item)) return <div class="govuk-radios__divider">{item.divider}</div>;
          const itemId = choiceId(prefix, item, index++);
          const checked = props.value !== undefined && props.value !== null && item.value === props.value;
          const itemHintId = item.hint ? `${itemId}-item-hint` : undefined;
          const conditionalId = `conditional-${itemId}`;
          const hasConditional = item.conditional !== undefined && item.conditional !== null && item.conditional !== false;
          return (
            <>
              <div class="govuk-radios__item">
                <input
                  {...safeAttributes(item.attributes)}
                  class="govuk-radios__input"
                  id={itemId}
                  name={props.name}
                  type="radio"
                  value={item.value}
                  checked={checked || undefined}
                  disabled={item.disabled || undefined}
                  data-aria-controls={hasConditional ? conditionalId : undefined}
                  aria-describedby={itemHintId}
                />
                <label class="govuk-label govuk-radios__label" for={itemId}>
                  {item.label}
                </label>
                {item.hint ? (
                  <div id={itemHintId} class="govuk-hint govuk-radios__hint">
                    {item.hint}
                  </div>
                ) : null}
              </div>
              {hasConditional ? (
                <div
                  class={cx('govuk-radios__conditional', !checked && 'govuk-radios__conditional--hidden')}
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
      {props.legend ? (
        <Fieldset
          legend={props.legend}
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
