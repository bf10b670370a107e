import { describe, expect, it } from 'vitest';
import { recordsIn } from './records-read.js';

describe('recordsIn', () => {
  it('counts a page by its items, a list by its length, a resource as one, nothing as none', () => {
    expect(recordsIn({ items: [{}, {}, {}], nextCursor: 'abc' })).toBe(3);
    expect(recordsIn({ items: [] , nextCursor: null })).toBe(0);
    expect(recordsIn([{ name: 'purge' }, { name: 'sessions' }])).toBe(2);
    expect(recordsIn({ id: 'x', title: 'one task', items: 'not a list' })).toBe(1);
    expect(recordsIn({ calendarId: 'x', days: ['2026-01-05', '2026-01-06'], count: 2 })).toBe(1);
    expect(recordsIn(null)).toBe(0);
    expect(recordsIn(undefined)).toBe(0);
  });
});
