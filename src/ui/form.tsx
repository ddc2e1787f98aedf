import type { ComponentChildren } from 'preact';
import { CsrfField } from './csrf-field.js';
import { type ExtraAttributes, safeAttributes } from './form-parts.js';

export interface FormProps {
  /** URL the form submits to. */
  action: string;
  /** `post` (default) for changes, `get` for searches and filters. */
  method?: 'get' | 'post';
  /** CSRF token; required for POST. A multipart form carries it in the action URL, others in a hidden `_csrf` field. */
  csrfToken?: string;
  /** Send as `multipart/form-data` (file uploads). */
  multipart?: boolean;
  /** Form id. */
  id?: string;
  /** Extra classes. */
  class?: string;
  /** Extra attributes (`hx-post`, `hx-target` …); see `ExtraAttributes`. */
  attributes?: ExtraAttributes;
  /** Fields and buttons. */
  children: ComponentChildren;
}

/**
 * `<form>` with `novalidate` (the server validates and answers with an error summary, in the page's language) and the
 * CSRF token placed where the server looks for it.
 */
export function Form(props: FormProps) {
  const method = props.method ?? 'post';
  let action = props.action;
  if (method === 'post' && props.multipart && props.csrfToken) {
    action += `${action.includes('?') ? '&' : '?'}_csrf=${encodeURIComponent(props.csrfToken)}`;
  }
  return (
    <form
      {...safeAttributes(props.attributes)}
      action={action}
      method={method}
      enctype={props.multipart ? 'multipart/form-data' : undefined}
      novalidate
      id={props.id}
      class={props.class}
    >
      {method === 'post' && !props.multipart && props.csrfToken ? <CsrfField token={props.csrfToken} /> : null}
      {props.children}
    </form>
  );
}
