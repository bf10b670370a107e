import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { type AssigneeRef, type Assignees, NotAssignableError } from '../../../shared/application/assignees.js';
import { isUuid } from '../../../shared/domain/uuid.js';

/** How long a user seen active is taken as active without asking again. */
export const ACTIVE_FOR_MS = 10_000;
/** At most this many remembered at once; the oldest go first. */
const REMEMBERED_MAX = 10_000;

/**
 * Active users among the ids of a request, in one read. A user found active is remembered
 * for ACTIVE_FOR_MS, so that a burst of assignments to the same people costs no read each:
 * a deactivation stops new assignments within that time on every replica (as it stops the
 * user's own access within JWT_ACCESS_TTL_SECONDS). An unknown or inactive id is never
 * remembered: it is asked again every time.
 */
@Injectable()
export class TypeOrmAssignees implements Assignees {
  private readonly activeUntil = new Map<string, number>();

  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async assertAssignable(refs: readonly AssigneeRef[]): Promise<void> {
    if (refs.length === 0) return;
    const now = Date.now();
    const unknown = [...new Set(refs.map((ref) => ref.userId.toLowerCase()))].filter(
      (id) => isUuid(id) && (this.activeUntil.get(id) ?? 0) <= now,
    );
    if (unknown.length > 0) {
      const rows: { id: string }[] = await this.txHost.tx.query('SELECT id FROM users WHERE id = ANY($1::uuid[]) AND active', [unknown]);
      for (const { id } of rows) this.remember(id, now + ACTIVE_FOR_MS);
    }
    const refused = refs.filter((ref) => (this.activeUntil.get(ref.userId.toLowerCase()) ?? 0) <= now).map((ref) => ref.field);
    if (refused.length > 0) throw new NotAssignableError(refused);
  }

  private remember(id: string, until: number): void {
    this.activeUntil.delete(id);
    this.activeUntil.set(id, until);
    if (this.activeUntil.size > REMEMBERED_MAX) this.activeUntil.delete(this.activeUntil.keys().next().value!);
  }
}
