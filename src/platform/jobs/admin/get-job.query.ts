import { Inject, Injectable } from '@nestjs/common';
import { JOB_QUEUE, type JobQueue } from '../job-queue.js';
import { JobNotFoundError } from './job.errors.js';
import { type AdminJob, JobLinks } from './job-links.js';

/** One job with its retry links, from the queue or, not handed to it yet, from the outbox (GET /admin/jobs/:id). */
@Injectable()
export class GetJobQuery {
  constructor(
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    private readonly links: JobLinks,
  ) {}

  async execute(id: string): Promise<AdminJob> {
    const job = (await this.queue.find(id)) ?? (await this.links.pending(id));
    if (!job) throw new JobNotFoundError(id);
    const [linked] = await this.links.withLinks([job]);
    return linked!;
  }
}
