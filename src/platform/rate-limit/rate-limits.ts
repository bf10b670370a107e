import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import {
  BurstyRateLimiter,
  type IRateLimiterOptions,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { createRedisClient } from '../redis/redis-client.js';

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
 * ip, and RATE_LIMIT_LOGIN_PER_MINUTE sign-ins per account and per ip. With REDIS_URL the
 * counters live in Redis, shared by every replica; while Redis is down each limiter falls
 * back to an in-process one (its insurance limiter), so a Redis outage never fails a request.
 */
@Injectable()
export class RateLimits implements OnApplicationShutdown {
  private readonly logger = new Logger('RateLimit');
  private readonly redis: Redis | null;
  private readonly requests: Limiter;
  private readonly logins: Limiter;
  readonly requestPolicy: string;
  readonly loginPolicy: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const { perSecond, burst, loginsPerMinute } = config.rateLimit;
    // Keys name the deployment (its database), so that two sharing one Redis never count together.
    const scope = config.database.url ? new URL(config.database.url).pathname.slice(1) || 'postgres' : 'embedded';
    this.redis = config.redis.url ? createRedisClient(config.redis.url, 1_000, 'rate-limit') : null;
    this.redis?.on('error', () => this.warnFallback());
    // The burst bucket refills at the same rate: empty, it is whole again after burst / rate seconds.
    const burstSeconds = Math.max(1, Math.ceil(burst / perSecond));
    this.requests = new BurstyRateLimiter(
      this.limiter({ keyPrefix: `rl:${scope}:request`, points: perSecond, duration: 1 }),
      this.limiter({ keyPrefix: `rl:${scope}:burst`, points: burst, duration: burstSeconds }),
    );
    this.logins = this.limiter({ keyPrefix: `rl:${scope}:login`, points: loginsPerMinute, duration: 60 });
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

  async onApplicationShutdown(): Promise<void> {
    this.redis?.disconnect();
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

  private limiter(options: IRateLimiterOptions): RateLimiterMemory | RateLimiterRedis {
    if (!this.redis) return new RateLimiterMemory(options);
    return new RateLimiterRedis({
      ...options,
      storeClient: this.redis,
      useRedisPackage: false,
      insuranceLimiter: new RateLimiterMemory(options),
    });
  }

  private warned = false;
  private warnFallback(): void {
    if (this.warned) return;
    this.warned = true;
    this.logger.warn('Redis is unavailable: rate limits count in this process until it is back');
    this.redis?.once('ready', () => {
      this.warned = false;
      this.logger.log('Redis is back: rate limits are shared again');
    });
  }
}

const seconds = (result: RateLimiterRes) => Math.max(1, Math.ceil(result.msBeforeNext / 1000));
