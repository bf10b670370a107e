import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';

/**
 * Connects at once and keeps reconnecting (up to every 5 s) for as long as the app runs,
 * so that a PING tells the truth: a lazy client with no offline queue would never connect
 * and always look down. Without an offline queue a PING while disconnected fails at once
 * instead of waiting for a connection. Errors are logged when the state changes, not on
 * every reconnect attempt.
 */
export function createRedisClient(url: string, checkTimeoutMs: number, name = 'health'): Redis {
  const logger = new Logger(`Redis:${name}`);
  const client = new Redis(url, {
    lazyConnect: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: Math.max(checkTimeoutMs, 2_000),
    retryStrategy: (attempt) => Math.min(attempt * 250, 5_000),
    connectionName: `process-todo:${name}`,
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
