import { CACHE_MANAGER } from '@nestjs/cache-manager';
import { Inject, Injectable } from '@nestjs/common';
import type { Cache } from 'cache-manager';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config.js';
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
  /**
   * Bumped by every `forget`. A load that overlapped a forget may have read the state
   * before the change committed, so it is returned but not cached.
   */
  private generation = 0;

  constructor(
    @Inject(CALENDAR_READ_MODEL) private readonly reads: CalendarReadModel,
    @Inject(CACHE_MANAGER) private readonly cache: Cache,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The working-day calendar of `calendarId`.
   * @throws CalendarNotFoundError when there is no such calendar.
   */
  async get(calendarId: string): Promise<WorkingCalendar> {
    const key = cacheKey(calendarId);
    const cached = await this.cache.get<CachedCalendar>(key);
    if (cached) return toWorkingCalendar(cached);

    const generation = this.generation;
    const calendar = await this.reads.findById(calendarId);
    if (!calendar) throw new CalendarNotFoundError(calendarId);
    const entry: CachedCalendar = {
      workingWeekdays: [...calendar.workingWeekdays],
      holidays: calendar.holidays.map((holiday) => holiday.date),
    };
    // A TTL of 0 would mean "never expires" to the cache: here it means "do not cache".
    const ttl = this.config.cache.calendarTtlMs;
    if (ttl > 0 && generation === this.generation) await this.cache.set(key, entry, ttl);
    return toWorkingCalendar(entry);
  }

  /** Drops the cached entry of a calendar; every committed change of it calls this. */
  async forget(calendarId: string): Promise<void> {
    this.generation++;
    await this.cache.del(cacheKey(calendarId));
  }
}

function toWorkingCalendar(entry: CachedCalendar): WorkingCalendar {
  return new WorkingCalendar(entry.workingWeekdays, entry.holidays);
}
