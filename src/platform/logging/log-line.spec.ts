import { describe, expect, it } from 'vitest';
import { isoNow, safeLine, schemaFields } from './log-line.js';
import { runInTraceContext } from './trace-context.js';

describe('schemaFields', () => {
  it('are the trace context and nulls, the category following the level', () => {
    expect(schemaFields(30)).toEqual({
      traceId: null,
      requestId: null,
      userId: null,
      category: 'system',
      useCase: null,
      duration: null,
      context: null,
      metadata: null,
    });
    expect(schemaFields(50).category).toBe('error');
    runInTraceContext(() => expect(schemaFields(30)).toMatchObject({ traceId: 'job-1' }), { traceId: 'job-1' });
  });
});

describe('safeLine', () => {
  it('masks secrets and turns an error, under err or error, into plain error fields', () => {
    const line = safeLine({
      message: 'failed with password=hunter2',
      context: { id: 'x', token: 't' },
      err: Object.assign(new Error('no'), { code: 'E1' }),
    });
    expect(line).toMatchObject({
      message: 'failed with password=[REDACTED]',
      context: { id: 'x', token: '[REDACTED]' },
      error: { name: 'Error', message: 'no', code: 'E1', stack: expect.stringContaining('Error: no') },
    });
    expect(line).not.toHaveProperty('err');
    expect(safeLine({ error: new TypeError('bad') }).error).toMatchObject({ name: 'TypeError', message: 'bad' });
    expect(safeLine({ error: { name: 'X', message: 'y' } }).error).toEqual({ name: 'X', message: 'y' });
  });
});

describe('isoNow', () => {
  it('is toISOString, to the millisecond', () => {
    for (const t of [0, 999, 1_000, 1_001, 1_795_511_501_593, 1_795_511_501_999, 1_795_511_502_000, Date.now()]) {
      expect(isoNow(t)).toBe(new Date(t).toISOString());
    }
  });
});
