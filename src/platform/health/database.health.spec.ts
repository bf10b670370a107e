import { HealthIndicatorService } from '@nestjs/terminus';
import { type DataSource, MigrationExecutor } from 'typeorm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../config/load-config.js';
import { DatabaseHealthIndicator } from './database.health.js';

const config = loadConfig({ HEALTH_CHECK_TIMEOUT_MS: '50', DATABASE_POOL_SIZE: '7' });

function indicator(dataSource: Partial<Record<string, unknown>>) {
  const stub = {
    options: {},
    driver: { options: {}, buildTableName: (name: string) => name },
    ...dataSource,
  } as unknown as DataSource;
  return new DatabaseHealthIndicator(stub, new HealthIndicatorService(), config);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('DatabaseHealthIndicator', () => {
  it('is up when SELECT 1 answers', async () => {
    const query = vi.fn().mockResolvedValue([{ '?column?': 1 }]);
    const result = await indicator({ query }).ping();
    expect(query).toHaveBeenCalledWith('SELECT 1');
    expect(result).toEqual({ database: { status: 'up', responseTime: expect.any(Number) } });
  });

  it('is down with the error when the query fails', async () => {
    const query = vi.fn().mockRejectedValue(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
    expect(await indicator({ query }).ping()).toMatchObject({
      database: { status: 'down', message: 'connect ECONNREFUSED 127.0.0.1:5432' },
    });
  });

  it('gives up after HEALTH_CHECK_TIMEOUT_MS', async () => {
    const query = vi.fn(() => new Promise(() => undefined));
    const started = performance.now();
    expect(await indicator({ query }).ping('db')).toMatchObject({
      db: { status: 'down', message: 'timeout of 50ms exceeded' },
    });
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('is down while a migration is pending, naming it', async () => {
    vi.spyOn(MigrationExecutor.prototype, 'getPendingMigrations').mockResolvedValue([
      { name: 'AddCases1700000000000' } as never,
    ]);
    expect(await indicator({}).migrations()).toMatchObject({
      migrations: { status: 'down', message: 'pending migrations: AddCases1700000000000' },
    });
  });

  it('asks once all migrations are applied, then remembers', async () => {
    const pending = vi.spyOn(MigrationExecutor.prototype, 'getPendingMigrations').mockResolvedValue([]);
    const subject = indicator({});
    expect(await subject.migrations()).toMatchObject({ migrations: { status: 'up', pending: [] } });
    expect(await subject.migrations()).toEqual({ migrations: { status: 'up', pending: [] } });
    expect(pending).toHaveBeenCalledOnce();
  });

  it('reads the counters of the pg pool', () => {
    const master = { totalCount: 3, idleCount: 1, waitingCount: 2, options: { max: 10 } };
    expect(indicator({ driver: { master } }).poolStats()).toEqual({ total: 3, idle: 1, waiting: 2, max: 10 });
    expect(indicator({ driver: { master: { ...master, options: {} } } }).poolStats()?.max).toBe(7);
    expect(indicator({ driver: {} }).poolStats()).toBeNull();
  });
});
