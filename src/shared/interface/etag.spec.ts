import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { etagOf, parseIfMatch, requireIfMatch } from './etag.js';
import { PreconditionRequiredError } from './precondition-required.error.js';
import { RequestValidationError } from './request-validation.error.js';

describe('ETags', () => {
  it('are strong tags of the version, read back by If-Match', () => {
    expect(etagOf(7)).toBe('"7"');
    expect(parseIfMatch(etagOf(7))).toEqual([7]);
    expect(parseIfMatch('W/"7"')).toEqual([7]);
  });

  it('put no condition for * or no header', () => {
    expect(parseIfMatch(undefined)).toBeUndefined();
    expect(parseIfMatch('*')).toBeUndefined();
    expect(() => requireIfMatch(undefined)).toThrow(PreconditionRequiredError);
  });

  it('read a list: any listed version matches (RFC 9110 13.1.1)', () => {
    expect(parseIfMatch('"3", "4"')).toEqual([3, 4]);
    expect(parseIfMatch('W/"3",W/"9" ,, "3"')).toEqual([3, 9]);
  });

  it('read a well-formed tag this API never issued as one that matches no version (412, not 400)', () => {
    expect(parseIfMatch('"stale-0"')).toEqual([]);
    expect(parseIfMatch('"a,b", "5"')).toEqual([5]);
    expect(parseIfMatch('"12345678901"')).toEqual([]);
    expect(requireIfMatch('"x"')).toEqual([]);
  });

  it.each(['7', '"seven', '', ' , ', 'W/7', '"1" "2"', '*, "1"', '"a"b', '"\u0001"'])('refuse %j as a 400', (header) => {
    expect(() => parseIfMatch(header)).toThrow(RequestValidationError);
  });

  it('answer every header with versions or a 400, never another error (property)', () => {
    fc.assert(
      fc.property(fc.string(), (header) => {
        try {
          const versions = parseIfMatch(header);
          expect(versions === undefined || Array.isArray(versions)).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(RequestValidationError);
        }
      }),
    );
  });
});
