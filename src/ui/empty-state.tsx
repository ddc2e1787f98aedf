import type { T } from '../core/i18n/index.js';
import './messages.js';

export interface EmptyStateProps {
  /** Short statement; defaults to "Không có dữ liệu" / "No data". */
  title?: string;
  /** Explanation or next step, e.g. "Chưa có hồ sơ nào khớp bộ lọc." */
  body?: string;
  /** Optional link to act on it, e.g. "Thêm hồ sơ" or "Xóa bộ lọc". */
  action?: { href: string; label: string };
  /** Heading level for the title; `null` renders a bold paragraph (used inside tables). Default 2. */
  headingLevel?: 2 | 3 | 4 | null;
  /** Translator for the default title. */
  t: T;
}

/** Message shown instead of a list or table that has nothing to show. */
export function EmptyState(props: EmptyStateProps) {
  const title = props.title ?? props.t('ui.empty.title');
  const level = props.headingLevel === undefined ? 2 : props.headingLevel;
  const Heading = level === null ? null : (`h${level}` as 'h2' | 'h3' | 'h4');
  return (
    <div class="tnmt-empty-state">
      {Heading ? (
        <Heading class="govuk-heading-s tnmt-empty-state__title">{title}</Heading>
      ) : (
        <p class="govuk-body govuk-!-font-weight-bold tnmt-empty-state__title">{title}</p>
      )}
      {props.body ? <p class="govuk-body">{props.body}</p> : null}
      {props.action ? (
        <p class="govuk-body">
          <a class="govuk-link" href={props.action.href}>
            {props.action.label}
          </a>
        </p>
      ) : null}
    </div>
  );
}
