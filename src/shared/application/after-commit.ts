/**
 * Defers work until the current transaction has committed, so that nothing outside the
 * database (a cache entry, a log line) reflects a change that might still roll back.
 * Without a transaction the work runs at once. Work that fails is logged, never thrown:
 * the change it follows is already committed.
 */
export interface AfterCommit {
  run(work: () => void | Promise<void>): void;
}

export const AFTER_COMMIT = Symbol('AfterCommit');
