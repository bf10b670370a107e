import type { EntityManager } from 'typeorm';
import type { AuditRecord } from '../domain/audit-record.js';

/** A statement and its parameters, as a query builder's `getQueryAndParameters()` gives them. */
export interface Statement {
  sql: string;
  params: unknown[];
}

/**
 * A write and its audit entry in one statement (`WITH written AS (<write> RETURNING 1)
 * INSERT INTO audit_logs … FROM written`): atomic by itself, one round trip, no transaction
 * of its own; the entry is written only if the write touched a row. For a hot single-row
 * write; the rest call AUDIT_TRAIL inside their transaction. `also` are more inserts that
 * belong to the write (its outbox messages: TypeOrmOutbox.insertAfter), each `… SELECT … FROM written`
 * with its own `$1…` parameters, run in the same statement.
 *
 * @example
 * const { sql, params } = builder.insert().into(TaskOrmEntity).values(row).getQueryAndParameters();
 * await this.audited.run(this.txHost.tx, { sql, params }, { action: 'task.create', resourceType: 'task', resourceId: id });
 */
export interface AuditedWrites {
  run(manager: EntityManager, write: Statement, entry: AuditRecord, also?: readonly Statement[]): Promise<void>;
}

export const AUDITED_WRITES = Symbol('AuditedWrites');

/** `statement` with its parameters `$1…$n` renumbered from `$first` (our generated SQL has no `$` elsewhere). */
export function shiftParams(statement: Statement, first: number): Statement {
  return { sql: statement.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + first - 1}`), params: statement.params };
}
