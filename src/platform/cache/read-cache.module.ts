import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { READ_CACHE } from '../../shared/application/read-cache.js';
import { createRedisClient, redisScope } from '../redis/redis-client.js';
import { memoryCacheStore, redisCacheStore } from './cache-stores.js';
import { SharedReadCache } from './shared-read-cache.js';

/** A cache read that Redis does not answer within this long goes to the database. */
const REDIS_COMMAND_TIMEOUT_MS = 250;
const CACHE_REDIS = Symbol('CacheRedis');

/**
 * The read cache of every module (READ_CACHE, SPEC-CACHE): in Redis when REDIS_URL is set
 * (its own connection, keys under `process-todo:cache:<database>:`), in this process
 * otherwise.
 */
@Global()
@Module({
  providers: [
    {
      provide: CACHE_REDIS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): Redis | null =>
        config.redis.url
          ? createRedisClient(config.redis.url, 1_000, 'cache', { commandTimeoutMs: REDIS_COMMAND_TIMEOUT_MS })
          : null,
    },
    {
      provide: SharedReadCache,
      inject: [APP_CONFIG, CACHE_REDIS],
      useFactory: (config: AppConfig, redis: Redis | null) =>
        new SharedReadCache(
          redis ? redisCacheStore(redis, `process-todo:cache:${redisScope(config)}:`) : memoryCacheStore(),
        ),
    },
    { provide: READ_CACHE, useExisting: SharedReadCache },
  ],
  exports: [READ_CACHE, SharedReadCache],
})
export class ReadCacheModule implements OnApplicationShutdown {
  constructor(
    private readonly cache: SharedReadCache,
    @Inject(CACHE_REDIS) private readonly redis: Redis | null,
  ) {}

  onApplicationShutdown(): void {
    this.cache.close();
    this.redis?.disconnect();
  }
}
