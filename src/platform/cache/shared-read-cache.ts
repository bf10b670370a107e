import { Logger } from '@nestjs/common';
import type { ReadCache } from '../../shared/application/read-cache.js';
import type { CacheStore } from './cache-stores.js';

/** A forget is repeated this long after the first: a replica's load that read before the commit has set its entry by then. */
export const FORGET_AGAIN_MS = 1_000;
/** Forgets that could not reach the store, kept to retry; beyond this many, the oldest go (their TTL still bounds them). */
const MISSED_FORGETS_MAX = 10_000;

/**
 * The read cache over one store (Redis shared by the replicas, or this process's memory).
 *
 * Staleness, in the order it is guarded against:
 * - a load in this process that overlapped a forget of its key is returned, not cached
 *   (a generation per key would be exact; one counter for all keys only caches less);
 * - a load in another replica that read before the change committed and sets its entry
 *   after our forget: the forget is repeated FORGET_AGAIN_MS later;
 * - a forget while the store is unreachable: kept, and sent again by the next operation that
 *   reaches the store (so it is never lost while this process lives; its TTL bounds it else).
 * A store that fails is never an error: `through` loads, `keep` and `forget` log and go on.
 * The failure is logged when the store's state changes, not on every request.
 */
export class SharedReadCache implements ReadCache {
  private readonly logger = new Logger('ReadCache');
  private generation = 0;
  private readonly missedForgets = new Set<string>();
  private failing = false;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(readonly store: CacheStore) {}

  async through<T>(key: string, ttlMs: number, load: () => Promise<T | null>): Promise<T | null> {
    if (ttlMs <= 0) return load();
    const cached = await this.attempt(() => this.store.get(key));
    if (cached !== undefined) return JSON.parse(cached) as T;
    const generation = this.generation;
    const value = await load();
    if (value !== null && generation === this.generation) await this.keep(key, value, ttlMs);
    return value;
  }

  async keep<T>(key: string, value: T, ttlMs: number): Promise<void> {
    if (ttlMs <= 0) return;
    await this.attempt(() => this.store.set(key, JSON.stringify(value), ttlMs));
  }

  async forget(key: string): Promise<void> {
    this.generation++;
    await this.drop(key);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.drop(key);
    }, FORGET_AGAIN_MS);
    timer.unref();
    this.timers.add(timer);
  }

  /**
   * Drops every entry (the weekly maintenance, SPEC-JOB-2): the next reads load afresh. A
   * load that overlapped it is not cached. Unlike the rest, a store that fails is an error
   * here: whoever asked must know the flush did not happen.
   */
  async flush(): Promise<void> {
    this.generation++;
    await this.store.clear();
    // Every key is gone: the forgets still owed are delivered.
    this.missedForgets.clear();
  }

  /** Stops the repeated forgets of a closing app (they would find the store closed). */
  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  /** Forgets not yet delivered (to the health check, and to tests). */
  get pendingForgets(): number {
    return this.missedForgets.size;
  }

  private async drop(key: string): Promise<void> {
    const done = await this.attempt(async () => {
      await this.store.del(key);
      return true;
    });
    if (done) return;
    this.missedForgets.delete(key);
    this.missedForgets.add(key);
    if (this.missedForgets.size > MISSED_FORGETS_MAX) this.missedForgets.delete(this.missedForgets.values().next().value!);
  }

  /** Runs a store operation; undefined when the store failed. Delivers missed forgets once it answers again. */
  private async attempt<T>(operation: () => Promise<T>): Promise<T | undefined> {
    try {
      const result = await operation();
      if (this.failing) {
        this.failing = false;
        this.logger.log({ message: `read cache (${this.store.kind}) reachable again`, event: 'cache_recovered' });
      }
      if (this.missedForgets.size > 0) void this.deliverMissedForgets();
      return result;
    } catch (error) {
      if (!this.failing) {
        this.failing = true;
        this.logger.warn({
          message: `read cache (${this.store.kind}) unavailable, reading from the database: ${error instanceof Error ? error.message : String(error)}`,
          event: 'cache_unavailable',
        });
      }
      return undefined;
    }
  }

  private async deliverMissedForgets(): Promise<void> {
    const keys = [...this.missedForgets];
    this.missedForgets.clear();
    for (const key of keys) await this.drop(key);
  }
}
