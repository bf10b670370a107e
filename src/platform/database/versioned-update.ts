import type { EntityManager, EntityTarget, QueryDeepPartialEntity } from 'typeorm';
import { StaleVersionError } from '../../shared/domain/domain-error.js';

/** A row with the optimistic-lock columns every aggregate table has. */
interface VersionedRow {
  id: string;
  version: number;
}

export interface VersionedTarget {
  /** Names the resource in a StaleVersionError ("task", "case", ...). */
  resource: string;
  id: string;
  /** The version the aggregate was loaded at. */
  version: number;
  notFound(): Error;
}

/**
 * `UPDATE … SET changes, version = version + 1 WHERE id = :id AND version = :version
 * RETURNING version`: one statement, joining the caller's transaction through `manager`.
 * Returns the new version. When no row matched, reads why: the row is gone (`notFound`)
 * or someone else wrote first (StaleVersionError with the stored version).
 *
 * @example
 * const version = await updateVersioned(this.txHost.tx, TaskOrmEntity, {
 *   resource: 'task', id: task.id, version: task.version, notFound: () => new TaskNotFoundError(task.id),
 * }, { title: 'Renamed', updatedAt: now });
 */
export async function updateVersioned<Row extends VersionedRow>(
  manager: EntityManager,
  entity: EntityTarget<Row>,
  target: VersionedTarget,
  changes: QueryDeepPartialEntity<Row>,
): Promise<number> {
  const result = await manager
    .createQueryBuilder()
    .update(entity)
    .set({ ...changes, version: () => 'version + 1' } as QueryDeepPartialEntity<Row>)
    .where('id = :id AND version = :version', { id: target.id, version: target.version })
    .returning(['version'])
    .updateEntity(false)
    .callListeners(false)
    .execute();
  const [updated] = result.raw as { version: number }[];
  if (updated) return updated.version;
  const current = await storedVersion(manager, entity, target.id);
  if (current === null) throw target.notFound();
  throw new StaleVersionError(target.resource, target.id, target.version, current);
}

/** The version stored for `id`, or null when there is no such row. */
export async function storedVersion<Row extends VersionedRow>(
  manager: EntityManager,
  entity: EntityTarget<Row>,
  id: string,
): Promise<number | null> {
  const row = await manager
    .createQueryBuilder(entity, 'r')
    .select('r.version', 'version')
    .where('r.id = :id', { id })
    .getRawOne<{ version: number }>();
  return row?.version ?? null;
}
