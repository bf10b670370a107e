import { ASSIGNEES, type Assignees } from '../../../shared/application/assignees.js';
import { EVENTS, type Events } from '../../../shared/application/events.js';
import { assignmentNotices, taskEvents } from './task-follow-ups.js';
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AFTER_COMMIT, type AfterCommit } from '../../../shared/application/after-commit.js';
import { auditChanges } from '../../../shared/application/audit-trail.js';
import { BUSINESS_EVENTS, type BusinessEvents } from '../../../shared/application/business-events.js';
import { CLOCK, type Clock } from '../../../shared/application/clock.js';
import { LogUseCase } from '../../../shared/application/log-use-case.decorator.js';
import { type NewTask, Task, type TaskSnapshot } from '../domain/task.aggregate.js';
import { TASK_REPOSITORY, type TaskRepository } from '../domain/task.repository.js';

export type CreateTaskCommand = NewTask;

/**
 * Creates a task with its audit entry (`task.create`), written by one statement: atomic
 * without a transaction of its own; inside a caller's (an Idempotency-Key's) it joins it,
 * and `task_created` waits for that commit. A task created with an assignee also sends them
 * an e-mail, and subscribers hear `task.created` (and `task.assigned`): their outbox
 * messages are written in that same statement.
 */
@Injectable()
export class CreateTaskUseCase {
  constructor(
    @Inject(TASK_REPOSITORY) private readonly tasks: TaskRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(BUSINESS_EVENTS) private readonly businessEvents: BusinessEvents,
    @Inject(AFTER_COMMIT) private readonly afterCommit: AfterCommit,
    @Inject(ASSIGNEES) private readonly assignees: Assignees,
    @Inject(EVENTS) private readonly events: Events,
  ) {}

  @LogUseCase()
  async execute(command: CreateTaskCommand): Promise<TaskSnapshot> {
    const task = Task.create(randomUUID(), command, this.clock.now());
    if (command.assigneeId) await this.assignees.assertAssignable([{ field: 'assigneeId', userId: command.assigneeId }]);
    const created = task.snapshot();
    await this.tasks.insert(
      task,
      { action: 'task.create', resourceType: 'task', resourceId: task.id, changes: auditChanges(null, created) },
      [...assignmentNotices(null, created), ...(await this.events.followUps(...taskEvents(null, created)))],
    );
    const snapshot = task.snapshot();
    this.afterCommit.run(() =>
      this.businessEvents.record('task_created', {
        taskId: snapshot.id,
        priority: snapshot.priority,
        assigneeId: snapshot.assigneeId,
      }),
    );
    return snapshot;
  }
}
