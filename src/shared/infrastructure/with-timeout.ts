/**
 * `promise`, or a rejection with `message` after `ms`. The promise given up on may still
 * settle later: its rejection is caught here, so that nobody has to listen for it.
 *
 * @example
 * await withTimeout(queue.add(name, data), 5_000, 'Redis did not take the job');
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, message = `no answer within ${ms} ms`): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  promise.catch(() => undefined);
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
