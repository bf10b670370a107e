import { Inject, Injectable, Logger, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';

/** The Redis connection readiness pings; null when REDIS_URL is unset. */
export const HEALTH_REDIS = Symbol('HealthRedis');

/**
 * Connects at once and keeps reconnecting (up to every 5 s) for as long as the app runs,
 * so that a PING tells the truth: a lazy client with no offline queue would never connect
 * and always look down. Without an offline queue a PING while disconnected fails at once
 * instead of waiting for a connection. Errors are logged when the state changes, not on
 * every reconnect attempt.
 */
export function createHealthRedis(url: string, checkTimeoutMs: number): Redis {
  const logger = new Logger('Redis');
  const client = new Redis(url, {
    lazyConnect: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: Math.max(checkTimeoutMs, 2_000),
    retryStrategy: (attempt) => Math.min(attempt * 250, 5_000),
    connectionName: 'process-todo:health',
  });
  let lastError: string | undefined;
  client.on('error', (error: Error & { code?: string }) => {
    const summary = error.code ?? error.message;
    if (summary !== lastError) logger.warn(`Redis unavailable: ${summary}; reconnecting`);
    lastError = summary;
  });
  client.on('ready', () => {
    if (lastError !== undefined) logger.log('Redis reachable again');
    lastError = undefined;
  });
  return client;
}

export const healthRedisProvider: Provider = {
  provide: HEALTH_REDIS,
  inject: [APP_CONFIG],
  useFactory: ({ redis, health }: AppConfig): Redis | null =>
    redis.url ? createHealthRedis(redis.url, health.checkTimeoutMs) : null,
};

/** Closes the connection after the HTTP server, so that readiness can ping it while draining. */
@Injectable()
export class HealthRedisLifecycle implements OnApplicationShutdown {
  constructor(@Inject(HEALTH_REDIS) private readonly client: Redis | null) {}

  onApplicationShutdown(): void {
    this.client?.disconnect();
  }
}
