import { StaleVersionError } from '../domain/domain-error.js';

/**
 * Refuses a change made against versions the aggregate is not at (the client's If-Match
 * lists the ones it accepts): a StaleVersionError, answered 412. No list: nothing to check.
 */
export function assertExpectedVersion(
  resource: string,
  id: string,
  expectedVersions: readonly number[] | undefined,
  actualVersion: number,
): void {
  if (expectedVersions !== undefined && !expectedVersions.includes(actualVersion)) {
    throw new StaleVersionError(resource, id, expectedVersions, actualVersion);
  }
}
