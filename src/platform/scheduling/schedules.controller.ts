import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../../shared/interface/api-problems.decorator.js';
import { Permission } from '../../shared/interface/auth.decorators.js';
import { ScheduleRunner } from './schedule-runner.js';

class LastRunResponse {
  @ApiProperty({ format: 'date-time' }) scheduledAt!: string;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;
  @ApiProperty({ enum: ['running', 'succeeded', 'failed'] }) status!: string;
  @ApiProperty({ type: Number, nullable: true }) items!: number | null;
  @ApiProperty({ type: Number, nullable: true }) durationMs!: number | null;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
  @ApiProperty({ description: 'host:pid of the process that ran it' }) instance!: string;
}

class ScheduleResponse {
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'Five-field cron, UTC.' }) cron!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) nextRun!: string | null;
  @ApiProperty({ type: LastRunResponse, nullable: true }) lastRun!: LastRunResponse | null;
}

@ApiTags('admin')
@Permission('admin', 'read')
@Controller('admin/schedules')
export class SchedulesController {
  constructor(private readonly runner: ScheduleRunner) {}

  @Get()
  @ApiOperation({ summary: 'Every scheduled job: its cron, its next run, its last run and how it went' })
  @ApiResponse({ status: 200, type: [ScheduleResponse] })
  @ApiProblems(401, 403)
  async list(): Promise<ScheduleResponse[]> {
    const schedules = await this.runner.schedules();
    return schedules.map((s) => ({
      name: s.name,
      cron: s.cron,
      nextRun: s.nextRun?.toISOString() ?? null,
      lastRun: s.lastRun
        ? {
            ...s.lastRun,
            scheduledAt: s.lastRun.scheduledAt.toISOString(),
            startedAt: s.lastRun.startedAt.toISOString(),
            finishedAt: s.lastRun.finishedAt?.toISOString() ?? null,
          }
        : null,
    }));
  }
}
