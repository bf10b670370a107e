import type { EntityManager } from 'typeorm';
import { entityColumns } from '../../../platform/database/entity-columns.js';
import type { TaskSnapshot } from '../domain/task.aggregate.js';
import { TaskOrmEntity } from './task.orm-entity.js';

/**
 * Tasks read with every column named as its property: each row is a TaskSnapshot.
 * `tail` continues the query after `FROM tasks t` (WHERE, ORDER BY, LIMIT).
 */
export function selectTasks(manager: EntityManager, tail: string, params: unknown[]): Promise<TaskSnapshot[]> {
  return manager.query(`SELECT ${entityColumns(manager, TaskOrmEntity, 't')} FROM tasks t ${tail}`, params);
}

export async function findTask(manager: EntityManager, id: string): Promise<TaskSnapshot | null> {
  const [row] = await selectTasks(manager, 'WHERE t.id = $1', [id]);
  return row ?? null;
}
