/**
 * The shared read cache (SPEC-CACHE): plain JSON values under string keys, each kept for
 * the TTL its caller gives. In Redis when `REDIS_URL` is set, so that a change forgotten by
 * one replica is forgotten for every replica at once; in-process otherwise. A cache that
 * fails (Redis down or slow) is never an error: reads go to `load`, and a forget that could
 * not reach it is retried once it answers again.
 *
 * @example
 * const head = await this.cache.through(`process-template:${id}:head`, ttlMs, () => this.reads.head(id));
 * this.afterCommit.run(() => this.cache.forget(`process-template:${id}:head`));
 */
export interface ReadCache {
  /**
   * The cached value of `key`, or `load()`'s, cached for `ttlMs` unless it is null (absence is
   * never cached) or a forget of the key overlapped the load (it may have read the state
   * before that change committed). A TTL of 0 or less means "do not cache".
   */
  through<T>(key: string, ttlMs: number, load: () => Promise<T | null>): Promise<T | null>;
  /** Keeps a value read on the way to something else. */
  keep<T>(key: string, value: T, ttlMs: number): Promise<void>;
  /** Drops `key` everywhere: call it once the change behind it has committed. */
  forget(key: string): Promise<void>;
  /** Drops every entry, everywhere (maintenance); rejects when the cache cannot be reached. */
  flush(): Promise<void>;
}

export const READ_CACHE = Symbol('ReadCache');
