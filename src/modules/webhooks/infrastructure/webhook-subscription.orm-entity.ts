import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { check } from '../../../platform/database/checks.js';
import { DESCRIPTION_MAX, SECRET_MAX, SECRET_MIN, URL_MAX } from '../domain/webhook-subscription.js';

/**
 * `webhook_subscriptions`: who hears which events. The secret signs deliveries and is read
 * only by the delivery job; no read model selects it. Lists come newest first from
 * IDX_webhook_subscriptions_created; the table is small (an admin's list), so the event
 * lookup scans it.
 */
@Entity({ name: 'webhook_subscriptions' })
@Index('IDX_webhook_subscriptions_created', ['createdAt', 'id'])
@Check('CHK_webhook_subscriptions_url', check.lengthBetween('url', 1, URL_MAX))
@Check('CHK_webhook_subscriptions_secret', check.lengthBetween('secret', SECRET_MIN, SECRET_MAX))
@Check('CHK_webhook_subscriptions_description', check.lengthAtMost('description', DESCRIPTION_MAX))
@Check('CHK_webhook_subscriptions_events', `cardinality("events") >= 1`)
export class WebhookSubscriptionOrmEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_webhook_subscriptions' })
  id!: string;

  @Column({ type: 'varchar', length: URL_MAX })
  url!: string;

  @Column({ type: 'text', array: true })
  events!: string[];

  @Column({ type: 'varchar', length: SECRET_MAX })
  secret!: string;

  @Column({ type: 'varchar', length: DESCRIPTION_MAX, default: '' })
  description!: string;

  @Column({ type: 'boolean' })
  enabled!: boolean;

  @Column({ name: 'consecutive_failures', type: 'integer', default: 0 })
  consecutiveFailures!: number;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt!: Date | null;

  @Column({ name: 'disabled_reason', type: 'varchar', length: 600, nullable: true })
  disabledReason!: string | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
