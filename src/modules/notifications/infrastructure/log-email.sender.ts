import { Injectable, Logger } from '@nestjs/common';
import type { EmailMessage, EmailSender } from '../application/email-sender.js';

/** Without EMAIL_API_URL: each e-mail is logged (never its text) and counts as delivered. */
@Injectable()
export class LogEmailSender implements EmailSender {
  private readonly logger = new Logger('Email');

  constructor() {
    this.logger.warn('EMAIL_API_URL is not set: e-mails are logged (without their text), not sent');
  }

  async send(message: EmailMessage, key: string): Promise<void> {
    this.logger.log({ message: 'e-mail not sent (EMAIL_API_URL is unset)', event: 'email_logged', context: { to: message.to, subject: message.subject, key } });
  }
}
