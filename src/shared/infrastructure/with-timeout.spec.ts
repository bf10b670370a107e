import { describe, expect, it } from 'vitest';
import { withTimeout } from './with-timeout.js';

describe('withTimeout', () => {
  it('gives the answer in time, the timeout message after, and leaves no rejection unheard', async () => {
    await expect(withTimeout(Promise.resolve(7), 50)).resolves.toBe(7);
    let rejectLate!: (error: Error) => void;
    const late = new Promise<number>((_, reject) => (rejectLate = reject));
    await expect(withTimeout(late, 10, 'too slow')).rejects.toThrow('too slow');
    rejectLate(new Error('later'));
    await new Promise((resolve) => setTimeout(resolve, 10));
  });
});
