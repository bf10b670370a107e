import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CacheStore } from './cache-stores.js';
import { FORGET_AGAIN_MS, SharedReadCache } from './shared-read-cache.js';

/** A store like Redis (values are text), that can be switched off, shared by several caches as replicas share Redis. */
function store() {
  const entries = new Map<string, string>();
  const state = { down: false, entries };
  const fail = () => {
    if (state.down) throw new Error('connect ECONNREFUSED');
  };
  const api: CacheStore = {
    kind: 'redis',
    get: async (key) => (fail(), entries.get(key)),
    set: async (key, value) => void (fail(), entries.set(key, value)),
    del: async (key) => void (fail(), entries.delete(key)),
    clear: async () => void (fail(), entries.clear()),
  };
  return { state, api };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('SharedReadCache', () => {
  it('flush drops every entry, caches no load that overlapped it, and rejects when the store is down', async () => {
    const { api, state } = store();
    const cache = new SharedReadCache(api);
    await cache.keep('a', 1, 60_000);
    await cache.keep('b', 2, 60_000);
    let release!: () => void;
    const slow = cache.through('c', 60_000, () => new Promise<number>((resolve) => (release = () => resolve(3))));
    await vi.waitFor(() => expect(release).toBeDefined());
    await cache.flush();
    release();
    expect(await slow).toBe(3);
    expect([...state.entries.keys()]).toEqual([]);
    state.down = true;
    await expect(cache.flush()).rejects.toThrow(/ECONNREFUSED/);
  });

  it('loads once, then answers from the store with a copy; absence and a TTL of 0 are never cached', async () => {
    const { api, state } = store();
    const cache = new SharedReadCache(api);
    const load = vi.fn(async () => ({ holidays: ['2026-01-01'] }));
    const first = await cache.through('k', 60_000, load);
    const second = await cache.through('k', 60_000, load);
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
    expect(load).toHaveBeenCalledTimes(1);
    expect(JSON.parse(state.entries.get('k')!)).toEqual(first);

    const missing = vi.fn(async () => null);
    await cache.through('none', 60_000, missing);
    await cache.through('none', 60_000, missing);
    expect(missing).toHaveBeenCalledTimes(2);

    await cache.through('off', 0, load);
    expect(state.entries.has('off')).toBe(false);
  });

  it('does not cache a load that a forget overlapped: it may have read the state before the change', async () => {
    const { api, state } = store();
    const cache = new SharedReadCache(api);
    await cache.through('k', 60_000, async () => {
      await cache.forget('k');
      return 'before the change';
    });
    expect(state.entries.has('k')).toBe(false);
    cache.close();
  });

  it("forgets again a second later, for a replica's load that read before the commit and set after the first forget", async () => {
    vi.useFakeTimers();
    const { api, state } = store();
    const replicaA = new SharedReadCache(api);
    const replicaB = new SharedReadCache(api);
    await replicaA.through('k', 60_000, async () => 'v1');
    await replicaA.forget('k');
    // B had read v1 from the database before A's change committed, and sets it now.
    await replicaB.keep('k', 'v1', 60_000);
    expect(state.entries.get('k')).toBe('"v1"');
    await vi.advanceTimersByTimeAsync(FORGET_AGAIN_MS);
    expect(state.entries.has('k')).toBe(false);
    expect(await replicaB.through('k', 60_000, async () => 'v2')).toBe('v2');
  });

  it('reads from the database while the store is down, and delivers the forgets it missed once it answers', async () => {
    const { api, state } = store();
    const cache = new SharedReadCache(api);
    await cache.through('k', 60_000, async () => 'v1');
    state.down = true;
    expect(await cache.through('k', 60_000, async () => 'from the database')).toBe('from the database');
    await expect(cache.forget('k')).resolves.toBeUndefined();
    expect(cache.pendingForgets).toBe(1);
    expect(state.entries.get('k')).toBe('"v1"');

    state.down = false;
    await cache.through('other', 60_000, async () => 'x');
    await vi.waitFor(() => expect(cache.pendingForgets).toBe(0));
    expect(state.entries.has('k')).toBe(false);
    cache.close();
  });
});
