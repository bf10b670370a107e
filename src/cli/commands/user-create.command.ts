import { Command, Help, Option } from 'nest-commander';
import { CreateUserUseCase } from '../../modules/users/application/create-user.use-case.js';
import { USER_ROLES, type UserRole } from '../../shared/domain/user-role.js';
import { CliApp } from '../cli-app.js';
import { CliCommand, helpAfter, UsageError } from '../cli-command.js';
import { generatedPassword, passwordFromStdin } from '../password-input.js';

interface UserCreateOptions {
  name?: string;
  role?: UserRole;
  passwordStdin?: boolean;
}

/**
 * `user:create EMAIL [--name] [--role] [--password-stdin]`: adds a user (CreateUserUseCase,
 * as POST /users), audited as the CLI. The password comes from stdin, or is made here and
 * printed once. On a production database with no user yet, this is how its first admin is made.
 */
@Command({
  name: 'user:create',
  arguments: '<email>',
  argsDescription: { email: "the user's e-mail address, with which they sign in" },
  description: 'add a user; the password from stdin, or made and printed once',
})
export class UserCreateCommand extends CliCommand {
  constructor(cli: CliApp) {
    super(cli);
  }

  protected async execute([email]: string[], options: UserCreateOptions): Promise<void> {
    const password = options.passwordStdin ? await passwordFromStdin() : generatedPassword();
    const createUser = await this.cli.get(CreateUserUseCase);
    const role = options.role ?? 'member';
    const user = await createUser.execute({ email: email!, name: options.name ?? nameOf(email!), password, role });
    this.print(`created ${user.role} ${user.email} (id ${user.id})`);
    if (!options.passwordStdin) this.print(`password (shown only now): ${password}`);
  }

  @Option({ flags: '--name <name>', description: 'the name others see (default: the part of the address before @)' })
  parseName(value: string): string {
    return value;
  }

  @Option({ flags: '--role <role>', description: `what they may do (the permission table): ${USER_ROLES.join(', ')}`, defaultValue: 'member' })
  parseRole(value: string): UserRole {
    // commander's own choices check would be replaced by this parser: it checks here.
    if (!(USER_ROLES as readonly string[]).includes(value)) throw new UsageError(`--role ${value}: must be one of ${USER_ROLES.join(', ')}`);
    return value as UserRole;
  }

  @Option({ flags: '--password-stdin', description: 'read the password (12-128 characters) from stdin instead of making one' })
  parsePasswordStdin(): boolean {
    return true;
  }

  @Help('after')
  examples(): string {
    return helpAfter(['npm run cli -- user:create ops@example.com --name "Operations" --role admin', 'printf %s "$PASSWORD" | npm run cli -- user:create maya@example.com --name \'Maya Chen\' --role manager --password-stdin']);
  }
}

function nameOf(email: string): string {
  return email.split('@')[0] || email;
}
