import { Body, Controller, Get, Headers, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiProblems } from '../../../shared/interface/api-problems.decorator.js';
import { Permission } from '../../../shared/interface/auth.decorators.js';
import { etagOf, parseIfMatch } from '../../../shared/interface/etag.js';
import { DEFAULT_PAGE_SIZE } from '../../../shared/interface/page-query.dto.js';
import { RequestValidationError } from '../../../shared/interface/request-validation.error.js';
import { UuidParam } from '../../../shared/interface/validation.js';
import { CreateUserUseCase } from '../application/create-user.use-case.js';
import { GetUserQuery } from '../application/get-user.query.js';
import { ListUsersQuery } from '../application/list-users.query.js';
import type { UserView } from '../application/ports/user.read-model.js';
import { UpdateUserUseCase } from '../application/update-user.use-case.js';
import { CreateUserDto } from './dto/create-user.dto.js';
import { ListUsersQueryDto } from './dto/list-users.query.dto.js';
import { UpdateUserDto } from './dto/update-user.dto.js';
import { UserPageResponse, UserResponse } from './dto/user.response.js';

/** User administration, as the permission table allows (admins manage; managers read). */
@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(
    private readonly createUser: CreateUserUseCase,
    private readonly updateUser: UpdateUserUseCase,
    private readonly getUser: GetUserQuery,
    private readonly listUsers: ListUsersQuery,
  ) {}

  @Post()
  @Permission('users', 'create')
  @ApiOperation({ summary: 'Add a user' })
  @ApiResponse({ status: 201, type: UserResponse, description: 'Created; ETag and Location set.' })
  @ApiProblems(400, 401, 403, 409, 422)
  async create(@Body() body: CreateUserDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<UserResponse> {
    const user = await this.createUser.execute(body);
    void reply.header('location', `/users/${user.id}`);
    return respond(reply, user);
  }

  @Get()
  @Permission('users', 'read')
  @ApiOperation({ summary: 'List users by e-mail address, one cursor page at a time' })
  @ApiResponse({ status: 200, type: UserPageResponse })
  @ApiProblems(400, 401, 403)
  async list(@Query() query: ListUsersQueryDto): Promise<UserPageResponse> {
    const page = await this.listUsers.execute({
      role: query.role,
      active: query.active,
      text: query.q,
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
      cursor: query.cursor,
    });
    return { items: page.items.map(UserResponse.from), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @Permission('users', 'read')
  @ApiOperation({ summary: 'Read a user' })
  @ApiResponse({ status: 200, type: UserResponse })
  @ApiProblems(400, 401, 403, 404)
  async get(@UuidParam('id') id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<UserResponse> {
    return respond(reply, await this.getUser.execute(id));
  }

  @Patch(':id')
  @Permission('users', 'update')
  @ApiOperation({ summary: "Change a user's name, role or active flag" })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The ETag last read; 412 if the user changed since.' })
  @ApiResponse({ status: 200, type: UserResponse })
  @ApiProblems(400, 401, 403, 404, 412, 422)
  async update(
    @UuidParam('id') id: string,
    @Body() body: UpdateUserDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UserResponse> {
    if (Object.keys(body).length === 0) {
      throw new RequestValidationError([{ field: 'body', message: 'must change at least one field' }]);
    }
    return respond(reply, await this.updateUser.execute({ id, expectedVersions: parseIfMatch(ifMatch), changes: body }));
  }
}

function respond(reply: FastifyReply, user: UserView): UserResponse {
  void reply.header('etag', etagOf(user.version));
  return UserResponse.from(user);
}
