import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectCommander } from 'nest-commander';
import { APP_INFO } from '../config/app-info.js';
import type { CommanderCommand } from './cli-command.js';

export const EXIT_CODES = { ok: 0, failure: 1, usage: 2 } as const;

/**
 * The root of the CLI (`npm run cli -- --help`): its name in usage lines, its version, and
 * the notes every operator needs (exit codes, the embedded database's single process).
 * Like the commands, it throws its refusals (an unknown command) to runCli.
 */
@Injectable()
export class CliProgram implements OnModuleInit {
  constructor(@InjectCommander() private readonly program: CommanderCommand) {}

  onModuleInit(): void {
    this.program
      .name('npm run cli --')
      .description(`Operator commands of ${APP_INFO.name}: they run on the app's modules and configuration (the same environment variables), without serving HTTP.`)
      .version(APP_INFO.version)
      .exitOverride()
      .showHelpAfterError('(add --help for usage)')
      .addHelpText(
        'after',
        [
          '',
          `Exit codes: ${EXIT_CODES.ok} done, ${EXIT_CODES.failure} failed, ${EXIT_CODES.usage} wrong usage (an unknown command or option, a missing argument).`,
          'Answers go to stdout; progress, warnings and errors to stderr (every log line, as JSON, with LOG_LEVEL set).',
          'Without DATABASE_URL the commands open the embedded database in DATA_DIR, which one process opens at a time:',
          'stop `npm start` first. With the built image: node dist/src/cli.js <command>.',
          '',
          'Examples:',
          '  npm run cli -- seed:demo',
          '  npm run cli -- user:create ops@example.com --role admin',
          '  npm run cli -- user:reset-password ops@example.com',
          '  npm run cli -- jobs:retry-failed --dry-run',
          '  npm run cli -- <command> --help',
          '',
        ].join('\n'),
      );
  }
}
