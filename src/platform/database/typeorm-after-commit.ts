import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import {
  DataSource,
  type EntitySubscriberInterface,
  type QueryRunner,
  type TransactionCommitEvent,
  type TransactionRollbackEvent,
} from 'typeorm';
import type { AfterCommit } from '../../shared/application/after-commit.js';

type Work = () => void | Promise<void>;

/**
 * AfterCommit on TypeORM's own transaction events: work is queued on the query runner of
 * the current transaction and run when that runner commits its outermost level (a
 * released savepoint is no commit yet), or dropped when it rolls back. TypeORM awaits the
 * subscriber, so the work is done before the use case returns to its caller.
 */
@Injectable()
export class TypeOrmAfterCommit implements AfterCommit, EntitySubscriberInterface, OnModuleInit {
  private readonly logger = new Logger('AfterCommit');
  private readonly pending = new WeakMap<QueryRunner, Work[]>();

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    // The data source is initialized before any module starts; subscribers added now are
    // seen by every later transaction.
    this.dataSource.subscribers.push(this);
  }

  run(work: Work): void {
    const queryRunner = this.txHost.tx.queryRunner;
    if (!queryRunner?.isTransactionActive) {
      void this.perform([work]);
      return;
    }
    const queue = this.pending.get(queryRunner);
    if (queue) queue.push(work);
    else this.pending.set(queryRunner, [work]);
  }

  async afterTransactionCommit({ queryRunner }: TransactionCommitEvent): Promise<void> {
    if (queryRunner.isTransactionActive) return;
    const work = this.pending.get(queryRunner);
    if (!work) return;
    this.pending.delete(queryRunner);
    await this.perform(work);
  }

  afterTransactionRollback({ queryRunner }: TransactionRollbackEvent): void {
    // Only the outermost rollback drops the queue. Work queued inside a savepoint that
    // rolled back (Propagation.Nested, which no use case asks for) stays queued.
    if (!queryRunner.isTransactionActive) this.pending.delete(queryRunner);
  }

  private async perform(work: readonly Work[]): Promise<void> {
    for (const item of work) {
      try {
        await item();
      } catch (error) {
        this.logger.error(
          'work after a commit failed; the change itself is committed',
          error instanceof Error ? error.stack : String(error),
        );
      }
    }
  }
}
