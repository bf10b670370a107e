import net from 'node:net';

/**
 * A TCP proxy to a server that a test can cut and restore, to play an outage of that
 * server: `cut()` drops every connection and stops listening, so that new connections are
 * refused; `restore()` listens again on the same port. `pause()` plays a network that drops
 * packets: connections stay open but nothing crosses, and new ones are accepted but not
 * answered, until `resume()`.
 */
export class TcpProxy {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  private readonly pipes = new Set<[net.Socket, net.Socket]>();
  private held: net.Socket[] | null = null;

  private constructor(
    private readonly target: { host: string; port: number },
    public port: number,
  ) {}

  /** Listens on a free loopback port (or the one given) and forwards to `target`. */
  static async start(target: { host: string; port: number }, port = 0): Promise<TcpProxy> {
    const proxy = new TcpProxy(target, port);
    await proxy.listen();
    return proxy;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    this.held = null;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async restore(): Promise<void> {
    if (!this.server) await this.listen();
  }

  pause(): void {
    this.held ??= [];
    for (const [from, to] of this.pipes) {
      from.unpipe(to);
      from.pause();
    }
  }

  resume(): void {
    const held = this.held ?? [];
    this.held = null;
    for (const [from, to] of this.pipes) from.pipe(to);
    for (const client of held) this.forward(client);
  }

  /** Cut for good. */
  stop(): Promise<void> {
    return this.cut();
  }

  private listen(): Promise<void> {
    const server = net.createServer((client) => this.forward(client));
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => {
        server.off('error', reject);
        this.port = (server.address() as net.AddressInfo).port;
        this.server = server;
        resolve();
      });
    });
  }

  private forward(client: net.Socket): void {
    if (this.held) {
      this.sockets.add(client);
      client.on('close', () => this.sockets.delete(client));
      this.held.push(client);
      return;
    }
    const upstream = net.connect(this.target.port, this.target.host);
    for (const [socket, other] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      this.sockets.add(socket);
      socket.on('error', () => other.destroy());
      socket.on('close', () => {
        this.sockets.delete(socket);
        for (const pipe of this.pipes) if (pipe[0] === socket) this.pipes.delete(pipe);
        other.destroy();
      });
    }
    this.pipes.add([client, upstream]);
    this.pipes.add([upstream, client]);
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
