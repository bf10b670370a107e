import { Module } from '@nestjs/common';
import { PurgeExpiredKeysJob } from './purge-expired-keys.job.js';

/** The Idempotency-Key store's upkeep (the interceptor itself is used by each route that declares it). */
@Module({ providers: [PurgeExpiredKeysJob] })
export class IdempotencyModule {}
