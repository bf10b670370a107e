import { Inject, Injectable } from '@nestjs/common';
import { LogUseCase } from '../../../shared/application/log-use-case.decorator.js';
import { UserNotFoundError } from '../domain/user.errors.js';
import { USER_READ_MODEL, type UserReadModel, type UserView } from './ports/user.read-model.js';

@Injectable()
export class GetUserQuery {
  constructor(@Inject(USER_READ_MODEL) private readonly reads: UserReadModel) {}

  @LogUseCase({ success: 'debug' })
  async execute(id: string): Promise<UserView> {
    const user = await this.reads.findById(id);
    if (!user) throw new UserNotFoundError(id);
    return user;
  }
}
