/**
 * Entry point of the TypeORM CLI (`npm run migration:*`), run from the built output.
 * It needs a PostgreSQL server: DATABASE_URL must be set. Importing the application module
 * makes every module register its entities, so the CLI maps exactly what the app maps.
 */
import './app.module.js';
import { loadConfig } from './config/load-config.js';
import { createDataSource } from './platform/database/data-source.factory.js';
import { registeredEntities } from './platform/database/entity-registry.js';
import { loadMigrations } from './platform/database/migrations.js';

const { database } = loadConfig();
if (!database.url) {
  throw new Error('the migration commands need DATABASE_URL (a PostgreSQL server) to be set');
}

export default createDataSource(
  database,
  { url: database.url },
  { entities: registeredEntities(), migrations: await loadMigrations() },
);
