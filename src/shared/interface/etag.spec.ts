import { describe, expect, it } from 'vitest';
import { etagOf, parseIfMatch } from './etag.js';
import { RequestValidationError } from './request-validation.error.js';

describe('ETags', () => {
  it('are strong tags of the version, read back by If-Match', () => {
    expect(etagOf(7)).toBe('"7"');
    expect(parseIfMatch(etagOf(7))).toBe(7);
    expect(parseIfMatch('W/"7"')).toBe(7);
  });

  it('put no condition for * or no header', () => {
    expect(parseIfMatch(undefined)).toBeUndefined();
    expect(parseIfMatch('*')).toBeUndefined();
  });

  it.each(['7', '"seven"', '"1", "2"', '', '"12345678901"'])('refuse %j as a 400', (header) => {
    expect(() => parseIfMatch(header)).toThrow(RequestValidationError);
  });
});
