import type { PGlite } from '@electric-sql/pglite';

/** Frontend messages that end a unit of work: Sync (extended protocol) and Query (simple). */
const SYNC = 0x53; // 'S'
const QUERY = 0x51; // 'Q'
/** The extended protocol's other messages, whose state (the unnamed statement and portal) lasts until Sync. */
const EXTENDED = new Set([0x50, 0x42, 0x44, 0x45, 0x43, 0x48]); // P B D E C H

interface Pending {
  readonly handlerId: number;
  readonly message: Uint8Array;
  readonly onData: (data: Uint8Array) => void;
  readonly resolve: (bytes: number) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * The one queue every connection's messages wait in before PGlite, which is a single
 * session: PGlite runs them one at a time, and once a connection has started a unit of work
 * — an extended-protocol batch (Parse, Bind, Execute… up to Sync) or a transaction — only
 * that connection's messages run until it ends. pglite-socket's own queue (0.2.17) pins a
 * connection only during a transaction, so two pooled connections' Parse/Bind/Execute
 * interleave and one runs the other's portal ("portal \"\" cannot be run", electric-sql/pglite
 * #1046); this one is handed to its socket handlers instead.
 */
export class PgliteSessionQueue {
  private readonly queue: Pending[] = [];
  private processing = false;
  /** The connection whose unit of work is open, if one is. */
  private owner: number | null = null;

  constructor(private readonly db: PGlite) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      void this.process();
    });
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  /** A connection went away: its waiting messages fail, and its open unit of work no longer holds the session. */
  clearQueueForHandler(handlerId: number): void {
    for (let index = this.queue.length - 1; index >= 0; index--) {
      const pending = this.queue[index]!;
      if (pending.handlerId !== handlerId) continue;
      this.queue.splice(index, 1);
      pending.reject(new Error('the connection closed'));
    }
  }

  /** …and a transaction it left open is rolled back, so that the others can go on. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner !== handlerId) return;
    this.owner = null;
    if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
    void this.process();
  }

  private async process(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      for (;;) {
        const index = this.owner === null ? 0 : this.queue.findIndex((pending) => pending.handlerId === this.owner);
        // The owner's next message has not arrived yet: everyone else waits for it.
        if (index < 0 || index >= this.queue.length) return;
        const [next] = this.queue.splice(index, 1);
        await this.run(next!);
      }
    } finally {
      this.processing = false;
    }
  }

  private async run(pending: Pending): Promise<void> {
    let bytes = 0;
    try {
      await this.db.runExclusive(() =>
        this.db.execProtocolRawStream(pending.message, {
          onRawData: (data: Uint8Array) => {
            bytes += data.length;
            pending.onData(data);
          },
        }),
      );
    } catch (error) {
      this.owner = this.db.isInTransaction() ? pending.handlerId : null;
      pending.reject(error);
      return;
    }
    const type = pending.message[0]!;
    if (EXTENDED.has(type)) this.owner = pending.handlerId;
    else if (type === SYNC || type === QUERY) this.owner = this.db.isInTransaction() ? pending.handlerId : null;
    pending.resolve(bytes);
  }
}
