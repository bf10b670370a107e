import type { AfterQueryEvent, BeforeQueryEvent, EntitySubscriberInterface, QueryRunner } from 'typeorm';
import { isDatabaseUnavailable } from '../../shared/interface/database-unavailable.js';
import { currentRequestDeadline, type RequestDeadline, RequestTimedOutError } from '../http/request-deadline.js';

/** What may still run for a request past its deadline: undoing it. */
const UNDO = /^\s*ROLLBACK\b/i;
const COMMIT = /^\s*COMMIT\b/i;
/** Statements outside a transaction that write nothing, so commit nothing. */
const NO_WRITE = /^\s*(SELECT|SHOW|SET|RESET|START\s+TRANSACTION|BEGIN|ROLLBACK|SAVEPOINT|RELEASE)\b/i;

/**
 * Holds the database to each HTTP request's deadline (request-deadline.ts): once a request
 * has been answered "timed out", any statement it still sends fails, except ROLLBACK, so
 * the transaction it is in rolls back (TypeORM rolls back when its COMMIT fails) and a
 * write of its own never starts. A commit under way (a COMMIT, or a write outside a
 * transaction) is reported to the deadline, which waits for its outcome before answering.
 *
 * A TypeORM subscriber on the app's data source; work outside HTTP requests is untouched.
 */
export class RequestDeadlineGuard implements EntitySubscriberInterface {
  /** The deadline each query runner's running statement reported a commit to. */
  private readonly commits = new WeakMap<QueryRunner, RequestDeadline>();

  constructor(private readonly timeoutMs: number) {}

  beforeQuery({ query, queryRunner }: BeforeQueryEvent): void {
    const deadline = currentRequestDeadline();
    if (deadline === undefined) return;
    if (deadline.expired) {
      if (UNDO.test(query)) return;
      throw new RequestTimedOutError(this.timeoutMs);
    }
    const commits = queryRunner.isTransactionActive ? COMMIT.test(query) : !NO_WRITE.test(query);
    if (!commits) return;
    deadline.commitStarted();
    this.commits.set(queryRunner, deadline);
  }

  afterQuery({ queryRunner, success, error }: AfterQueryEvent): void {
    const deadline = this.commits.get(queryRunner);
    if (deadline === undefined) return;
    this.commits.delete(queryRunner);
    // A connection lost or a client timeout (pg's query_timeout) says nothing of whether the
    // server committed.
    deadline.commitEnded(success ? 'committed' : isDatabaseUnavailable(error) ? 'unknown' : 'failed');
  }
}
