import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config.js';
import { READ_CACHE, type ReadCache } from '../../../shared/application/read-cache.js';
import type { CalendarDate, IsoWeekday } from '../../../shared/domain/calendar-date.js';
import { WorkingCalendar } from '../../../shared/domain/working-calendar.js';
import { CalendarNotFoundError } from '../domain/calendar.errors.js';
import { CALENDAR_READ_MODEL, type CalendarReadModel } from './ports/calendar.read-model.js';

/** What a cache entry holds: plain data, so that any cache store can keep it. */
interface CachedCalendar {
  workingWeekdays: IsoWeekday[];
  holidays: CalendarDate[];
}

const cacheKey = (calendarId: string) => `calendars:working:${calendarId}`;

/**
 * The working-day calendar behind a calendar id, for code that plans over working days
 * (case scheduling). Entries are cached for `CACHE_CALENDAR_TTL_SECONDS` (SPEC-CACHE:
 * holidays 24 h; 0 turns the cache off) and dropped by every change of the calendar once
 * that change has committed, so a plan never uses a holiday list older than the last commit.
 *
 * @example
 * const calendar = await workingCalendars.get(template.calendarId);
 * const due = calendar.subtractWorkingDays(goalDate, step.durationDays);
 */
@Injectable()
export class WorkingCalendarProvider {
  constructor(
    @Inject(CALENDAR_READ_MODEL) private readonly reads: CalendarReadModel,
    @Inject(READ_CACHE) private readonly cache: ReadCache,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The working-day calendar of `calendarId`.
   * @throws CalendarNotFoundError when there is no such calendar.
   */
  async get(calendarId: string): Promise<WorkingCalendar> {
    const entry = await this.cache.through<CachedCalendar>(cacheKey(calendarId), this.config.cache.calendarTtlMs, async () => {
      const calendar = await this.reads.findById(calendarId);
      return calendar
        ? { workingWeekdays: [...calendar.workingWeekdays], holidays: calendar.holidays.map((holiday) => holiday.date) }
        : null;
    });
    if (!entry) throw new CalendarNotFoundError(calendarId);
    return toWorkingCalendar(entry);
  }

  /** Drops the cached entry of a calendar, for every replica; every committed change of it calls this. */
  async forget(calendarId: string): Promise<void> {
    await this.cache.forget(cacheKey(calendarId));
  }
}

function toWorkingCalendar(entry: CachedCalendar): WorkingCalendar {
  return new WorkingCalendar(entry.workingWeekdays, entry.holidays);
}
