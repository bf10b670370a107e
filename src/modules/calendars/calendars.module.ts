import { Module } from '@nestjs/common';
import { DatabaseModule } from '../../platform/database/database.module.js';
import { CalendarHolidayOrmEntity } from './infrastructure/calendar-holiday.orm-entity.js';
import { CalendarOrmEntity } from './infrastructure/calendar.orm-entity.js';
import { AddHolidaysUseCase } from './application/add-holidays.use-case.js';
import { CalendarChangeNotifier } from './application/calendar-change.notifier.js';
import { CreateCalendarUseCase } from './application/create-calendar.use-case.js';
import { GetCalendarQuery } from './application/get-calendar.query.js';
import { ListCalendarsQuery } from './application/list-calendars.query.js';
import { CALENDAR_READ_MODEL } from './application/ports/calendar.read-model.js';
import { RemoveHolidayUseCase } from './application/remove-holiday.use-case.js';
import { SetWorkingWeekUseCase } from './application/set-working-week.use-case.js';
import { WorkingCalendarProvider } from './application/working-calendar.provider.js';
import { WorkingDaysQuery } from './application/working-days.query.js';
import { CALENDAR_REPOSITORY } from './domain/calendar.repository.js';
import { TypeOrmCalendarReadModel } from './infrastructure/typeorm-calendar.read-model.js';
import { TypeOrmCalendarRepository } from './infrastructure/typeorm-calendar.repository.js';
import { CalendarsController } from './interface/calendars.controller.js';

/**
 * Working-day calendars per team or country (SPEC-DOM-4). Other modules plan over them
 * through WorkingCalendarProvider, the one thing exported.
 */
@Module({
  imports: [DatabaseModule.forFeature([CalendarOrmEntity, CalendarHolidayOrmEntity])],
  controllers: [CalendarsController],
  providers: [
    CreateCalendarUseCase,
    SetWorkingWeekUseCase,
    AddHolidaysUseCase,
    RemoveHolidayUseCase,
    GetCalendarQuery,
    ListCalendarsQuery,
    WorkingDaysQuery,
    WorkingCalendarProvider,
    CalendarChangeNotifier,
    { provide: CALENDAR_REPOSITORY, useClass: TypeOrmCalendarRepository },
    { provide: CALENDAR_READ_MODEL, useClass: TypeOrmCalendarReadModel },
  ],
  exports: [WorkingCalendarProvider],
})
export class CalendarsModule {}
