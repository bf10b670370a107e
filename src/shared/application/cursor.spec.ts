import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidCursorError, decodeCursor, encodeCursor } from './cursor.js';

describe('cursors', () => {
  it('round-trip any position (property)', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.oneof(fc.string(), fc.integer()),
        fc.uuid(),
        (sort, value, id) => {
          const token = encodeCursor({ sort, value, id });
          expect(token).toMatch(/^[\w-]*$/);
          expect(decodeCursor(token, sort)).toEqual({ sort, value, id });
        },
      ),
    );
  });

  it('refuse anything else with InvalidCursorError, never another error (property)', () => {
    fc.assert(
      fc.property(fc.string(), (token) => {
        try {
          decodeCursor(token, '-createdAt');
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidCursorError);
        }
      }),
    );
  });

  it('refuse a cursor of another sort, naming both', () => {
    const token = encodeCursor({ sort: 'title', value: 'a', id: 'x' });
    expect(() => decodeCursor(token, '-title')).toThrow('belongs to sort title, not -title');
  });
});
