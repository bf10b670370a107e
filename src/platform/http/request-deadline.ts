import { ClsServiceManager } from 'nestjs-cls';
import { DomainError } from '../../shared/domain/domain-error.js';
import { RETRY_AFTER_SECONDS } from '../../shared/interface/problem-details.js';

/** The answer of a request that ran past HTTP_REQUEST_TIMEOUT_MS; nothing it did was committed. */
export class RequestTimedOutError extends DomainError {
  readonly code = 'REQUEST_TIMED_OUT';
  readonly kind = 'unavailable';
  override readonly shedsLoad = true;
  override readonly retryAfterSeconds = RETRY_AFTER_SECONDS;

  constructor(timeoutMs: number) {
    super(`The request took longer than ${timeoutMs} ms and was stopped; nothing it changed was kept. Retry after the delay in Retry-After.`);
  }
}

/** How a commit ended: `unknown` when the database went away before it said. */
export type CommitOutcome = 'committed' | 'failed' | 'unknown';

const DEADLINE = 'request-deadline';

/**
 * The time limit of one HTTP request (HTTP_REQUEST_TIMEOUT_MS), which the database consults
 * (RequestDeadlineGuard) so that a request answered "timed out" has changed nothing:
 * - at the deadline the request is answered 503 (`expire`) and every later statement it
 *   sends is refused, a COMMIT included, so its transaction rolls back;
 * - unless a commit of it is under way at that moment (a COMMIT, or a write statement
 *   outside a transaction, which commits by itself): the outcome of that is not known yet,
 *   so the deadline waits for it. Committed, or unknown for good (the database went away
 *   mid-commit): the request answers as it would have, late (201, or 503 "database
 *   unavailable", which promises nothing). Failed: the 503 "timed out" goes out then.
 *
 * Fastify's own `handlerTimeout` answers at the deadline whatever is under way, so a 503
 * could hide a committed change; this is why the timer is ours.
 */
export class RequestDeadline {
  private state: 'running' | 'due' | 'expired' | 'answering-late' | 'finished' = 'running';
  private commitsUnderWay = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    timeoutMs: number,
    private readonly expire: () => void,
  ) {
    this.timer = setTimeout(() => this.reached(), timeoutMs);
  }

  /** Past the deadline and answered: nothing more of this request may reach the database. */
  get expired(): boolean {
    return this.state === 'expired';
  }

  commitStarted(): void {
    this.commitsUnderWay++;
  }

  commitEnded(outcome: CommitOutcome): void {
    this.commitsUnderWay--;
    if (this.state !== 'due' || this.commitsUnderWay > 0) return;
    if (outcome === 'failed') this.end();
    else this.state = 'answering-late';
  }

  /** The response went out (or the client left): no timer, no refusals. */
  finish(): void {
    clearTimeout(this.timer);
    if (this.state !== 'expired') this.state = 'finished';
  }

  private reached(): void {
    if (this.state !== 'running') return;
    if (this.commitsUnderWay > 0) this.state = 'due';
    else this.end();
  }

  private end(): void {
    this.state = 'expired';
    this.expire();
  }
}

/** Makes `deadline` the one of the request whose context is running (http-request-context.ts opens it). */
export function setRequestDeadline(deadline: RequestDeadline): void {
  ClsServiceManager.getClsService().set(DEADLINE, deadline);
}

/** The deadline of the HTTP request running now; none in a job, a cron run or a script. */
export function currentRequestDeadline(): RequestDeadline | undefined {
  const cls = ClsServiceManager.getClsService();
  return cls.isActive() ? cls.get<RequestDeadline | undefined>(DEADLINE) : undefined;
}
