import { HealthIndicatorService } from '@nestjs/terminus';
import type { Redis } from 'ioredis';
import { describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../config/load-config.js';
import { RedisHealthIndicator } from './redis.health.js';

const config = loadConfig({ HEALTH_CHECK_TIMEOUT_MS: '50', REDIS_URL: 'redis://127.0.0.1:6379' });
const indicator = (client: Partial<Redis> | null) =>
  new RedisHealthIndicator(client as Redis | null, new HealthIndicatorService(), config);

describe('RedisHealthIndicator', () => {
  it('is up when PING answers PONG', async () => {
    const subject = indicator({ ping: vi.fn().mockResolvedValue('PONG') });
    expect(subject.configured).toBe(true);
    expect(await subject.ping()).toEqual({ redis: { status: 'up', responseTime: expect.any(Number) } });
  });

  it('is down when the client cannot send (disconnected, no offline queue)', async () => {
    const ping = vi.fn().mockRejectedValue(new Error("Stream isn't writeable and enableOfflineQueue options is false"));
    expect(await indicator({ ping }).ping()).toMatchObject({ redis: { status: 'down', message: /writeable/ } });
  });

  it('is down when PING hangs past HEALTH_CHECK_TIMEOUT_MS', async () => {
    const ping = vi.fn(() => new Promise<'PONG'>(() => undefined));
    expect(await indicator({ ping }).ping()).toMatchObject({
      redis: { status: 'down', message: 'timeout of 50ms exceeded' },
    });
  });

  it('is not configured without REDIS_URL', () => {
    expect(indicator(null).configured).toBe(false);
  });
});
