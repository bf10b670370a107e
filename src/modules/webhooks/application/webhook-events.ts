import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../../../shared/application/clock.js';
import type { Events, PublishedEvent } from '../../../shared/application/events.js';
import { OUTBOX, type Outbox } from '../../../shared/application/jobs.js';
import { READ_CACHE, type ReadCache } from '../../../shared/application/read-cache.js';
import type { FollowUp } from '../../../shared/domain/follow-up.js';
import { WEBHOOK_STORE, type WebhookStore } from './ports/webhook.store.js';
import { SUBSCRIBED_EVENTS_KEY, SUBSCRIBED_EVENTS_TTL_MS, WEBHOOK_EVENT } from './subscribed-events.js';

/** The data of a `webhook-event` message: one event, before it is fanned out to its subscriptions. */
export interface EventMessage {
  readonly name: PublishedEvent['name'];
  readonly occurredAt: string;
  readonly data: PublishedEvent['data'];
}

/**
 * Events (shared/application/events.ts) for webhooks: an event some enabled subscription
 * wants becomes one `webhook-event` outbox message, written with the change; the job fans it
 * out. Which events are wanted is read through the shared read cache, so a write to which
 * nobody listens costs one cache read and no message.
 */
@Injectable()
export class WebhookEvents implements Events {
  constructor(
    @Inject(OUTBOX) private readonly outbox: Outbox,
    @Inject(READ_CACHE) private readonly cache: ReadCache,
    @Inject(WEBHOOK_STORE) private readonly store: WebhookStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async publish(...events: PublishedEvent[]): Promise<void> {
    for (const { kind, data } of await this.followUps(...events)) await this.outbox.add(kind, data);
  }

  async followUps(...events: PublishedEvent[]): Promise<FollowUp[]> {
    if (events.length === 0) return [];
    const wanted = new Set(await this.cache.through(SUBSCRIBED_EVENTS_KEY, SUBSCRIBED_EVENTS_TTL_MS, () => this.store.subscribedEvents()));
    const occurredAt = this.clock.now().toISOString();
    return events
      .filter((event) => wanted.has(event.name))
      .map((event) => ({ kind: WEBHOOK_EVENT, data: { name: event.name, occurredAt, data: event.data } satisfies EventMessage }));
  }
}
