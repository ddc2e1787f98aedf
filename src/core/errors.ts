/**
 * Errors that carry what a person needs to fix their input. `field` names the form field or CLI option;
 * `message` is already in the user's language (Vietnamese by default).
 */
export interface FieldError {
  field: string;
  message: string;
}

export class ValidationError extends Error {
  readonly fields: FieldError[];
  constructor(fields: FieldError[]) {
    super(fields.map((f) => `${f.field}: ${f.message}`).join('; '));
    this.fields = fields;
  }
  static one(field: string, message: string) {
    return new ValidationError([{ field, message }]);
  }
}

/** The record does not exist, or the user may not see it (never tell which). */
export class NotFoundError extends Error {}

/** The user may see the record but not do this to it. */
export class ForbiddenError extends Error {}

/** Someone else changed the record since it was read (optimistic locking). */
export class ConflictError extends Error {}

/** The messages of one field joined into one text ("A. B"), or undefined when it has none: a form field's `error`. */
export function errorOf(errors: readonly FieldError[], field: string): string | undefined {
  return (
    errors
      .filter((e) => e.field === field)
      .map((e) => e.message)
      .join('. ') || undefined
  );
}

/** The errors in the order of the form's fields (`order`, their ids), so the error summary follows the page; others last. */
export function sortErrors(errors: readonly FieldError[], order: readonly string[]): FieldError[] {
  const rank = (e: FieldError) => {
    const i = order.indexOf(e.field);
    return i < 0 ? order.length : i;
  };
  return [...errors].sort((a, b) => rank(a) - rank(b));
}
