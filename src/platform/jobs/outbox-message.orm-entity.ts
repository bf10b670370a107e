import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { LAST_ERROR_MAX } from './job-queue.js';

/**
 * `outbox_messages`: work a transaction committed to, waiting for the relay to hand it to the
 * job queue. `dispatched_at` is set once the queue holds it (Bull) or once it has run
 * (in-process); `claimed_until` is a relay's lease on it meanwhile, so that a relay that died
 * holding messages leaves them to the next one when the lease runs out.
 *
 * `retry_of` links an operator's retry to the job it retries (one retry per job: the
 * unique index). In the embedded mode, whose queue keeps nothing across restarts, the row
 * also records how its run ended (`attempts_made`, and `failed_at` with `last_error` for a
 * job that ran out of attempts): the in-process queue's finished jobs are these rows.
 */
@Entity({ name: 'outbox_messages' })
@Index('IDX_outbox_messages_pending', ['createdAt'], { where: 'dispatched_at IS NULL' })
@Index('UQ_outbox_messages_retry_of', ['retryOf'], { unique: true, where: 'retry_of IS NOT NULL' })
@Index('IDX_outbox_messages_failed', ['createdAt', 'id'], { where: 'failed_at IS NOT NULL' })
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

  /** The job this one retries (an operator's POST /admin/jobs/:id/retry). */
  @Column({ name: 'retry_of', type: 'uuid', nullable: true })
  retryOf!: string | null;

  /** In-process only: the runs it took. */
  @Column({ name: 'attempts_made', type: 'integer', nullable: true })
  attemptsMade!: number | null;

  /** In-process only: when it ran out of attempts. */
  @Column({ name: 'failed_at', type: 'timestamptz', nullable: true })
  failedAt!: Date | null;

  @Column({ name: 'last_error', type: 'varchar', length: LAST_ERROR_MAX, nullable: true })
  lastError!: string | null;
}
