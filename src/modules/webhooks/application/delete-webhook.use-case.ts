import { Transactional } from '@nestjs-cls/transactional';
import { Inject, Injectable } from '@nestjs/common';
import { AFTER_COMMIT, type AfterCommit } from '../../../shared/application/after-commit.js';
import { AUDIT_TRAIL, type AuditTrail, auditChanges } from '../../../shared/application/audit-trail.js';
import { LogUseCase } from '../../../shared/application/log-use-case.decorator.js';
import { READ_CACHE, type ReadCache } from '../../../shared/application/read-cache.js';
import { WebhookNotFoundError } from '../domain/webhook.errors.js';
import { WEBHOOK_STORE, type WebhookStore } from './ports/webhook.store.js';
import { SUBSCRIBED_EVENTS_KEY } from './subscribed-events.js';

/** Unsubscribes: the subscription and its delivery log go (`webhook.delete`); deliveries on their way are dropped. */
@Injectable()
export class DeleteWebhookUseCase {
  constructor(
    @Inject(WEBHOOK_STORE) private readonly store: WebhookStore,
    @Inject(AUDIT_TRAIL) private readonly audit: AuditTrail,
    @Inject(READ_CACHE) private readonly cache: ReadCache,
    @Inject(AFTER_COMMIT) private readonly afterCommit: AfterCommit,
  ) {}

  @LogUseCase()
  @Transactional()
  async execute(id: string): Promise<void> {
    const deleted = await this.store.delete(id);
    if (!deleted) throw new WebhookNotFoundError(id);
    await this.audit.record({
      action: 'webhook.delete',
      resourceType: 'webhook',
      resourceId: id,
      changes: auditChanges({ url: deleted.url, events: deleted.events, description: deleted.description }, null),
    });
    this.afterCommit.run(() => this.cache.forget(SUBSCRIBED_EVENTS_KEY));
  }
}
