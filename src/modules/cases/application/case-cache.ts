import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config.js';
import { READ_CACHE, type ReadCache } from '../../../shared/application/read-cache.js';
import type { CaseSnapshot } from '../domain/case.aggregate.js';

/**
 * A case as GET /cases/:id reads it, kept `cache.caseTtlMs` (SPEC-CACHE: 5 min; 0 disables
 * it). Every change of the case (an update, a step's, a replan) forgets it once it has
 * committed, for every replica at once (the read cache is in Redis when there is one).
 */
@Injectable()
export class CaseCache {
  private readonly ttlMs: number;

  constructor(
    @Inject(READ_CACHE) private readonly cache: ReadCache,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.ttlMs = config.cache.caseTtlMs;
  }

  async get(id: string, load: () => Promise<CaseSnapshot | null>): Promise<CaseSnapshot | null> {
    const found = await this.cache.through(keyOf(id), this.ttlMs, load);
    // The cache keeps JSON: its times come back as strings.
    return found && { ...found, createdAt: new Date(found.createdAt), updatedAt: new Date(found.updatedAt) };
  }

  /** Drops a case that changed; call it after the change committed. */
  async forget(id: string): Promise<void> {
    await this.cache.forget(keyOf(id));
  }
}

const keyOf = (id: string) => `case:${id}`;
