import { Inject, Injectable } from '@nestjs/common';
import { LogUseCase } from '../../../shared/application/log-use-case.decorator.js';
import type { TaskSnapshot } from '../domain/task.aggregate.js';
import { TaskNotFoundError } from '../domain/task.errors.js';
import { TASK_READ_MODEL, type TaskReadModel } from './ports/task.read-model.js';

@Injectable()
export class GetTaskQuery {
  constructor(@Inject(TASK_READ_MODEL) private readonly reads: TaskReadModel) {}

  @LogUseCase({ success: 'debug' })
  async execute(id: string): Promise<TaskSnapshot> {
    const task = await this.reads.findById(id);
    if (!task) throw new TaskNotFoundError(id);
    return task;
  }
}
