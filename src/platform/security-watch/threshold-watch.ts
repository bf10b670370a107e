import { RateLimiterRes } from 'rate-limiter-flexible';

/**
 * What a ThresholdWatch counts in: a rate-limiter-flexible limiter whose `points` are the
 * threshold and whose `duration` is the window (RateLimiterStore.limiter makes one).
 */
export interface WindowCounter {
  readonly points: number;
  consume(key: string, points: number): Promise<RateLimiterRes>;
}

export interface ThresholdCrossing {
  readonly key: string;
  /** The key's count in its window when it crossed: more than the threshold. */
  readonly total: number;
}

export interface ThresholdWatchOptions {
  /** How often the points added since the last flush go to the counter. */
  readonly flushMs: number;
  /** Flush at once when this many keys are waiting, so that a flood of ips stays bounded. */
  readonly maxPendingKeys?: number;
  /** A counter that failed (not one that said "over"); never thrown. */
  readonly onError?: (error: unknown) => void;
}

/**
 * Tells once per window and key that the key's count passed a threshold, over a shared
 * counter, so that N replicas together tell it once. Adding costs no I/O: points wait in
 * memory and go to the counter every `flushMs` as one `consume(key, points)` per key (one
 * Redis round trip per active key and flush, however many requests it made). The counter's
 * total only grows inside a window and each consume adds atomically, so exactly one consume
 * takes a key from the threshold or under to over it: that one reports. Later ones see a
 * total already over it, or (limiters made with `inMemoryBlockOnConsumed` above the
 * threshold) are answered by the process that saw the crossing without asking Redis, with
 * a total of 0. Nothing is ever refused: the verdict only feeds `onCrossed`.
 *
 * @example
 * const watch = new ThresholdWatch(store.limiter('reads', { points: 1000, duration: 60 }),
 *   ({ key, total }) => security.record('data_access_unusual', { key, total }), { flushMs: 1000 });
 * watch.start();
 * watch.add(`user:${id}`, page.items.length);
 */
export class ThresholdWatch {
  private pending = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private readonly maxPendingKeys: number;

  constructor(
    private readonly counter: WindowCounter,
    private readonly onCrossed: (crossing: ThresholdCrossing) => void,
    private readonly options: ThresholdWatchOptions,
  ) {
    this.maxPendingKeys = options.maxPendingKeys ?? 10_000;
  }

  /** Counts `points` for `key`; they reach the counter with the next flush. */
  add(key: string, points = 1): void {
    if (!(points > 0)) return;
    this.pending.set(key, (this.pending.get(key) ?? 0) + points);
    if (this.pending.size >= this.maxPendingKeys) void this.flush();
  }

  /** Flushes every `flushMs` (a timer that keeps no process alive). */
  start(): void {
    this.timer ??= setInterval(() => void this.flush(), this.options.flushMs).unref();
  }

  /** Stops the timer and flushes what is waiting. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  /** Sends the points added since the last flush, one consume per key; resolves when all are answered. */
  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    await Promise.all(Array.from(batch, ([key, points]) => this.consume(key, points)));
  }

  private async consume(key: string, points: number): Promise<void> {
    try {
      await this.counter.consume(key, points);
    } catch (outcome) {
      if (!(outcome instanceof RateLimiterRes)) {
        this.options.onError?.(outcome);
        return;
      }
      const total = outcome.consumedPoints;
      const threshold = this.counter.points;
      if (total > threshold && total - points <= threshold) {
        try {
          this.onCrossed({ key, total });
        } catch (error) {
          this.options.onError?.(error);
        }
      }
    }
  }
}
