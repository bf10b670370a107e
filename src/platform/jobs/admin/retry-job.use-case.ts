import { Transactional } from '@nestjs-cls/transactional';
import { Inject, Injectable } from '@nestjs/common';
import { AUDIT_TRAIL, type AuditTrail } from '../../../shared/application/audit-trail.js';
import { LogUseCase } from '../../../shared/application/log-use-case.decorator.js';
import { TypeOrmOutbox } from '../typeorm-outbox.js';
import { GetJobQuery } from './get-job.query.js';
import { JobNotFailedError, JobRetriedAlreadyError } from './job.errors.js';
import type { AdminJob } from './job-links.js';

/**
 * An operator's retry of a failed job (SPEC-RES-3, POST /admin/jobs/:id/retry): a new job,
 * with the failed one's kind and data, linked to it both ways. It goes through the outbox,
 * in one transaction with its audit entry: it is not lost while Redis is away, and there is
 * an entry exactly when there is a retry. It has an id of its own, so that its handler's
 * idempotency key (`JobRun.jobId`) is new and the work is done again (an e-mail service
 * that saw the failed one's key may have kept its failure). A job is retried once; the
 * outbox's unique link refuses a second retry from any replica.
 */
@Injectable()
export class RetryJobUseCase {
  constructor(
    private readonly getJob: GetJobQuery,
    private readonly outbox: TypeOrmOutbox,
    @Inject(AUDIT_TRAIL) private readonly audit: AuditTrail,
  ) {}

  @LogUseCase()
  async execute({ id }: { id: string }): Promise<AdminJob> {
    // Read before the transaction: the embedded queue reads on a connection of its own.
    const job = await this.getJob.execute(id);
    if (job.state !== 'failed') throw new JobNotFailedError(id, job.state);
    if (job.retriedAs) throw new JobRetriedAlreadyError(id, job.retriedAs);
    const retryId = await this.commitRetry(job);
    return this.getJob.execute(retryId);
  }

  @Transactional()
  private async commitRetry(job: AdminJob): Promise<string> {
    const retryId = await this.outbox.retry(job);
    if (!retryId) throw new JobRetriedAlreadyError(job.id, null);
    await this.audit.record({
      action: 'job.retry',
      resourceType: 'job',
      resourceId: job.id,
      changes: { kind: { before: job.kind, after: job.kind }, retriedAs: { before: null, after: retryId } },
    });
    return retryId;
  }
}
