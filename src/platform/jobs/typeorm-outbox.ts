import { randomUUID } from 'node:crypto';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Inject, Injectable } from '@nestjs/common';
import { AFTER_COMMIT, type AfterCommit } from '../../shared/application/after-commit.js';
import { CLOCK, type Clock } from '../../shared/application/clock.js';
import type { Outbox } from '../../shared/application/jobs.js';
import { currentTraceContext } from '../logging/trace-context.js';
import { JobRegistry } from './job-registry.js';
import { OutboxMessageOrmEntity } from './outbox-message.orm-entity.js';
import { OutboxRelay } from './outbox-relay.js';

/**
 * Writes outbox messages in the caller's transaction (outside one it refuses: a message
 * written apart from its change could be sent for a change that rolled back), with the
 * request's trace id, and wakes this process's relay once the transaction commits.
 */
@Injectable()
export class TypeOrmOutbox implements Outbox {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(AFTER_COMMIT) private readonly afterCommit: AfterCommit,
    private readonly kinds: JobRegistry,
    private readonly relay: OutboxRelay,
  ) {}

  async add(kind: string, data: object): Promise<string> {
    if (!this.kinds.has(kind)) throw new Error(`outbox message for ${kind}: no such job kind is registered`);
    if (!this.txHost.isTransactionActive()) {
      throw new Error(`outbox message ${kind} written outside a transaction: mark the use case @Transactional()`);
    }
    const id = randomUUID();
    await this.txHost.tx
      .createQueryBuilder()
      .insert()
      .into(OutboxMessageOrmEntity)
      .values({ id, kind, data, traceId: currentTraceContext()?.traceId ?? null, createdAt: this.clock.now() } as never)
      .updateEntity(false)
      .callListeners(false)
      .execute();
    this.afterCommit.run(() => this.relay.wake());
    return id;
  }
}
