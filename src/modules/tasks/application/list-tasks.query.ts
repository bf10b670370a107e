import { Inject, Injectable } from '@nestjs/common';
import {
  TASK_READ_MODEL,
  type TaskListCriteria,
  type TaskPage,
  type TaskReadModel,
} from './ports/task.read-model.js';

@Injectable()
export class ListTasksQuery {
  constructor(@Inject(TASK_READ_MODEL) private readonly reads: TaskReadModel) {}

  execute(criteria: TaskListCriteria): Promise<TaskPage> {
    return this.reads.list(criteria);
  }
}
