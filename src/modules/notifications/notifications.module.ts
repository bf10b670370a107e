import { type DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config.js';
import { HttpClientModule } from '../../platform/http-client/http-client.module.js';
import { EMAIL_SENDER } from './application/email-sender.js';
import { SendEmailJob } from './application/send-email.job.js';
import { EMAIL_SERVICE, HttpEmailSender } from './infrastructure/http-email.sender.js';
import { LogEmailSender } from './infrastructure/log-email.sender.js';

/**
 * E-mail (SPEC-JOB-1): the `send-email` job, through the e-mail service at EMAIL_API_URL
 * (a retrying HTTP client) or, without it, into the log. Other modules cause e-mails by
 * adding a `send-email` outbox message with a Notice (shared/application/notices.ts).
 */
@Module({})
export class NotificationsModule {
  static with(config: AppConfig): DynamicModule {
    const apiUrl = config.email.apiUrl;
    return {
      module: NotificationsModule,
      imports: apiUrl ? [HttpClientModule.register({ name: EMAIL_SERVICE, baseURL: apiUrl })] : [],
      providers: [SendEmailJob, { provide: EMAIL_SENDER, useClass: apiUrl ? HttpEmailSender : LogEmailSender }],
    };
  }
}
