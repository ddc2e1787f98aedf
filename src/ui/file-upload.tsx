import { formatNumber } from '../core/format/index.js';
import { describedBy, type FieldProps, FormGroup, cx, safeAttributes, FieldLabelling } from './form-parts.js';
import { localeOf } from './messages.js';

export interface FileUploadProps extends FieldProps {
  /** Accepted types for the file picker, e.g. `.pdf,.docx,image/*`; the server still checks the content. */
  accept?: string;
  /** Allow several files. */
  multiple?: boolean;
  /** Size limit in bytes, shown in the hint ("Dung lượng tối đa 10 MB."); the server enforces it. */
  maxSizeBytes?: number;
  /** Readable list of accepted formats for the hint, e.g. "PDF, DOCX". */
  acceptText?: string;
}

/** `1 048 576` → `1 MB`, `1 572 864` → `1,5 MB` (vi) / `1.5 MB` (en). */
export function formatBytes(bytes: number, locale: 'vi' | 'en' = 'vi'): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${formatNumber(Math.round(value * 10) / 10, undefined, locale)} ${units[unit]}`;
}

/**
 * File picker (`govuk-file-upload`). The surrounding form must be `multipart/form-data` and carry the CSRF token in
 * its action URL (see `Form` with `multipart`), because the server checks the token before reading a multipart body.
 */
export function FileUpload(props: FileUploadProps) {
  const id = props.id ?? props.name;
  const hint = [
    props.hint,
    props.acceptText ? props.t('ui.file.accept', { types: props.acceptText }) : undefined,
    props.maxSizeBytes ? props.t('ui.file.maxSize', { size: formatBytes(props.maxSizeBytes, localeOf(props.t)) }) : undefined,
  ]
    .filter(Boolean)
    .join(' ');
  const ids = describedBy(id, hint, props.error);
  return (
    <FormGroup error={props.error} class={props.formGroupClass}>
      <FieldLabelling id={id} field={props} ids={ids} hint={hint} />
      <input
        {...safeAttributes(props.attributes)}
        class={cx('govuk-file-upload', props.error ? 'govuk-file-upload--error' : null)}
        id={id}
        name={props.name}
        type="file"
        accept={props.accept}
        multiple={props.multiple || undefined}
        disabled={props.disabled || undefined}
        aria-describedby={ids.describedBy}
      />
    </FormGroup>
  );
}
