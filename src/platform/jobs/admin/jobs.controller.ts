import { Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ApiProblems } from '../../../shared/interface/api-problems.decorator.js';
import { Permission } from '../../../shared/interface/auth.decorators.js';
import { DEFAULT_PAGE_SIZE, PageQueryDto } from '../../../shared/interface/page-query.dto.js';
import { UuidParam } from '../../../shared/interface/validation.js';
import { JOB_STATES, type JobState } from '../job-queue.js';
import { GetJobQuery } from './get-job.query.js';
import { JobDetailResponse, JobPageResponse, JobResponse } from './job.response.js';
import { ListJobsQuery } from './list-jobs.query.js';
import { RemoveJobUseCase } from './remove-job.use-case.js';
import { RetryJobUseCase } from './retry-job.use-case.js';

export class ListJobsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: JOB_STATES, default: 'failed' })
  @IsOptional()
  @IsIn(JOB_STATES)
  state?: JobState;
}

/** Operators' quick actions on background jobs (SPEC-RES-3), admins only, each change audited. */
@ApiTags('admin')
@Controller('admin/jobs')
export class JobsController {
  constructor(
    private readonly listJobs: ListJobsQuery,
    private readonly getJob: GetJobQuery,
    private readonly retryJob: RetryJobUseCase,
    private readonly removeJob: RemoveJobUseCase,
  ) {}

  @Get()
  @Permission('admin', 'read')
  @ApiOperation({ summary: 'The background jobs in one state, newest first, one cursor page at a time' })
  @ApiResponse({ status: 200, type: JobPageResponse })
  @ApiProblems(400, 401, 403)
  async list(@Query() query: ListJobsQueryDto): Promise<JobPageResponse> {
    const page = await this.listJobs.execute({ state: query.state ?? 'failed', limit: query.limit ?? DEFAULT_PAGE_SIZE, cursor: query.cursor });
    return { items: page.items.map(JobResponse.from), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @Permission('admin', 'read')
  @ApiOperation({ summary: 'One background job: its state, attempts, last error, retry links and data' })
  @ApiResponse({ status: 200, type: JobDetailResponse })
  @ApiProblems(400, 401, 403, 404)
  async get(@UuidParam('id') id: string): Promise<JobDetailResponse> {
    return JobDetailResponse.fromJob(await this.getJob.execute(id));
  }

  @Post(':id/retry')
  @Permission('admin', 'create')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Retry a failed job: a new job (a new id) with its kind and data, linked both ways; queued through the outbox',
  })
  @ApiResponse({ status: 202, type: JobDetailResponse, description: 'The new job, waiting to run; the failed one names it in retriedAs.' })
  @ApiProblems(400, 401, 403, 404, 409)
  async retry(@UuidParam('id') id: string): Promise<JobDetailResponse> {
    return JobDetailResponse.fromJob(await this.retryJob.execute({ id }));
  }

  @Delete(':id')
  @Permission('admin', 'delete')
  @HttpCode(204)
  @ApiOperation({ summary: 'Take a job out of the queue: a waiting or delayed one will not run; a running one is refused (409)' })
  @ApiResponse({ status: 204, description: 'Removed.' })
  @ApiProblems(400, 401, 403, 404, 409)
  async remove(@UuidParam('id') id: string): Promise<void> {
    await this.removeJob.execute({ id });
  }
}
