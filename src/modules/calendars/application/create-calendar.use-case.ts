import { AUDIT_TRAIL, type AuditTrail, auditChanges } from '../../../shared/application/audit-trail.js';
import { calendarAuditView } from './change-calendar.js';
import { randomUUID } from 'node:crypto';
import { Transactional } from '@nestjs-cls/transactional';
import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../../../shared/application/clock.js';
import { LogUseCase } from '../../../shared/application/log-use-case.decorator.js';
import { Calendar, type CalendarSnapshot, type NewCalendar } from '../domain/calendar.aggregate.js';
import { CALENDAR_REPOSITORY, type CalendarRepository } from '../domain/calendar.repository.js';
import { CalendarChangeNotifier } from './calendar-change.notifier.js';

export type CreateCalendarCommand = NewCalendar;

/** Creates a calendar with its holidays: the calendar row, the holiday rows and the audit entry commit together. */
@Injectable()
export class CreateCalendarUseCase {
  constructor(
    @Inject(CALENDAR_REPOSITORY) private readonly calendars: CalendarRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly notifier: CalendarChangeNotifier,
    @Inject(AUDIT_TRAIL) private readonly audit: AuditTrail,
  ) {}

  @LogUseCase()
  @Transactional()
  async execute(command: CreateCalendarCommand): Promise<CalendarSnapshot> {
    const calendar = Calendar.create(randomUUID(), command, this.clock.now());
    await this.calendars.insert(calendar);
    const created = calendar.snapshot();
    await this.audit.record({ action: 'calendar.create', resourceType: 'calendar', resourceId: created.id, changes: auditChanges(null, calendarAuditView(created)) });
    this.notifier.changed(created.id, 'calendar_created', {
      code: created.code,
      holidays: created.holidays.length,
    });
    return created;
  }
}
