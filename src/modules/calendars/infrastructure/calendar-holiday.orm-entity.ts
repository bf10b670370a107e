import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { check } from '../../../platform/database/checks.js';
import type { CalendarDate } from '../../../shared/domain/calendar-date.js';
import { HOLIDAY_NAME_MAX, type Holiday } from '../domain/holiday.js';
import { CalendarOrmEntity } from './calendar.orm-entity.js';

/** The `calendar_holidays` row: one holiday date of a calendar, deleted with it. */
@Entity({ name: 'calendar_holidays' })
@Check('CHK_calendar_holidays_name', check.lengthBetween('name', 1, HOLIDAY_NAME_MAX))
export class CalendarHolidayOrmEntity implements Holiday {
  @PrimaryColumn({ name: 'calendar_id', type: 'uuid', primaryKeyConstraintName: 'PK_calendar_holidays' })
  calendarId!: string;

  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'PK_calendar_holidays' })
  date!: CalendarDate;

  @Column({ type: 'varchar', length: HOLIDAY_NAME_MAX, nullable: true })
  name!: string | null;

  @ManyToOne(() => CalendarOrmEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'calendar_id', foreignKeyConstraintName: 'FK_calendar_holidays_calendar' })
  calendar?: CalendarOrmEntity;
}
