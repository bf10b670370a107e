import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

const cache = new WeakMap<object, Map<string, string>>();

/**
 * The select list of every column of an entity, each named as its property:
 * `t."due_date" AS "dueDate", …`. A hand-written query that selects it gets rows shaped
 * like the entity, so mappers read them by property name and a new column needs no edit
 * here. Built from the entity's metadata once per alias.
 */
export function entityColumns(manager: EntityManager, entity: EntityTarget<ObjectLiteral>, alias: string): string {
  const metadata = manager.dataSource.getMetadata(entity);
  let byAlias = cache.get(metadata.target as object);
  if (!byAlias) cache.set(metadata.target as object, (byAlias = new Map()));
  let list = byAlias.get(alias);
  if (list === undefined) {
    list = metadata.columns
      .map((column) => `${alias}."${column.databaseName}" AS "${column.propertyName}"`)
      .join(', ');
    byAlias.set(alias, list);
  }
  return list;
}
