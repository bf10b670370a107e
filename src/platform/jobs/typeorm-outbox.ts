import { randomUUID } from 'node:crypto';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Inject, Injectable } from '@nestjs/common';
import { AFTER_COMMIT, type AfterCommit } from '../../shared/application/after-commit.js';
import { CLOCK, type Clock } from '../../shared/application/clock.js';
import type { Outbox } from '../../shared/application/jobs.js';
import type { FollowUp } from '../../shared/domain/follow-up.js';
import type { Statement } from '../../shared/infrastructure/audited-writes.js';
import { currentTraceContext } from '../logging/trace-context.js';
import { JobRegistry } from './job-registry.js';
import { OutboxRelay } from './outbox-relay.js';

const COLUMNS = 'id, kind, data, trace_id, created_at, retry_of';
const VALUES = '$1::uuid, $2, $3::jsonb, $4, $5::timestamptz, $6::uuid';

/**
 * Writes outbox messages, with the request's trace id, and wakes this process's relay once
 * they have committed. Two ways, one row:
 * - `add`, in the caller's transaction (outside one it refuses: a message written apart from
 *   its change could be sent for a change that rolled back);
 * - `insertAfter`, as part of another write's one statement (AuditedWrites' `also`: `…
 *   SELECT … FROM written`, so that it is written only with the write), for a hot write
 *   without a transaction of its own; the writer calls `written` once the statement ran.
 * `retry` is `add` for an operator's retry of a job: a new message (a new id, so that the
 * handler's idempotency key is new and the work is done again) with the job's kind and
 * data, linked to it by `retry_of`.
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
    const params = this.rowOf(kind, data);
    await this.insert(params, '');
    return params[0] as string;
  }

  /**
   * Writes the retry of job `of`, in the caller's transaction, and returns its id; null when
   * `of` has a retry already (ON CONFLICT on the unique `retry_of`, instead of a unique
   * violation that would abort the caller's transaction).
   */
  async retry(of: { id: string; kind: string; data: object }): Promise<string | null> {
    const params = this.rowOf(of.kind, of.data, of.id);
    const written = await this.insert(params, 'ON CONFLICT (retry_of) WHERE retry_of IS NOT NULL DO NOTHING');
    return written ? (params[0] as string) : null;
  }

  private async insert(params: unknown[], onConflict: string): Promise<boolean> {
    if (!this.txHost.isTransactionActive()) {
      throw new Error(`outbox message ${String(params[1])} written outside a transaction: mark the use case @Transactional()`);
    }
    const rows: unknown[] = await this.txHost.tx.query(`INSERT INTO outbox_messages (${COLUMNS}) VALUES (${VALUES}) ${onConflict} RETURNING id`, params);
    if (rows.length === 0) return false;
    this.written();
    return true;
  }

  insertAfter(followUp: FollowUp): Statement {
    return { sql: `INSERT INTO outbox_messages (${COLUMNS}) SELECT ${VALUES} FROM written`, params: this.rowOf(followUp.kind, followUp.data) };
  }

  /** Messages were written: the relay looks for them once they have committed. */
  written(): void {
    this.afterCommit.run(() => this.relay.wake());
  }

  /** The parameters of a new message's row, in COLUMNS order; a kind nobody registered is refused. */
  private rowOf(kind: string, data: object, retryOf: string | null = null): unknown[] {
    if (!this.kinds.has(kind)) throw new Error(`outbox message for ${kind}: no such job kind is registered`);
    return [randomUUID(), kind, JSON.stringify(data), currentTraceContext()?.traceId ?? null, this.clock.now(), retryOf];
  }
}
