import { AUTHORIZATION } from '../../shared/application/authorization.js';
import { PermissionTableAuthorization } from './interface/permission-table.authorization.js';
import { RECIPIENTS } from '../../shared/application/recipients.js';
import { ReadModelRecipients } from './infrastructure/read-model-recipients.js';
import { ASSIGNEES } from '../../shared/application/assignees.js';
import { TypeOrmAssignees } from './infrastructure/typeorm-assignees.js';
import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PermissionGuard } from './interface/permission.guard.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { DatabaseModule } from '../../platform/database/database.module.js';
import { ChangePasswordUseCase } from './application/change-password.use-case.js';
import { CreateUserUseCase } from './application/create-user.use-case.js';
import { EnsureFirstAdminUseCase } from './application/ensure-first-admin.use-case.js';
import { GetUserQuery } from './application/get-user.query.js';
import { ListUsersQuery } from './application/list-users.query.js';
import { LoginUseCase } from './application/login.use-case.js';
import { LogoutUseCase } from './application/logout.use-case.js';
import { ACCESS_TOKEN_ISSUER } from './application/ports/access-token-issuer.js';
import { AUTH_SETTINGS, type AuthSettings } from './application/ports/auth-settings.js';
import { PASSWORD_HASHER } from './application/ports/password-hasher.js';
import { SESSION_REPOSITORY } from './application/ports/session.repository.js';
import { USER_READ_MODEL } from './application/ports/user.read-model.js';
import { RefreshSessionUseCase } from './application/refresh-session.use-case.js';
import { ResetPasswordUseCase } from './application/reset-password.use-case.js';
import { SessionTokens } from './application/session-tokens.js';
import { UpdateUserUseCase } from './application/update-user.use-case.js';
import { USER_REPOSITORY } from './domain/user.repository.js';
import { Argon2PasswordHasher } from './infrastructure/argon2-password.hasher.js';
import { FirstAdminBootstrap } from './infrastructure/first-admin.bootstrap.js';
import { PurgeExpiredSessionsJob } from './infrastructure/purge-expired-sessions.job.js';
import { JwtAccessTokenIssuer } from './infrastructure/jwt-access-token.issuer.js';
import { SessionOrmEntity } from './infrastructure/session.orm-entity.js';
import { TypeOrmSessionRepository } from './infrastructure/typeorm-session.repository.js';
import { TypeOrmUserReadModel } from './infrastructure/typeorm-user.read-model.js';
import { TypeOrmUserRepository } from './infrastructure/typeorm-user.repository.js';
import { UserOrmEntity } from './infrastructure/user.orm-entity.js';
import { AuthController } from './interface/auth.controller.js';
import { MeController } from './interface/me.controller.js';
import { UsersController } from './interface/users.controller.js';

/** Users, their sign-in (SPEC-DOM-6, SPEC-SEC): passwords, lockout, rotating refresh tokens; who may be assigned work (ASSIGNEES). */
@Global()
@Module({
  imports: [DatabaseModule.forFeature([UserOrmEntity, SessionOrmEntity])],
  controllers: [AuthController, MeController, UsersController],
  providers: [
    LoginUseCase,
    RefreshSessionUseCase,
    LogoutUseCase,
    CreateUserUseCase,
    UpdateUserUseCase,
    ChangePasswordUseCase,
    ResetPasswordUseCase,
    GetUserQuery,
    ListUsersQuery,
    EnsureFirstAdminUseCase,
    SessionTokens,
    FirstAdminBootstrap,
    PurgeExpiredSessionsJob,
    // After the access-token and rate-limit guards (their modules are imported first).
    { provide: APP_GUARD, useClass: PermissionGuard },
    { provide: ASSIGNEES, useClass: TypeOrmAssignees },
    { provide: AUTHORIZATION, useClass: PermissionTableAuthorization },
    { provide: RECIPIENTS, useClass: ReadModelRecipients },
    { provide: USER_REPOSITORY, useClass: TypeOrmUserRepository },
    { provide: USER_READ_MODEL, useClass: TypeOrmUserReadModel },
    { provide: SESSION_REPOSITORY, useClass: TypeOrmSessionRepository },
    { provide: PASSWORD_HASHER, useClass: Argon2PasswordHasher },
    { provide: ACCESS_TOKEN_ISSUER, useClass: JwtAccessTokenIssuer },
    {
      provide: AUTH_SETTINGS,
      inject: [APP_CONFIG],
      useFactory: ({ auth }: AppConfig): AuthSettings => ({
        refreshTtlSeconds: auth.refreshTtlSeconds,
        lockoutMinutes: auth.lockoutMinutes,
      }),
    },
  ],
  // Tasks and cases ask it whom work may be assigned to; the queue board what a role may do.
  exports: [ASSIGNEES, RECIPIENTS, AUTHORIZATION],
})
export class UsersModule {}
