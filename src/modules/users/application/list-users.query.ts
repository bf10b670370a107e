import { Inject, Injectable } from '@nestjs/common';
import type { Page } from '../../../shared/application/page.js';
import { LogUseCase } from '../../../shared/application/log-use-case.decorator.js';
import { USER_READ_MODEL, type UserListCriteria, type UserReadModel, type UserView } from './ports/user.read-model.js';

@Injectable()
export class ListUsersQuery {
  constructor(@Inject(USER_READ_MODEL) private readonly reads: UserReadModel) {}

  @LogUseCase({ success: 'debug' })
  execute(criteria: UserListCriteria): Promise<Page<UserView>> {
    return this.reads.list(criteria);
  }
}
