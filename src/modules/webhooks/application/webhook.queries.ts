import { Inject, Injectable } from '@nestjs/common';
import type { Page } from '../../../shared/application/page.js';
import type { WebhookSubscription } from '../domain/webhook-subscription.js';
import { WebhookNotFoundError } from '../domain/webhook.errors.js';
import { type PageRequest, WEBHOOK_STORE, type WebhookDelivery, type WebhookStore } from './ports/webhook.store.js';

/** Reads of subscriptions and their delivery logs. */
@Injectable()
export class WebhookQueries {
  constructor(@Inject(WEBHOOK_STORE) private readonly store: WebhookStore) {}

  list(page: PageRequest): Promise<Page<WebhookSubscription>> {
    return this.store.list(page);
  }

  async get(id: string): Promise<WebhookSubscription> {
    const found = await this.store.findById(id);
    if (!found) throw new WebhookNotFoundError(id);
    return found;
  }

  async deliveries(id: string, page: PageRequest): Promise<Page<WebhookDelivery>> {
    await this.get(id);
    return this.store.deliveries(id, page);
  }
}
