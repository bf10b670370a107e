import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { entityColumns } from '../../../platform/database/entity-columns.js';
import type { EventName } from '../../../shared/application/events.js';
import type { Page } from '../../../shared/application/page.js';
import { isUuid } from '../../../shared/domain/uuid.js';
import { keysetOrder, keysetPage, sortKey } from '../../../shared/infrastructure/keyset-paginator.js';
import { SqlConditions } from '../../../shared/infrastructure/sql-conditions.js';
import type {
  DeliveryToSend,
  FailedAttempt,
  PageRequest,
  WebhookDelivery,
  WebhookStore,
} from '../application/ports/webhook.store.js';
import type { WebhookSubscription } from '../domain/webhook-subscription.js';
import { DELIVERY_ERROR_MAX, WebhookDeliveryOrmEntity } from './webhook-delivery.orm-entity.js';

/** Every column of a subscription but its secret, named as WebhookSubscription's properties. */
const SUBSCRIPTION = `s.id, s.url, s.events, s.description, s.enabled, s.consecutive_failures AS "consecutiveFailures",
  s.disabled_at AS "disabledAt", s.disabled_reason AS "disabledReason", s.created_by AS "createdBy",
  s.created_at AS "createdAt", s.updated_at AS "updatedAt"`;

const NEWEST_SUBSCRIPTIONS = keysetOrder<WebhookSubscription>(
  '-createdAt',
  sortKey.timestamp('s.created_at', (row) => row.createdAt),
  sortKey.uuid('s.id', (row) => row.id),
);

const NEWEST_DELIVERIES = keysetOrder<WebhookDelivery>(
  '-createdAt',
  sortKey.timestamp('d.created_at', (row) => row.createdAt),
  sortKey.uuid('d.id', (row) => row.id),
);

/** The subscriptions and deliveries in PostgreSQL, each write one statement. */
@Injectable()
export class TypeOrmWebhookStore implements WebhookStore {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get tx() {
    return this.txHost.tx;
  }

  async insert(s: WebhookSubscription, secret: string): Promise<void> {
    await this.tx.query(
      `INSERT INTO webhook_subscriptions (id, url, events, secret, description, enabled, consecutive_failures, created_by, created_at, updated_at)
       VALUES ($1, $2, $3::text[], $4, $5, true, 0, $6, $7::timestamptz, $7::timestamptz)`,
      [s.id, s.url, s.events, secret, s.description, s.createdBy, s.createdAt],
    );
  }

  async update(s: WebhookSubscription, secret?: string): Promise<void> {
    await this.tx.query(
      `UPDATE webhook_subscriptions SET url = $2, events = $3::text[], description = $4, enabled = $5::boolean,
         consecutive_failures = $6::int, disabled_at = $7::timestamptz, disabled_reason = $8, updated_at = $9::timestamptz,
         secret = COALESCE($10, secret)
       WHERE id = $1::uuid`,
      [s.id, s.url, s.events, s.description, s.enabled, s.consecutiveFailures, s.disabledAt, s.disabledReason, s.updatedAt, secret ?? null],
    );
  }

  async findById(id: string): Promise<WebhookSubscription | null> {
    if (!isUuid(id)) return null;
    const rows: WebhookSubscription[] = await this.tx.query(`SELECT ${SUBSCRIPTION} FROM webhook_subscriptions s WHERE s.id = $1`, [id]);
    return rows[0] ?? null;
  }

  list(page: PageRequest): Promise<Page<WebhookSubscription>> {
    const where = new SqlConditions();
    return keysetPage(NEWEST_SUBSCRIPTIONS, page, where, (tail) =>
      this.tx.query(`SELECT ${SUBSCRIPTION} FROM webhook_subscriptions s ${tail}`, where.params),
    );
  }

  async delete(id: string): Promise<WebhookSubscription | null> {
    if (!isUuid(id)) return null;
    const [rows]: [WebhookSubscription[], number] = await this.tx.query(
      `DELETE FROM webhook_subscriptions s WHERE s.id = $1 RETURNING ${SUBSCRIPTION}`,
      [id],
    );
    return rows[0] ?? null;
  }

  async subscribedEvents(): Promise<EventName[]> {
    const rows: { event: EventName }[] = await this.tx.query(
      'SELECT DISTINCT unnest(events) AS event FROM webhook_subscriptions WHERE enabled ORDER BY 1',
    );
    return rows.map((row) => row.event);
  }

  async createDeliveries(event: { id: string; name: EventName; body: string }, now: Date): Promise<string[]> {
    const rows: { id: string }[] = await this.tx.query(
      `INSERT INTO webhook_deliveries (id, subscription_id, event_id, event, body, status, attempts, created_at, updated_at)
       SELECT gen_random_uuid(), s.id, $1::uuid, $2::text, $3::text, 'pending', 0, $4::timestamptz, $4::timestamptz
       FROM webhook_subscriptions s WHERE s.enabled AND $2::text = ANY(s.events)
       ON CONFLICT ON CONSTRAINT "UQ_webhook_deliveries_event" DO NOTHING
       RETURNING id`,
      [event.id, event.name, event.body, now],
    );
    return rows.map((row) => row.id);
  }

  async deliveryToSend(id: string): Promise<DeliveryToSend | null> {
    if (!isUuid(id)) return null;
    const rows: (WebhookDelivery & { body: string; url: string; secret: string; enabled: boolean })[] = await this.tx.query(
      `SELECT ${entityColumns(this.tx, WebhookDeliveryOrmEntity, 'd')}, s.url, s.secret, s.enabled
       FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id WHERE d.id = $1`,
      [id],
    );
    const row = rows[0];
    if (!row) return null;
    const { body, url, secret, enabled, ...delivery } = row;
    return { delivery, body, subscription: { id: delivery.subscriptionId, url, secret, enabled } };
  }

  async recordSuccess({ delivery }: DeliveryToSend, statusCode: number, now: Date): Promise<void> {
    await this.tx.query(
      `WITH delivered AS (
         UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1, last_status_code = $2::int,
           last_error = NULL, delivered_at = $3::timestamptz, updated_at = $3::timestamptz
         WHERE id = $1::uuid RETURNING subscription_id)
       UPDATE webhook_subscriptions SET consecutive_failures = 0
       WHERE id IN (SELECT subscription_id FROM delivered) AND consecutive_failures <> 0`,
      [delivery.id, statusCode, now],
    );
  }

  async recordFailure({ delivery }: DeliveryToSend, failure: FailedAttempt, maxFailures: number, now: Date): Promise<boolean> {
    const error = failure.error.slice(0, DELIVERY_ERROR_MAX);
    const [rows]: [{ disabled: boolean }[], number] = await this.tx.query(
      `WITH failed AS (
         UPDATE webhook_deliveries d SET attempts = d.attempts + 1, last_status_code = $2::int, last_error = $3::text,
           status = CASE WHEN $4::boolean THEN 'failed'
             WHEN (SELECT s.enabled AND s.consecutive_failures + 1 >= $6::int FROM webhook_subscriptions s WHERE s.id = d.subscription_id)
             THEN 'cancelled' ELSE d.status END,
           updated_at = $5::timestamptz
         WHERE d.id = $1::uuid RETURNING d.subscription_id)
       UPDATE webhook_subscriptions s SET consecutive_failures = s.consecutive_failures + 1,
         enabled = s.enabled AND s.consecutive_failures + 1 < $6::int,
         disabled_at = CASE WHEN s.enabled AND s.consecutive_failures + 1 >= $6::int THEN $5::timestamptz ELSE s.disabled_at END,
         disabled_reason = CASE WHEN s.enabled AND s.consecutive_failures + 1 >= $6::int
           THEN left($6::text || ' delivery attempts in a row failed; the last: ' || $3::text, 600) ELSE s.disabled_reason END,
         updated_at = $5::timestamptz
       FROM failed WHERE s.id = failed.subscription_id
       RETURNING (NOT s.enabled AND s.disabled_at = $5::timestamptz) AS disabled`,
      [delivery.id, failure.statusCode, error, failure.final, now, maxFailures],
    );
    return rows[0]?.disabled === true;
  }

  async cancel(deliveryId: string, now: Date): Promise<void> {
    await this.tx.query(`UPDATE webhook_deliveries SET status = 'cancelled', updated_at = $2::timestamptz WHERE id = $1::uuid AND status = 'pending'`, [
      deliveryId,
      now,
    ]);
  }

  deliveries(subscriptionId: string, page: PageRequest): Promise<Page<WebhookDelivery>> {
    const where = new SqlConditions();
    where.add(`d.subscription_id = ${where.bind(subscriptionId)}`);
    const columns = entityColumns(this.tx, WebhookDeliveryOrmEntity, 'd');
    return keysetPage(NEWEST_DELIVERIES, page, where, (tail) =>
      this.tx.query(`SELECT ${columns} FROM webhook_deliveries d ${tail}`, where.params).then((rows: (WebhookDelivery & { body?: string })[]) =>
        rows.map(({ body: _body, ...delivery }) => delivery),
      ),
    );
  }
}

