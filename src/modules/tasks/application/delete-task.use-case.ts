import { Inject, Injectable } from '@nestjs/common';
import { LogUseCase } from '../../../shared/application/log-use-case.decorator.js';
import type { Actor } from '../../../shared/application/acting-user.js';
import { NotYourTaskError, TaskNotFoundError } from '../domain/task.errors.js';
import { TASK_REPOSITORY, type TaskRepository } from '../domain/task.repository.js';

export interface DeleteTaskCommand {
  id: string;
  expectedVersions?: readonly number[];
  /** Absent for the system; with `ownOnly`, only a task of theirs may go. */
  actor?: Actor;
}

@Injectable()
export class DeleteTaskUseCase {
  constructor(@Inject(TASK_REPOSITORY) private readonly tasks: TaskRepository) {}

  @LogUseCase()
  async execute({ id, expectedVersions, actor }: DeleteTaskCommand): Promise<void> {
    if (actor?.ownOnly) {
      const task = await this.tasks.findById(id);
      if (!task) throw new TaskNotFoundError(id);
      if (!task.isOwnedBy(actor.id)) throw new NotYourTaskError(id);
    }
    const deleted = await this.tasks.delete(id, expectedVersions);
    if (!deleted) throw new TaskNotFoundError(id);
  }
}
