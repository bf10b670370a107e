import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * `outbox_messages`: work a transaction committed to, waiting for the relay to hand it to the
 * job queue. `dispatched_at` is set once the queue holds it (Bull) or once it has run
 * (in-process); `claimed_until` is a relay's lease on it meanwhile, so that a relay that died
 * holding messages leaves them to the next one when the lease runs out.
 */
@Entity({ name: 'outbox_messages' })
@Index('IDX_outbox_messages_pending', ['createdAt'], { where: 'dispatched_at IS NULL' })
export class OutboxMessageOrmEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_outbox_messages' })
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  kind!: string;

  @Column({ type: 'jsonb' })
  data!: object;

  @Column({ name: 'trace_id', type: 'varchar', length: 64, nullable: true })
  traceId!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'claimed_until', type: 'timestamptz', nullable: true })
  claimedUntil!: Date | null;

  @Column({ name: 'dispatched_at', type: 'timestamptz', nullable: true })
  dispatchedAt!: Date | null;
}
