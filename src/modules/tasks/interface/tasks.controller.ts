import { Body, Controller, Delete, Get, Headers, HttpCode, Inject, Patch, Post, Query, Res } from '@nestjs/common';
import { AUDIT_HISTORY, type AuditHistory } from '../../../shared/application/audit-trail.js';
import { AuditEntryPageResponse, historyPage } from '../../../shared/interface/audit-entry.response.js';
import { ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Idempotent } from '../../../platform/idempotency/idempotency.interceptor.js';
import { ApiProblems } from '../../../shared/interface/api-problems.decorator.js';
import { etagOf, parseIfMatch } from '../../../shared/interface/etag.js';
import { RequestValidationError } from '../../../shared/interface/request-validation.error.js';
import { UuidParam } from '../../../shared/interface/validation.js';
import { CreateTaskUseCase } from '../application/create-task.use-case.js';
import { DeleteTaskUseCase } from '../application/delete-task.use-case.js';
import { GetTaskQuery } from '../application/get-task.query.js';
import { ListTasksQuery } from '../application/list-tasks.query.js';
import type { TaskSortField } from '../application/ports/task.read-model.js';
import { UpdateTaskUseCase } from '../application/update-task.use-case.js';
import type { TaskSnapshot } from '../domain/task.aggregate.js';
import { CreateTaskDto } from './dto/create-task.dto.js';
import { ListTasksQueryDto } from './dto/list-tasks.query.dto.js';
import { TaskPageResponse, TaskResponse } from './dto/task.response.js';
import { UpdateTaskDto } from './dto/update-task.dto.js';
import { DEFAULT_PAGE_SIZE, PageQueryDto } from '../../../shared/interface/page-query.dto.js';
import type { Actor } from '../../../shared/application/acting-user.js';
import { CurrentActor, Permission } from '../../../shared/interface/auth.decorators.js';

const IF_MATCH = {
  name: 'If-Match',
  required: false,
  description: 'The ETag last read; the write is refused with 412 if the task changed since.',
};

@ApiTags('tasks')
@Controller('tasks')
export class TasksController {
  constructor(
    private readonly createTask: CreateTaskUseCase,
    private readonly updateTask: UpdateTaskUseCase,
    private readonly deleteTask: DeleteTaskUseCase,
    private readonly getTask: GetTaskQuery,
    private readonly listTasks: ListTasksQuery,
    @Inject(AUDIT_HISTORY) private readonly history: AuditHistory,
  ) {}

  @Post()
  @Permission('tasks', 'create')
  @Idempotent()
  @ApiOperation({ summary: 'Create a task' })
  @ApiResponse({ status: 201, type: TaskResponse, description: 'Created; ETag and Location set.' })
  @ApiProblems(400, 413, 415, 422)
  async create(
    @Body() body: CreateTaskDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TaskResponse> {
    const task = await this.createTask.execute({ ...body, createdBy: actor.id });
    void reply.header('location', `/tasks/${task.id}`);
    return respond(reply, task);
  }

  @Get()
  @Permission('tasks', 'read')
  @ApiOperation({ summary: 'List tasks, filtered and sorted, one cursor page at a time' })
  @ApiResponse({ status: 200, type: TaskPageResponse })
  @ApiProblems(400)
  async list(@Query() query: ListTasksQueryDto): Promise<TaskPageResponse> {
    const sort = query.sort ?? '-createdAt';
    const page = await this.listTasks.execute({
      status: query.status,
      priority: query.priority,
      assigneeId: query.assigneeId,
      dueBefore: query.dueBefore,
      dueAfter: query.dueAfter,
      tag: query.tag?.toLowerCase(),
      text: query.q,
      sort: {
        field: sort.replace(/^-/, '') as TaskSortField,
        direction: sort.startsWith('-') ? 'desc' : 'asc',
      },
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
      cursor: query.cursor,
    });
    return { items: page.items.map(TaskResponse.from), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @Permission('tasks', 'read')
  @ApiOperation({ summary: 'Read a task' })
  @ApiResponse({ status: 200, type: TaskResponse, description: 'ETag set.' })
  @ApiProblems(400, 404)
  async get(
    @UuidParam('id') id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TaskResponse> {
    return respond(reply, await this.getTask.execute(id));
  }

  @Get(':id/history')
  @Permission('tasks', 'read')
  @ApiOperation({ summary: "A task's audit entries, newest first, one cursor page at a time" })
  @ApiResponse({ status: 200, type: AuditEntryPageResponse })
  @ApiProblems(400, 404)
  listHistory(@UuidParam('id') id: string, @Query() query: PageQueryDto): Promise<AuditEntryPageResponse> {
    return historyPage(this.history, { type: 'task', id, assertExists: () => this.getTask.execute(id) }, query);
  }

  @Patch(':id')
  @Permission('tasks', 'update')
  @ApiOperation({ summary: 'Change some fields of a task, or move its status' })
  @ApiHeader(IF_MATCH)
  @ApiResponse({ status: 200, type: TaskResponse, description: 'ETag set.' })
  @ApiProblems(400, 403, 404, 409, 412, 413, 415, 422)
  async update(
    @UuidParam('id') id: string,
    @Body() body: UpdateTaskDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TaskResponse> {
    if (Object.keys(body).length === 0) {
      throw new RequestValidationError([{ field: 'body', message: 'must change at least one field' }]);
    }
    const task = await this.updateTask.execute({
      id,
      expectedVersions: parseIfMatch(ifMatch),
      changes: body,
      actor,
    });
    return respond(reply, task);
  }

  @Delete(':id')
  @Permission('tasks', 'delete')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a task' })
  @ApiHeader(IF_MATCH)
  @ApiResponse({ status: 204, description: 'Deleted.' })
  @ApiProblems(400, 403, 404, 412)
  async remove(
    @UuidParam('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    await this.deleteTask.execute({ id, expectedVersions: parseIfMatch(ifMatch), actor });
  }
}

function respond(reply: FastifyReply, task: TaskSnapshot): TaskResponse {
  void reply.header('etag', etagOf(task.version));
  return TaskResponse.from(task);
}
