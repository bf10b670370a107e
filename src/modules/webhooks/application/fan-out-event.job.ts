import { Transactional } from '@nestjs-cls/transactional';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { CLOCK, type Clock } from '../../../shared/application/clock.js';
import { JOB_KINDS, type JobKind, type JobKinds, type JobRun, OUTBOX, type Outbox } from '../../../shared/application/jobs.js';
import { WEBHOOK_STORE, type WebhookStore } from './ports/webhook.store.js';
import { DELIVER_WEBHOOK, WEBHOOK_EVENT } from './subscribed-events.js';
import type { EventMessage } from './webhook-events.js';

/**
 * The `webhook-event` job: one pending delivery, and its `deliver-webhook` message, per
 * enabled subscription to the event, in one transaction. The event's id is the job's id, so
 * a redelivered message finds its deliveries made and makes none again.
 */
@Injectable()
export class FanOutEventJob implements JobKind<EventMessage>, OnModuleInit {
  readonly name = WEBHOOK_EVENT;
  readonly attempts = 5;
  readonly backoffMs = 5_000;

  constructor(
    @Inject(JOB_KINDS) private readonly kinds: JobKinds,
    @Inject(WEBHOOK_STORE) private readonly store: WebhookStore,
    @Inject(OUTBOX) private readonly outbox: Outbox,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.kinds.register(this);
  }

  @Transactional()
  async handle(event: EventMessage, run: JobRun): Promise<void> {
    const body = JSON.stringify({ id: run.jobId, event: event.name, occurredAt: event.occurredAt, data: event.data });
    const deliveries = await this.store.createDeliveries({ id: run.jobId, name: event.name, body }, this.clock.now());
    for (const deliveryId of deliveries) await this.outbox.add(DELIVER_WEBHOOK, { deliveryId });
  }
}
