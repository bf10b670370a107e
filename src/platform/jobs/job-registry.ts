import { Inject, Injectable, Optional } from '@nestjs/common';
import type { JobKind, JobKinds } from '../../shared/application/jobs.js';
import { JOB_METRICS, type JobMetrics, noJobMetrics } from './job-metrics.js';
import type { JobKindLookup } from './job-queue.js';

/**
 * The JOB_KINDS registry: every kind by name. The queue looks each job's kind up here when
 * it runs it, so a kind registered after the queue started runs too.
 */
@Injectable()
export class JobRegistry implements JobKinds, JobKindLookup {
  private readonly kinds = new Map<string, JobKind>();

  constructor(@Optional() @Inject(JOB_METRICS) private readonly metrics: JobMetrics = noJobMetrics) {}

  register(kind: JobKind): void {
    if (this.kinds.has(kind.name)) throw new Error(`job kind ${kind.name} is registered twice`);
    if (!Number.isInteger(kind.attempts) || kind.attempts < 1 || !(kind.backoffMs >= 0)) {
      throw new Error(`job kind ${kind.name}: attempts must be a whole number >= 1 and backoffMs >= 0`);
    }
    this.kinds.set(kind.name, kind);
    this.metrics.kind(kind.name);
  }

  has(name: string): boolean {
    return this.kinds.has(name);
  }

  get(name: string): JobKind | undefined {
    return this.kinds.get(name);
  }
}
