/** One e-mail as the e-mail service receives it. */
export interface EmailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/**
 * Hands an e-mail to whatever delivers it. `key` is the same on every attempt of one message
 * (the outbox message's id): a sender passes it on, so that the service sends a retried
 * message once.
 */
export interface EmailSender {
  send(message: EmailMessage, key: string): Promise<void>;
}

export const EMAIL_SENDER = Symbol('EmailSender');
