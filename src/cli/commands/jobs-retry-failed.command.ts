import { Command, Help, Option } from 'nest-commander';
import type { AdminJob } from '../../platform/jobs/admin/job-links.js';
import { ListJobsQuery } from '../../platform/jobs/admin/list-jobs.query.js';
import { RetryJobUseCase } from '../../platform/jobs/admin/retry-job.use-case.js';
import { DomainError } from '../../shared/domain/domain-error.js';
import { isUuid } from '../../shared/domain/uuid.js';
import { CliApp } from '../cli-app.js';
import { CliCommand, CommandFailedError, helpAfter, UsageError } from '../cli-command.js';

const PAGE = 100;

interface RetryOptions {
  kind?: string;
  dryRun?: boolean;
}

/**
 * `jobs:retry-failed [ID…] [--kind] [--dry-run]`: retries failed background jobs through
 * RetryJobUseCase (POST /admin/jobs/:id/retry): each a new job with the failed one's kind
 * and data, written to the outbox with its audit entry, for the app's relay to run. Without
 * ids, every failed job not yet retried (of one kind with --kind); a retry that fails in
 * its turn is a failed job like any other, retried by the next call.
 */
@Command({
  name: 'jobs:retry-failed',
  arguments: '[ids...]',
  argsDescription: { ids: 'the failed jobs to retry (GET /admin/jobs?state=failed); all of them when none is named' },
  description: 'retry failed background jobs, each once, through the outbox',
})
export class JobsRetryFailedCommand extends CliCommand {
  constructor(cli: CliApp) {
    super(cli);
  }

  protected async execute(ids: string[], options: RetryOptions): Promise<void> {
    const notIds = ids.filter((id) => !isUuid(id));
    if (notIds.length > 0) throw new UsageError(`${notIds.join(', ')}: a job id is a UUID (GET /admin/jobs?state=failed lists them)`);
    const retryJob = await this.cli.get(RetryJobUseCase);
    const targets = ids.length > 0 ? ids.map((id) => ({ id, kind: null })) : await this.failedNotRetried(options.kind);
    if (targets.length === 0) {
      this.print(`no failed job to retry${options.kind ? ` of kind ${options.kind}` : ''}`);
      return;
    }
    if (options.dryRun) {
      for (const job of targets) this.print(`would retry ${job.id} (${job.kind})`);
      this.print(`${targets.length} failed job(s) would be retried`);
      return;
    }
    let retried = 0;
    const refused: string[] = [];
    for (const [i, target] of targets.entries()) {
      try {
        const retry = await retryJob.execute({ id: target.id });
        retried++;
        this.print(`[${i + 1}/${targets.length}] retried ${target.id} (${retry.kind}) as ${retry.id}`);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        refused.push(target.id);
        this.note(`[${i + 1}/${targets.length}] ${target.id}: ${error.message}`);
      }
    }
    this.print(`retried ${retried} of ${targets.length} failed job(s); the app's outbox relay runs them`);
    if (refused.length > 0) throw new CommandFailedError(`${refused.length} job(s) not retried`);
  }

  /** Every failed job without a retry yet, read a page at a time before any is retried. */
  private async failedNotRetried(kind: string | undefined): Promise<Pick<AdminJob, 'id' | 'kind'>[]> {
    const listJobs = await this.cli.get(ListJobsQuery);
    const found: Pick<AdminJob, 'id' | 'kind'>[] = [];
    let cursor: string | undefined;
    do {
      const page = await listJobs.execute({ state: 'failed', limit: PAGE, cursor });
      for (const job of page.items) if (!job.retriedAs && (!kind || job.kind === kind)) found.push({ id: job.id, kind: job.kind });
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    // Oldest first: the order they failed in.
    return found.reverse();
  }

  @Option({ flags: '--kind <kind>', description: 'only jobs of this kind (send-email, deliver-webhook, …)' })
  parseKind(value: string): string {
    return value;
  }

  @Option({ flags: '--dry-run', description: 'only list the jobs that would be retried' })
  parseDryRun(): boolean {
    return true;
  }

  @Help('after')
  examples(): string {
    return helpAfter(['npm run cli -- jobs:retry-failed --dry-run', 'npm run cli -- jobs:retry-failed --kind send-email', 'npm run cli -- jobs:retry-failed 0b6c3f0e-5f7e-4a51-9d0e-3f1c2a9b8d7e']);
  }
}
