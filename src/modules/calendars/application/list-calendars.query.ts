import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config.js';
import { READ_CACHE, type ReadCache } from '../../../shared/application/read-cache.js';
import { searchThroughCache } from '../../../shared/application/search-cache.js';
import { LogUseCase } from '../../../shared/application/log-use-case.decorator.js';
import {
  CALENDAR_READ_MODEL,
  type CalendarListCriteria,
  type CalendarPage,
  type CalendarReadModel,
} from './ports/calendar.read-model.js';

@Injectable()
export class ListCalendarsQuery {
  private readonly searchTtlMs: number;

  constructor(
    @Inject(CALENDAR_READ_MODEL) private readonly reads: CalendarReadModel,
    @Inject(READ_CACHE) private readonly cache: ReadCache,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.searchTtlMs = config.cache.searchTtlMs;
  }

  /** A search (`text`) through the read cache for CACHE_SEARCH_TTL_SECONDS; every other list fresh. */
  @LogUseCase({ success: 'debug' })
  execute(criteria: CalendarListCriteria): Promise<CalendarPage> {
    if (!criteria.text) return this.reads.list(criteria);
    return searchThroughCache(this.cache, this.searchTtlMs, 'calendars', criteria, ['createdAt', 'updatedAt'], () => this.reads.list(criteria));
  }
}
