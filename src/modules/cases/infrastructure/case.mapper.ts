import type { Statement } from '../../../shared/infrastructure/audited-writes.js';
import type { EntityManager } from 'typeorm';
import { columnRecord, entityColumns, entityJsonObject } from '../../../platform/database/entity-columns.js';
import type { CaseSnapshot } from '../domain/case.aggregate.js';
import { CaseStepOrmEntity } from './case-step.orm-entity.js';
import { CaseOrmEntity } from './case.orm-entity.js';

/**
 * The one place that writes SQL for the two case tables: statements the query builder
 * cannot say (a case and its steps in one INSERT, all its steps in one UPDATE … FROM),
 * each taking its values by column name from JSON built off the entities' metadata.
 */

/** The case and its steps, in template order, as one row whose keys are the snapshot's. */
export async function findCase(manager: EntityManager, id: string): Promise<CaseSnapshot | null> {
  const [row]: (Omit<CaseSnapshot, 'steps'> & { steps: CaseSnapshot['steps'] | null })[] = await manager.query(
    `SELECT ${entityColumns(manager, CaseOrmEntity, 'c')},
       (SELECT json_agg(${entityJsonObject(manager, CaseStepOrmEntity, 's', ['caseId', 'position'])} ORDER BY s.position)
        FROM case_steps s WHERE s.case_id = c.id) AS steps
     FROM cases c WHERE c.id = $1`,
    [id],
  );
  return row ? { ...row, steps: row.steps ?? [] } : null;
}

/**
 * The case row (the write, one row) and every step row (a statement that runs after it, `…
 * FROM written`), for AuditedWrites to run as one statement with the audit entry and the
 * follow-ups: atomic without a transaction, one round trip.
 */
export function caseInsertStatements(manager: EntityManager, snapshot: CaseSnapshot): { write: Statement; steps: Statement } {
  const { steps: _steps, ...row } = snapshot;
  return {
    write: {
      sql: 'INSERT INTO cases SELECT * FROM jsonb_populate_record(NULL::cases, $1::jsonb)',
      params: [JSON.stringify(columnRecord(manager, CaseOrmEntity, { ...row, version: 1 }))],
    },
    steps: {
      sql: 'INSERT INTO case_steps SELECT s.* FROM written, jsonb_populate_recordset(NULL::case_steps, $1::jsonb) s',
      params: [stepRecords(manager, snapshot)],
    },
  };
}

/** What a step can change after the case starts: its dates, status, assignee and pin. */
export async function updateSteps(manager: EntityManager, snapshot: CaseSnapshot): Promise<void> {
  await manager.query(
    `UPDATE case_steps s SET start_date = x.start_date, due_date = x.due_date, status = x.status,
       assignee_id = x.assignee_id, pinned = x.pinned
     FROM jsonb_populate_recordset(NULL::case_steps, $1::jsonb) x
     WHERE s.case_id = x.case_id AND s.step_key = x.step_key`,
    [stepRecords(manager, snapshot)],
  );
}

function stepRecords(manager: EntityManager, snapshot: CaseSnapshot): string {
  return JSON.stringify(
    snapshot.steps.map((step, position) =>
      columnRecord(manager, CaseStepOrmEntity, { ...step, dependsOn: [...step.dependsOn], caseId: snapshot.id, position }),
    ),
  );
}
