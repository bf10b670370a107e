import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { ApiProblems } from '../../../shared/interface/api-problems.decorator.js';
import { Permission } from '../../../shared/interface/auth.decorators.js';
import { DEFAULT_PAGE_SIZE, PageQueryDto } from '../../../shared/interface/page-query.dto.js';
import { ListAuditArchiveRunsQuery } from '../application/list-audit-archive-runs.query.js';
import type { ArchiveRunView } from '../application/ports/audit-archive.js';
import { RunAuditArchiveUseCase } from '../application/run-audit-archive.use-case.js';

export class RunArchiveDto {
  @ApiPropertyOptional({ default: false, description: 'Only count what a run would archive, month by month.' })
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;
}

class ArchivedMonthResponse {
  @ApiProperty({ example: '2026-08' }) month!: string;
  @ApiProperty() rows!: number;
  @ApiProperty({ example: 'audit-logs-2026-08.ndjson.gz' }) file!: string;
  @ApiProperty() sha256!: string;
  @ApiProperty({ enum: ['partition_dropped', 'rows_deleted'] }) removal!: string;
  @ApiProperty() rowsPerSecond!: number;
}

class ArchiveRunResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['schedule', 'manual'] }) trigger!: string;
  @ApiProperty({ enum: ['running', 'succeeded', 'failed'] }) status!: string;
  @ApiProperty({ format: 'date-time', description: 'Entries before this instant were to be archived.' }) cutoff!: string;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;
  @ApiProperty() rowsArchived!: number;
  @ApiProperty({ type: [ArchivedMonthResponse] }) months!: ArchivedMonthResponse[];
  @ApiProperty({ type: String, nullable: true }) error!: string | null;

  static from(run: ArchiveRunView): ArchiveRunResponse {
    return {
      ...run,
      cutoff: run.cutoff.toISOString(),
      startedAt: run.startedAt.toISOString(),
      finishedAt: run.finishedAt?.toISOString() ?? null,
    };
  }
}

class ArchiveRunPageResponse {
  @ApiProperty({ type: [ArchiveRunResponse] }) items!: ArchiveRunResponse[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

class ArchivePlanResponse {
  @ApiProperty({ enum: [true] }) dryRun!: true;
  @ApiProperty({ format: 'date-time' }) cutoff!: string;
  @ApiProperty({ type: 'array', items: { type: 'object', properties: { month: { type: 'string' }, rows: { type: 'integer' } } } })
  months!: { month: string; rows: number }[];
}

/** The audit log's monthly archive, on demand and its history (admins). */
@ApiTags('admin')
@Controller('admin/audit-archive/runs')
export class AuditArchiveController {
  constructor(
    private readonly runArchive: RunAuditArchiveUseCase,
    private readonly listRuns: ListAuditArchiveRunsQuery,
  ) {}

  @Post()
  @HttpCode(200)
  @Permission('admin', 'create')
  @ApiOperation({
    summary: 'Archive the audit entries older than the retention now (answers when the run has finished), or count them with dryRun',
  })
  @ApiResponse({ status: 200, description: 'The finished run, or with dryRun the months a run would archive.', type: ArchiveRunResponse })
  @ApiProblems(400, 401, 403, 409)
  async run(@Body() body: RunArchiveDto): Promise<ArchiveRunResponse | ArchivePlanResponse> {
    const result = await this.runArchive.execute({ dryRun: body.dryRun ?? false });
    if (result.dryRun) return { dryRun: true, cutoff: result.plan.cutoff.toISOString(), months: result.plan.months };
    return ArchiveRunResponse.from(result.run);
  }

  @Get()
  @Permission('admin', 'read')
  @ApiOperation({ summary: 'The archive runs, newest first: months, files, rows, how each ended' })
  @ApiResponse({ status: 200, type: ArchiveRunPageResponse })
  @ApiProblems(400, 401, 403)
  async list(@Query() query: PageQueryDto): Promise<ArchiveRunPageResponse> {
    const page = await this.listRuns.execute({ limit: query.limit ?? DEFAULT_PAGE_SIZE, cursor: query.cursor });
    return { items: page.items.map(ArchiveRunResponse.from), nextCursor: page.nextCursor };
  }
}
