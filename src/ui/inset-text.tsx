import type { ComponentChildren } from 'preact';

/** `govuk-inset-text`: sets apart a quote, an example or additional information. */
export function InsetText(props: { /** Content (escaped text or JSX). */ children: ComponentChildren; /** Element id. */ id?: string }) {
  return (
    <div class="govuk-inset-text" id={props.id}>
      {props.children}
    </div>
  );
}
