import type { ComponentChildren } from 'preact';

export interface InsetTextProps {
  /** Content (escaped text or JSX). */
  children: ComponentChildren;
  /** Element id. */
  id?: string;
}

/** `govuk-inset-text`: sets apart a quote, an example or additional information. */
export function InsetText(props: InsetTextProps) {
  return (
    <div class="govuk-inset-text" id={props.id}>
      {props.children}
    </div>
  );
}
