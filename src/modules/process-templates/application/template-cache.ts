import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config.js';
import { READ_CACHE, type ReadCache } from '../../../shared/application/read-cache.js';
import type { TemplateDefinitionView } from './template-definition.view.js';

/** Where a template's "latest" pointer stands and whether it is archived: what changes. */
export interface TemplateHead {
  readonly latestVersion: number;
  readonly archived: boolean;
}

/**
 * The template read cache (SPEC-CACHE), entries kept `cache.templateTtlMs`; 0 disables it.
 * A version never changes, so its entry is only ever dropped by the TTL; the head changes
 * with every revision, archive and restore, which forget it once they have committed (for
 * every replica at once: the read cache is shared in Redis when there is one).
 */
@Injectable()
export class TemplateCache {
  private readonly ttlMs: number;

  constructor(
    @Inject(READ_CACHE) private readonly cache: ReadCache,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.ttlMs = config.cache.templateTtlMs;
  }

  head(templateId: string, load: () => Promise<TemplateHead | null>): Promise<TemplateHead | null> {
    return this.cache.through(headKey(templateId), this.ttlMs, load);
  }

  version(
    templateId: string,
    version: number,
    load: () => Promise<TemplateDefinitionView | null>,
  ): Promise<TemplateDefinitionView | null> {
    return this.cache.through(versionKey(templateId, version), this.ttlMs, load);
  }

  /** Seeds a version entry read on the way to something else. */
  async keepVersion(view: TemplateDefinitionView): Promise<void> {
    await this.cache.keep(versionKey(view.templateId, view.version), view, this.ttlMs);
  }

  /** Drops the head of a template that changed; call it after the change committed. */
  async forgetHead(templateId: string): Promise<void> {
    await this.cache.forget(headKey(templateId));
  }
}

const headKey = (templateId: string) => `process-template:${templateId}:head`;

const versionKey = (templateId: string, version: number) =>
  `process-template:${templateId}:v${version}`;
