import { Module } from '@nestjs/common';
import { DatabaseModule } from '../../platform/database/database.module.js';
import { CreateTaskUseCase } from './application/create-task.use-case.js';
import { DeleteTaskUseCase } from './application/delete-task.use-case.js';
import { GetTaskQuery } from './application/get-task.query.js';
import { ListTasksQuery } from './application/list-tasks.query.js';
import { TASK_READ_MODEL } from './application/ports/task.read-model.js';
import { UpdateTaskUseCase } from './application/update-task.use-case.js';
import { TASK_REPOSITORY } from './domain/task.repository.js';
import { TaskDueItems } from './infrastructure/task-due-items.js';
import { TaskTagOrmEntity } from './infrastructure/task-tag.orm-entity.js';
import { TaskOrmEntity } from './infrastructure/task.orm-entity.js';
import { TypeOrmTaskReadModel } from './infrastructure/typeorm-task.read-model.js';
import { TypeOrmTaskRepository } from './infrastructure/typeorm-task.repository.js';
import { TasksController } from './interface/tasks.controller.js';

/** Standalone tasks (SPEC-DOM-5): the model every later module copies. */
@Module({
  imports: [DatabaseModule.forFeature([TaskOrmEntity, TaskTagOrmEntity])],
  controllers: [TasksController],
  providers: [
    CreateTaskUseCase,
    UpdateTaskUseCase,
    DeleteTaskUseCase,
    GetTaskQuery,
    ListTasksQuery,
    TaskDueItems,
    { provide: TASK_REPOSITORY, useClass: TypeOrmTaskRepository },
    { provide: TASK_READ_MODEL, useClass: TypeOrmTaskReadModel },
  ],
})
export class TasksModule {}
