import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { IsCalendarDate } from '../../../../shared/interface/validation.js';
import { TASK_SORT_FIELDS } from '../../application/ports/task.read-model.js';
import { TAG_MAX } from '../../domain/task.aggregate.js';
import {
  TASK_PRIORITIES,
  TASK_STATUSES,
  type TaskPriority,
  type TaskStatus,
} from '../../domain/task-status.js';
import { PageQueryDto, toQueryList } from '../../../../shared/interface/page-query.dto.js';

export const TASK_SORTS = TASK_SORT_FIELDS.flatMap((field) => [field, `-${field}`]);

export class ListTasksQueryDto extends PageQueryDto {

  @ApiPropertyOptional({
    enum: TASK_SORTS,
    default: '-createdAt',
    description: 'Field to sort on; a leading `-` sorts descending. Tasks without a due date sort last.',
  })
  @IsOptional()
  @IsIn(TASK_SORTS)
  sort?: string;

  @ApiPropertyOptional({ enum: TASK_STATUSES, isArray: true, description: 'Comma-separated or repeated.' })
  @IsOptional()
  @Transform(toQueryList)
  @IsIn(TASK_STATUSES, { each: true })
  status?: TaskStatus[];

  @ApiPropertyOptional({ enum: TASK_PRIORITIES, isArray: true, description: 'Comma-separated or repeated.' })
  @IsOptional()
  @Transform(toQueryList)
  @IsIn(TASK_PRIORITIES, { each: true })
  priority?: TaskPriority[];

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  assigneeId?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Due strictly before this date.' })
  @IsOptional()
  @IsCalendarDate()
  dueBefore?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Due strictly after this date.' })
  @IsOptional()
  @IsCalendarDate()
  dueAfter?: string;

  @ApiPropertyOptional({ description: 'Tasks carrying this tag (case-insensitive).' })
  @IsOptional()
  @IsString()
  @Length(1, TAG_MAX)
  tag?: string;

  @ApiPropertyOptional({ description: 'Case-insensitive text contained in the title.' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  q?: string;
}
