import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config.js';
import { AFTER_COMMIT, type AfterCommit } from '../../../shared/application/after-commit.js';
import { CLOCK, type Clock } from '../../../shared/application/clock.js';
import { JOB_KINDS, type JobKind, type JobKinds, type JobRun } from '../../../shared/application/jobs.js';
import { READ_CACHE, type ReadCache } from '../../../shared/application/read-cache.js';
import { DESTINATION_GUARD, type DestinationGuard } from './ports/destination-guard.js';
import { WEBHOOK_SENDER, type WebhookSender } from './ports/webhook-sender.js';
import { type DeliveryToSend, WEBHOOK_STORE, type WebhookStore } from './ports/webhook.store.js';
import { DELIVER_WEBHOOK, SUBSCRIBED_EVENTS_KEY } from './subscribed-events.js';
import { signedHeaders } from './webhook-signature.js';

/** A delivery attempt the subscriber did not take: the queue runs it again after its backoff. */
export class WebhookAttemptFailedError extends Error {}

/**
 * The `deliver-webhook` job: one signed POST of a delivery per run. A 2xx delivers it;
 * anything else (another status, no answer, a destination the guard now refuses) counts a
 * failure on the delivery and on its subscription and throws, so the queue tries again after
 * WEBHOOK_RETRY_SECONDS, doubled each time, 8 runs in all; the last failure leaves the
 * delivery `failed` (and the job failed, for an operator to retry). WEBHOOK_MAX_FAILURES
 * failures in a row disable the subscription: the delivery that disabled it, and those still
 * on their way when their turn comes, are `cancelled`, and tried no more. A delivered one is never sent again (at least once, not twice for one run that
 * succeeded); a failed one is sent again when an operator retries its job.
 */
@Injectable()
export class DeliverWebhookJob implements JobKind<{ deliveryId: string }>, OnModuleInit {
  readonly name = DELIVER_WEBHOOK;
  readonly attempts = 8;
  readonly backoffMs: number;
  private readonly logger = new Logger('Webhooks');

  constructor(
    @Inject(JOB_KINDS) private readonly kinds: JobKinds,
    @Inject(WEBHOOK_STORE) private readonly store: WebhookStore,
    @Inject(WEBHOOK_SENDER) private readonly sender: WebhookSender,
    @Inject(DESTINATION_GUARD) private readonly guard: DestinationGuard,
    @Inject(READ_CACHE) private readonly cache: ReadCache,
    @Inject(AFTER_COMMIT) private readonly afterCommit: AfterCommit,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.backoffMs = config.webhooks.retryMs;
  }

  onModuleInit(): void {
    this.kinds.register(this);
  }

  async handle({ deliveryId }: { deliveryId: string }, run: JobRun): Promise<void> {
    const found = await this.store.deliveryToSend(deliveryId);
    if (!found || found.delivery.status === 'delivered' || found.delivery.status === 'cancelled') return;
    if (!found.subscription.enabled) {
      await this.store.cancel(deliveryId, this.clock.now());
      return;
    }
    const outcome = await this.attempt(found, run.attempt);
    if (outcome.ok) {
      await this.store.recordSuccess(found, outcome.statusCode, this.clock.now());
      return;
    }
    const final = run.attempt >= this.attempts;
    const disabled = await this.store.recordFailure(found, { ...outcome, final }, this.config.webhooks.maxFailures, this.clock.now());
    if (disabled) {
      this.afterCommit.run(() => this.cache.forget(SUBSCRIBED_EVENTS_KEY));
      this.logger.warn({
        message: `webhook ${found.subscription.id} disabled after ${this.config.webhooks.maxFailures} failed deliveries in a row`,
        event: 'webhook_disabled',
        context: { webhookId: found.subscription.id, deliveryId, error: outcome.error },
      });
      return;
    }
    throw new WebhookAttemptFailedError(`delivery ${deliveryId} to webhook ${found.subscription.id} failed: ${outcome.error}`);
  }

  private async attempt(
    { delivery, body, subscription }: DeliveryToSend,
    attempt: number,
  ): Promise<{ ok: true; statusCode: number } | { ok: false; statusCode: number | null; error: string }> {
    try {
      await this.guard.check(subscription.url);
    } catch (error) {
      return { ok: false, statusCode: null, error: error instanceof Error ? error.message : String(error) };
    }
    const answer = await this.sender.post({
      url: subscription.url,
      body,
      attempt,
      headers: {
        ...signedHeaders(subscription.secret, this.clock.now(), body),
        'x-webhook-id': subscription.id,
        'x-event-id': delivery.eventId,
        'x-event': delivery.event,
        'x-delivery-id': delivery.id,
      },
    });
    if (answer.statusCode === null) return { ok: false, statusCode: null, error: answer.error };
    if (answer.statusCode >= 200 && answer.statusCode < 300) return { ok: true, statusCode: answer.statusCode };
    return { ok: false, statusCode: answer.statusCode, error: `answered ${answer.statusCode}` };
  }
}
