import { Body, Controller, Get, HttpCode, Patch } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { ActingUser } from '../../../shared/application/acting-user.js';
import { ApiProblems } from '../../../shared/interface/api-problems.decorator.js';
import { CurrentUser } from '../../../shared/interface/auth.decorators.js';
import { ChangePasswordUseCase } from '../application/change-password.use-case.js';
import { GetUserQuery } from '../application/get-user.query.js';
import { UpdateUserUseCase } from '../application/update-user.use-case.js';
import { ChangePasswordDto } from './dto/change-password.dto.js';
import { UpdateMeDto } from './dto/update-user.dto.js';
import { UserResponse } from './dto/user.response.js';

@ApiTags('me')
@Controller('me')
export class MeController {
  constructor(
    private readonly getUser: GetUserQuery,
    private readonly updateUser: UpdateUserUseCase,
    private readonly changePassword: ChangePasswordUseCase,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The signed-in user' })
  @ApiResponse({ status: 200, type: UserResponse })
  @ApiProblems(401)
  async me(@CurrentUser() user: ActingUser): Promise<UserResponse> {
    return UserResponse.from(await this.getUser.execute(user.id));
  }

  @Patch()
  @ApiOperation({ summary: 'Change your display name' })
  @ApiResponse({ status: 200, type: UserResponse })
  @ApiProblems(400, 401)
  async rename(@CurrentUser() user: ActingUser, @Body() body: UpdateMeDto): Promise<UserResponse> {
    return UserResponse.from(await this.updateUser.execute({ id: user.id, changes: { name: body.name } }));
  }

  @Patch('password')
  @HttpCode(204)
  @ApiOperation({ summary: 'Change your password (the current one required); every session of yours ends' })
  @ApiResponse({ status: 204, description: 'Changed.' })
  @ApiProblems(400, 401, 422)
  async password(@CurrentUser() user: ActingUser, @Body() body: ChangePasswordDto): Promise<void> {
    await this.changePassword.execute({ userId: user.id, ...body });
  }
}
