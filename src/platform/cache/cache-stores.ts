import { createCache } from 'cache-manager';
import type { Redis } from 'ioredis';

/** Where the read cache keeps its entries: JSON text under a key, for a TTL. */
export interface CacheStore {
  readonly kind: 'redis' | 'memory';
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  del(key: string): Promise<void>;
  /** Drops every entry of this store (a Redis store only its own prefix's). */
  clear(): Promise<void>;
}

/** One process's entries (cache-manager's in-memory store): what the embedded mode uses. */
export function memoryCacheStore(): CacheStore {
  const cache = createCache();
  return {
    kind: 'memory',
    get: async (key) => (await cache.get<string>(key)) ?? undefined,
    set: async (key, value, ttlMs) => {
      await cache.set(key, value, ttlMs);
    },
    del: async (key) => {
      await cache.del(key);
    },
    clear: async () => {
      await cache.clear();
    },
  };
}

/**
 * Entries in Redis, shared by every replica, under `prefix`. The client must fail fast: no
 * offline queue and a command timeout (createRedisClient's `commandTimeoutMs`), so that a
 * cache in trouble costs a request that long at most.
 */
export function redisCacheStore(redis: Redis, prefix = 'process-todo:cache:'): CacheStore {
  return {
    kind: 'redis',
    get: async (key) => (await redis.get(prefix + key)) ?? undefined,
    set: async (key, value, ttlMs) => {
      await redis.set(prefix + key, value, 'PX', Math.max(1, Math.round(ttlMs)));
    },
    del: async (key) => {
      await redis.del(prefix + key);
    },
    // SCAN, not KEYS: a large cache never blocks Redis; UNLINK frees the values off its main thread.
    clear: async () => {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${escapeGlob(prefix)}*`, 'COUNT', 500);
        if (keys.length > 0) await redis.unlink(...keys);
        cursor = next;
      } while (cursor !== '0');
    },
  };
}

/** `prefix` as a literal in a Redis MATCH pattern. */
function escapeGlob(prefix: string): string {
  return prefix.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}
