import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { IsCalendarDate } from '../../../../shared/interface/validation.js';
import { CASE_SORTS, type CaseSort } from '../../application/ports/case.read-model.js';
import { CASE_STATUSES, type CaseStatus } from '../../domain/case-status.js';
import { PageQueryDto, toQueryList } from '../../../../shared/interface/page-query.dto.js';

export class ListCasesQueryDto extends PageQueryDto {

  @ApiPropertyOptional({ enum: CASE_SORTS, default: '-createdAt' })
  @IsOptional()
  @IsIn(CASE_SORTS)
  sort?: CaseSort;

  @ApiPropertyOptional({ enum: CASE_STATUSES, isArray: true, description: 'Comma-separated or repeated.' })
  @IsOptional()
  @Transform(toQueryList)
  @IsIn(CASE_STATUSES, { each: true })
  status?: CaseStatus[];

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  templateId?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Goal strictly before this date.' })
  @IsOptional()
  @IsCalendarDate()
  goalBefore?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Goal strictly after this date.' })
  @IsOptional()
  @IsCalendarDate()
  goalAfter?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Cases with a step assigned to this person.' })
  @IsOptional()
  @IsUUID()
  assigneeId?: string;
}
