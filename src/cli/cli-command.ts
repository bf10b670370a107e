import { CommandRunner } from 'nest-commander';
import type { CliApp } from './cli-app.js';

/** commander's Command, as nest-commander hands it to each command (its own copy of commander). */
export type CommanderCommand = Parameters<CommandRunner['setCommand']>[0];

/** A command called the wrong way in a way commander cannot see (a role that is none): exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** What an operator told the command on stdin or the command line could not be used: exit code 1. */
export class CommandFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandFailedError';
  }
}

/**
 * The text a command's `--help` ends with (`@Help('after')`): a note, when it has one, then
 * its examples, one command line each.
 */
export function helpAfter(examples: readonly string[], note?: string): string {
  const heading = examples.length === 1 ? 'Example:' : 'Examples:';
  return ['', ...(note ? [note, ''] : []), heading, ...examples.map((example) => `  ${example}`), ''].join('\n');
}

/**
 * A command of the operator CLI. commander's own refusals (an unknown option, a missing
 * argument, one too many) and `--help` are thrown to runCli, which closes the app and turns
 * them into the exit code, instead of exiting the process on the spot. The work runs as the
 * CLI (CliApp.act): its audit entries say so. Answers go to stdout (`print`), progress and
 * notes to stderr (`note`).
 */
export abstract class CliCommand extends CommandRunner {
  constructor(protected readonly cli: CliApp) {
    super();
  }

  override setCommand(command: CommanderCommand): this {
    command.exitOverride().allowExcessArguments(false).showHelpAfterError('(add --help for usage)');
    return super.setCommand(command);
  }

  async run(params: string[], options: Record<string, unknown> = {}): Promise<void> {
    await this.cli.act(this.command.name(), () => this.execute(params, options));
  }

  protected abstract execute(params: string[], options: Record<string, unknown>): Promise<void>;

  protected print(line: string): void {
    process.stdout.write(`${line}\n`);
  }

  protected note(line: string): void {
    process.stderr.write(`${line}\n`);
  }
}
