import { Inject, Injectable } from '@nestjs/common';
import type { Page } from '../../../shared/application/page.js';
import type { PageRequest } from '../../../shared/infrastructure/keyset-paginator.js';
import { JOB_QUEUE, type JobQueue, type JobState } from '../job-queue.js';
import { type AdminJob, JobLinks } from './job-links.js';

/** The jobs in one state, newest first, with their retry links (GET /admin/jobs). */
@Injectable()
export class ListJobsQuery {
  constructor(
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    private readonly links: JobLinks,
  ) {}

  async execute({ state, ...page }: { state: JobState } & PageRequest): Promise<Page<AdminJob>> {
    const jobs = await this.queue.list(state, page);
    return { items: await this.links.withLinks(jobs.items), nextCursor: jobs.nextCursor };
  }
}
