import { Inject, Injectable, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { createRedisClient } from '../redis/redis-client.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';

/** The Redis connection readiness pings; null when REDIS_URL is unset. */
export const HEALTH_REDIS = Symbol('HealthRedis');

export const healthRedisProvider: Provider = {
  provide: HEALTH_REDIS,
  inject: [APP_CONFIG],
  useFactory: ({ redis, health }: AppConfig): Redis | null =>
    redis.url ? createRedisClient(redis.url, health.checkTimeoutMs) : null,
};

/** Closes the connection after the HTTP server, so that readiness can ping it while draining. */
@Injectable()
export class HealthRedisLifecycle implements OnApplicationShutdown {
  constructor(@Inject(HEALTH_REDIS) private readonly client: Redis | null) {}

  onApplicationShutdown(): void {
    this.client?.disconnect();
  }
}
