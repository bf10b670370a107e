import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Inject, Injectable } from '@nestjs/common';
import { currentTraceContext } from '../../../platform/logging/trace-context.js';
import type { AuditRecord, AuditTrail } from '../../../shared/application/audit-trail.js';
import { CLOCK, type Clock } from '../../../shared/application/clock.js';
import { ANONYMOUS_ACTOR, AuditLogOrmEntity, SYSTEM_ACTOR, USER_AGENT_MAX } from './audit-log.orm-entity.js';

/**
 * Writes each entry with one INSERT on the transaction host's manager, that is inside the
 * change's own transaction; outside one it refuses, since an entry written apart from its
 * change could outlive a rollback or be missing after a commit.
 */
@Injectable()
export class TypeOrmAuditTrail implements AuditTrail {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async record(entry: AuditRecord): Promise<void> {
    if (!this.txHost.isTransactionActive()) {
      throw new Error(`audit entry ${entry.action} written outside a transaction: mark the use case @Transactional()`);
    }
    const trace = currentTraceContext();
    const actorId = entry.actor?.id ?? trace?.userId ?? null;
    const actorRole = entry.actor?.role ?? (actorId ? trace?.userRole : null) ?? (trace?.metadata ? ANONYMOUS_ACTOR : SYSTEM_ACTOR);
    const changes = entry.changes && Object.keys(entry.changes).length > 0 ? entry.changes : null;
    await this.txHost.tx
      .createQueryBuilder()
      .insert()
      .into(AuditLogOrmEntity)
      .values({
        occurredAt: this.clock.now(),
        actorId,
        actorRole,
        action: entry.action,
        resourceType: entry.resourceType,
        resourceId: entry.resourceId,
        changes: changes as never,
        traceId: trace?.traceId ?? null,
        ip: trace?.metadata?.ip ?? null,
        userAgent: trace?.metadata?.userAgent?.slice(0, USER_AGENT_MAX) ?? null,
      })
      .updateEntity(false)
      .callListeners(false)
      .execute();
  }
}
