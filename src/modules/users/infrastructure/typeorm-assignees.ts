import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { type AssigneeRef, type Assignees, NotAssignableError } from '../../../shared/application/assignees.js';
import { isUuid } from '../../../shared/domain/uuid.js';

/** Active users among the ids of a request, in one read (inside the caller's transaction when there is one). */
@Injectable()
export class TypeOrmAssignees implements Assignees {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async assertAssignable(refs: readonly AssigneeRef[]): Promise<void> {
    if (refs.length === 0) return;
    const ids = [...new Set(refs.map((ref) => ref.userId).filter(isUuid))];
    const rows: { id: string }[] = ids.length
      ? await this.txHost.tx.query('SELECT id FROM users WHERE id = ANY($1::uuid[]) AND active', [ids])
      : [];
    const active = new Set(rows.map((row) => row.id));
    const refused = refs.filter((ref) => !active.has(ref.userId.toLowerCase())).map((ref) => ref.field);
    if (refused.length > 0) throw new NotAssignableError(refused);
  }
}
