import { Transactional } from '@nestjs-cls/transactional';
import { Inject, Injectable } from '@nestjs/common';
import { AFTER_COMMIT, type AfterCommit } from '../../../shared/application/after-commit.js';
import { AUDIT_TRAIL, type AuditTrail, auditChanges } from '../../../shared/application/audit-trail.js';
import { CLOCK, type Clock } from '../../../shared/application/clock.js';
import { LogUseCase } from '../../../shared/application/log-use-case.decorator.js';
import { READ_CACHE, type ReadCache } from '../../../shared/application/read-cache.js';
import { type NewWebhook, type WebhookSubscription, checkedSecret, checkedSubscription } from '../domain/webhook-subscription.js';
import { WebhookNotFoundError } from '../domain/webhook.errors.js';
import { DESTINATION_GUARD, type DestinationGuard } from './ports/destination-guard.js';
import { WEBHOOK_STORE, type WebhookStore } from './ports/webhook.store.js';
import { SUBSCRIBED_EVENTS_KEY } from './subscribed-events.js';

export interface UpdateWebhookCommand {
  readonly id: string;
  readonly changes: Partial<NewWebhook> & { readonly enabled?: boolean };
}

const viewOf = ({ url, events, description, enabled }: WebhookSubscription) => ({ url, events, description, enabled });

/**
 * Changes a subscription: its URL (checked by the destination guard again), events,
 * description or secret (rotated: never shown), or turns it on or off. Turning a disabled
 * one back on forgets its failures. Audited (`webhook.update`, never the secret).
 */
@Injectable()
export class UpdateWebhookUseCase {
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
  async execute({ id, changes }: UpdateWebhookCommand): Promise<WebhookSubscription> {
    const before = await this.store.findById(id);
    if (!before) throw new WebhookNotFoundError(id);
    // The rules of a new subscription; the secret only when it changes (the stored one is never read here).
    const checked = checkedSubscription({
      url: changes.url ?? before.url,
      events: changes.events ?? before.events,
      description: changes.description ?? before.description,
    });
    const secret = changes.secret === undefined ? undefined : checkedSecret(changes.secret);
    if (checked.url !== before.url) await this.guard.check(checked.url);
    const enabled = changes.enabled ?? before.enabled;
    const reenabled = enabled && !before.enabled;
    const after: WebhookSubscription = {
      ...before,
      url: checked.url,
      events: checked.events,
      description: checked.description,
      enabled,
      consecutiveFailures: reenabled ? 0 : before.consecutiveFailures,
      disabledAt: enabled ? null : (before.disabledAt ?? this.clock.now()),
      disabledReason: enabled ? null : (before.disabledReason ?? 'turned off by a user'),
      updatedAt: this.clock.now(),
    };
    await this.store.update(after, secret);
    const changed = auditChanges(viewOf(before), viewOf(after));
    await this.audit.record({ action: 'webhook.update', resourceType: 'webhook', resourceId: id, changes: secret ? { ...changed, secretRotated: { before: null, after: true } } : changed });
    this.afterCommit.run(() => this.cache.forget(SUBSCRIBED_EVENTS_KEY));
    return after;
  }
}
