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

/**
 * `json_build_object('dueDate', s."due_date", …)` over an entity's columns but `except`:
 * a JSON object per row whose keys are the properties, for rows read as a nested list
 * (`json_agg`) in the same statement as their parent.
 */
export function entityJsonObject(
  manager: EntityManager,
  entity: EntityTarget<ObjectLiteral>,
  alias: string,
  except: readonly string[] = [],
): string {
  const pairs = manager.dataSource
    .getMetadata(entity)
    .columns.filter((column) => !except.includes(column.propertyName))
    .map((column) => `'${column.propertyName}', ${alias}."${column.databaseName}"`);
  return `json_build_object(${pairs.join(', ')})`;
}

/**
 * A row keyed by column names instead of properties, for `jsonb_populate_record(NULL::table,
 * $1::jsonb)`: statements the query builder cannot say (a parent and its children in one
 * INSERT, an UPDATE … FROM a list) still take their values by name, never by position.
 */
export function columnRecord<Row extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<Row>,
  row: Row,
): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const column of manager.dataSource.getMetadata(entity).columns) {
    record[column.databaseName] = row[column.propertyName];
  }
  return record;
}
