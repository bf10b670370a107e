import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { IsOptionalNotNull } from '../../../../shared/interface/validation.js';
import { CASE_TITLE_MAX } from '../../domain/case.aggregate.js';
import { CASE_STATUSES, type CaseStatus, STEP_STATUSES, type StepStatus } from '../../domain/case-status.js';

export class UpdateCaseDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: CASE_TITLE_MAX })
  @IsOptionalNotNull()
  @IsString()
  @Length(1, CASE_TITLE_MAX)
  @Matches(/\S/, { message: 'title must not be blank' })
  title?: string;

  @ApiPropertyOptional({
    enum: CASE_STATUSES,
    description: 'open/in_progress <-> on_hold; -> cancelled (final); -> completed once every step is done or skipped.',
  })
  @IsOptionalNotNull()
  @IsIn(CASE_STATUSES)
  status?: CaseStatus;
}

export class UpdateCaseStepDto {
  @ApiPropertyOptional({
    enum: STEP_STATUSES,
    description: 'todo -> in_progress -> done; blocked and skipped from any open status; done -> in_progress; skipped -> todo.',
  })
  @IsOptionalNotNull()
  @IsIn(STEP_STATUSES)
  status?: StepStatus;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  assigneeId?: string | null;

  @ApiPropertyOptional({ description: 'A pinned step keeps its dates through every replan.' })
  @IsOptionalNotNull()
  @IsBoolean()
  pinned?: boolean;
}
