import type { T } from '../core/i18n/index.js';
import './messages.js';

export interface BackLinkProps {
  /** Where "back" goes: the previous step, a real URL (not `javascript:history.back()`). */
  href: string;
  /** Link text; defaults to "Quay lại" / "Back". */
  text?: string;
  t: T;
}

/** `govuk-back-link`: placed before `main` (Page's `beforeContent`), for multi-step forms. */
export function BackLink(props: BackLinkProps) {
  return (
    <a href={props.href} class="govuk-back-link">
      {props.text ?? props.t('ui.back')}
    </a>
  );
}
