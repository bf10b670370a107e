import pg from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../../migrations/index.js';
import type { AppConfig } from '../../config/app-config.js';
import { ENTITIES } from './entities.js';

// `date` columns are calendar dates: keep them as 'YYYY-MM-DD' strings instead of letting
// pg turn them into a Date at local midnight (which shifts them in any TZ west of UTC).
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);

export interface DatabaseEndpoint {
  url?: string;
  host?: string;
  port?: number;
}

/** The one place that turns configuration into TypeORM options, for the app and the CLI alike. */
export function dataSourceOptions(
  database: AppConfig['database'],
  endpoint: DatabaseEndpoint,
): DataSourceOptions {
  return {
    type: 'postgres',
    ...(endpoint.url
      ? { url: endpoint.url }
      : { host: endpoint.host, port: endpoint.port, username: 'postgres', database: 'postgres' }),
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    poolSize: database.poolSize,
    extra: {
      max: database.poolSize,
      statement_timeout: database.statementTimeoutMs || undefined,
      connectionTimeoutMillis: 10_000,
    },
  };
}

export function createDataSource(
  database: AppConfig['database'],
  endpoint: DatabaseEndpoint,
): DataSource {
  return new DataSource(dataSourceOptions(database, endpoint));
}
