import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { StaleVersionError } from '../../../shared/domain/domain-error.js';
import { Case } from '../domain/case.aggregate.js';
import { CaseNotFoundError } from '../domain/case.errors.js';
import type { CaseRepository } from '../domain/case.repository.js';
import { type CaseRow, SELECT_CASE, STEP_RECORDSET, stepsJson, toCaseSnapshot } from './case.mapper.js';

/** The case and all its steps in one statement: atomic without a transaction, one round trip. */
const INSERT_CASE = `WITH new_case AS (
    INSERT INTO cases (id, title, template_id, template_version, calendar_id, goal_date,
      status, version, created_at, updated_at)
    VALUES ($1, $3, $4, $5, $6, $7, $8, 1, $9, $9) RETURNING id)
  INSERT INTO case_steps (case_id, position, step_key, name, duration_days, depends_on,
    lag_days, start_date, due_date, status, assignee_id, pinned)
  SELECT new_case.id, x.position, x.key, x.name, x."durationDays", x."dependsOn", x."lagDays",
         x.start, x.due, x.status, x."assigneeId", x.pinned
  FROM new_case, ${STEP_RECORDSET}`;
const UPDATE_CASE = `UPDATE cases SET title = $2, goal_date = $3, status = $4, updated_at = $5,
  version = version + 1 WHERE id = $1 AND version = $6 RETURNING version`;
const UPDATE_STEPS = `UPDATE case_steps s SET start_date = x.start, due_date = x.due, status = x.status,
  assignee_id = x."assigneeId", pinned = x.pinned
  FROM ${STEP_RECORDSET} WHERE s.case_id = $1 AND s.step_key = x.key`;

/**
 * Cases and their steps. An insert is one statement; an update is two, so callers run it
 * inside a @Transactional() use case: the case row and its steps commit together or not at all.
 */
@Injectable()
export class TypeOrmCaseRepository implements CaseRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async findById(id: string): Promise<Case | null> {
    const rows: CaseRow[] = await this.txHost.tx.query(SELECT_CASE, [id]);
    return rows[0] ? Case.restore(toCaseSnapshot(rows[0])) : null;
  }

  async insert(aCase: Case): Promise<void> {
    const c = aCase.snapshot();
    await this.txHost.tx.query(INSERT_CASE, [
      c.id, stepsJson(c), c.title, c.templateId, c.templateVersion, c.calendarId, c.goalDate, c.status, c.createdAt,
    ]);
    aCase.markPersisted(1);
  }

  async update(aCase: Case): Promise<void> {
    const c = aCase.snapshot();
    const [rows]: [{ version: number }[], number] = await this.txHost.tx.query(UPDATE_CASE, [
      c.id, c.title, c.goalDate, c.status, c.updatedAt, c.version,
    ]);
    if (!rows[0]) {
      const current: { version: number }[] = await this.txHost.tx.query('SELECT version FROM cases WHERE id = $1', [c.id]);
      if (!current[0]) throw new CaseNotFoundError(c.id);
      throw new StaleVersionError('case', c.id, c.version, current[0].version);
    }
    await this.txHost.tx.query(UPDATE_STEPS, [c.id, stepsJson(c)]);
    aCase.markPersisted(rows[0].version);
  }
}
