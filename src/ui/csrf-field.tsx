/** Props of `CsrfField`. */
export interface CsrfFieldProps {
  /** The token from `reply.generateCsrf()`. */
  token: string;
}

/** Hidden `_csrf` input every POST form carries (the server rejects unsafe requests without it). */
export function CsrfField(props: CsrfFieldProps) {
  return <input type="hidden" name="_csrf" value={props.token} />;
}
