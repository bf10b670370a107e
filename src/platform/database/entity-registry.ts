/** A TypeORM entity class. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export type EntityClass = Function;

const registered = new Set<EntityClass>();

/**
 * Records the entities a module owns; the data source takes every one recorded. Modules
 * call it through `DatabaseModule.forFeature` while their `@Module` metadata is evaluated,
 * which is before any application is created, so platform code never names a module's
 * entity.
 */
export function registerEntities(entities: readonly EntityClass[]): void {
  for (const entity of entities) registered.add(entity);
}

export function registeredEntities(): EntityClass[] {
  return [...registered];
}
