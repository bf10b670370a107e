import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../../../shared/interface/api-problems.decorator.js';
import { DEFAULT_PAGE_SIZE } from '../../../shared/interface/page-query.dto.js';
import { ListMyWorkQuery } from '../application/list-my-work.query.js';
import { MyWorkPageResponse, MyWorkQueryDto } from './dto/my-work.dto.js';
import { AccessDeniedError } from '../../../platform/auth/auth.errors.js';
import type { ActingUser } from '../../../shared/application/acting-user.js';
import type { UserRole } from '../../../shared/domain/user-role.js';
import { CurrentUser, Permission } from '../../../shared/interface/auth.decorators.js';

/** Who may look at another person's work list. */
const OTHERS_WORK: ReadonlySet<UserRole> = new Set(['admin', 'manager']);

@ApiTags('my work')
@Controller('me/work')
export class MyWorkController {
  constructor(private readonly listMyWork: ListMyWorkQuery) {}

  @Get()
  @Permission('tasks', 'read')
  @ApiOperation({ summary: "One person's open tasks and case steps, soonest due first (no due date last)" })
  @ApiResponse({ status: 200, type: MyWorkPageResponse })
  @ApiProblems(400, 401, 403)
  list(@Query() query: MyWorkQueryDto, @CurrentUser() user: ActingUser): Promise<MyWorkPageResponse> {
    const assigneeId = query.assigneeId ?? user.id;
    if (assigneeId !== user.id && !OTHERS_WORK.has(user.role)) throw new AccessDeniedError();
    return this.listMyWork.execute({
      assigneeId,
      dueBefore: query.dueBefore,
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
      cursor: query.cursor,
    });
  }
}
