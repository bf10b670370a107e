import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RequestDeadline } from './request-deadline.js';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('RequestDeadline', () => {
  it('expires at the deadline when no commit is under way', () => {
    const expire = vi.fn();
    const deadline = new RequestDeadline(100, expire);
    vi.advanceTimersByTime(99);
    expect(deadline.expired).toBe(false);
    vi.advanceTimersByTime(1);
    expect(expire).toHaveBeenCalledOnce();
    expect(deadline.expired).toBe(true);
  });

  it('waits for a commit under way, then lets a committed or unknown outcome answer late', () => {
    for (const outcome of ['committed', 'unknown'] as const) {
      const expire = vi.fn();
      const deadline = new RequestDeadline(100, expire);
      deadline.commitStarted();
      vi.advanceTimersByTime(500);
      expect(expire).not.toHaveBeenCalled();
      deadline.commitEnded(outcome);
      expect(expire).not.toHaveBeenCalled();
      expect(deadline.expired).toBe(false);
    }
  });

  it('expires once a commit under way at the deadline fails', () => {
    const expire = vi.fn();
    const deadline = new RequestDeadline(100, expire);
    deadline.commitStarted();
    vi.advanceTimersByTime(100);
    deadline.commitEnded('failed');
    expect(expire).toHaveBeenCalledOnce();
    expect(deadline.expired).toBe(true);
  });

  it('ignores commits that end before the deadline, and never fires once finished', () => {
    const expire = vi.fn();
    const deadline = new RequestDeadline(100, expire);
    deadline.commitStarted();
    deadline.commitEnded('failed');
    deadline.finish();
    vi.advanceTimersByTime(1_000);
    expect(expire).not.toHaveBeenCalled();
    expect(deadline.expired).toBe(false);
  });
});
