import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shiftParams } from './audited-writes.js';

describe('shiftParams', () => {
  it('renumbers every $n from the first given, keeping the rest of the text and the values', () => {
    expect(shiftParams({ sql: 'SELECT $1, $2::jsonb, $10 FROM written WHERE x = $2', params: ['a', 'b'] }, 4)).toEqual({
      sql: 'SELECT $4, $5::jsonb, $13 FROM written WHERE x = $5',
      params: ['a', 'b'],
    });
  });

  it('maps $k to $(k + first - 1) for any k and first', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 500 }), { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 1000 }), (ks, first) => {
        const sql = ks.map((k) => `$${k}`).join(', ');
        expect(shiftParams({ sql, params: [] }, first).sql).toBe(ks.map((k) => `$${k + first - 1}`).join(', '));
      }),
    );
  });
});
