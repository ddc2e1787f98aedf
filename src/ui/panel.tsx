import type { ComponentChildren } from 'preact';

export interface PanelProps {
  /** Title, e.g. "Đã tiếp nhận hồ sơ" (escaped). */
  title: string;
  /** Body, e.g. the dossier number in bold. */
  children?: ComponentChildren;
  /** Heading level of the title; default 1 (a confirmation page's `<h1>`). */
  headingLevel?: 1 | 2 | 3;
}

/** `govuk-panel--confirmation`: the green box on the page after a completed transaction. */
export function Panel(props: PanelProps) {
  const Heading = `h${props.headingLevel ?? 1}` as 'h1' | 'h2' | 'h3';
  return (
    <div class="govuk-panel govuk-panel--confirmation">
      <Heading class="govuk-panel__title">{props.title}</Heading>
      {props.children !== undefined ? <div class="govuk-panel__body">{props.children}</div> : null}
    </div>
  );
}
