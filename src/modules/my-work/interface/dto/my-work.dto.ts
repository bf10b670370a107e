import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { IsCalendarDate } from '../../../../shared/interface/validation.js';
import { PageQueryDto } from '../../../../shared/interface/page-query.dto.js';

export class MyWorkQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: "Whose work: the signed-in user's by default; someone else's needs the manager or admin role.",
  })
  @IsOptional()
  @IsUUID()
  assigneeId?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Only work due strictly before this date.' })
  @IsOptional()
  @IsCalendarDate()
  dueBefore?: string;
}

export class WorkItemResponse {
  @ApiProperty({ enum: ['task', 'case_step'] }) kind!: 'task' | 'case_step';
  @ApiProperty({ description: 'The task id, or <caseId>:<stepKey>.' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() status!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) due!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) taskId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) caseId!: string | null;
  @ApiProperty({ type: String, nullable: true }) caseTitle!: string | null;
  @ApiProperty({ type: String, nullable: true }) stepKey!: string | null;
}

export class MyWorkPageResponse {
  @ApiProperty({ type: [WorkItemResponse] }) items!: WorkItemResponse[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
