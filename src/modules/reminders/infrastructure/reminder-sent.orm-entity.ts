import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * `reminders_sent`: one row per day and item reminded of. The primary key, day first, is the
 * claim (one reminder per item and day) and the purge's range (days older than 30).
 */
@Entity({ name: 'reminders_sent' })
export class ReminderSentOrmEntity {
  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'PK_reminders_sent' })
  day!: string;

  @PrimaryColumn({ name: 'item_key', type: 'varchar', length: 200, primaryKeyConstraintName: 'PK_reminders_sent' })
  itemKey!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
