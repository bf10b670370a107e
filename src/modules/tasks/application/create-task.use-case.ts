import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AFTER_COMMIT, type AfterCommit } from '../../../shared/application/after-commit.js';
import { BUSINESS_EVENTS, type BusinessEvents } from '../../../shared/application/business-events.js';
import { CLOCK, type Clock } from '../../../shared/application/clock.js';
import { LogUseCase } from '../../../shared/application/log-use-case.decorator.js';
import { type NewTask, Task, type TaskSnapshot } from '../domain/task.aggregate.js';
import { TASK_REPOSITORY, type TaskRepository } from '../domain/task.repository.js';

export type CreateTaskCommand = NewTask;

/**
 * Creates a task. One INSERT and nothing else, so it needs no transaction of its own;
 * called inside one (from another use case, or an Idempotency-Key) it joins it through
 * the repository, and `task_created` waits for that transaction's commit.
 */
@Injectable()
export class CreateTaskUseCase {
  constructor(
    @Inject(TASK_REPOSITORY) private readonly tasks: TaskRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(BUSINESS_EVENTS) private readonly events: BusinessEvents,
    @Inject(AFTER_COMMIT) private readonly afterCommit: AfterCommit,
  ) {}

  @LogUseCase()
  async execute(command: CreateTaskCommand): Promise<TaskSnapshot> {
    const task = Task.create(randomUUID(), command, this.clock.now());
    await this.tasks.insert(task);
    const snapshot = task.snapshot();
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
