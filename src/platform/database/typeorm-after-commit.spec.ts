import type { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { describe, expect, it, vi } from 'vitest';
import type { DataSource, QueryRunner } from 'typeorm';
import { TypeOrmAfterCommit } from './typeorm-after-commit.js';

/** An AfterCommit whose current transaction is whatever `current` holds. */
function afterCommit() {
  const current: { queryRunner?: Partial<QueryRunner> } = {};
  const txHost = {
    get tx() {
      return { queryRunner: current.queryRunner };
    },
  } as unknown as TransactionHost<TransactionalAdapterTypeOrm>;
  const dataSource = { subscribers: [] as unknown[] } as unknown as DataSource;
  const subject = new TypeOrmAfterCommit(txHost, dataSource);
  subject.onModuleInit();
  return { subject, current, dataSource };
}

const event = (queryRunner: Partial<QueryRunner>) => ({ queryRunner }) as never;

describe('TypeOrmAfterCommit', () => {
  it('subscribes to the data source', () => {
    const { subject, dataSource } = afterCommit();
    expect(dataSource.subscribers).toContain(subject);
  });

  it('runs work at once outside a transaction', async () => {
    const { subject } = afterCommit();
    const work = vi.fn();
    subject.run(work);
    await Promise.resolve();
    expect(work).toHaveBeenCalledOnce();
  });

  it('holds work until the outermost commit, in order', async () => {
    const { subject, current } = afterCommit();
    const queryRunner = { isTransactionActive: true };
    current.queryRunner = queryRunner;
    const done: string[] = [];
    subject.run(() => void done.push('first'));
    subject.run(async () => void done.push('second'));

    await subject.afterTransactionCommit(event(queryRunner)); // a released savepoint
    expect(done).toEqual([]);
    queryRunner.isTransactionActive = false;
    await subject.afterTransactionCommit(event(queryRunner));
    expect(done).toEqual(['first', 'second']);
    await subject.afterTransactionCommit(event(queryRunner));
    expect(done).toEqual(['first', 'second']);
  });

  it('drops work when the transaction rolls back', async () => {
    const { subject, current } = afterCommit();
    const queryRunner = { isTransactionActive: true };
    current.queryRunner = queryRunner;
    const work = vi.fn();
    subject.run(work);
    queryRunner.isTransactionActive = false;
    subject.afterTransactionRollback(event(queryRunner));
    await subject.afterTransactionCommit(event(queryRunner));
    expect(work).not.toHaveBeenCalled();
  });

  it('keeps going when one piece of work fails, and never throws into the commit', async () => {
    const { subject, current } = afterCommit();
    const queryRunner = { isTransactionActive: true };
    current.queryRunner = queryRunner;
    const after = vi.fn();
    subject.run(() => {
      throw new Error('cache down');
    });
    subject.run(after);
    queryRunner.isTransactionActive = false;
    const logged = vi.spyOn(subject['logger'], 'error').mockImplementation(() => undefined);
    await expect(subject.afterTransactionCommit(event(queryRunner))).resolves.toBeUndefined();
    expect(after).toHaveBeenCalledOnce();
    expect(logged).toHaveBeenCalledOnce();
  });
});
