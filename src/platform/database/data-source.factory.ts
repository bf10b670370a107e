import pg from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../../config/app-config.js';
import { TypeOrmPinoLogger } from '../logging/typeorm-pino.logger.js';

// `date` columns are calendar dates: keep them as 'YYYY-MM-DD' strings instead of letting
// pg turn them into a Date at local midnight (which shifts them in any TZ west of UTC).
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);

/** What the data source maps and migrates: every registered entity, every migration file. */
export interface DatabaseSchema {
  entities: NonNullable<DataSourceOptions['entities']>;
  migrations: NonNullable<DataSourceOptions['migrations']>;
}

/** How much longer than the statement timeout the client waits for an answer. */
export const QUERY_TIMEOUT_MARGIN_MS = 1_000;
/** The longest a new connection may take to open, however long statements may run. */
const CONNECT_TIMEOUT_MAX_MS = 10_000;

export interface DatabaseEndpoint {
  url?: string;
  host?: string;
  port?: number;
}

/**
 * The one place that turns configuration into TypeORM options, for the app and the CLI alike.
 * With `log`, SQL is logged through pino (statements at debug, slow ones at warn, failures at
 * error); without it (the migration CLI), TypeORM's own console logger stays quiet.
 */
export function dataSourceOptions(
  database: AppConfig['database'],
  endpoint: DatabaseEndpoint,
  schema: DatabaseSchema,
  log?: AppConfig['log'],
): DataSourceOptions {
  return {
    type: 'postgres',
    ...(endpoint.url
      ? { url: endpoint.url }
      : { host: endpoint.host, port: endpoint.port, username: 'postgres', database: 'postgres' }),
    entities: schema.entities,
    migrations: schema.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    ...(log ? { logger: new TypeOrmPinoLogger(), maxQueryExecutionTime: log.slowQueryMs } : {}),
    poolSize: database.poolSize,
    extra: {
      max: database.poolSize,
      statement_timeout: database.statementTimeoutMs || undefined,
      // The client's own limit, a little above the server's: a network that drops packets
      // (no error, no answer) costs a query this long, then a 503, never a held connection
      // for as long as the hang lasts. The connection stays in the pool and serves again
      // once the network does.
      query_timeout: database.statementTimeoutMs ? database.statementTimeoutMs + QUERY_TIMEOUT_MARGIN_MS : undefined,
      // A database outage must cost a request an error, not a hang: connecting gives up
      // after this; a connection that dies is dropped from the pool on its 'error' event,
      // and idle ones are closed after idleTimeoutMillis, so the pool refills with fresh
      // connections once the server is back. TCP keepalive finds peers that vanished
      // without a word (a NAT or firewall dropping idle flows).
      connectionTimeoutMillis: Math.min(
        CONNECT_TIMEOUT_MAX_MS,
        (database.statementTimeoutMs || CONNECT_TIMEOUT_MAX_MS) + QUERY_TIMEOUT_MARGIN_MS,
      ),
      idleTimeoutMillis: 10_000,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    },
  };
}

export function createDataSource(
  database: AppConfig['database'],
  endpoint: DatabaseEndpoint,
  schema: DatabaseSchema,
  log?: AppConfig['log'],
): DataSource {
  return new DataSource(dataSourceOptions(database, endpoint, schema, log));
}
