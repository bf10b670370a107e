import { StaleVersionError } from '../domain/domain-error.js';

/**
 * Refuses a change made against a version the aggregate is no longer at (the client's
 * If-Match): a StaleVersionError, answered 412. No expected version: nothing to check.
 */
export function assertExpectedVersion(
  resource: string,
  id: string,
  expectedVersion: number | undefined,
  actualVersion: number,
): void {
  if (expectedVersion !== undefined && actualVersion !== expectedVersion) {
    throw new StaleVersionError(resource, id, expectedVersion, actualVersion);
  }
}
