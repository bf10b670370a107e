import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../../../shared/interface/api-problems.decorator.js';
import { DEFAULT_PAGE_SIZE } from '../../../shared/interface/page-query.dto.js';
import { ListMyWorkQuery } from '../application/list-my-work.query.js';
import { MyWorkPageResponse, MyWorkQueryDto } from './dto/my-work.dto.js';
import type { ActingUser } from '../../../shared/application/acting-user.js';
import { CurrentUser, Permission, PermissionForOthers } from '../../../shared/interface/auth.decorators.js';

@ApiTags('my work')
@Controller('me/work')
export class MyWorkController {
  constructor(private readonly listMyWork: ListMyWorkQuery) {}

  @Get()
  @Permission('tasks', 'read')
  // Another person's work is reading about a user: managers and admins (the table).
  @PermissionForOthers('assigneeId', 'users', 'read')
  @ApiOperation({ summary: "One person's open tasks and case steps, soonest due first (no due date last)" })
  @ApiResponse({ status: 200, type: MyWorkPageResponse })
  @ApiProblems(400, 401, 403)
  list(@Query() query: MyWorkQueryDto, @CurrentUser() user: ActingUser): Promise<MyWorkPageResponse> {
    return this.listMyWork.execute({
      assigneeId: query.assigneeId ?? user.id,
      dueBefore: query.dueBefore,
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
      cursor: query.cursor,
    });
  }
}
