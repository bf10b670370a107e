import { afterEach, describe, expect, it } from 'vitest';
import type { AppConfig } from '../../config/app-config.js';
import { RateLimiterStore } from './rate-limiter-store.js';
import { RateLimits } from './rate-limits.js';

const configOf = (redisUrl?: string) =>
  ({
    rateLimit: { perSecond: 1, burst: 1, loginsPerMinute: 2 },
    redis: { url: redisUrl },
    database: { url: undefined },
  }) as unknown as AppConfig;

const stores: RateLimiterStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.onApplicationShutdown()));
});

function limitsOf(config: AppConfig): RateLimits {
  const store = new RateLimiterStore(config);
  stores.push(store);
  return new RateLimits(config, store);
}

describe('RateLimits', () => {
  it('let rate + burst through, then refuse with the seconds to wait', async () => {
    const limits = limitsOf(configOf());
    const decisions = [await limits.request('u1'), await limits.request('u1'), await limits.request('u1')];
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, false]);
    expect(decisions[2]!.resetSeconds).toBeGreaterThanOrEqual(1);
    expect((await limits.request('u2')).allowed).toBe(true);
  });

  it('refuse a sign-in when any of its keys is over the limit', async () => {
    const limits = limitsOf(configOf());
    expect((await limits.login(['ip:a', 'account:x'])).allowed).toBe(true);
    expect((await limits.login(['ip:a', 'account:y'])).allowed).toBe(true);
    // The ip has had its two; a fresh account does not help.
    expect((await limits.login(['ip:a', 'account:z'])).allowed).toBe(false);
  });

  it('keep counting in process while Redis is unreachable, never failing a request', async () => {
    const limits = limitsOf(configOf('redis://127.0.0.1:1'));
    const decisions = [await limits.request('u1'), await limits.request('u1'), await limits.request('u1')];
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, false]);
  });
});
