import type { T } from '../core/i18n/index.js';
import './messages.js';

/** One problem with the submitted form. */
export interface FieldError {
  /** Id of the field in error (the field's `id`, which defaults to its `name`); the summary links to `#field`. */
  field: string;
  /** What is wrong and how to fix it, in the same words as the message beside the field. */
  message: string;
}

export interface ErrorSummaryProps {
  /** The problems, in the order the fields appear on the page. Nothing is rendered when empty. */
  errors: readonly FieldError[];
  /** Translator ("Có lỗi" / "There is a problem"). */
  t: T;
  /** Heading; defaults to "Có lỗi". */
  title?: string;
  /** Do not move focus to the summary on page load (GOV.UK Frontend's JS focuses it by default). */
  disableAutoFocus?: boolean;
}

/**
 * `govuk-error-summary` at the top of `main`: announced on load (role="alert"), focused by GOV.UK Frontend's JS,
 * with a link to each field in error. Also set `hasErrors` on `Page` so the title starts with "Lỗi:".
 */
export function ErrorSummary(props: ErrorSummaryProps) {
  if (props.errors.length === 0) return null;
  return (
    <div
      class="govuk-error-summary"
      data-module="govuk-error-summary"
      data-disable-auto-focus={props.disableAutoFocus ? 'true' : undefined}
    >
      <div role="alert">
        <h2 class="govuk-error-summary__title">{props.title ?? props.t('ui.errorSummary.title')}</h2>
        <div class="govuk-error-summary__body">
          <ul class="govuk-list govuk-error-summary__list">
            {props.errors.map((e) => (
              <li key={`${e.field}|${e.message}`}>
                <a href={`#${e.field}`}>{e.message}</a>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}

export interface ConflictSummaryProps {
  /** Heading, e.g. "Người khác vừa thay đổi bản ghi này" (escaped). */
  title: string;
  /** What changed: the message of the ConflictError ("… vừa được người khác cập nhật (phiên bản 3, bạn đang xem 2) …"). */
  message: string;
  /** What to do now, e.g. that the page shows the latest data and the form kept what was typed. */
  hint: string;
  /** Links to where to act again (the form, a reload); none by default. */
  links?: { href: string; label: string }[];
}

/**
 * The optimistic-lock notice in the place of the error summary: someone else changed the record since the form was
 * read (a 409 page). Styled and announced like `ErrorSummary` (role="alert"), with the message and the hint as text.
 */
export function ConflictSummary(props: ConflictSummaryProps) {
  return (
    <div class="govuk-error-summary" data-module="govuk-error-summary">
      <div role="alert">
        <h2 class="govuk-error-summary__title">{props.title}</h2>
        <div class="govuk-error-summary__body">
          <p class="govuk-body">{props.message}</p>
          <p class="govuk-body">{props.hint}</p>
          {props.links?.length ? (
            <ul class="govuk-list govuk-error-summary__list">
              {props.links.map((l) => (
                <li key={l.href}>
                  <a href={l.href}>{l.label}</a>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      </div>
    </div>
  );
}
