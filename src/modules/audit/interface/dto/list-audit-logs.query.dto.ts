import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsUUID, Matches } from 'class-validator';
import { AUDIT_RESOURCES, type AuditResource } from '../../../../shared/application/audit-trail.js';
import { PageQueryDto } from '../../../../shared/interface/page-query.dto.js';

export class ListAuditLogsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Entries of this acting user.' })
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @ApiPropertyOptional({ enum: AUDIT_RESOURCES })
  @IsOptional()
  @IsIn(AUDIT_RESOURCES)
  resourceType?: AuditResource;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  resourceId?: string;

  @ApiPropertyOptional({ example: 'task.update', description: '`<resource>.<verb>`, exactly.' })
  @IsOptional()
  @Matches(/^[a-z]{1,20}\.[a-z_]{1,39}$/, { message: 'action must look like task.update' })
  action?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Entries at or after this instant.' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Entries before this instant.' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  to?: string;
}
