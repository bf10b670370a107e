import { DomainError } from '../../../shared/domain/domain-error.js';

export class WebhookNotFoundError extends DomainError {
  readonly code = 'WEBHOOK_NOT_FOUND';
  readonly kind = 'not_found';

  constructor(readonly webhookId: string) {
    super(`webhook ${webhookId} does not exist`);
  }
}

/** The URL points where deliveries may not go (SSRF): a private, loopback, link-local or cloud-metadata address, or nowhere. */
export class WebhookDestinationRefusedError extends DomainError {
  readonly code = 'WEBHOOK_DESTINATION_REFUSED';
  readonly kind = 'rule_violation';

  constructor(reason: string) {
    super(`the webhook URL ${reason}`, [{ field: 'url', message: reason }]);
  }
}
