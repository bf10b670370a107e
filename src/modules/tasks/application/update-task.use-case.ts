import { ASSIGNEES, type Assignees } from '../../../shared/application/assignees.js';
import { OUTBOX, type Outbox } from '../../../shared/application/jobs.js';
import { EVENTS, type Events } from '../../../shared/application/events.js';
import { assignmentNotices, taskEvents } from './task-follow-ups.js';
import { Transactional } from '@nestjs-cls/transactional';
import { Inject, Injectable } from '@nestjs/common';
import { AUDIT_TRAIL, type AuditTrail, auditChanges } from '../../../shared/application/audit-trail.js';
import { CLOCK, type Clock } from '../../../shared/application/clock.js';
import { LogUseCase } from '../../../shared/application/log-use-case.decorator.js';
import { changeWithRetry } from '../../../shared/application/change-with-retry.js';
import type { TaskChanges, TaskSnapshot } from '../domain/task.aggregate.js';
import type { Actor } from '../../../shared/application/acting-user.js';
import { NotYourTaskError, TaskNotFoundError } from '../domain/task.errors.js';
import { TASK_REPOSITORY, type TaskRepository } from '../domain/task.repository.js';

export interface UpdateTaskCommand {
  id: string;
  /** The version the client last saw (from If-Match); absent means "whatever is current". */
  expectedVersions?: readonly number[];
  changes: TaskChanges;
  /** Absent for the system; with `ownOnly`, only a task of theirs may change. */
  actor?: Actor;
}

/**
 * Applies a partial change. With an expected version a concurrent write is the client's
 * problem (stale version); without one, the change is re-applied to the fresh task, so
 * concurrent writers never overwrite each other's fields with stale copies. The read and
 * the conditional write run in one transaction, with the change's audit entry (`task.update`),
 * when it gives the task to someone new their e-mail (an outbox message), and the events
 * subscribers hear (`task.assigned`, `task.completed`).
 */
@Injectable()
export class UpdateTaskUseCase {
  constructor(
    @Inject(TASK_REPOSITORY) private readonly tasks: TaskRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(AUDIT_TRAIL) private readonly audit: AuditTrail,
    @Inject(ASSIGNEES) private readonly assignees: Assignees,
    @Inject(OUTBOX) private readonly outbox: Outbox,
    @Inject(EVENTS) private readonly events: Events,
  ) {}

  @LogUseCase()
  @Transactional()
  async execute({ id, expectedVersions, changes, actor }: UpdateTaskCommand): Promise<TaskSnapshot> {
    if (changes.assigneeId) await this.assignees.assertAssignable([{ field: 'assigneeId', userId: changes.assigneeId }]);
    let before: TaskSnapshot | undefined;
    const { aggregate, changed } = await changeWithRetry({
      resource: 'task',
      id,
      expectedVersions,
      load: () => this.tasks.findById(id),
      notFound: () => new TaskNotFoundError(id),
      change: (task) => {
        if (actor?.ownOnly && !task.isOwnedBy(actor.id)) throw new NotYourTaskError(id);
        before = task.snapshot();
        task.change(changes, this.clock.now());
      },
      save: (task) => this.tasks.update(task),
    });
    const after = aggregate.snapshot();
    if (changed) {
      await this.audit.record({ action: 'task.update', resourceType: 'task', resourceId: id, changes: auditChanges(before ?? null, after) });
      for (const { kind, data } of assignmentNotices(before ?? null, after)) await this.outbox.add(kind, data);
      await this.events.publish(...taskEvents(before ?? null, after));
    }
    return after;
  }
}
