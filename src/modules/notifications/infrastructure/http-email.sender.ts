import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config.js';
import type { HttpClient } from '../../../platform/http-client/http-client.js';
import { InjectHttpClient } from '../../../platform/http-client/http-client.module.js';
import type { EmailMessage, EmailSender } from '../application/email-sender.js';

export const EMAIL_SERVICE = 'email';

/** Sends through the HTTP e-mail service at EMAIL_API_URL: a JSON POST, `Idempotency-Key` the message's key. */
@Injectable()
export class HttpEmailSender implements EmailSender {
  private readonly from: string;

  constructor(
    @InjectHttpClient(EMAIL_SERVICE) private readonly http: HttpClient,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.from = config.email.from;
  }

  async send(message: EmailMessage, key: string): Promise<void> {
    const { status } = await this.http.request({ method: 'POST', path: '', body: { from: this.from, ...message }, idempotencyKey: key });
    if (status >= 300) throw new Error(`the e-mail service answered ${status}`);
  }
}
