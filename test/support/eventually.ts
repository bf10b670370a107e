import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** Calls `probe` every `intervalMs` until `done` accepts its result; fails with the last result after `timeoutMs`. */
export async function eventually<T>(
  probe: () => Promise<T>,
  done: (result: T) => boolean,
  { timeoutMs = 10_000, intervalMs = 100 } = {},
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const result = await probe();
    if (done(result)) return result;
    if (performance.now() > deadline) {
      throw new Error(`not there after ${timeoutMs} ms; last: ${JSON.stringify(result)}`);
    }
    await sleep(intervalMs);
  }
}

/** A loopback port nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Whether something accepts TCP connections at host:port within `timeoutMs`. */
export function reachable(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: timeoutMs });
    const finish = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => finish(true));
    socket.once('timeout', () => finish(false));
    socket.once('error', () => finish(false));
  });
}
