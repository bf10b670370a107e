import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import type { Page } from '../../../shared/application/page.js';
import { isUuid } from '../../../shared/domain/uuid.js';
import { keysetOrder, keysetPage, sortKey } from '../../../shared/infrastructure/keyset-paginator.js';
import { SqlConditions, containsPattern } from '../../../shared/infrastructure/sql-conditions.js';
import type { UserListCriteria, UserReadModel, UserView } from '../application/ports/user.read-model.js';

/** What a read selects: every column of UserView, named as its property; never the hash. */
const VIEW = `u.id, u.version, u.email, u.name, u.role, u.active, u.created_at AS "createdAt", u.updated_at AS "updatedAt"`;

/** Users by e-mail address (unique; the index of UQ_users_email serves the order). */
const BY_EMAIL = keysetOrder<UserView>(
  'email',
  sortKey.text('u.email', (user) => user.email),
  sortKey.uuid('u.id', (user) => user.id),
);

@Injectable()
export class TypeOrmUserReadModel implements UserReadModel {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async findById(id: string): Promise<UserView | null> {
    if (!isUuid(id)) return null;
    const [row]: UserView[] = await this.txHost.tx.query(`SELECT ${VIEW} FROM users u WHERE u.id = $1`, [id]);
    return row ?? null;
  }

  list(criteria: UserListCriteria): Promise<Page<UserView>> {
    const where = new SqlConditions();
    if (criteria.role?.length) where.add(`u.role = ANY(${where.bind(criteria.role)})`);
    if (criteria.active !== undefined) where.add(`u.active = ${where.bind(criteria.active)}`);
    if (criteria.text) {
      const pattern = where.bind(containsPattern(criteria.text));
      where.add(`(u.email ILIKE ${pattern} OR u.name ILIKE ${pattern})`);
    }
    return keysetPage(BY_EMAIL, criteria, where, (tail) =>
      this.txHost.tx.query(`SELECT ${VIEW} FROM users u ${tail}`, where.params),
    );
  }
}
