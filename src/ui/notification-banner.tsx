import type { ComponentChildren } from 'preact';
import type { T } from '../core/i18n/index.js';
import './messages.js';

export interface NotificationBannerProps {
  /** `info` (default, a landmark region) or `success` (green, announced at once with role="alert"). */
  type?: 'info' | 'success';
  /** Banner title; defaults to "Quan trọng" (info) or "Thành công" (success). */
  title?: string;
  /** Main message, in bold heading style (escaped). */
  heading?: string;
  /** Further content under the heading, e.g. a paragraph with a link. */
  children?: ComponentChildren;
  /** Id of the title (must be unique on the page). */
  titleId?: string;
  /** Do not focus a success banner on page load. */
  disableAutoFocus?: boolean;
  /** Translator for the default titles. */
  t: T;
}

/** `govuk-notification-banner`: tells the user about something not related to the page, or that an action worked. */
export function NotificationBanner(props: NotificationBannerProps) {
  const success = props.type === 'success';
  const titleId = props.titleId ?? 'govuk-notification-banner-title';
  return (
    // biome-ignore lint/a11y/useAriaPropsSupportedByRole: both roles used here (alert, region) take aria-labelledby
    <div
      class={success ? 'govuk-notification-banner govuk-notification-banner--success' : 'govuk-notification-banner'}
      role={success ? 'alert' : 'region'}
      aria-labelledby={titleId}
      data-module="govuk-notification-banner"
      data-disable-auto-focus={props.disableAutoFocus ? 'true' : undefined}
    >
      <div class="govuk-notification-banner__header">
        <h2 class="govuk-notification-banner__title" id={titleId}>
          {props.title ?? props.t(success ? 'ui.banner.success' : 'ui.banner.important')}
        </h2>
      </div>
      <div class="govuk-notification-banner__content">
        {props.heading ? <p class="govuk-notification-banner__heading">{props.heading}</p> : null}
        {props.children}
      </div>
    </div>
  );
}
