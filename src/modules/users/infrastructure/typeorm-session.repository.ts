import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import type { NewSession, SessionRepository, StoredSession } from '../application/ports/session.repository.js';
import { SessionOrmEntity } from './session.orm-entity.js';

/** Refresh tokens in PostgreSQL, through the query builder. */
@Injectable()
export class TypeOrmSessionRepository implements SessionRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async add(session: NewSession): Promise<void> {
    await this.txHost.tx
      .createQueryBuilder()
      .insert()
      .into(SessionOrmEntity)
      .values({ ...session, usedAt: null, revokedAt: null })
      .updateEntity(false)
      .callListeners(false)
      .execute();
  }

  async findByTokenHash(tokenHash: string): Promise<StoredSession | null> {
    return this.txHost.tx
      .createQueryBuilder(SessionOrmEntity, 's')
      .where('s.tokenHash = :tokenHash', { tokenHash })
      .getOne();
  }

  async markUsed(id: string, now: Date): Promise<boolean> {
    const { affected } = await this.txHost.tx
      .createQueryBuilder()
      .update(SessionOrmEntity)
      .set({ usedAt: now })
      .where('id = :id AND used_at IS NULL AND revoked_at IS NULL', { id })
      .updateEntity(false)
      .callListeners(false)
      .execute();
    return Boolean(affected);
  }

  async revokeFamily(familyId: string, now: Date): Promise<void> {
    await this.revokeWhere('family_id = :familyId', { familyId }, now);
  }

  async revokeUser(userId: string, now: Date): Promise<void> {
    await this.revokeWhere('user_id = :userId', { userId }, now);
  }

  private async revokeWhere(condition: string, params: Record<string, string>, now: Date): Promise<void> {
    await this.txHost.tx
      .createQueryBuilder()
      .update(SessionOrmEntity)
      .set({ revokedAt: now })
      .where(`${condition} AND revoked_at IS NULL`, params)
      .updateEntity(false)
      .callListeners(false)
      .execute();
  }
}
