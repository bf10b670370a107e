import { CommandFactory } from 'nest-commander';
import { ConfigError } from '../config/load-config.js';
import type { CliEnvironment } from './cli-app.js';
import { UsageError } from './cli-command.js';
import { CliModule } from './cli.module.js';
import { EXIT_CODES } from './cli-program.js';

/**
 * One run of the operator CLI on `process.argv`: parses it (commander, through
 * nest-commander), runs the command, closes everything it opened (the app, the pool,
 * Redis) and returns the exit code: 0 done (or --help), 1 failed, 2 wrong usage.
 */
export async function runCli(env: CliEnvironment): Promise<number> {
  let failure: unknown;
  const cli = await CommandFactory.createWithoutRunning(CliModule.with(env), {
    logger: false,
    abortOnError: false,
    serviceErrorHandler: (error) => {
      failure = error;
    },
  });
  try {
    await CommandFactory.runApplication(cli);
  } finally {
    try {
      await cli.close();
    } catch (error) {
      failure ??= error;
    }
  }
  return exitCodeOf(failure);
}

/** commander's errors carry their exit code and a `commander.*` code, and have been printed already. */
function commanderExitCode(error: unknown): number | null {
  const { code, exitCode } = (error ?? {}) as { code?: unknown; exitCode?: unknown };
  return typeof code === 'string' && code.startsWith('commander.') && typeof exitCode === 'number' ? exitCode : null;
}

function exitCodeOf(failure: unknown): number {
  if (failure === undefined) return EXIT_CODES.ok;
  const commander = commanderExitCode(failure);
  // --help and --version exit 0; every other refusal of commander's is a usage error.
  if (commander !== null) return commander === 0 ? EXIT_CODES.ok : EXIT_CODES.usage;
  if (failure instanceof UsageError) {
    process.stderr.write(`error: ${failure.message}\n(add --help for usage)\n`);
    return EXIT_CODES.usage;
  }
  if (failure instanceof ConfigError) {
    for (const problem of failure.problems) process.stderr.write(`config: ${problem}\n`);
    return EXIT_CODES.failure;
  }
  process.stderr.write(`error: ${failure instanceof Error ? failure.message : String(failure)}\n`);
  return EXIT_CODES.failure;
}
