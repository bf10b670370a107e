import { CACHE_MANAGER } from '@nestjs/cache-manager';
import { Inject, Injectable } from '@nestjs/common';
import type { Cache } from 'cache-manager';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config.js';
import type { TemplateDefinitionView } from './template-definition.view.js';

/** Where a template's "latest" pointer stands and whether it is archived: what changes. */
export interface TemplateHead {
  readonly latestVersion: number;
  readonly archived: boolean;
}

/**
 * The template read cache (SPEC-CACHE), entries kept `cache.templateTtlMs`; 0 disables it.
 * A version never changes, so its entry is only ever dropped by the TTL; the head changes
 * with every revision, archive and restore, which forget it once they have committed.
 * Values are plain JSON, so any store (in-process now, Redis later) keeps them exactly.
 */
@Injectable()
export class TemplateCache {
  private readonly ttlMs: number;

  constructor(
    @Inject(CACHE_MANAGER) private readonly cache: Cache,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.ttlMs = config.cache.templateTtlMs;
  }

  head(templateId: string, load: () => Promise<TemplateHead | null>): Promise<TemplateHead | null> {
    return this.through(`process-template:${templateId}:head`, load);
  }

  version(
    templateId: string,
    version: number,
    load: () => Promise<TemplateDefinitionView | null>,
  ): Promise<TemplateDefinitionView | null> {
    return this.through(versionKey(templateId, version), load);
  }

  /** Seeds a version entry read on the way to something else. */
  async keepVersion(view: TemplateDefinitionView): Promise<void> {
    if (this.ttlMs > 0) await this.cache.set(versionKey(view.templateId, view.version), view, this.ttlMs);
  }

  /** Drops the head of a template that changed; call it after the change committed. */
  async forgetHead(templateId: string): Promise<void> {
    await this.cache.del(`process-template:${templateId}:head`);
  }

  /** Absence is not cached: a template may be created under an id asked for before. */
  private async through<T>(key: string, load: () => Promise<T | null>): Promise<T | null> {
    if (this.ttlMs <= 0) return load();
    const cached = await this.cache.get<T>(key);
    if (cached !== undefined) return cached;
    const value = await load();
    if (value !== null) await this.cache.set(key, value, this.ttlMs);
    return value;
  }
}

const versionKey = (templateId: string, version: number) =>
  `process-template:${templateId}:v${version}`;
