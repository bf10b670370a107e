import { Inject, Injectable } from '@nestjs/common';
import type { Recipient, Recipients } from '../../../shared/application/recipients.js';
import { USER_READ_MODEL, type UserReadModel } from '../application/ports/user.read-model.js';

/** RECIPIENTS from the users the read model sees: active ones only. */
@Injectable()
export class ReadModelRecipients implements Recipients {
  constructor(@Inject(USER_READ_MODEL) private readonly users: UserReadModel) {}

  async of(userId: string): Promise<Recipient | null> {
    const user = await this.users.findById(userId);
    return user?.active ? { email: user.email, name: user.name } : null;
  }
}
