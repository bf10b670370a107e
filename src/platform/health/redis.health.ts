import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { HEALTH_REDIS } from './health-redis.client.js';

/** Redis answers PING within HEALTH_CHECK_TIMEOUT_MS; only checked when REDIS_URL is set. */
@Injectable()
export class RedisHealthIndicator {
  constructor(
    @Inject(HEALTH_REDIS) private readonly client: Redis | null,
    private readonly indicators: HealthIndicatorService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get configured(): boolean {
    return this.client !== null;
  }

  ping<const Key extends string = 'redis'>(key: Key = 'redis' as Key) {
    const client = this.client;
    return this.indicators
      .check(key)
      .attempt(async () => {
        if (!client) throw new Error('REDIS_URL is not set');
        const reply = await client.ping();
        if (reply !== 'PONG') throw new Error(`unexpected reply to PING: ${reply}`);
      })
      .withTimeout(this.config.health.checkTimeoutMs);
  }
}
