import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { type Server, type Socket, createServer } from 'node:net';
import { PGLiteSocketHandler } from '@electric-sql/pglite-socket';
import { DataDirLock } from './data-dir-lock.js';
import { PgliteSessionQueue } from './pglite-session-queue.js';

/**
 * PostgreSQL compiled to WASM (PGlite), persisted in a folder and served on a loopback
 * port, so the app talks to it with the same `pg` driver and SQL as to a real server.
 * PGlite runs one transaction at a time across all connections: code must not query on
 * a second connection while it holds a transaction, or it waits for itself.
 *
 * It ships PostgreSQL's contrib extensions as separate bundles: those the migrations
 * create (`CREATE EXTENSION`) are loaded here, so that one set of migrations runs on both.
 *
 * One process at a time opens a folder (DataDirLock): PGlite itself would let a second one
 * (the CLI while `npm start` runs, say) open it and write beside the first.
 */
export class EmbeddedPostgres {
  private constructor(
    private readonly db: PGlite,
    private readonly lock: DataDirLock,
    private readonly server: Server,
    /** The connections being served. */
    private readonly handlers: Set<PGLiteSocketHandler>,
    readonly host: string,
    readonly port: number,
  ) {}

  /**
   * Serves `dataDir` on a loopback port to at most `maxConnections` connections, each through
   * pglite-socket's protocol handler and all through one PgliteSessionQueue (not
   * PGLiteSocketServer's own queue, which lets pooled connections' batches interleave).
   */
  static async start(dataDir: string, maxConnections: number): Promise<EmbeddedPostgres> {
    await mkdir(dataDir, { recursive: true });
    const lock = await DataDirLock.acquire(dataDir);
    let db: PGlite;
    try {
      db = await PGlite.create(dataDir, { extensions: { pg_trgm } });
      await db.waitReady;
    } catch (error) {
      await lock.release();
      throw error;
    }
    // The handler takes any queue of this shape; the declared type is the library's class.
    const queryQueue = new PgliteSessionQueue(db) as unknown as ConstructorParameters<typeof PGLiteSocketHandler>[0]['queryQueue'];
    const handlers = new Set<PGLiteSocketHandler>();
    const server = createServer((socket: Socket) => {
      if (handlers.size >= maxConnections) {
        socket.end('Too many connections\n');
        return;
      }
      const handler = new PGLiteSocketHandler({ queryQueue, closeOnDetach: true });
      handlers.add(handler);
      const forget = () => handlers.delete(handler);
      handler.addEventListener('close', forget);
      handler.addEventListener('error', forget);
      void handler.attach(socket).catch(() => {
        forget();
        socket.destroy();
      });
    });
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve());
      });
    } catch (error) {
      await db.close();
      await lock.release();
      throw error;
    }
    const address = server.address();
    if (address === null || typeof address !== 'object') throw new Error('the embedded database server has no address');
    return new EmbeddedPostgres(db, lock, server, handlers, '127.0.0.1', address.port);
  }

  async stop(): Promise<void> {
    for (const handler of this.handlers) await handler.detach(true);
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await this.db.close();
    await this.lock.release();
  }
}
