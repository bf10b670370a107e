import { Transactional } from '@nestjs-cls/transactional';
import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../../../shared/application/clock.js';
import { LogUseCase } from '../../../shared/application/log-use-case.decorator.js';
import { StaleVersionError } from '../../../shared/domain/domain-error.js';
import type { Task, TaskSnapshot } from '../domain/task.aggregate.js';
import { TaskNotFoundError } from '../domain/task.errors.js';
import type { TaskPriority, TaskStatus } from '../domain/task-status.js';
import { TASK_REPOSITORY, type TaskRepository } from '../domain/task.repository.js';

export interface TaskChanges {
  title?: string;
  description?: string;
  priority?: TaskPriority;
  status?: TaskStatus;
  dueDate?: string | null;
  assigneeId?: string | null;
  tags?: readonly string[];
}

export interface UpdateTaskCommand {
  id: string;
  /** The version the client last saw (from If-Match); absent means "whatever is current". */
  expectedVersion?: number;
  changes: TaskChanges;
}

/** How often a write without If-Match is retried on fresh state before giving up. */
const MAX_ATTEMPTS = 5;

/**
 * Applies a partial change. With an expected version a concurrent write is the client's
 * problem (stale version); without one, the change is re-applied to the fresh task, so
 * concurrent writers never overwrite each other's fields with stale copies. The read and
 * the conditional write run in one transaction.
 */
@Injectable()
export class UpdateTaskUseCase {
  constructor(
    @Inject(TASK_REPOSITORY) private readonly tasks: TaskRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @LogUseCase()
  @Transactional()
  async execute(command: UpdateTaskCommand): Promise<TaskSnapshot> {
    for (let attempt = 1; ; attempt++) {
      const task = await this.load(command);
      applyChanges(task, command.changes, this.clock.now());
      if (!task.hasChanges) return task.snapshot();
      try {
        await this.tasks.update(task);
        return task.snapshot();
      } catch (error) {
        const retry =
          error instanceof StaleVersionError &&
          command.expectedVersion === undefined &&
          attempt < MAX_ATTEMPTS;
        if (!retry) throw error;
      }
    }
  }

  private async load({ id, expectedVersion }: UpdateTaskCommand): Promise<Task> {
    const task = await this.tasks.findById(id);
    if (!task) throw new TaskNotFoundError(id);
    if (expectedVersion !== undefined && task.version !== expectedVersion) {
      throw new StaleVersionError('task', id, expectedVersion, task.version);
    }
    return task;
  }
}

/** Status moves go last, so that "edit and close" in one request is allowed. */
function applyChanges(task: Task, changes: TaskChanges, now: Date): void {
  if (changes.status === 'todo') task.reopen(now);
  if (changes.title !== undefined) task.rename(changes.title, now);
  if (changes.description !== undefined) task.describe(changes.description, now);
  if (changes.priority !== undefined) task.prioritize(changes.priority, now);
  if (changes.dueDate !== undefined) task.scheduleFor(changes.dueDate, now);
  if (changes.assigneeId !== undefined) task.assignTo(changes.assigneeId, now);
  if (changes.tags !== undefined) task.retag(changes.tags, now);
  if (changes.status !== undefined && changes.status !== 'todo') task.moveTo(changes.status, now);
}
