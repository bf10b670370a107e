import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { columnRecord } from '../../../platform/database/entity-columns.js';
import { type CliRun, currentTraceContext } from '../../../platform/logging/trace-context.js';
import { APP_INFO } from '../../../config/app-info.js';
import type { AuditRecord, AuditTrail } from '../../../shared/application/audit-trail.js';
import { CLOCK, type Clock } from '../../../shared/application/clock.js';
import { type AuditedWrites, shiftParams, type Statement } from '../../../shared/infrastructure/audited-writes.js';
import { ANONYMOUS_ACTOR, AuditLogOrmEntity, CLI_ACTOR, SYSTEM_ACTOR, USER_AGENT_MAX } from './audit-log.orm-entity.js';

/**
 * Writes audit entries: `record` with one INSERT on the transaction host's manager, inside
 * the change's own transaction (outside one it refuses, since an entry written apart from
 * its change could outlive a rollback or be missing after a commit); `run` in the same
 * statement as the change itself.
 */
@Injectable()
export class TypeOrmAuditTrail implements AuditTrail, AuditedWrites {
  /** `INSERT INTO audit_logs (…) SELECT r.… FROM written, jsonb_populate_record(…, $n)`, but for $n: the same for every write. */
  private insertFromWritten?: (param: number) => string;

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async record(entry: AuditRecord): Promise<void> {
    if (!this.txHost.isTransactionActive()) {
      throw new Error(`audit entry ${entry.action} written outside a transaction: mark the use case @Transactional()`);
    }
    await this.txHost.tx
      .createQueryBuilder()
      .insert()
      .into(AuditLogOrmEntity)
      .values(this.rowOf(entry) as never)
      .updateEntity(false)
      .callListeners(false)
      .execute();
  }

  async run(manager: EntityManager, write: Statement, entry: AuditRecord, also: readonly Statement[] = []): Promise<void> {
    this.insertFromWritten ??= insertFromWritten(manager);
    const record = columnRecord(manager, AuditLogOrmEntity, this.rowOf(entry) as AuditLogOrmEntity);
    let sql = `WITH written AS (${write.sql} RETURNING 1)`;
    const params = [...write.params];
    also.forEach((statement, i) => {
      const shifted = shiftParams(statement, params.length + 1);
      sql += `, also_${i} AS (${shifted.sql})`;
      params.push(...shifted.params);
    });
    await manager.query(`${sql} ${this.insertFromWritten(params.length + 1)}`, [...params, JSON.stringify(record)]);
  }

  /**
   * The row of an entry: the actor from the entry or the request's verified token (`cli` for
   * an operator's command, named with its OS user as the user agent), the request's trace,
   * ip and user agent.
   */
  private rowOf(entry: AuditRecord): Omit<AuditLogOrmEntity, 'id'> {
    const trace = currentTraceContext();
    const actorId = entry.actor?.id ?? trace?.userId ?? null;
    const changes = entry.changes && Object.keys(entry.changes).length > 0 ? entry.changes : null;
    const anonymous = trace?.cli ? CLI_ACTOR : trace?.metadata ? ANONYMOUS_ACTOR : SYSTEM_ACTOR;
    const userAgent = trace?.metadata?.userAgent ?? (trace?.cli ? cliUserAgent(trace.cli) : null);
    return {
      occurredAt: this.clock.now(),
      actorId,
      actorRole: entry.actor?.role ?? (actorId ? trace?.userRole : null) ?? anonymous,
      action: entry.action,
      resourceType: entry.resourceType,
      resourceId: entry.resourceId,
      changes,
      traceId: trace?.traceId ?? null,
      ip: trace?.metadata?.ip ?? null,
      userAgent: userAgent?.slice(0, USER_AGENT_MAX) ?? null,
    };
  }
}

/** The entry's INSERT after a write: every column but the id (its sequence gives it), taken by name from one jsonb parameter. */
function insertFromWritten(manager: EntityManager): (param: number) => string {
  const columns = manager.connection
    .getMetadata(AuditLogOrmEntity)
    .columns.filter((column) => column.propertyName !== 'id')
    .map((column) => `"${column.databaseName}"`);
  const head = `INSERT INTO audit_logs (${columns.join(', ')}) SELECT ${columns.map((column) => `r.${column}`).join(', ')} FROM written, `;
  return (param) => `${head}jsonb_populate_record(NULL::audit_logs, $${param}::jsonb) r`;
}

/** `process-todo-cli/0.1.0 user:create (os user ops)`: what an operator's command line looks like in the log. */
function cliUserAgent(cli: CliRun): string {
  return `${APP_INFO.name}-cli/${APP_INFO.version} ${cli.command} (os user ${cli.osUser})`;
}
