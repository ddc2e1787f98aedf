import type { ComponentChildren } from 'preact';
import type { T } from '../core/i18n/index.js';
import './messages.js';

export interface ProgressIndicatorProps {
  /** What is happening, e.g. "Đang khởi động hệ thống" (escaped). Labels the progress bar. */
  label: string;
  /** Percent done, 0–100; leave out when unknown (an indeterminate bar and "Đang xử lý…"). */
  value?: number | null;
  /** The current step, e.g. "Đang nạp dữ liệu mẫu (3/12)". */
  status?: string;
  /** Element id, and prefix of the inner ids; default `progress`. Must be unique on the page. */
  id?: string;
  /**
   * With htmx: GET this URL every `pollSeconds` and replace this element with the response, which should be the
   * same component re-rendered (a fragment, not a page). Polling stops once `value` reaches 100 or `done` is set;
   * the server can also stop it by answering HTTP 286.
   */
  pollUrl?: string;
  /** Polling interval in seconds; default 2. */
  pollSeconds?: number;
  /** The work has finished (shows "Đã xong" and stops polling). */
  done?: boolean;
  /**
   * Without JavaScript: a link to reload the page. Pair it with `Page`'s `refreshSeconds`, which refreshes the page
   * for browsers without JavaScript only.
   */
  reloadHref?: string;
  /** Shown under the bar, e.g. a "Tiếp tục" button once done. */
  children?: ComponentChildren;
  t: T;
}

/**
 * An accessible progress bar for long work: a labelled native `<progress max="100">`, the percentage as text (colour
 * and bar length are never the only signal) and a `role="status"` line for the current step.
 */
export function ProgressIndicator(props: ProgressIndicatorProps) {
  const id = props.id ?? 'progress';
  const hasValue = typeof props.value === 'number' && Number.isFinite(props.value);
  const percent = hasValue ? Math.max(0, Math.min(100, Math.round(props.value as number))) : undefined;
  const done = props.done || percent === 100;
  const polling = Boolean(props.pollUrl) && !done;
  const summary = done
    ? props.t('ui.progress.done')
    : percent !== undefined
      ? props.t('ui.progress.percent', { percent })
      : props.t('ui.progress.working');
  return (
    <div
      class="tnmt-progress"
      id={id}
      hx-get={polling ? props.pollUrl : undefined}
      hx-trigger={polling ? `every ${props.pollSeconds ?? 2}s` : undefined}
      hx-swap={polling ? 'outerHTML' : undefined}
    >
      <label class="govuk-label govuk-label--s" for={`${id}-bar`}>
        {props.label}
      </label>
      <progress
        class="tnmt-progress__bar"
        id={`${id}-bar`}
        max={100}
        value={done ? 100 : percent}
        aria-describedby={`${id}-status`}
      >
        {percent !== undefined ? `${percent}%` : summary}
      </progress>
      <p class="govuk-body tnmt-progress__status" id={`${id}-status`} role="status">
        {summary}
        {props.status ? ` — ${props.status}` : null}
      </p>
      {props.reloadHref && !done ? (
        <noscript>
          <p class="govuk-body">
            <a class="govuk-link" href={props.reloadHref}>
              {props.t('ui.progress.reload')}
            </a>
          </p>
        </noscript>
      ) : null}
      {props.children}
    </div>
  );
}
