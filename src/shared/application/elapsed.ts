import { performance } from 'node:perf_hooks';

/** Milliseconds since `started` (a performance.now()), to the microsecond: the `duration` of log lines. */
export const msSince = (started: number): number => Math.round((performance.now() - started) * 1000) / 1000;
