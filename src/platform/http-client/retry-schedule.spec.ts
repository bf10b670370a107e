import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JITTER, backoffMs, retryAfterMs, retryWaitMs } from './retry-schedule.js';

const scheduleArb = fc.record({
  retryWaitMs: fc.integer({ min: 1, max: 60_000 }),
  backoffMultiplier: fc.double({ min: 1, max: 10, noNaN: true }),
});
/** What Math.random gives: [0, 1). */
const drawArb = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
const retryArb = fc.integer({ min: 1, max: 10 });

describe('backoffMs', () => {
  it('waits 1 s, 2 s, 4 s with the defaults and no jitter drawn (SPEC-RES-2)', () => {
    const schedule = { retryWaitMs: 1_000, backoffMultiplier: 2 };
    expect([1, 2, 3].map((retry) => backoffMs(retry, schedule, () => 0))).toEqual([1_000, 2_000, 4_000]);
  });

  it('never waits less than the nominal schedule, nor more than a quarter above it', () => {
    fc.assert(
      fc.property(scheduleArb, retryArb, drawArb, (schedule, retry, draw) => {
        const nominal = schedule.retryWaitMs * schedule.backoffMultiplier ** (retry - 1);
        const wait = backoffMs(retry, schedule, () => draw);
        expect(wait).toBeGreaterThanOrEqual(nominal);
        expect(wait).toBeLessThan(nominal * (1 + JITTER) * (1 + 1e-12));
      }),
    );
  });

  it('makes every wait longer than the one before when the multiplier outgrows the jitter, whatever the draws', () => {
    const growingArb = fc.record({
      retryWaitMs: fc.integer({ min: 1, max: 60_000 }),
      // At exactly 1 + JITTER a draw just under 1 ties with the next wait once rounded.
      backoffMultiplier: fc.double({ min: 1 + JITTER + 0.001, max: 10, noNaN: true }),
    });
    fc.assert(
      fc.property(growingArb, fc.array(drawArb, { minLength: 10, maxLength: 10 }), (schedule, draws) => {
        const waits = draws.map((draw, i) => backoffMs(i + 1, schedule, () => draw));
        for (let i = 1; i < waits.length; i++) expect(waits[i]).toBeGreaterThan(waits[i - 1]!);
      }),
    );
  });
});

describe('retryWaitMs', () => {
  it('waits for the backoff, or for as long as the service asked when that is longer', () => {
    fc.assert(
      fc.property(scheduleArb, retryArb, drawArb, fc.option(fc.integer({ min: 0, max: 600_000 }), { nil: undefined }), (schedule, retry, draw, asked) => {
        const wait = retryWaitMs(retry, asked, schedule, () => draw);
        expect(wait).toBe(Math.max(backoffMs(retry, schedule, () => draw), asked ?? 0));
        expect(wait).toBeGreaterThanOrEqual(asked ?? 0);
      }),
    );
  });
});

describe('retryAfterMs', () => {
  const now = Date.parse('2026-03-01T12:00:00.000Z');

  it('reads delay-seconds', () => {
    expect(retryAfterMs('0', now)).toBe(0);
    expect(retryAfterMs(' 120 ', now)).toBe(120_000);
  });

  it('reads an HTTP-date in each of its three forms, as GMT whatever the local zone, and a past one as 0', () => {
    const zone = process.env.TZ;
    process.env.TZ = 'Asia/Tokyo'; // asctime names no zone: read as local time, it would be 9 h early
    try {
      expect(retryAfterMs('Sun, 01 Mar 2026 12:00:30 GMT', now)).toBe(30_000);
      expect(retryAfterMs('Sunday, 01-Mar-26 12:00:30 GMT', now)).toBe(30_000);
      expect(retryAfterMs('Sun Mar  1 12:00:30 2026', now)).toBe(30_000);
      expect(retryAfterMs('Sun, 01 Mar 2026 11:00:00 GMT', now)).toBe(0);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('says nothing for a missing or unreadable header', () => {
    for (const header of [undefined, '', 'soon', '-5', '1.5', '2026-03-01T12:00:30Z', 'Mon, garbage']) {
      expect(retryAfterMs(header, now), String(header)).toBeUndefined();
    }
  });

  it('gives back the time to any date a server writes (IMF-fixdate, whole seconds)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -86_400, max: 30 * 86_400 }), (seconds) => {
        const header = new Date(now + seconds * 1000).toUTCString();
        expect(retryAfterMs(header, now)).toBe(Math.max(0, seconds) * 1000);
      }),
    );
  });

  it('is a wait of 0 or more, or nothing, for any text at all', () => {
    fc.assert(
      fc.property(fc.string(), (header) => {
        const wait = retryAfterMs(header, now);
        if (wait !== undefined) expect(wait).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});
