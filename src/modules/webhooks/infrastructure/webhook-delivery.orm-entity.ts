import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique } from 'typeorm';
import { check } from '../../../platform/database/checks.js';
import { DELIVERY_STATUSES } from '../application/ports/webhook.store.js';
import { WebhookSubscriptionOrmEntity } from './webhook-subscription.orm-entity.js';

/** How long a delivery's last error may be. */
export const DELIVERY_ERROR_MAX = 500;

/**
 * `webhook_deliveries`: one event on its way to one subscription, its body as signed, and its
 * attempts. UQ_webhook_deliveries_event makes a fanned-out event's deliveries once however
 * often the fan-out runs; IDX_webhook_deliveries_subscription serves each subscription's
 * log, newest first. They go with their subscription.
 */
@Entity({ name: 'webhook_deliveries' })
@Unique('UQ_webhook_deliveries_event', ['subscriptionId', 'eventId'])
@Index('IDX_webhook_deliveries_subscription', ['subscriptionId', 'createdAt', 'id'])
@Index('IDX_webhook_deliveries_created', ['createdAt'])
@Check('CHK_webhook_deliveries_status', check.oneOf('status', DELIVERY_STATUSES))
export class WebhookDeliveryOrmEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_webhook_deliveries' })
  id!: string;

  @Column({ name: 'subscription_id', type: 'uuid' })
  subscriptionId!: string;

  @ManyToOne(() => WebhookSubscriptionOrmEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'subscription_id', foreignKeyConstraintName: 'FK_webhook_deliveries_subscription' })
  subscription?: WebhookSubscriptionOrmEntity;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId!: string;

  @Column({ type: 'varchar', length: 40 })
  event!: string;

  /** The JSON body exactly as signed (text, so that its bytes stay the signed ones). */
  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'varchar', length: 12 })
  status!: string;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'last_status_code', type: 'integer', nullable: true })
  lastStatusCode!: number | null;

  @Column({ name: 'last_error', type: 'varchar', length: DELIVERY_ERROR_MAX, nullable: true })
  lastError!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;
}
