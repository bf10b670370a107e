import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/**
 * PostgreSQL compiled to WASM (PGlite), persisted in a folder and served on a loopback
 * port, so the app talks to it with the same `pg` driver and SQL as to a real server.
 * PGlite runs one transaction at a time across all connections: code must not query on
 * a second connection while it holds a transaction, or it waits for itself.
 *
 * It ships PostgreSQL's contrib extensions as separate bundles: those the migrations
 * create (`CREATE EXTENSION`) are loaded here, so that one set of migrations runs on both.
 */
export class EmbeddedPostgres {
  private constructor(
    private readonly db: PGlite,
    private readonly server: PGLiteSocketServer,
    readonly host: string,
    readonly port: number,
  ) {}

  static async start(dataDir: string, maxConnections: number): Promise<EmbeddedPostgres> {
    await mkdir(dataDir, { recursive: true });
    const db = await PGlite.create(dataDir, { extensions: { pg_trgm } });
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections });
    await server.start();
    const [host, port] = server.getServerConn().split(':');
    return new EmbeddedPostgres(db, server, host!, Number(port));
  }

  async stop(): Promise<void> {
    await this.server.stop();
    await this.db.close();
  }
}
