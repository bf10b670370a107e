import { CronJob } from 'cron';
import { describe, expect, it } from 'vitest';
import { periodOf } from './schedule-runner.js';

describe('periodOf', () => {
  const cron = (cronTime: string) => CronJob.from({ cronTime, timeZone: 'UTC', onTick: () => undefined, start: false });

  it.each([
    ['* * * * *', 60],
    ['*/5 * * * *', 300],
    ['15 3 * * *', 86_400],
    // The longest gap counts: a weekday job waits over the weekend, a monthly one over a 31-day month.
    ['0 9 * * 1-5', 3 * 86_400],
    ['0 0 1 * *', 31 * 86_400],
    ['0 0,6 * * *', 18 * 3_600],
  ])('%s -> %i s', (cronTime, seconds) => {
    expect(periodOf(cron(cronTime))).toBe(seconds);
  });
});
