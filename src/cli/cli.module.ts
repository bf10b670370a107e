import { type DynamicModule, Module } from '@nestjs/common';
import { CLI_ENVIRONMENT, CliApp, type CliEnvironment } from './cli-app.js';
import { CliProgram } from './cli-program.js';
import { AuditArchiveCommand } from './commands/audit-archive.command.js';
import { AuditRestoreCommand } from './commands/audit-restore.command.js';
import { JobsRetryFailedCommand } from './commands/jobs-retry-failed.command.js';
import { MigrateCommand } from './commands/migrate.command.js';
import { SeedDemoCommand } from './commands/seed-demo.command.js';
import { UserCreateCommand } from './commands/user-create.command.js';
import { UserResetPasswordCommand } from './commands/user-reset-password.command.js';

/** The commands, in the order `--help` lists them. */
export const CLI_COMMANDS = [
  MigrateCommand,
  SeedDemoCommand,
  AuditArchiveCommand,
  AuditRestoreCommand,
  UserCreateCommand,
  UserResetPasswordCommand,
  JobsRetryFailedCommand,
] as const;

/**
 * The operator CLI's own context (nest-commander): the commands and the app they run on
 * (CliApp), which starts only once a command runs.
 */
@Module({})
export class CliModule {
  static with(env: CliEnvironment): DynamicModule {
    return {
      module: CliModule,
      providers: [{ provide: CLI_ENVIRONMENT, useValue: env }, CliApp, CliProgram, ...CLI_COMMANDS],
    };
  }
}
