import { ApiProperty } from '@nestjs/swagger';
import { EVENT_NAMES, type EventName } from '../../../../shared/application/events.js';
import { DELIVERY_STATUSES, type DeliveryStatus, type WebhookDelivery } from '../../application/ports/webhook.store.js';
import type { WebhookSubscription } from '../../domain/webhook-subscription.js';

export class WebhookResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ enum: EVENT_NAMES, isArray: true }) events!: EventName[];
  @ApiProperty() description!: string;
  @ApiProperty({ description: `false once WEBHOOK_MAX_FAILURES delivery attempts in a row failed.` }) enabled!: boolean;
  @ApiProperty({ description: 'Failed delivery attempts since the last success.' }) consecutiveFailures!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) disabledAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) disabledReason!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) createdBy!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;

  static from(s: WebhookSubscription): WebhookResponse {
    return {
      id: s.id,
      url: s.url,
      events: [...s.events],
      description: s.description,
      enabled: s.enabled,
      consecutiveFailures: s.consecutiveFailures,
      disabledAt: s.disabledAt?.toISOString() ?? null,
      disabledReason: s.disabledReason,
      createdBy: s.createdBy,
      createdAt: s.createdAt.toISOString(),
      updatedAt: s.updatedAt.toISOString(),
    };
  }
}

export class WebhookPageResponse {
  @ApiProperty({ type: [WebhookResponse], description: 'Newest first.' }) items!: WebhookResponse[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page.' })
  nextCursor!: string | null;
}

export class WebhookDeliveryResponse {
  @ApiProperty({ format: 'uuid', description: 'Sent as X-Delivery-Id.' }) id!: string;
  @ApiProperty({ format: 'uuid', description: 'The event, the same for every subscription (X-Event-Id and the body\'s `id`): receivers de-duplicate by it.' })
  eventId!: string;
  @ApiProperty({ enum: EVENT_NAMES }) event!: EventName;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status!: DeliveryStatus;
  @ApiProperty() attempts!: number;
  @ApiProperty({ type: Number, nullable: true }) lastStatusCode!: number | null;
  @ApiProperty({ type: String, nullable: true }) lastError!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deliveredAt!: string | null;

  static from(d: WebhookDelivery): WebhookDeliveryResponse {
    return {
      id: d.id,
      eventId: d.eventId,
      event: d.event,
      status: d.status,
      attempts: d.attempts,
      lastStatusCode: d.lastStatusCode,
      lastError: d.lastError,
      createdAt: d.createdAt.toISOString(),
      updatedAt: d.updatedAt.toISOString(),
      deliveredAt: d.deliveredAt?.toISOString() ?? null,
    };
  }
}

export class WebhookDeliveryPageResponse {
  @ApiProperty({ type: [WebhookDeliveryResponse], description: 'Newest first.' }) items!: WebhookDeliveryResponse[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page.' })
  nextCursor!: string | null;
}
