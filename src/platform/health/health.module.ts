import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { CpuUsageSampler } from './cpu-usage.sampler.js';
import { DatabaseHealthIndicator } from './database.health.js';
import { DetailedHealth } from './detailed-health.js';
import { EventLoopHealthIndicator } from './event-loop.health.js';
import { HealthRedisLifecycle, healthRedisProvider } from './health-redis.client.js';
import { HealthController } from './health.controller.js';
import { RedisHealthIndicator } from './redis.health.js';

/**
 * `/health`, `/health/live`, `/health/ready`, `/health/detailed`.
 *
 * Shutdown, in Nest's order: on SIGTERM terminus marks itself shutting down (readiness
 * answers 503 from then on) and waits SHUTDOWN_DELAY_MS while the server still serves,
 * so that load balancers take the pod out first (its `beforeApplicationShutdown`); then
 * Nest closes the HTTP server, which lets in-flight requests finish; then the
 * `onApplicationShutdown` hooks close the Redis connection and the database pool. On
 * SIGINT, or `app.close()`, readiness turns 503 the same way but nothing waits. main.ts
 * bounds the whole by SHUTDOWN_TIMEOUT_MS.
 */
@Module({
  imports: [
    TerminusModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: ({ http }: AppConfig) => ({ gracefulShutdownTimeoutMs: http.shutdownDelayMs }),
    }),
  ],
  controllers: [HealthController],
  providers: [
    EventLoopHealthIndicator,
    DatabaseHealthIndicator,
    RedisHealthIndicator,
    healthRedisProvider,
    HealthRedisLifecycle,
    CpuUsageSampler,
    DetailedHealth,
  ],
})
export class HealthModule {}
