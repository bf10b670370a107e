import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { entityColumns } from '../../../platform/database/entity-columns.js';
import { updateVersioned } from '../../../platform/database/versioned-update.js';
import { User, type UserSnapshot } from '../domain/user.aggregate.js';
import { UserNotFoundError } from '../domain/user.errors.js';
import type { UserRepository } from '../domain/user.repository.js';
import { UserOrmEntity } from './user.orm-entity.js';

/** Users in PostgreSQL; the snapshot is the row. */
@Injectable()
export class TypeOrmUserRepository implements UserRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  findById(id: string): Promise<User | null> {
    return this.findOne('u.id = $1', id);
  }

  findByEmail(email: string): Promise<User | null> {
    return this.findOne('u.email = $1', email);
  }

  async insert(user: User): Promise<boolean> {
    // ON CONFLICT DO NOTHING: a taken address is an answer, and must not abort the caller's transaction.
    const { raw } = await this.txHost.tx
      .createQueryBuilder()
      .insert()
      .into(UserOrmEntity)
      .values({ ...user.snapshot(), version: 1 })
      .orIgnore()
      .returning(['version'])
      .updateEntity(false)
      .callListeners(false)
      .execute();
    if ((raw as unknown[]).length === 0) return false;
    user.markPersisted(1);
    return true;
  }

  async update(user: User): Promise<void> {
    const { id, version, createdAt: _createdAt, ...changes } = user.snapshot();
    const next = await updateVersioned(
      this.txHost.tx,
      UserOrmEntity,
      { resource: 'user', id, version, notFound: () => new UserNotFoundError(id) },
      changes,
    );
    user.markPersisted(next);
  }

  async any(): Promise<boolean> {
    const rows: unknown[] = await this.txHost.tx.query('SELECT 1 FROM users LIMIT 1');
    return rows.length > 0;
  }

  private async findOne(condition: string, value: string): Promise<User | null> {
    const tx = this.txHost.tx;
    const [row]: UserSnapshot[] = await tx.query(
      `SELECT ${entityColumns(tx, UserOrmEntity, 'u')} FROM users u WHERE ${condition}`,
      [value],
    );
    return row ? User.restore(row) : null;
  }
}
