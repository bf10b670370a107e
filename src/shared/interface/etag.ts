import { PreconditionRequiredError } from './precondition-required.error.js';
import { RequestValidationError } from './request-validation.error.js';

/** The entity tag of a resource version: a strong tag such as `"3"`. */
export const etagOf = (version: number): string => `"${version}"`;

const TAG = /^(?:W\/)?"(\d{1,9})"$/;

/**
 * Reads If-Match into the version the client expects. `*` and an absent header put no
 * condition. A weak tag is read like a strong one, since proxies weaken tags when they
 * compress. A malformed header is a 400, not a silent "no condition".
 */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const match = TAG.exec(header.trim());
  if (!match) {
    throw new RequestValidationError([
      { field: 'If-Match', message: 'must be one ETag this API returned, such as "3", or *' },
    ]);
  }
  return Number(match[1]);
}

/** Like parseIfMatch, for writes that must be conditional: a missing header is a 428. */
export function requireIfMatch(header: string | undefined): number {
  const version = parseIfMatch(header);
  if (version === undefined) throw new PreconditionRequiredError();
  return version;
}
