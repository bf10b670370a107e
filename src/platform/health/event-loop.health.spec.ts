import { setTimeout as sleep } from 'node:timers/promises';
import { HealthIndicatorService } from '@nestjs/terminus';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppConfig } from '../../config/app-config.js';
import { loadConfig } from '../../config/load-config.js';
import { EventLoopHealthIndicator } from './event-loop.health.js';

function indicator(thresholdMs: number): EventLoopHealthIndicator {
  const config: AppConfig = loadConfig({ HEALTH_EVENT_LOOP_DELAY_MS: String(thresholdMs) });
  const subject = new EventLoopHealthIndicator(new HealthIndicatorService(), config);
  subject.onModuleInit();
  started.push(subject);
  return subject;
}

const started: EventLoopHealthIndicator[] = [];
afterEach(() => {
  for (const subject of started.splice(0)) subject.onApplicationShutdown();
});

function block(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // spin
  }
}

describe('EventLoopHealthIndicator', () => {
  it('is up while the loop turns freely', async () => {
    const subject = indicator(1_000);
    await sleep(50);
    expect(subject.check()).toEqual({ event_loop: { status: 'up', delay_ms: expect.any(Number), threshold_ms: 1_000 } });
    expect(subject.delayMs()).toBeLessThan(1_000);
  });

  it('is down once the loop was blocked longer than the threshold', async () => {
    const subject = indicator(50);
    await sleep(30); // the sampler measures from its second tick
    block(150);
    await sleep(20);
    const result = subject.check('loop');
    expect(result.loop.status).toBe('down');
    expect(result.loop.delay_ms).toBeGreaterThanOrEqual(100);
  });
});
