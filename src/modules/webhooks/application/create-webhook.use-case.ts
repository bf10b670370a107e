import { randomUUID } from 'node:crypto';
import { Transactional } from '@nestjs-cls/transactional';
import { Inject, Injectable } from '@nestjs/common';
import { AFTER_COMMIT, type AfterCommit } from '../../../shared/application/after-commit.js';
import { AUDIT_TRAIL, type AuditTrail, auditChanges } from '../../../shared/application/audit-trail.js';
import { CLOCK, type Clock } from '../../../shared/application/clock.js';
import { LogUseCase } from '../../../shared/application/log-use-case.decorator.js';
import { READ_CACHE, type ReadCache } from '../../../shared/application/read-cache.js';
import { type NewWebhook, type WebhookSubscription, checkedSecret, checkedSubscription } from '../domain/webhook-subscription.js';
import { DESTINATION_GUARD, type DestinationGuard } from './ports/destination-guard.js';
import { WEBHOOK_STORE, type WebhookStore } from './ports/webhook.store.js';
import { SUBSCRIBED_EVENTS_KEY } from './subscribed-events.js';

export interface CreateWebhookCommand extends NewWebhook {
  readonly createdBy: string | null;
}

/**
 * Subscribes a URL to events: its rules checked, its destination resolved and refused if it
 * is private (SSRF), written with its audit entry (`webhook.create`, never the secret). Every
 * replica sees the new subscription's events from the commit on.
 */
@Injectable()
export class CreateWebhookUseCase {
  constructor(
    @Inject(WEBHOOK_STORE) private readonly store: WebhookStore,
    @Inject(DESTINATION_GUARD) private readonly guard: DestinationGuard,
    @Inject(AUDIT_TRAIL) private readonly audit: AuditTrail,
    @Inject(READ_CACHE) private readonly cache: ReadCache,
    @Inject(AFTER_COMMIT) private readonly afterCommit: AfterCommit,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @LogUseCase()
  @Transactional()
  async execute(command: CreateWebhookCommand): Promise<WebhookSubscription> {
    const { url, events, description } = checkedSubscription(command);
    const secret = checkedSecret(command.secret);
    await this.guard.check(url);
    const now = this.clock.now();
    const subscription: WebhookSubscription = {
      id: randomUUID(),
      url,
      events,
      description,
      enabled: true,
      consecutiveFailures: 0,
      disabledAt: null,
      disabledReason: null,
      createdBy: command.createdBy,
      createdAt: now,
      updatedAt: now,
    };
    await this.store.insert(subscription, secret);
    await this.audit.record({
      action: 'webhook.create',
      resourceType: 'webhook',
      resourceId: subscription.id,
      changes: auditChanges(null, { url, events, description }),
    });
    this.afterCommit.run(() => this.cache.forget(SUBSCRIBED_EVENTS_KEY));
    return subscription;
  }
}
