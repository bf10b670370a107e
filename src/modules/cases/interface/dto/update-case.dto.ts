import { ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsUUID } from 'class-validator';
import { IsOptionalNotNull } from '../../../../shared/interface/validation.js';
import { CASE_STATUSES, type CaseStatus, STEP_STATUSES, type StepStatus } from '../../domain/case-status.js';
import { CreateCaseDto } from './create-case.dto.js';

/** A title change (the rules of CreateCaseDto's title) and/or a status move. */
export class UpdateCaseDto extends PartialType(PickType(CreateCaseDto, ['title']), { skipNullProperties: false }) {
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
