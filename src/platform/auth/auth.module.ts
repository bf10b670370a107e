import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessTokenGuard } from './access-token.guard.js';
import { AccessTokens } from './access-tokens.js';

/** Access tokens for every module, and the guard that asks for one on every route. */
@Global()
@Module({
  providers: [AccessTokens, { provide: APP_GUARD, useClass: AccessTokenGuard }],
  exports: [AccessTokens],
})
export class AuthModule {}
