import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { DESCRIPTION_MAX, TAG_MAX, TAGS_MAX, TITLE_MAX } from '../../domain/task.aggregate.js';
import { TASK_PRIORITIES, type TaskPriority } from '../../domain/task-status.js';
import { TaskField } from './task-fields.js';

export class CreateTaskDto {
  @ApiProperty({ minLength: 1, maxLength: TITLE_MAX, example: 'Collect signed NDA' })
  @TaskField.title()
  title!: string;

  @ApiPropertyOptional({ maxLength: DESCRIPTION_MAX, default: '' })
  @IsOptional()
  @TaskField.description()
  description?: string;

  @ApiPropertyOptional({ enum: TASK_PRIORITIES, default: 'medium' })
  @IsOptional()
  @TaskField.priority()
  priority?: TaskPriority;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, example: '2026-12-31' })
  @IsOptional()
  @TaskField.dueDate()
  dueDate?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @TaskField.assigneeId()
  assigneeId?: string | null;

  @ApiPropertyOptional({
    type: [String],
    maxItems: TAGS_MAX,
    description: `Up to ${TAGS_MAX} tags of 1-${TAG_MAX} characters; stored lower-cased and de-duplicated.`,
    example: ['legal', 'q4'],
  })
  @IsOptional()
  @TaskField.tags()
  tags?: string[];
}
