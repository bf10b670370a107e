import { performance } from 'node:perf_hooks';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter, Histogram } from 'prom-client';
import { type AfterQueryEvent, type BeforeQueryEvent, DataSource, type EntitySubscriberInterface, type QueryRunner } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { counterProvider, histogramProvider } from './metric-providers.js';

/** From 1 ms to 10 s; 5 s, the slow-query alert of SPEC-ALERT-2, is a bound. */
export const DB_QUERY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export type QueryOperation = 'select' | 'insert' | 'update' | 'delete' | 'other';
const OPERATIONS: readonly QueryOperation[] = ['select', 'insert', 'update', 'delete', 'other'];

const DEADLOCK = '40P01';
const SQLSTATE = /^[0-9A-Z]{5}$/;

/**
 * The statement's first keyword, case-insensitive, past leading blanks and parentheses.
 * Reads characters in place: a query builds no string here.
 */
export function operationOf(sql: string): QueryOperation {
  let i = 0;
  while (i < sql.length && (sql.charCodeAt(i) <= 32 || sql.charCodeAt(i) === 40 /* ( */)) i++;
  for (let op = 0; op < 4; op++) {
    const word = OPERATIONS[op]!;
    let j = 0;
    while (j < 6 && (sql.charCodeAt(i + j) | 32) === word.charCodeAt(j)) j++;
    if (j === 6 && !isWordChar(sql.charCodeAt(i + 6))) return word;
  }
  return 'other';
}

function isWordChar(code: number): boolean {
  const lower = code | 32;
  return (lower >= 97 && lower <= 122) || (code >= 48 && code <= 57) || code === 95;
}

/** The metrics QueryMetrics reads, on the app's registry. */
export const QUERY_METRIC_PROVIDERS = [
  histogramProvider({
    name: 'db_query_duration_seconds',
    help: 'Time of each SQL statement, by operation.',
    labelNames: ['operation'],
    buckets: DB_QUERY_BUCKETS,
  }),
  counterProvider({ name: 'db_slow_queries_total', help: 'SQL statements slower than SLOW_QUERY_MS.' }),
  counterProvider({
    name: 'db_query_errors_total',
    help: 'Failed SQL statements, by SQLSTATE (unknown: no SQLSTATE, e.g. a lost connection).',
    labelNames: ['code'],
  }),
  counterProvider({ name: 'db_deadlocks_total', help: 'SQL statements PostgreSQL aborted as a deadlock victim (SQLSTATE 40P01).' }),
];

/**
 * Every SQL statement TypeORM runs, from its query events, without touching a repository:
 * `db_query_duration_seconds{operation}`, `db_slow_queries_total` (slower than
 * SLOW_QUERY_MS), `db_query_errors_total{code}` (SQLSTATE) and `db_deadlocks_total`.
 *
 * The duration is measured here, from `beforeQuery` to `afterQuery`, because TypeORM's own
 * `executionTime` has whole milliseconds and is missing for failed queries, which are the
 * slow ones when a statement timeout ends them. A query runner's connection answers its
 * queries in order, so each runner keeps a queue of start times. It subscribes itself to
 * the app's DataSource when Nest makes it.
 */
@Injectable()
export class QueryMetrics implements EntitySubscriberInterface {
  private readonly duration: Record<QueryOperation, Histogram.Internal<'operation'>>;
  private readonly started = new WeakMap<QueryRunner, number[]>();
  private readonly slowQueryMs: number;

  constructor(
    @InjectMetric('db_query_duration_seconds') histogram: Histogram<'operation'>,
    @InjectMetric('db_slow_queries_total') private readonly slow: Counter,
    @InjectMetric('db_query_errors_total') private readonly errors: Counter<'code'>,
    @InjectMetric('db_deadlocks_total') private readonly deadlocks: Counter,
    @Inject(APP_CONFIG) { log }: Pick<AppConfig, 'log'>,
    // Absent in a test that feeds the events itself.
    @Optional() dataSource?: DataSource,
  ) {
    this.slowQueryMs = log.slowQueryMs;
    dataSource?.subscribers.push(this);
    // Every operation exposed from the start, so that dashboards and rate() see the first query.
    for (const operation of OPERATIONS) histogram.zero({ operation });
    this.duration = Object.fromEntries(OPERATIONS.map((op) => [op, histogram.labels(op)])) as Record<
      QueryOperation,
      Histogram.Internal<'operation'>
    >;
  }

  beforeQuery({ queryRunner }: BeforeQueryEvent): void {
    const queue = this.started.get(queryRunner);
    if (queue === undefined) this.started.set(queryRunner, [performance.now()]);
    else queue.push(performance.now());
  }

  afterQuery(event: AfterQueryEvent): void {
    // TypeORM calls this inside the try block of the query itself: anything thrown here
    // would turn a successful query into a failed one. Measuring must never do that.
    try {
      this.record(event);
    } catch {
      // a lost sample, nothing more
    }
  }

  private record({ queryRunner, query, success, error, executionTime }: AfterQueryEvent): void {
    const start = this.started.get(queryRunner)?.shift();
    const ms = start !== undefined ? performance.now() - start : (executionTime ?? 0);
    this.duration[operationOf(query)].observe(ms / 1000);
    if (ms > this.slowQueryMs) this.slow.inc();
    if (success) return;
    const code = (error as { code?: unknown } | undefined)?.code;
    this.errors.inc({ code: typeof code === 'string' && SQLSTATE.test(code) ? code : 'unknown' });
    if (code === DEADLOCK) this.deadlocks.inc();
  }
}
