import { Inject, Injectable } from '@nestjs/common';
import { BurstyRateLimiter, RateLimiterRes } from 'rate-limiter-flexible';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { RateLimiterStore } from './rate-limiter-store.js';

/** The outcome of one request against a limit, for the `RateLimit` headers (IETF draft) and a 429. */
export interface RateDecision {
  allowed: boolean;
  /** The policy, as `RateLimit-Policy` states it. */
  policy: string;
  remaining: number;
  /** Seconds until the counter allows more. */
  resetSeconds: number;
}

interface Limiter {
  consume(key: string): Promise<RateLimiterRes>;
}

/**
 * The request and sign-in limits (SPEC-RES-4), with rate-limiter-flexible: a token bucket
 * (RATE_LIMIT_PER_SECOND refilling, RATE_LIMIT_BURST on top: BurstyRateLimiter) per user or
 * ip, and RATE_LIMIT_LOGIN_PER_MINUTE sign-ins per account and per ip. The counters are the
 * RateLimiterStore's: in Redis with REDIS_URL, shared by every replica, falling back to
 * in-process ones while Redis is down, so a Redis outage never fails a request.
 */
@Injectable()
export class RateLimits {
  private readonly requests: Limiter;
  private readonly logins: Limiter;
  readonly requestPolicy: string;
  readonly loginPolicy: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig, store: RateLimiterStore) {
    const { perSecond, burst, loginsPerMinute } = config.rateLimit;
    // The burst bucket refills at the same rate: empty, it is whole again after burst / rate seconds.
    const burstSeconds = Math.max(1, Math.ceil(burst / perSecond));
    this.requests = new BurstyRateLimiter(
      store.limiter('request', { points: perSecond, duration: 1 }),
      store.limiter('burst', { points: burst, duration: burstSeconds }),
    );
    this.logins = store.limiter('login', { points: loginsPerMinute, duration: 60 });
    this.requestPolicy = `"requests";q=${perSecond};w=1, "burst";q=${burst};w=${burstSeconds}`;
    this.loginPolicy = `"sign-in";q=${loginsPerMinute};w=60`;
  }

  /** Counts a request of `key` (a user id, else an ip). */
  request(key: string): Promise<RateDecision> {
    return this.decide(this.requests, key, this.requestPolicy);
  }

  /** Counts a sign-in attempt of each key (the account and the ip); refused when any is over. */
  async login(keys: readonly string[]): Promise<RateDecision> {
    const decisions = await Promise.all(keys.map((key) => this.decide(this.logins, key, this.loginPolicy)));
    return decisions.find((decision) => !decision.allowed) ?? decisions[0]!;
  }

  private async decide(limiter: Limiter, key: string, policy: string): Promise<RateDecision> {
    try {
      const result = await limiter.consume(key);
      return { allowed: true, policy, remaining: result.remainingPoints, resetSeconds: seconds(result) };
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      return { allowed: false, policy, remaining: 0, resetSeconds: seconds(rejection) };
    }
  }
}

const seconds = (result: RateLimiterRes) => Math.max(1, Math.ceil(result.msBeforeNext / 1000));
