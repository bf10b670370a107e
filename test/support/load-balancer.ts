import net from 'node:net';

const NO_BACKEND_BODY = JSON.stringify({
  type: 'urn:process-todo:problem:no-backend',
  title: 'Service Unavailable',
  status: 503,
  detail: 'The load balancer has no ready backend.',
});

/**
 * A TCP load balancer in front of app processes, as a Kubernetes Service is: it sends each
 * new connection to the next backend, round robin, among those whose `/health/ready`
 * answered 200 at its last poll (every `pollMs`), and answers a connection for which none is
 * ready with a 503 problem itself. A backend that turns not ready gets no new connections;
 * the ones it has stay its own until they close.
 */
export class LoadBalancer {
  /** How many connections each backend was given, by base URL. */
  readonly connections = new Map<string, number>();
  private readonly ready = new Set<string>();
  private next = 0;
  private polling = true;
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    private readonly server: net.Server,
    private readonly backends: string[],
  ) {}

  static async start(backends: string[], pollMs = 100): Promise<LoadBalancer> {
    const server = net.createServer();
    const balancer = new LoadBalancer(server, backends);
    server.on('connection', (client) => balancer.forward(client));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    await balancer.poll();
    void (async () => {
      while (balancer.polling) {
        await new Promise((resolve) => setTimeout(resolve, pollMs));
        await balancer.poll();
      }
    })();
    return balancer;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as net.AddressInfo).port}`;
  }

  /** The backends ready at the last poll. */
  readyBackends(): string[] {
    return this.backends.filter((backend) => this.ready.has(backend));
  }

  async close(): Promise<void> {
    this.polling = false;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async poll(): Promise<void> {
    await Promise.all(
      this.backends.map(async (backend) => {
        const ok = await fetch(`${backend}/health/ready`, { signal: AbortSignal.timeout(1_000) }).then(
          (response) => response.ok,
          () => false,
        );
        if (ok) this.ready.add(backend);
        else this.ready.delete(backend);
      }),
    );
  }

  private forward(client: net.Socket): void {
    this.sockets.add(client);
    client.once('close', () => this.sockets.delete(client));
    const ready = this.readyBackends();
    if (ready.length === 0) {
      // Answer the first request on it, then close, as an HTTP load balancer would.
      client.once('data', () => {
        client.end(
          `HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/problem+json\r\nretry-after: 1\r\n` +
            `connection: close\r\ncontent-length: ${Buffer.byteLength(NO_BACKEND_BODY)}\r\n\r\n${NO_BACKEND_BODY}`,
        );
      });
      client.on('error', () => undefined);
      return;
    }
    const backend = ready[this.next++ % ready.length]!;
    this.connections.set(backend, (this.connections.get(backend) ?? 0) + 1);
    const { hostname, port } = new URL(backend);
    const upstream = net.connect(Number(port), hostname);
    this.sockets.add(upstream);
    upstream.once('close', () => this.sockets.delete(upstream));
    client.pipe(upstream).pipe(client);
    // A reset on one side resets the other: the client sees what the backend did.
    client.on('error', () => upstream.resetAndDestroy());
    upstream.on('error', () => client.resetAndDestroy());
  }
}
