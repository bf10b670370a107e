import { ASSIGNEES, type Assignees } from '../../../shared/application/assignees.js';
import { randomUUID } from 'node:crypto';
import { Transactional } from '@nestjs-cls/transactional';
import { Inject, Injectable } from '@nestjs/common';
import { AFTER_COMMIT, type AfterCommit } from '../../../shared/application/after-commit.js';
import { AUDIT_TRAIL, type AuditTrail, auditChanges } from '../../../shared/application/audit-trail.js';
import { BUSINESS_EVENTS, type BusinessEvents } from '../../../shared/application/business-events.js';
import { CLOCK, type Clock } from '../../../shared/application/clock.js';
import { LogUseCase } from '../../../shared/application/log-use-case.decorator.js';
import { type NewTask, Task, type TaskSnapshot } from '../domain/task.aggregate.js';
import { TASK_REPOSITORY, type TaskRepository } from '../domain/task.repository.js';

export type CreateTaskCommand = NewTask;

/**
 * Creates a task and its audit entry (`task.create`) in one transaction; called inside
 * another (an Idempotency-Key's) it joins it, and `task_created` waits for its commit.
 */
@Injectable()
export class CreateTaskUseCase {
  constructor(
    @Inject(TASK_REPOSITORY) private readonly tasks: TaskRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(BUSINESS_EVENTS) private readonly events: BusinessEvents,
    @Inject(AFTER_COMMIT) private readonly afterCommit: AfterCommit,
    @Inject(AUDIT_TRAIL) private readonly audit: AuditTrail,
    @Inject(ASSIGNEES) private readonly assignees: Assignees,
  ) {}

  @LogUseCase()
  @Transactional()
  async execute(command: CreateTaskCommand): Promise<TaskSnapshot> {
    const task = Task.create(randomUUID(), command, this.clock.now());
    if (command.assigneeId) await this.assignees.assertAssignable([{ field: 'assigneeId', userId: command.assigneeId }]);
    await this.tasks.insert(task);
    const snapshot = task.snapshot();
    await this.audit.record({ action: 'task.create', resourceType: 'task', resourceId: snapshot.id, changes: auditChanges(null, snapshot) });
    this.afterCommit.run(() =>
      this.events.record('task_created', {
        taskId: snapshot.id,
        priority: snapshot.priority,
        assigneeId: snapshot.assigneeId,
      }),
    );
    return snapshot;
  }
}
