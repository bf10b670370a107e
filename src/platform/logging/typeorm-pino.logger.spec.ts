import { PinoLogger } from 'nestjs-pino';
import pino from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { processLogStream } from './log-destination.js';
import { type QueryLogTarget, TypeOrmPinoLogger } from './typeorm-pino.logger.js';

function target(level: 'debug' | 'info' | 'warn' | 'error') {
  const order = ['debug', 'info', 'warn', 'error'];
  return {
    isLevelEnabled: vi.fn((wanted: string) => order.indexOf(wanted) >= order.indexOf(level)),
    debug: vi.fn(),
    info: vi.fn(),
    warn: vi.fn(),
    error: vi.fn(),
  } satisfies QueryLogTarget;
}

describe('TypeOrmPinoLogger', () => {
  it('logs a statement at debug as db_query, with the count of its parameters but not their values', () => {
    const log = target('debug');
    new TypeOrmPinoLogger(() => log).logQuery('SELECT * FROM tasks WHERE id = $1', ['secret-value']);
    expect(log.debug).toHaveBeenCalledWith(
      { category: 'system', event: 'db_query', query: 'SELECT * FROM tasks WHERE id = $1', parameterCount: 1 },
      'SQL query',
    );
    expect(JSON.stringify(log.debug.mock.calls)).not.toContain('secret-value');
  });

  it('builds nothing when debug is off', () => {
    const log = target('info');
    new TypeOrmPinoLogger(() => log).logQuery('SELECT 1');
    expect(log.debug).not.toHaveBeenCalled();
  });

  it('logs a slow statement at warn as slow_query with its duration', () => {
    const log = target('warn');
    new TypeOrmPinoLogger(() => log).logQuerySlow(1500, 'SELECT pg_sleep(1.5)', []);
    expect(log.warn).toHaveBeenCalledWith(
      { category: 'system', event: 'slow_query', duration: 1500, query: 'SELECT pg_sleep(1.5)', parameterCount: 0 },
      'SQL query took 1500 ms',
    );
  });

  it('logs a failed statement at error as database_error; a constraint violation at warn', () => {
    const log = target('debug');
    const logger = new TypeOrmPinoLogger(() => log);
    logger.logQueryError(Object.assign(new Error('relation "x" does not exist'), { code: '42P01' }), 'SELECT * FROM x');
    expect(log.error).toHaveBeenCalledWith(
      expect.objectContaining({
        category: 'error',
        event: 'database_error',
        error: { name: 'Error', message: 'relation "x" does not exist', code: '42P01' },
      }),
      'SQL query failed',
    );
    logger.logQueryError(Object.assign(new Error('duplicate key'), { code: '23505' }), 'INSERT ...', [1]);
    expect(log.warn).toHaveBeenCalledWith(expect.objectContaining({ event: 'database_error' }), 'SQL query failed');
    logger.logQueryError('plain text failure', 'SELECT 1');
    expect(log.error).toHaveBeenLastCalledWith(
      expect.objectContaining({ error: { name: 'Error', message: 'plain text failure' } }),
      'SQL query failed',
    );
  });

  it('writes nothing before the root logger exists, and through the root once it does', () => {
    // The stream nestjs-pino's root logger writes to (LoggingModule), captured.
    const written: string[] = [];
    processLogStream.use({ write: (line: string) => void written.push(line) });
    const settable = PinoLogger as unknown as { root: PinoLogger['logger'] | undefined };
    const before = settable.root;
    settable.root = undefined;
    try {
      // The production target: PinoLogger.root, read at each call.
      const logger = new TypeOrmPinoLogger();
      logger.logQuery('SELECT 1');
      logger.logQuerySlow(1500, 'SELECT pg_sleep(1.5)');
      logger.logQueryError(new Error('boom'), 'SELECT 1');
      logger.logSchemaBuild('schema');
      logger.logMigration('done');
      logger.log('warn', 'careful');
      expect(written).toEqual([]);

      settable.root = pino({ level: 'debug' }, processLogStream);
      logger.logMigration('done');
      expect(written.map((line) => JSON.parse(line) as Record<string, unknown>)).toEqual([
        expect.objectContaining({ category: 'system', event: 'db_migration', msg: 'done' }),
      ]);
    } finally {
      settable.root = before;
    }
  });
});
