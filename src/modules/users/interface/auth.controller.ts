import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../../../shared/interface/api-problems.decorator.js';
import { Public } from '../../../shared/interface/auth.decorators.js';
import { RateLimit } from '../../../shared/interface/rate-limit.decorator.js';
import { LoginUseCase } from '../application/login.use-case.js';
import { LogoutUseCase } from '../application/logout.use-case.js';
import { RefreshSessionUseCase } from '../application/refresh-session.use-case.js';
import { LoginDto, RefreshTokenDto } from './dto/login.dto.js';
import { TokenPairResponse } from './dto/token-pair.response.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly login: LoginUseCase,
    private readonly refresh: RefreshSessionUseCase,
    private readonly logout: LogoutUseCase,
  ) {}

  @Post('login')
  @Public()
  @RateLimit('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in: an access token and a refresh token' })
  @ApiResponse({ status: 200, type: TokenPairResponse })
  @ApiProblems(400, 401, 429)
  signIn(@Body() body: LoginDto): Promise<TokenPairResponse> {
    return this.login.execute(body);
  }

  @Post('refresh')
  @Public()
  @RateLimit('requests')
  @HttpCode(200)
  @ApiOperation({ summary: 'Trade a refresh token (once) for a new pair; a reused one ends its whole session' })
  @ApiResponse({ status: 200, type: TokenPairResponse })
  @ApiProblems(400, 401)
  renew(@Body() body: RefreshTokenDto): Promise<TokenPairResponse> {
    return this.refresh.execute(body.refreshToken);
  }

  @Post('logout')
  @Public()
  @RateLimit('requests')
  @HttpCode(204)
  @ApiOperation({ summary: 'End the session of a refresh token' })
  @ApiResponse({ status: 204, description: 'Ended (or there was none).' })
  @ApiProblems(400)
  async signOut(@Body() body: RefreshTokenDto): Promise<void> {
    await this.logout.execute(body.refreshToken);
  }
}
