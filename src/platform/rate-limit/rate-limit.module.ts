import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { RateLimitGuard } from './rate-limit.guard.js';
import { RateLimiterStore } from './rate-limiter-store.js';
import { RateLimits } from './rate-limits.js';

/**
 * Request and sign-in limits, and the store every rate-limiter-flexible counter of the app
 * is made by; import after AuthModule, so that this guard runs after the access-token one.
 */
@Global()
@Module({
  providers: [RateLimiterStore, RateLimits, { provide: APP_GUARD, useClass: RateLimitGuard }],
  exports: [RateLimiterStore, RateLimits],
})
export class RateLimitModule {}
