/**
 * Entry point of the TypeORM CLI (`npm run migration:*`), run from the built output.
 * It needs a PostgreSQL server: DATABASE_URL must be set.
 */
import { loadConfig } from '../../config/load-config.js';
import { createDataSource } from './data-source.factory.js';

const { database } = loadConfig();
if (!database.url) {
  throw new Error('the migration commands need DATABASE_URL (a PostgreSQL server) to be set');
}

export default createDataSource(database, { url: database.url });
