import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { entityColumns } from '../../../platform/database/entity-columns.js';
import type { AuditEntryView, AuditHistory, AuditResource } from '../../../shared/application/audit-trail.js';
import type { Page } from '../../../shared/application/page.js';
import { keysetOrder, keysetPage, sortKey } from '../../../shared/infrastructure/keyset-paginator.js';
import { SqlConditions } from '../../../shared/infrastructure/sql-conditions.js';
import type { AuditLogCriteria, AuditLogReadModel } from '../application/ports/audit-log.read-model.js';
import { AuditLogOrmEntity } from './audit-log.orm-entity.js';

/** Newest first: the primary key's order, so each partition's key index serves it (and the filters' indexes end with it). */
const NEWEST_FIRST = keysetOrder<AuditEntryView>(
  '-occurredAt',
  sortKey.timestamp('a.occurred_at', (entry) => entry.occurredAt),
  sortKey.bigint('a.id', (entry) => entry.id),
);

/** The audit log as GET /audit-logs and the resources' histories read it. */
@Injectable()
export class TypeOrmAuditLogReadModel implements AuditLogReadModel, AuditHistory {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  list(criteria: AuditLogCriteria): Promise<Page<AuditEntryView>> {
    const where = new SqlConditions();
    if (criteria.actorId) where.add(`a.actor_id = ${where.bind(criteria.actorId)}`);
    if (criteria.resourceType) where.add(`a.resource_type = ${where.bind(criteria.resourceType)}`);
    if (criteria.resourceId) where.add(`a.resource_id = ${where.bind(criteria.resourceId)}`);
    if (criteria.action) where.add(`a.action = ${where.bind(criteria.action)}`);
    if (criteria.from) where.add(`a.occurred_at >= ${where.bind(criteria.from)}`);
    if (criteria.to) where.add(`a.occurred_at < ${where.bind(criteria.to)}`);
    return keysetPage(NEWEST_FIRST, criteria, where, (tail) =>
      this.txHost.tx.query(`SELECT ${entityColumns(this.txHost.tx, AuditLogOrmEntity, 'a')} FROM audit_logs a ${tail}`, where.params),
    );
  }

  of(resourceType: AuditResource, resourceId: string, page: { cursor?: string; limit: number }): Promise<Page<AuditEntryView>> {
    return this.list({ resourceType, resourceId, ...page });
  }
}
