import { ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { IsOptionalNotNull } from '../../../../shared/interface/validation.js';
import { TASK_STATUSES, type TaskStatus } from '../../domain/task-status.js';
import { CreateTaskDto } from './create-task.dto.js';

/**
 * A partial change: every field of CreateTaskDto with its rules, none required, and null
 * validated like any value (so only `dueDate` and `assigneeId` may be cleared with null);
 * plus the status move.
 */
export class UpdateTaskDto extends PartialType(CreateTaskDto, { skipNullProperties: false }) {
  @ApiPropertyOptional({
    enum: TASK_STATUSES,
    description:
      'Moves the task: todo -> in_progress -> done; todo or in_progress -> cancelled; done or cancelled -> todo (reopen).',
  })
  @IsOptionalNotNull()
  @IsIn(TASK_STATUSES)
  status?: TaskStatus;
}
