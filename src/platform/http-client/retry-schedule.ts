/**
 * At most this fraction of the nominal wait is added at random, so that clients that failed
 * together do not come back together. Added, never taken off: the nominal schedule
 * (1 s, 2 s, 4 s by default, SPEC-RES-2) is the shortest a retry waits.
 */
export const JITTER = 0.25;

/** The exponential part of the schedule (AppConfig.outbound). */
export interface BackoffSchedule {
  /** The nominal wait before the first retry. */
  readonly retryWaitMs: number;
  /** Each further retry waits this many times longer than the one before. */
  readonly backoffMultiplier: number;
}

/**
 * The wait before retry `retry` (1 for the first): `retryWaitMs x backoffMultiplier^(retry-1)`,
 * plus up to JITTER of that at random. With a multiplier above `1 + JITTER` (the default is
 * 2) every wait is longer than the one before, whatever the draws.
 *
 * @example
 * backoffMs(3, { retryWaitMs: 1000, backoffMultiplier: 2 }, () => 0); // 4000
 */
export function backoffMs(retry: number, schedule: BackoffSchedule, random: () => number = Math.random): number {
  const nominal = schedule.retryWaitMs * schedule.backoffMultiplier ** (retry - 1);
  return nominal * (1 + JITTER * random());
}

/**
 * How long a `Retry-After` header (RFC 9110 10.2.3) asks to wait, in ms: delay-seconds, or an
 * HTTP-date (IMF-fixdate, or the obsolete RFC 850 and asctime forms recipients must read),
 * 0 for a date already past; undefined when there is no header or it says neither.
 */
export function retryAfterMs(header: string | undefined, now: number = Date.now()): number | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // Date.parse reads far more than HTTP-dates ("1", "2024"); every HTTP-date starts with its day.
  if (!/^(mon|tue|wed|thu|fri|sat|sun)/i.test(value)) return undefined;
  // asctime has no zone; Date.parse would read it as local time. Every HTTP-date is in GMT.
  const at = Date.parse(/GMT$/i.test(value) ? value : `${value} GMT`);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/**
 * The wait before a retry: the backoff, or longer when the service said when to come back.
 * Whether that is worth waiting for at all (it may not fit in the call's time budget) is the
 * caller's decision.
 */
export function retryWaitMs(
  retry: number,
  requestedMs: number | undefined,
  schedule: BackoffSchedule,
  random: () => number = Math.random,
): number {
  return Math.max(backoffMs(retry, schedule, random), requestedMs ?? 0);
}
