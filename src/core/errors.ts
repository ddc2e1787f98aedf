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
