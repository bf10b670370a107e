import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import { afterAll, describe, expect, it } from 'vitest';
import { type ThresholdCrossing, ThresholdWatch, type WindowCounter } from './threshold-watch.js';

const USERS = ['user:a', 'user:b', 'ip:203.0.113.7'];

type Step = { kind: 'add'; replica: number; key: string; points: number } | { kind: 'flush'; replica: number };

/** One step of several replicas serving requests: a request counted, or a replica flushing. */
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), replica: fc.nat(2), key: fc.constantFrom(...USERS), points: fc.integer({ min: 1, max: 60 }) }),
  fc.record({ kind: fc.constant('flush' as const), replica: fc.nat(2) }),
);

/**
 * Runs `steps` on three watches over `counterOf(replica)` (one shared store, a limiter
 * object per replica as each process has its own), flushing in parallel where the steps
 * say and at the end; returns the crossings and the points each key got.
 */
async function serve(steps: Step[], counterOf: (replica: number) => WindowCounter) {
  const crossings: ThresholdCrossing[] = [];
  const watches = [0, 1, 2].map((replica) => new ThresholdWatch(counterOf(replica), (c) => crossings.push(c), { flushMs: 60_000 }));
  const totals = new Map<string, number>();
  const inFlight: Promise<void>[] = [];
  for (const s of steps) {
    if (s.kind === 'add') {
      watches[s.replica]!.add(s.key, s.points);
      totals.set(s.key, (totals.get(s.key) ?? 0) + s.points);
    } else {
      // Not awaited: flushes of several replicas overlap, as they do in production.
      inFlight.push(watches[s.replica]!.flush());
    }
  }
  await Promise.all([...inFlight, ...watches.map((watch) => watch.stop())]);
  return { crossings, totals };
}

function expectOncePerKeyOverThreshold(result: Awaited<ReturnType<typeof serve>>, threshold: number): void {
  for (const key of USERS) {
    const total = result.totals.get(key) ?? 0;
    const reported = result.crossings.filter((c) => c.key === key);
    expect(reported.length, `${key}: ${total} points, threshold ${threshold}`).toBe(total > threshold ? 1 : 0);
    for (const crossing of reported) {
      expect(crossing.total).toBeGreaterThan(threshold);
      expect(crossing.total).toBeLessThanOrEqual(total);
    }
  }
}

describe('ThresholdWatch', () => {
  it('reports a key once, when its count first passes the threshold, however the requests and flushes of replicas interleave', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 60 }), fc.integer({ min: 1, max: 300 }), async (steps, threshold) => {
        // One store for every replica, as Redis is.
        const shared = new RateLimiterMemory({ points: threshold, duration: 60 });
        expectOncePerKeyOverThreshold(await serve(steps, () => shared), threshold);
      }),
      { numRuns: 300 },
    );
  });

  it('reports a count that passes the threshold in a single flush', async () => {
    const crossings: ThresholdCrossing[] = [];
    const watch = new ThresholdWatch(new RateLimiterMemory({ points: 10, duration: 60 }), (c) => crossings.push(c), { flushMs: 60_000 });
    watch.add('user:a', 50);
    watch.add('user:b', 10);
    await watch.flush();
    watch.add('user:a', 1);
    await watch.flush();
    expect(crossings).toEqual([{ key: 'user:a', total: 50 }]);
  });

  it('never throws when the counter fails or the listener does, and tells onError', async () => {
    const errors: unknown[] = [];
    const broken: WindowCounter = { points: 1, consume: () => Promise.reject(new Error('connection refused')) };
    const failing = new ThresholdWatch(broken, () => undefined, { flushMs: 60_000, onError: (e) => errors.push(e) });
    failing.add('user:a', 5);
    await expect(failing.flush()).resolves.toBeUndefined();

    const throwing = new ThresholdWatch(new RateLimiterMemory({ points: 1, duration: 60 }), () => {
      throw new Error('listener failed');
    }, { flushMs: 60_000, onError: (e) => errors.push(e) });
    throwing.add('user:a', 5);
    await expect(throwing.flush()).resolves.toBeUndefined();
    expect(errors.map((e) => (e as Error).message)).toEqual(['connection refused', 'listener failed']);
  });

  it('flushes at once when too many keys wait', async () => {
    const consumed: string[] = [];
    const counter: WindowCounter = {
      points: 100,
      consume: async (key) => {
        consumed.push(key);
        return new RateLimiterMemory({ points: 100, duration: 60 }).consume(key);
      },
    };
    const watch = new ThresholdWatch(counter, () => undefined, { flushMs: 60_000, maxPendingKeys: 3 });
    watch.add('ip:1');
    watch.add('ip:2');
    expect(consumed).toEqual([]);
    watch.add('ip:3');
    await watch.stop();
    expect(consumed).toEqual(['ip:1', 'ip:2', 'ip:3']);
  });
});

describe.skipIf(!process.env.REDIS_URL)('ThresholdWatch on Redis (REDIS_URL set)', () => {
  const redis = process.env.REDIS_URL ? new Redis(process.env.REDIS_URL, { maxRetriesPerRequest: 1 }) : undefined;
  afterAll(() => redis?.disconnect());

  it('reports once per key across replicas, each with its own in-memory block past the threshold', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 40 }), fc.integer({ min: 1, max: 300 }), async (steps, threshold) => {
        const keyPrefix = `rl:threshold-watch-spec:${randomUUID()}`;
        // Each replica has its own limiter object (and in-memory block) over the one Redis.
        const replicas = [0, 1, 2].map(
          () => new RateLimiterRedis({ storeClient: redis!, useRedisPackage: false, keyPrefix, points: threshold, duration: 60, inMemoryBlockOnConsumed: threshold + 1 }),
        );
        expectOncePerKeyOverThreshold(await serve(steps, (replica) => replicas[replica]!), threshold);
      }),
      { numRuns: 60 },
    );
  });
});
