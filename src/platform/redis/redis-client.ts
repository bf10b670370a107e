import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { AppConfig } from '../../config/app-config.js';

/**
 * Connects at once and keeps reconnecting (up to every 5 s) for as long as the app runs,
 * so that a PING tells the truth: a lazy client with no offline queue would never connect
 * and always look down. Without an offline queue a PING while disconnected fails at once
 * instead of waiting for a connection. Errors are logged when the state changes, not on
 * every reconnect attempt.
 */
export function createRedisClient(
  url: string,
  checkTimeoutMs: number,
  name = 'health',
  options: { commandTimeoutMs?: number } = {},
): Redis {
  const logger = new Logger(`Redis:${name}`);
  const client = new Redis(url, {
    lazyConnect: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: Math.max(checkTimeoutMs, 2_000),
    retryStrategy: (attempt) => Math.min(attempt * 250, 5_000),
    connectionName: `process-todo:${name}`,
    // A Redis that accepts commands and does not answer: each fails after this long.
    ...(options.commandTimeoutMs ? { commandTimeout: options.commandTimeoutMs } : {}),
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

/**
 * What the keys of this app's Redis data start with after their own prefix: the database's
 * name, so that two deployments (or two test apps) on one Redis, each with its own database,
 * never share a counter or a cache entry.
 */
export function redisScope(config: Pick<AppConfig, 'database'>): string {
  return config.database.url ? new URL(config.database.url).pathname.slice(1) || 'postgres' : 'embedded';
}
