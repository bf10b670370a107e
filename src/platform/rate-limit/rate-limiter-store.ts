import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { createRedisClient, redisScope } from '../redis/redis-client.js';

/** Options of one counter; the store names its keys. */
export interface CounterOptions {
  /** How many points a key may have in a window. */
  points: number;
  /** The window, in seconds, from a key's first point. */
  duration: number;
  /**
   * In Redis: once a key has this many points, this process answers for it by itself (over)
   * until its window ends, without asking Redis.
   */
  inMemoryBlockOnConsumed?: number;
}

/**
 * Where every rate-limiter-flexible counter of the app lives: with REDIS_URL in Redis, shared
 * by every replica, each counter insured by an in-process one that counts while Redis is down
 * (so an outage never fails a request); without it, in process. One Redis connection for
 * them all. Keys are `rl:<deployment>:<name>:<key>`, the deployment being the database name,
 * so that two deployments sharing one Redis never count together.
 *
 * @example
 * const logins = store.limiter('login', { points: 5, duration: 60 });
 * await logins.consume('ip:203.0.113.7'); // rejects with a RateLimiterRes past 5 a minute
 */
@Injectable()
export class RateLimiterStore implements OnApplicationShutdown {
  private readonly logger = new Logger('RateLimit');
  private readonly redis: Redis | null;
  private readonly scope: string;
  private readonly flushes: (() => Promise<unknown>)[] = [];

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.scope = redisScope(config);
    this.redis = config.redis.url ? createRedisClient(config.redis.url, 1_000, 'rate-limit') : null;
    this.redis?.on('error', () => this.warnFallback());
  }

  /** A counter named `name` (unique in the app), in Redis with in-process insurance, or in process. */
  limiter(name: string, options: CounterOptions): RateLimiterMemory | RateLimiterRedis {
    const named = { ...options, keyPrefix: `rl:${this.scope}:${name}` };
    if (!this.redis) return new RateLimiterMemory(named);
    return new RateLimiterRedis({
      ...named,
      storeClient: this.redis,
      useRedisPackage: false,
      insuranceLimiter: new RateLimiterMemory(named),
    });
  }

  /** Runs `flush` at shutdown, before the Redis connection closes (counters that batch their points). */
  beforeClose(flush: () => Promise<unknown>): void {
    this.flushes.push(flush);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled(this.flushes.map((flush) => flush()));
    this.redis?.disconnect();
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
