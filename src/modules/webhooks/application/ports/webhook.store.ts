import type { EventName } from '../../../../shared/application/events.js';
import type { Page } from '../../../../shared/application/page.js';
import type { WebhookSubscription } from '../../domain/webhook-subscription.js';

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'cancelled'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One event on its way to one subscription, and how its attempts went. */
export interface WebhookDelivery {
  readonly id: string;
  readonly subscriptionId: string;
  /** The same for every subscription the event went to: receivers de-duplicate by it. */
  readonly eventId: string;
  readonly event: EventName;
  /** `pending` until an attempt succeeds (`delivered`) or the last one fails (`failed`); `cancelled` once the subscription is disabled. */
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly lastStatusCode: number | null;
  readonly lastError: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly deliveredAt: Date | null;
}

/** What an attempt needs: the delivery, its body, and where and how to sign it. */
export interface DeliveryToSend {
  readonly delivery: WebhookDelivery;
  /** The JSON body, exactly as it is signed and sent. */
  readonly body: string;
  readonly subscription: { readonly id: string; readonly url: string; readonly secret: string; readonly enabled: boolean };
}

/** An attempt that failed: the status it got, if any, and why (bounded, never a body). */
export interface FailedAttempt {
  readonly statusCode: number | null;
  readonly error: string;
  /** The last attempt the queue makes: the delivery is `failed` after it. */
  readonly final: boolean;
}

export interface PageRequest {
  readonly limit: number;
  readonly cursor?: string;
}

/** The subscriptions and their deliveries. */
export interface WebhookStore {
  insert(subscription: WebhookSubscription, secret: string): Promise<void>;
  findById(id: string): Promise<WebhookSubscription | null>;
  /** Writes a changed subscription (a new secret only when given). */
  update(subscription: WebhookSubscription, secret?: string): Promise<void>;
  /** Newest first. */
  list(page: PageRequest): Promise<Page<WebhookSubscription>>;
  /** Deletes it with its deliveries; the deleted subscription, or null if there was none. */
  delete(id: string): Promise<WebhookSubscription | null>;
  /** The events some enabled subscription wants. */
  subscribedEvents(): Promise<EventName[]>;
  /**
   * A pending delivery of the event for each enabled subscription to it, at most one per
   * subscription and event id however often it is asked: the ids of the new ones.
   */
  createDeliveries(event: { id: string; name: EventName; body: string }, now: Date): Promise<string[]>;
  deliveryToSend(id: string): Promise<DeliveryToSend | null>;
  recordSuccess(delivery: DeliveryToSend, statusCode: number, now: Date): Promise<void>;
  /**
   * Counts the failure on the delivery and the subscription; the subscription is disabled at
   * `maxFailures` failures in a row, and the delivery then cancelled (failed if `final`).
   * Whether this failure disabled it.
   */
  recordFailure(delivery: DeliveryToSend, failure: FailedAttempt, maxFailures: number, now: Date): Promise<boolean>;
  cancel(deliveryId: string, now: Date): Promise<void>;
  /** Newest first. */
  deliveries(subscriptionId: string, page: PageRequest): Promise<Page<WebhookDelivery>>;
}

export const WEBHOOK_STORE = Symbol('WebhookStore');
