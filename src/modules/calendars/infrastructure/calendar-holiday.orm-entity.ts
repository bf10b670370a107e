import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CalendarOrmEntity } from './calendar.orm-entity.js';

/**
 * The `calendar_holidays` table: one row per holiday date of a calendar, deleted with it.
 * Described for `migration:generate`; the schema is owned by migrations.
 */
@Entity({ name: 'calendar_holidays' })
@Check('CHK_calendar_holidays_name', `char_length("name") BETWEEN 1 AND 100`)
export class CalendarHolidayOrmEntity {
  @PrimaryColumn({ name: 'calendar_id', type: 'uuid', primaryKeyConstraintName: 'PK_calendar_holidays' })
  calendarId!: string;

  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'PK_calendar_holidays' })
  date!: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  name!: string | null;

  @ManyToOne(() => CalendarOrmEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'calendar_id', foreignKeyConstraintName: 'FK_calendar_holidays_calendar' })
  calendar?: CalendarOrmEntity;
}
