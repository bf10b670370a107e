import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../../../shared/interface/api-problems.decorator.js';
import { AuditEntryPageResponse, AuditEntryResponse } from '../../../shared/interface/audit-entry.response.js';
import { Permission } from '../../../shared/interface/auth.decorators.js';
import { DEFAULT_PAGE_SIZE } from '../../../shared/interface/page-query.dto.js';
import { ListAuditLogsQuery } from '../application/list-audit-logs.query.js';
import { ListAuditLogsQueryDto } from './dto/list-audit-logs.query.dto.js';

/** The audit log (admins): every change, who made it, from where, newest first. */
@ApiTags('audit')
@Controller('audit-logs')
export class AuditLogsController {
  constructor(private readonly listAuditLogs: ListAuditLogsQuery) {}

  @Get()
  @Permission('audit-logs', 'read')
  @ApiOperation({ summary: 'List audit entries, newest first, one cursor page at a time' })
  @ApiResponse({ status: 200, type: AuditEntryPageResponse })
  @ApiProblems(400, 401, 403)
  async list(@Query() query: ListAuditLogsQueryDto): Promise<AuditEntryPageResponse> {
    const page = await this.listAuditLogs.execute({
      actorId: query.actorId,
      resourceType: query.resourceType,
      resourceId: query.resourceId,
      action: query.action,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
      cursor: query.cursor,
    });
    return { items: page.items.map(AuditEntryResponse.from), nextCursor: page.nextCursor };
  }
}
