import { Inject, Injectable } from '@nestjs/common';
import type { JobKind, JobKinds } from '../../shared/application/jobs.js';
import { JOB_QUEUE, type JobQueue } from './job-queue.js';

/**
 * The JOB_KINDS registry: every kind by name. The queue starts running the kinds registered
 * at init when the app has started (`startAll`); a kind registered later runs from then on.
 */
@Injectable()
export class JobRegistry implements JobKinds {
  private readonly kinds = new Map<string, JobKind>();
  private started = false;

  constructor(@Inject(JOB_QUEUE) private readonly queue: JobQueue) {}

  register(kind: JobKind): void {
    if (this.kinds.has(kind.name)) throw new Error(`job kind ${kind.name} is registered twice`);
    if (!Number.isInteger(kind.attempts) || kind.attempts < 1 || !(kind.backoffMs >= 0)) {
      throw new Error(`job kind ${kind.name}: attempts must be a whole number >= 1 and backoffMs >= 0`);
    }
    this.kinds.set(kind.name, kind);
    if (this.started) this.queue.start([kind]);
  }

  has(name: string): boolean {
    return this.kinds.has(name);
  }

  startAll(): void {
    if (this.started) return;
    this.started = true;
    this.queue.start([...this.kinds.values()]);
  }
}
