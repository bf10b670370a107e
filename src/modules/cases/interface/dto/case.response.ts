import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ScheduleWarning } from '../../domain/backward-scheduler.js';
import type { CaseSnapshot, StepChange } from '../../domain/case.aggregate.js';
import { CASE_STATUSES, type CaseStatus, STEP_STATUSES, type StepStatus } from '../../domain/case-status.js';
import type { CaseSummary } from '../../application/ports/case.read-model.js';

export class StepResponse {
  @ApiProperty() key!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'date' }) start!: string;
  @ApiProperty({ format: 'date' }) due!: string;
  @ApiProperty({ enum: STEP_STATUSES }) status!: StepStatus;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) assigneeId!: string | null;
  @ApiProperty() pinned!: boolean;
  @ApiProperty({ description: 'Working days.' }) durationDays!: number;
  @ApiProperty({ type: [String] }) dependsOn!: string[];
  @ApiProperty({ description: 'Working days between each dependency and this step.' }) lagDays!: number;
}

export class CaseResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ format: 'uuid' }) templateId!: string;
  @ApiProperty() templateVersion!: number;
  @ApiProperty({ format: 'uuid' }) calendarId!: string;
  @ApiProperty({ format: 'date' }) goalDate!: string;
  @ApiProperty({ enum: CASE_STATUSES }) status!: CaseStatus;
  @ApiProperty({ description: 'Also the ETag.' }) version!: number;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Who started it.' }) createdBy!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: [StepResponse] }) steps!: StepResponse[];

  static from(c: CaseSnapshot): CaseResponse {
    return {
      id: c.id,
      title: c.title,
      templateId: c.templateId,
      templateVersion: c.templateVersion,
      calendarId: c.calendarId,
      goalDate: c.goalDate,
      status: c.status,
      version: c.version,
      createdBy: c.createdBy,
      createdAt: c.createdAt.toISOString(),
      updatedAt: c.updatedAt.toISOString(),
      steps: c.steps.map((s) => ({
        key: s.key,
        name: s.name,
        start: s.start,
        due: s.due,
        status: s.status,
        assigneeId: s.assigneeId,
        pinned: s.pinned,
        durationDays: s.durationDays,
        dependsOn: [...s.dependsOn],
        lagDays: s.lagDays,
      })),
    };
  }
}

export class ScheduleWarningResponse {
  @ApiProperty({ enum: ['STARTS_BEFORE_TODAY', 'DUE_AFTER_GOAL', 'DEPENDENCY_NOT_MET'] }) code!: string;
  @ApiProperty() stepKey!: string;
  @ApiPropertyOptional({ format: 'date' }) start?: string;
  @ApiPropertyOptional({ format: 'date' }) due?: string;
  @ApiPropertyOptional({ format: 'date' }) today?: string;
  @ApiPropertyOptional({ format: 'date' }) goalDate?: string;
  @ApiPropertyOptional() dependsOn?: string;
  @ApiPropertyOptional({ format: 'date' }) earliestStart?: string;
}

export class StepSlackResponse {
  @ApiProperty() stepKey!: string;
  @ApiProperty({ format: 'date', description: 'The earliest start from today, after its dependencies.' })
  earliestStart!: string;
  @ApiProperty({ format: 'date' }) earliestDue!: string;
  @ApiProperty({ description: 'Working days the step may slip without moving the goal; negative: it cannot be met.' })
  slackDays!: number;
}

export class CreatedCaseResponse extends CaseResponse {
  @ApiProperty({ type: [String], description: 'Steps whose delay moves the goal, dependencies first.' })
  criticalPath!: string[];

  @ApiProperty({ type: [StepSlackResponse] }) slack!: StepSlackResponse[];

  @ApiProperty({ type: [ScheduleWarningResponse] }) warnings!: ScheduleWarning[];
}

class StepDatesResponse {
  @ApiProperty({ format: 'date' }) start!: string;
  @ApiProperty({ format: 'date' }) due!: string;
}

class StepChangeResponse {
  @ApiProperty() stepKey!: string;
  @ApiProperty({ type: StepDatesResponse }) from!: StepDatesResponse;
  @ApiProperty({ type: StepDatesResponse }) to!: StepDatesResponse;
}

class GoalChangeResponse {
  @ApiProperty({ format: 'date' }) from!: string;
  @ApiProperty({ format: 'date' }) to!: string;
}

export class ReplanResponse {
  @ApiProperty({ type: GoalChangeResponse }) goalDate!: GoalChangeResponse;
  @ApiProperty({ type: [StepChangeResponse] }) changedSteps!: StepChange[];
  @ApiProperty({ type: [String] }) criticalPath!: string[];
  @ApiProperty({ type: [StepSlackResponse] }) slack!: StepSlackResponse[];
  @ApiProperty({ type: [ScheduleWarningResponse] }) warnings!: ScheduleWarning[];
  @ApiProperty({ example: 'backward-alap/1' }) algorithm!: string;
  @ApiProperty({ type: CaseResponse, description: 'The case as it is after apply, or unchanged after preview.' })
  case!: CaseResponse;
}

export class CaseSummaryResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ format: 'uuid' }) templateId!: string;
  @ApiProperty() templateVersion!: number;
  @ApiProperty({ format: 'uuid' }) calendarId!: string;
  @ApiProperty({ format: 'date' }) goalDate!: string;
  @ApiProperty({ enum: CASE_STATUSES }) status!: CaseStatus;
  @ApiProperty() version!: number;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) createdBy!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty() stepsTotal!: number;
  @ApiProperty() stepsFinished!: number;
  @ApiProperty({ type: String, format: 'date', nullable: true }) nextDue!: string | null;

  static from(s: CaseSummary): CaseSummaryResponse {
    return { ...s, createdAt: s.createdAt.toISOString(), updatedAt: s.updatedAt.toISOString() };
  }
}

export class CasePageResponse {
  @ApiProperty({ type: [CaseSummaryResponse] }) items!: CaseSummaryResponse[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
