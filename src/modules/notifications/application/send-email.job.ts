import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { JOB_KINDS, type JobKind, type JobKinds, type JobRun } from '../../../shared/application/jobs.js';
import { RECIPIENTS, type Recipients } from '../../../shared/application/recipients.js';
import { EMAIL_SENDER, type EmailSender } from './email-sender.js';
import { type Notice, SEND_EMAIL } from '../../../shared/application/notices.js';
import { render } from './notices.js';

/**
 * The `send-email` job (SPEC-JOB-1): reads the recipient's address now (a deactivated user
 * gets nothing), renders the notice and hands it to the e-mail sender, keyed by the job id.
 * The sender's HTTP client retries within a run (seconds); a run that still fails is run
 * again by the queue, up to `attempts` runs a minute apart and more (an outage).
 */
@Injectable()
export class SendEmailJob implements JobKind<Notice>, OnModuleInit {
  readonly name = SEND_EMAIL;
  readonly attempts = 5;
  readonly backoffMs = 60_000;
  private readonly logger = new Logger('Email');

  constructor(
    @Inject(JOB_KINDS) private readonly kinds: JobKinds,
    @Inject(RECIPIENTS) private readonly recipients: Recipients,
    @Inject(EMAIL_SENDER) private readonly sender: EmailSender,
  ) {}

  onModuleInit(): void {
    this.kinds.register(this);
  }

  async handle(notice: Notice, run: JobRun): Promise<void> {
    const recipient = await this.recipients.of(notice.userId);
    if (!recipient) {
      this.logger.log({ message: 'e-mail not sent: the user is unknown or deactivated', event: 'email_skipped', context: { userId: notice.userId, template: notice.template, jobId: run.jobId } });
      return;
    }
    await this.sender.send({ to: recipient.email, ...render(notice, recipient) }, run.jobId);
  }
}
