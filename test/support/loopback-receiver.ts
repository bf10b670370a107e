import { type IncomingHttpHeaders, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the receiver saw it. */
export interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** performance.now() when its body had arrived: for the order and ratio of gaps, never for absolute times. */
  readonly at: number;
  /** Whether the client went away before the answer was sent (an attempt it gave up). */
  readonly abandoned: boolean;
  /** performance.now() when it did. */
  readonly abandonedAt?: number;
}

/** What to answer: a status with headers and a body (JSON unless a string), after `delayMs` if given, or nothing at all. */
export type Answer = { status: number; headers?: Record<string, string>; body?: unknown; delayMs?: number } | 'hang';

/**
 * A real HTTP server on 127.0.0.1 and a free port, for testing an outbound client against the
 * network stack: it answers each request as `answer` says (by its index, from 0) and records
 * what it got. A request left hanging stays open until the client gives it up or `close()`.
 */
export class LoopbackReceiver {
  readonly requests: Received[] = [];

  private constructor(
    private readonly server: Server,
    public answer: (index: number, request: Received) => Answer,
  ) {}

  static async start(answer: (index: number, request: Received) => Answer): Promise<LoopbackReceiver> {
    const server = createServer();
    const receiver = new LoopbackReceiver(server, answer);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const index = receiver.requests.length;
        const seen: Received = {
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          at: performance.now(),
          abandoned: false,
        };
        receiver.requests.push(seen);
        res.on('close', () => {
          if (!res.writableFinished) Object.assign(seen, { abandoned: true, abandonedAt: performance.now() });
        });
        send(res, receiver.answer(index, seen));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The time between one request and the next, in arrival order. */
  gaps(): number[] {
    return this.requests.slice(1).map((request, i) => request.at - this.requests[i]!.at);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function send(res: ServerResponse, answer: Answer): void {
  if (answer === 'hang') return;
  if (answer.delayMs) {
    const timer = setTimeout(() => send(res, { ...answer, delayMs: 0 }), answer.delayMs);
    res.once('close', () => clearTimeout(timer));
    return;
  }
  const text = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
  const type = typeof answer.body === 'string' ? 'text/plain' : 'application/json';
  res.writeHead(answer.status, { ...(text ? { 'content-type': type } : {}), ...answer.headers });
  res.end(text);
}
