import { Inject, Injectable, Logger } from '@nestjs/common';
import { EmailTakenError } from '../domain/user.errors.js';
import { USER_REPOSITORY, type UserRepository } from '../domain/user.repository.js';
import { CreateUserUseCase } from './create-user.use-case.js';

const logger = new Logger('Auth');

/** Makes the first admin when no user exists yet; does nothing once one does. */
@Injectable()
export class EnsureFirstAdminUseCase {
  constructor(
    @Inject(USER_REPOSITORY) private readonly users: UserRepository,
    private readonly createUser: CreateUserUseCase,
  ) {}

  hasUsers(): Promise<boolean> {
    return this.users.any();
  }

  /** True when it created the admin. */
  async execute({ email, password }: { email: string; password: string }): Promise<boolean> {
    if (await this.users.any()) return false;
    let admin;
    try {
      admin = await this.createUser.execute({ email, password, name: 'Administrator', role: 'admin' });
    } catch (error) {
      // Another replica starting at the same moment made it first.
      if (error instanceof EmailTakenError) return false;
      throw error;
    }
    logger.log({ message: 'created the first admin', category: 'auth', event: 'first_admin_created', userId: admin.id });
    return true;
  }
}
