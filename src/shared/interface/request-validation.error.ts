import type { FieldViolation } from '../domain/domain-error.js';

/** A request that does not have the shape the API accepts; answered 400 with every field named. */
export class RequestValidationError extends Error {
  constructor(readonly errors: readonly FieldViolation[]) {
    const fields = [...new Set(errors.map((e) => e.field))];
    super(`${fields.length === 1 ? 'a field is' : `${fields.length} fields are`} not valid: ${fields.join(', ')}`);
    this.name = 'RequestValidationError';
  }
}
