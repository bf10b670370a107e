import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';

const RESOLUTION_MS = 10;
const WINDOW_MS = 5_000;
const NS_PER_MS = 1e6;

/**
 * Whether the process is wedged: the worst event-loop delay that
 * `perf_hooks.monitorEventLoopDelay` saw in the current and the previous window of
 * 5 s, against HEALTH_EVENT_LOOP_DELAY_MS. A loop stuck in CPU-bound work, or in a
 * synchronous call that never returns, fails it; a slow database does not. Reading it
 * costs nothing: the histogram is filled by a timer inside Node.
 *
 * @example
 * health.check([() => eventLoop.check()]) // { event_loop: { status: 'up', delay_ms: 3, threshold_ms: 1000 } }
 */
@Injectable()
export class EventLoopHealthIndicator implements OnModuleInit, OnApplicationShutdown {
  private readonly histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  private previousWindowMaxMs = 0;
  private rotation?: NodeJS.Timeout;

  constructor(
    private readonly indicators: HealthIndicatorService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.histogram.enable();
    this.rotation = setInterval(() => {
      this.previousWindowMaxMs = this.currentWindowMaxMs();
      this.histogram.reset();
    }, WINDOW_MS).unref();
  }

  // Not on module destroy: liveness keeps answering while the server drains.
  onApplicationShutdown(): void {
    clearInterval(this.rotation);
    this.histogram.disable();
  }

  /** The worst delay of the last 5 to 10 seconds, in ms, beyond the sampling interval. */
  delayMs(): number {
    return Math.max(this.previousWindowMaxMs, this.currentWindowMaxMs());
  }

  check<const Key extends string = 'event_loop'>(key: Key = 'event_loop' as Key) {
    const delay = this.delayMs();
    const thresholdMs = this.config.health.eventLoopDelayMs;
    const data = { delay_ms: Math.round(delay), threshold_ms: thresholdMs };
    const session = this.indicators.check(key);
    return delay > thresholdMs ? session.down(data) : session.up(data);
  }

  private currentWindowMaxMs(): number {
    // The histogram records the time between two timer ticks, which includes the interval.
    return Math.max(0, this.histogram.max / NS_PER_MS - RESOLUTION_MS);
  }
}
