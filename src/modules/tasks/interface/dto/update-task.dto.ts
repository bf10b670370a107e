import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IsOptionalNotNull } from '../../../../shared/interface/validation.js';
import { DESCRIPTION_MAX, TAGS_MAX, TITLE_MAX } from '../../domain/task.aggregate.js';
import {
  TASK_PRIORITIES,
  TASK_STATUSES,
  type TaskPriority,
  type TaskStatus,
} from '../../domain/task-status.js';
import { TaskField } from './task-fields.js';

/** A partial change: absent fields stay as they are; `null` clears `dueDate` and `assigneeId`. */
export class UpdateTaskDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: TITLE_MAX })
  @IsOptionalNotNull()
  @TaskField.title()
  title?: string;

  @ApiPropertyOptional({ maxLength: DESCRIPTION_MAX })
  @IsOptionalNotNull()
  @TaskField.description()
  description?: string;

  @ApiPropertyOptional({ enum: TASK_PRIORITIES })
  @IsOptionalNotNull()
  @TaskField.priority()
  priority?: TaskPriority;

  @ApiPropertyOptional({
    enum: TASK_STATUSES,
    description:
      'Moves the task: todo -> in_progress -> done; todo or in_progress -> cancelled; done or cancelled -> todo (reopen).',
  })
  @IsOptionalNotNull()
  @IsIn(TASK_STATUSES)
  status?: TaskStatus;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true })
  @IsOptional()
  @TaskField.dueDate()
  dueDate?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @TaskField.assigneeId()
  assigneeId?: string | null;

  @ApiPropertyOptional({ type: [String], maxItems: TAGS_MAX })
  @IsOptionalNotNull()
  @TaskField.tags()
  tags?: string[];
}
