import { Check, Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';
import { check } from '../../../platform/database/checks.js';
import type { IsoWeekday } from '../../../shared/domain/calendar-date.js';
import { CODE_MAX, NAME_MAX, type CalendarSnapshot } from '../domain/calendar.aggregate.js';

/**
 * The `calendars` row, described once (migrations are generated from it; CI checks they
 * agree). Its properties are the snapshot's, holidays aside (they have their own table).
 * Lists come in code order from the unique code's own index; `q` (ILIKE '%…%' on the code
 * or the name) uses the two trigram indexes written in their migration.
 */
@Entity({ name: 'calendars' })
@Index('IDX_calendars_code_trgm', { synchronize: false })
@Index('IDX_calendars_name_trgm', { synchronize: false })
@Unique('UQ_calendars_code', ['code'])
@Check('CHK_calendars_code', `"code" ~ '^[A-Za-z0-9][A-Za-z0-9_-]{0,${CODE_MAX - 1}}$'`)
@Check('CHK_calendars_name', check.lengthBetween('name', 1, NAME_MAX))
@Check(
  'CHK_calendars_working_weekdays',
  `cardinality("working_weekdays") BETWEEN 1 AND 7 AND "working_weekdays" <@ '{1,2,3,4,5,6,7}'::smallint[]`,
)
@Check('CHK_calendars_version', `"version" >= 1`)
export class CalendarOrmEntity implements Omit<CalendarSnapshot, 'holidays'> {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_calendars' })
  id!: string;

  @Column({ type: 'varchar', length: CODE_MAX })
  code!: string;

  @Column({ type: 'varchar', length: NAME_MAX })
  name!: string;

  /** ISO weekdays, ascending. */
  @Column({ name: 'working_weekdays', type: 'smallint', array: true })
  workingWeekdays!: IsoWeekday[];

  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
