import { applyDecorators } from '@nestjs/common';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
} from 'class-validator';
import { DESCRIPTION_MAX, TAG_MAX, TAGS_MAX, TITLE_MAX } from '../../domain/task.aggregate.js';
import { TASK_PRIORITIES } from '../../domain/task-status.js';
import { IsCalendarDate } from '../../../../shared/interface/validation.js';

/** The rules of each task field, shared by the create and update bodies. */
export const TaskField = {
  title: () =>
    applyDecorators(
      IsString(),
      Length(1, TITLE_MAX),
      Matches(/\S/, { message: 'title must not be blank' }),
    ),
  description: () => applyDecorators(IsString(), MaxLength(DESCRIPTION_MAX)),
  priority: () => IsIn(TASK_PRIORITIES),
  dueDate: () => IsCalendarDate(),
  assigneeId: () => IsUUID(),
  tags: () =>
    applyDecorators(
      IsArray(),
      ArrayMaxSize(TAGS_MAX),
      IsString({ each: true }),
      Length(1, TAG_MAX, { each: true }),
    ),
};
