import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AFTER_COMMIT, type AfterCommit } from '../../shared/application/after-commit.js';
import { CLOCK, type Clock } from '../../shared/application/clock.js';
import type { FollowUp } from '../../shared/domain/follow-up.js';
import type { Statement } from '../../shared/infrastructure/audited-writes.js';
import { currentTraceContext } from '../logging/trace-context.js';
import { JobRegistry } from './job-registry.js';
import { OutboxRelay } from './outbox-relay.js';

/**
 * Outbox messages as part of another write's statement (AuditedWrites' `also`): for a hot
 * write that commits in one statement, without a transaction of its own. `insertAfter`
 * gives the insert (`… SELECT … FROM written`, so that it happens only with the write);
 * `written` wakes the relay once the statement has committed.
 */
@Injectable()
export class OutboxStatements {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(AFTER_COMMIT) private readonly afterCommit: AfterCommit,
    private readonly kinds: JobRegistry,
    private readonly relay: OutboxRelay,
  ) {}

  insertAfter(followUp: FollowUp): Statement {
    if (!this.kinds.has(followUp.kind)) throw new Error(`outbox message for ${followUp.kind}: no such job kind is registered`);
    return {
      sql: 'INSERT INTO outbox_messages (id, kind, data, trace_id, created_at) SELECT $1::uuid, $2, $3::jsonb, $4, $5::timestamptz FROM written',
      params: [randomUUID(), followUp.kind, JSON.stringify(followUp.data), currentTraceContext()?.traceId ?? null, this.clock.now()],
    };
  }

  /** The statement with the messages ran: the relay looks for them once they have committed. */
  written(): void {
    this.afterCommit.run(() => this.relay.wake());
  }
}
