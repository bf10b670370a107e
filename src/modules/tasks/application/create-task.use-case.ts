import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../../../shared/application/clock.js';
import { type NewTask, Task, type TaskSnapshot } from '../domain/task.aggregate.js';
import { TASK_REPOSITORY, type TaskRepository } from '../domain/task.repository.js';

export type CreateTaskCommand = NewTask;

/**
 * Creates a task. One INSERT and nothing else, so it needs no transaction of its own;
 * called inside one (from another use case) it joins it through the repository.
 */
@Injectable()
export class CreateTaskUseCase {
  constructor(
    @Inject(TASK_REPOSITORY) private readonly tasks: TaskRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: CreateTaskCommand): Promise<TaskSnapshot> {
    const task = Task.create(randomUUID(), command, this.clock.now());
    await this.tasks.insert(task);
    return task.snapshot();
  }
}
