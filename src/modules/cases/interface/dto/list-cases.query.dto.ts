import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { IsCalendarDate } from '../../../../shared/interface/validation.js';
import { CASE_SORTS, type CaseSort } from '../../application/ports/case.read-model.js';
import { CASE_STATUSES, type CaseStatus } from '../../domain/case-status.js';

const toList = ({ value }: { value: unknown }) =>
  (Array.isArray(value) ? value : [value]).flatMap((item) =>
    typeof item === 'string' ? item.split(',').map((part) => part.trim()) : [item],
  );
const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : value;

export class ListCasesQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page.' })
  @IsOptional()
  @IsString()
  @Length(1, 512)
  cursor?: string;

  @ApiPropertyOptional({ enum: CASE_SORTS, default: '-createdAt' })
  @IsOptional()
  @IsIn(CASE_SORTS)
  sort?: CaseSort;

  @ApiPropertyOptional({ enum: CASE_STATUSES, isArray: true, description: 'Comma-separated or repeated.' })
  @IsOptional()
  @Transform(toList)
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
