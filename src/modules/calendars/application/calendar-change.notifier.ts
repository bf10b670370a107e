import { Inject, Injectable } from '@nestjs/common';
import { BUSINESS_EVENTS, type BusinessEvents } from '../../../shared/application/business-events.js';
import { AFTER_COMMIT, type AfterCommit } from '../../../shared/application/after-commit.js';
import { WorkingCalendarProvider } from './working-calendar.provider.js';

export type CalendarEvent =
  | 'calendar_created'
  | 'calendar_week_changed'
  | 'holidays_added'
  | 'holiday_removed';

/**
 * What follows every calendar change, once it has committed: the cached working calendar
 * is dropped and the business event recorded. Before the commit both would be wrong: a
 * reader could cache the old state again, and a rolled-back change would be logged.
 */
@Injectable()
export class CalendarChangeNotifier {
  constructor(
    @Inject(AFTER_COMMIT) private readonly afterCommit: AfterCommit,
    @Inject(BUSINESS_EVENTS) private readonly events: BusinessEvents,
    private readonly workingCalendars: WorkingCalendarProvider,
  ) {}

  changed(calendarId: string, event: CalendarEvent, context: Record<string, unknown> = {}): void {
    this.afterCommit.run(() => this.workingCalendars.forget(calendarId));
    this.afterCommit.run(() => this.events.record(event, { calendarId, ...context }));
  }
}
