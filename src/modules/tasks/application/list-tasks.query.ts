import { Inject, Injectable } from '@nestjs/common';
import { LogUseCase } from '../../../shared/application/log-use-case.decorator.js';
import {
  TASK_READ_MODEL,
  type TaskListCriteria,
  type TaskPage,
  type TaskReadModel,
} from './ports/task.read-model.js';

@Injectable()
export class ListTasksQuery {
  constructor(@Inject(TASK_READ_MODEL) private readonly reads: TaskReadModel) {}

  @LogUseCase({ success: 'debug' })
  execute(criteria: TaskListCriteria): Promise<TaskPage> {
    return this.reads.list(criteria);
  }
}
