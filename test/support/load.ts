import autocannon from 'autocannon';

/** One answer as a load connection received it, body whole (or cut, if the server cut it). */
export interface LoadAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface Load {
  /** Every answer received so far, in arrival order per connection. */
  readonly answers: LoadAnswer[];
  /** Codes of the requests that got no answer (a refused connection, a reset, a hang-up). */
  readonly errors: string[];
  /** Stops sending and resolves with autocannon's result once every connection is down. */
  stop(): Promise<autocannon.Result>;
}

/**
 * autocannon against `url` with `requests` in turn on each of `connections` keep-alive
 * connections, until stopped, keeping every answer. Its clients behave as HTTP/1.1 asks:
 * autocannon writes its next request on the same socket even after `Connection: close`,
 * so a client told so reconnects after every answer from then on. Answers are read off the
 * connections themselves: autocannon's per-request callback misses the answers after which
 * a client reconnects.
 */
export function startLoad(options: {
  url: string;
  token: string;
  connections: number;
  requests: autocannon.Request[];
}): Load {
  const answers: LoadAnswer[] = [];
  const errors: string[] = [];
  const flushes: (() => void)[] = [];
  let finished!: (result: autocannon.Result) => void;
  const done = new Promise<autocannon.Result>((resolve) => (finished = resolve));
  const instance = autocannon(
    {
      url: options.url,
      connections: options.connections,
      duration: 600,
      timeout: 20,
      headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' },
      requests: options.requests,
      setupClient: (client) => {
        let current: LoadAnswer | undefined;
        const flush = () => {
          if (current) answers.push(current);
          current = undefined;
        };
        flushes.push(flush);
        client.on('headers', (({ statusCode, headers: raw }: { statusCode: number; headers: string[] }) => {
          flush();
          const headers: Record<string, string> = {};
          for (let i = 0; i < raw.length; i += 2) headers[raw[i]!.toLowerCase()] = raw[i + 1]!;
          current = { status: statusCode, headers, body: '' };
          if (headers.connection?.toLowerCase() === 'close') (client as unknown as { reconnectRate: number }).reconnectRate = 1;
        }) as never);
        client.on('body', ((chunk: Buffer) => {
          if (current) current.body += chunk.toString();
        }) as never);
      },
    },
    (_error, result) => finished(result),
  );
  instance.on('reqError', (error: NodeJS.ErrnoException) => errors.push(error.code ?? error.message));
  return {
    answers,
    errors,
    async stop() {
      instance.stop();
      const result = await done;
      for (const flush of flushes) flush();
      return result;
    },
  };
}
