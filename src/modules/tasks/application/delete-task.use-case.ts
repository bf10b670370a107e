import { Inject, Injectable } from '@nestjs/common';
import { LogUseCase } from '../../../shared/application/log-use-case.decorator.js';
import { TaskNotFoundError } from '../domain/task.errors.js';
import { TASK_REPOSITORY, type TaskRepository } from '../domain/task.repository.js';

export interface DeleteTaskCommand {
  id: string;
  expectedVersions?: readonly number[];
}

@Injectable()
export class DeleteTaskUseCase {
  constructor(@Inject(TASK_REPOSITORY) private readonly tasks: TaskRepository) {}

  @LogUseCase()
  async execute({ id, expectedVersions }: DeleteTaskCommand): Promise<void> {
    const deleted = await this.tasks.delete(id, expectedVersions);
    if (!deleted) throw new TaskNotFoundError(id);
  }
}
