import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config.js';
import { READ_CACHE, type ReadCache } from '../../../shared/application/read-cache.js';
import { searchThroughCache } from '../../../shared/application/search-cache.js';
import { LogUseCase } from '../../../shared/application/log-use-case.decorator.js';
import {
  PROCESS_TEMPLATE_READ_MODEL,
  type ProcessTemplateReadModel,
  type TemplateListCriteria,
  type TemplatePage,
} from './ports/process-template.read-model.js';

@Injectable()
export class ListTemplatesQuery {
  private readonly searchTtlMs: number;

  constructor(
    @Inject(PROCESS_TEMPLATE_READ_MODEL) private readonly reads: ProcessTemplateReadModel,
    @Inject(READ_CACHE) private readonly cache: ReadCache,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.searchTtlMs = config.cache.searchTtlMs;
  }

  /** A search (`text`) through the read cache for CACHE_SEARCH_TTL_SECONDS; every other list fresh. */
  @LogUseCase({ success: 'debug' })
  execute(criteria: TemplateListCriteria): Promise<TemplatePage> {
    if (!criteria.text) return this.reads.list(criteria);
    return searchThroughCache(this.cache, this.searchTtlMs, 'templates', criteria, ['archivedAt', 'createdAt', 'updatedAt'], () => this.reads.list(criteria));
  }
}
