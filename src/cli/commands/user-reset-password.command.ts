import { Command, Help, Option } from 'nest-commander';
import { ResetPasswordUseCase } from '../../modules/users/application/reset-password.use-case.js';
import { CliApp } from '../cli-app.js';
import { CliCommand, helpAfter } from '../cli-command.js';
import { generatedPassword, passwordFromStdin } from '../password-input.js';

/**
 * `user:reset-password EMAIL [--password-stdin]`: sets a new password without the old one
 * (ResetPasswordUseCase): the account is unlocked and every session of the user ends. The
 * password comes from stdin, or is made here and printed once; it is never logged.
 */
@Command({
  name: 'user:reset-password',
  arguments: '<email>',
  argsDescription: { email: 'the e-mail address the user signs in with' },
  description: "set a user's password (stdin, or made and printed once); end their sessions",
})
export class UserResetPasswordCommand extends CliCommand {
  constructor(cli: CliApp) {
    super(cli);
  }

  protected async execute([email]: string[], options: { passwordStdin?: boolean }): Promise<void> {
    const password = options.passwordStdin ? await passwordFromStdin() : generatedPassword();
    const reset = await this.cli.get(ResetPasswordUseCase);
    const { id } = await reset.execute({ email: email!, newPassword: password });
    this.print(`reset the password of ${email} (id ${id}); their sessions have ended`);
    if (!options.passwordStdin) this.print(`password (shown only now): ${password}`);
  }

  @Option({ flags: '--password-stdin', description: 'read the new password (12-128 characters) from stdin instead of making one' })
  parsePasswordStdin(): boolean {
    return true;
  }

  @Help('after')
  examples(): string {
    return helpAfter(['npm run cli -- user:reset-password maya@example.com', 'printf %s "$NEW_PASSWORD" | npm run cli -- user:reset-password maya@example.com --password-stdin']);
  }
}
