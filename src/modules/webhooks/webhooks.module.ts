import { HttpModule } from '@nestjs/axios';
import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config.js';
import { registerEntities } from '../../platform/database/entity-registry.js';
import { EVENTS } from '../../shared/application/events.js';
import { CreateWebhookUseCase } from './application/create-webhook.use-case.js';
import { DeleteWebhookUseCase } from './application/delete-webhook.use-case.js';
import { UpdateWebhookUseCase } from './application/update-webhook.use-case.js';
import { DeliverWebhookJob } from './application/deliver-webhook.job.js';
import { FanOutEventJob } from './application/fan-out-event.job.js';
import { DESTINATION_GUARD } from './application/ports/destination-guard.js';
import { WEBHOOK_SENDER } from './application/ports/webhook-sender.js';
import { WEBHOOK_STORE } from './application/ports/webhook.store.js';
import { WebhookEvents } from './application/webhook-events.js';
import { WebhookQueries } from './application/webhook.queries.js';
import { DnsDestinationGuard, guardedLookup } from './infrastructure/dns-destination.guard.js';
import { HttpWebhookSender } from './infrastructure/http-webhook.sender.js';
import { PurgeWebhookDeliveriesJob } from './infrastructure/purge-webhook-deliveries.job.js';
import { TypeOrmWebhookStore } from './infrastructure/typeorm-webhook.store.js';
import { WebhookDeliveryOrmEntity } from './infrastructure/webhook-delivery.orm-entity.js';
import { WebhookSubscriptionOrmEntity } from './infrastructure/webhook-subscription.orm-entity.js';
import { WebhooksController } from './interface/webhooks.controller.js';

registerEntities([WebhookSubscriptionOrmEntity, WebhookDeliveryOrmEntity]);

/**
 * Webhooks: subscriptions (`/webhooks`), and EVENTS, through which every module publishes
 * what happened (global: the tasks and cases modules inject it). An event becomes a
 * `webhook-event` outbox message with its change, the fan-out job one delivery per
 * subscription, the `deliver-webhook` job a signed POST with retries.
 */
@Global()
@Module({})
export class WebhooksModule {
  static with(config: AppConfig): DynamicModule {
    return {
      module: WebhooksModule,
      imports: [
        HttpModule.register({
          timeout: config.webhooks.timeoutMs,
          maxRedirects: 0,
          // Every status is an answer; the job judges it. The body is not read further.
          validateStatus: () => true,
          responseType: 'text',
          maxContentLength: 64 * 1024,
          lookup: guardedLookup(config.webhooks.allowPrivateNetworks),
        }),
      ],
      controllers: [WebhooksController],
      providers: [
        CreateWebhookUseCase,
        DeleteWebhookUseCase,
        UpdateWebhookUseCase,
        WebhookQueries,
        WebhookEvents,
        FanOutEventJob,
        DeliverWebhookJob,
        PurgeWebhookDeliveriesJob,
        { provide: EVENTS, useExisting: WebhookEvents },
        { provide: WEBHOOK_STORE, useClass: TypeOrmWebhookStore },
        { provide: DESTINATION_GUARD, useClass: DnsDestinationGuard },
        { provide: WEBHOOK_SENDER, useClass: HttpWebhookSender },
      ],
      exports: [EVENTS],
    };
  }
}
