import { Check, Column, Entity, PrimaryColumn, Unique } from 'typeorm';

/**
 * The `calendars` table. The schema is owned by migrations; this class describes it so
 * that `migration:generate` can tell when the two drift apart.
 */
@Entity({ name: 'calendars' })
@Unique('UQ_calendars_code', ['code'])
@Check('CHK_calendars_code', `"code" ~ '^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$'`)
@Check('CHK_calendars_name', `char_length("name") BETWEEN 1 AND 100`)
@Check(
  'CHK_calendars_working_weekdays',
  `cardinality("working_weekdays") BETWEEN 1 AND 7 AND "working_weekdays" <@ '{1,2,3,4,5,6,7}'::smallint[]`,
)
@Check('CHK_calendars_version', `"version" >= 1`)
export class CalendarOrmEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_calendars' })
  id!: string;

  @Column({ type: 'varchar', length: 40 })
  code!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /** ISO weekdays, ascending. */
  @Column({ name: 'working_weekdays', type: 'smallint', array: true })
  workingWeekdays!: number[];

  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
