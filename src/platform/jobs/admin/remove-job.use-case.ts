import { Transactional } from '@nestjs-cls/transactional';
import { Inject, Injectable } from '@nestjs/common';
import { AUDIT_TRAIL, type AuditTrail } from '../../../shared/application/audit-trail.js';
import { LogUseCase } from '../../../shared/application/log-use-case.decorator.js';
import { JOB_QUEUE, type JobQueue } from '../job-queue.js';
import { GetJobQuery } from './get-job.query.js';
import { JobNotFoundError, JobRunningError } from './job.errors.js';
import type { AdminJob } from './job-links.js';

/**
 * An operator takes a job out of the queue (DELETE /admin/jobs/:id): a waiting or delayed
 * one will not run, a finished one is no longer shown; a running one is refused. The
 * queue is no transaction, so the entry is written once the removal is done.
 */
@Injectable()
export class RemoveJobUseCase {
  constructor(
    private readonly getJob: GetJobQuery,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(AUDIT_TRAIL) private readonly audit: AuditTrail,
  ) {}

  @LogUseCase()
  async execute({ id }: { id: string }): Promise<void> {
    const job = await this.getJob.execute(id);
    const removal = await this.queue.remove(id);
    if (removal === 'not_found') throw new JobNotFoundError(id);
    if (removal === 'running') throw new JobRunningError(id);
    await this.record(job);
  }

  @Transactional()
  private async record(job: AdminJob): Promise<void> {
    await this.audit.record({
      action: 'job.remove',
      resourceType: 'job',
      resourceId: job.id,
      changes: {
        kind: { before: job.kind, after: null },
        state: { before: job.state, after: null },
        attemptsMade: { before: job.attemptsMade, after: null },
      },
    });
  }
}
