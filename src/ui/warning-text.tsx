import type { ComponentChildren } from 'preact';
import type { T } from '../core/i18n/index.js';
import './messages.js';

export interface WarningTextProps {
  /** The warning (escaped text or JSX), e.g. legal consequences. */
  children: ComponentChildren;
  /** Hidden word read before the text; defaults to "Cảnh báo" / "Warning". */
  iconFallbackText?: string;
  t: T;
}

/** `govuk-warning-text`: bold text with a "!" icon, for something important such as a penalty. */
export function WarningText(props: WarningTextProps) {
  return (
    <div class="govuk-warning-text">
      <span class="govuk-warning-text__icon" aria-hidden="true">
        !
      </span>
      <strong class="govuk-warning-text__text">
        <span class="govuk-visually-hidden">{props.iconFallbackText ?? props.t('ui.warning')}</span>
        {props.children}
      </strong>
    </div>
  );
}
