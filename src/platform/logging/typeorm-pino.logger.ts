import { PinoLogger } from 'nestjs-pino';
import type { Logger as PinoBaseLogger } from 'pino';
import type { Logger as TypeOrmLogger } from 'typeorm';

/** The part of a pino logger this needs. */
export type QueryLogTarget = Pick<PinoBaseLogger, 'isLevelEnabled' | 'debug' | 'info' | 'warn' | 'error'>;

/** SQLSTATE class 23: a constraint refused the write, which the code turns into a 409. */
const INTEGRITY_VIOLATION = /^23/;

/**
 * TypeORM's logger on pino (category `system`): each statement at debug (`db_query`), a
 * statement slower than SLOW_QUERY_MS at warn (`slow_query`, with `duration`), a failed one
 * at error (`database_error`; a constraint violation, which the code answers with a 409, at
 * warn). The trace fields come from the context of the request or job that ran the SQL.
 * Parameter values are never written, only their count: they are user data and may be
 * secrets that no key name gives away.
 */
export class TypeOrmPinoLogger implements TypeOrmLogger {
  /** `target` is read at each call: nestjs-pino creates its root logger after the data source. */
  constructor(private readonly target: () => QueryLogTarget | undefined = () => PinoLogger.root) {}

  logQuery(query: string, parameters?: unknown[] | object): void {
    const log = this.enabled('debug');
    log?.debug({ category: 'system', event: 'db_query', query, parameterCount: countOf(parameters) }, 'SQL query');
  }

  logQuerySlow(time: number, query: string, parameters?: unknown[] | object): void {
    const log = this.enabled('warn');
    log?.warn(
      { category: 'system', event: 'slow_query', duration: time, query, parameterCount: countOf(parameters) },
      `SQL query took ${time} ms`,
    );
  }

  logQueryError(error: string | Error, query: string, parameters?: unknown[] | object): void {
    const code = typeof error === 'object' ? (error as { code?: unknown }).code : undefined;
    const expected = typeof code === 'string' && INTEGRITY_VIOLATION.test(code);
    const log = this.enabled(expected ? 'warn' : 'error');
    const fields = {
      category: 'error',
      event: 'database_error',
      query,
      parameterCount: countOf(parameters),
      error: typeof error === 'string' ? { name: 'Error', message: error } : { name: error.name, message: error.message, code },
    };
    if (expected) log?.warn(fields, 'SQL query failed');
    else log?.error(fields, 'SQL query failed');
  }

  logSchemaBuild(message: string): void {
    this.enabled('debug')?.debug({ category: 'system', event: 'db_schema' }, message);
  }

  logMigration(message: string): void {
    this.enabled('info')?.info({ category: 'system', event: 'db_migration' }, message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    const pinoLevel = level === 'warn' ? 'warn' : 'info';
    this.enabled(pinoLevel)?.[pinoLevel]({ category: 'system', event: 'db_message' }, String(message));
  }

  private enabled(level: 'debug' | 'info' | 'warn' | 'error'): QueryLogTarget | undefined {
    const log = this.target();
    return log?.isLevelEnabled(level) ? log : undefined;
  }
}

function countOf(parameters: unknown[] | object | undefined): number {
  if (parameters === undefined) return 0;
  return Array.isArray(parameters) ? parameters.length : Object.keys(parameters).length;
}
