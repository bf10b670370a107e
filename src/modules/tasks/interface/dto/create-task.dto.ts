import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';
import { IsCalendarDate, IsOptionalNotNull } from '../../../../shared/interface/validation.js';
import { DESCRIPTION_MAX, TAG_MAX, TAGS_MAX, TITLE_MAX } from '../../domain/task.aggregate.js';
import { TASK_PRIORITIES, type TaskPriority } from '../../domain/task-status.js';

/**
 * The fields of a task and their rules, declared once: UpdateTaskDto derives from this
 * class, and the OpenAPI document reads both. Optional fields that may not be null say
 * so (`IsOptionalNotNull`); `dueDate` and `assigneeId` take null to mean "none".
 */
export class CreateTaskDto {
  @ApiProperty({ minLength: 1, maxLength: TITLE_MAX, example: 'Collect signed NDA' })
  @IsString()
  @Length(1, TITLE_MAX)
  @Matches(/\S/, { message: 'title must not be blank' })
  title!: string;

  @ApiPropertyOptional({ maxLength: DESCRIPTION_MAX, default: '' })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(DESCRIPTION_MAX)
  description?: string;

  @ApiPropertyOptional({ enum: TASK_PRIORITIES, default: 'medium' })
  @IsOptionalNotNull()
  @IsIn(TASK_PRIORITIES)
  priority?: TaskPriority;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, example: '2026-12-31' })
  @IsOptional()
  @IsCalendarDate()
  dueDate?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  assigneeId?: string | null;

  @ApiPropertyOptional({
    type: [String],
    maxItems: TAGS_MAX,
    description: `Up to ${TAGS_MAX} tags of 1-${TAG_MAX} characters; stored lower-cased and de-duplicated.`,
    example: ['legal', 'q4'],
  })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(TAGS_MAX)
  @IsString({ each: true })
  @Length(1, TAG_MAX, { each: true })
  tags?: string[];
}
