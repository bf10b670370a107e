import { Logger } from '@nestjs/common';
import { StaleVersionError } from '../domain/domain-error.js';
import { assertExpectedVersion } from './expected-version.js';

/** What a retried change needs of an aggregate: its loaded version and whether a method changed it. */
export interface ChangeableAggregate {
  readonly version: number;
  readonly hasChanges: boolean;
}

export interface ChangeWithRetry<A extends ChangeableAggregate> {
  /** Names the resource in a StaleVersionError ("task", "case", ...). */
  resource: string;
  id: string;
  /** The version the client last saw (If-Match); absent means "whatever is current". */
  expectedVersions?: readonly number[];
  load(): Promise<A | null>;
  notFound(): Error;
  change(aggregate: A): void;
  /** Writes the aggregate only if it is still at its loaded version, else StaleVersionError. */
  save(aggregate: A): Promise<void>;
}

/** How often a change without If-Match is re-applied to fresh state before giving up. */
const MAX_ATTEMPTS = 5;

const logger = new Logger('UseCase');

/**
 * The write path every optimistic change shares: load, check the client's version, apply,
 * save if anything changed. With an expected version, a concurrent write is the client's
 * problem (StaleVersionError: 412); without one, the change is re-applied to the fresh
 * aggregate, so that concurrent writers never overwrite each other with stale copies.
 *
 * @example
 * const { aggregate, changed } = await changeWithRetry({
 *   resource: 'task', id, expectedVersions,
 *   load: () => tasks.findById(id), notFound: () => new TaskNotFoundError(id),
 *   change: (task) => task.rename(title, now), save: (task) => tasks.update(task),
 * });
 */
export async function changeWithRetry<A extends ChangeableAggregate>(
  options: ChangeWithRetry<A>,
): Promise<{ aggregate: A; changed: boolean }> {
  const { resource, id, expectedVersions } = options;
  for (let attempt = 1; ; attempt++) {
    const aggregate = await options.load();
    if (!aggregate) throw options.notFound();
    assertExpectedVersion(resource, id, expectedVersions, aggregate.version);
    options.change(aggregate);
    if (!aggregate.hasChanges) return { aggregate, changed: false };
    try {
      await options.save(aggregate);
      return { aggregate, changed: true };
    } catch (error) {
      const retry = error instanceof StaleVersionError && expectedVersions === undefined && attempt < MAX_ATTEMPTS;
      if (!retry) throw error;
      // Expected under contention and not a failure: the use case logs its one outcome.
      logger.debug({ message: 'another writer won; re-applying the change', event: 'change_retried', resource, id, attempt });
    }
  }
}
