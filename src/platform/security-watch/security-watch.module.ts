import { Module } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { SECURITY_EVENTS_PORT, type SecurityEvents } from '../../shared/application/security-events.js';
import { RateLimiterStore } from '../rate-limit/rate-limiter-store.js';
import { SecurityWatch } from './security-watch.js';

/** Unusual access and suspicious input as security events (SecurityWatch); RateLimitModule brings the store. */
@Module({
  providers: [
    {
      provide: SecurityWatch,
      inject: [APP_CONFIG, RateLimiterStore, SECURITY_EVENTS_PORT, HttpAdapterHost],
      // Runs while Nest builds the providers, before app.init() registers the routes,
      // which is when the per-route hooks must be in place.
      useFactory: (config: AppConfig, store: RateLimiterStore, security: SecurityEvents, host: HttpAdapterHost) => {
        const watch = new SecurityWatch(config, store, security);
        const fastify = host.httpAdapter?.getInstance<FastifyInstance>();
        if (fastify) watch.attach(fastify);
        return watch;
      },
    },
  ],
})
export class SecurityWatchModule {}
