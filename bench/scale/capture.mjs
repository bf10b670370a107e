/**
 * A TCP proxy in front of PostgreSQL that records the statements passing through it, with
 * their parameters, so that the scale bench can EXPLAIN exactly the SQL the API ran for a
 * request (the API never logs parameter values). It forwards every byte unchanged and only
 * reads the client's side of the extended query protocol: Parse (statement text), Bind
 * (text parameters) and simple Query messages.
 */
import net from 'node:net';

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;

/**
 * @typedef {{ sql: string, params: (string | null)[] }} CapturedStatement
 */

/**
 * Listens on a free loopback port and forwards to `target`.
 * @param {{ host: string, port: number }} target
 */
export async function startCapture(target) {
  /** @type {CapturedStatement[]} */
  let captured = [];
  /** @type {Set<net.Socket>} */
  const sockets = new Set();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    }
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    upstream.pipe(client);
    const reader = clientReader((statement) => captured.push(statement));
    client.on('data', (chunk) => {
      upstream.write(chunk);
      reader(chunk);
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = /** @type {net.AddressInfo} */ (server.address());
  return {
    port,
    /** Forgets what was recorded so far. */
    clear: () => {
      captured = [];
    },
    /** What was recorded since the last clear. */
    statements: () => captured,
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}

/**
 * Parses the frontend messages of one connection as chunks arrive.
 * @param {(statement: CapturedStatement) => void} record
 */
function clientReader(record) {
  let buffer = Buffer.alloc(0);
  let started = false;
  /** @type {Map<string, string>} */
  const prepared = new Map();
  return (/** @type {Buffer} */ chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      if (!started) {
        // The startup packet (or an SSL/GSS request before it): length, then a code.
        if (buffer.length < 8) return;
        const length = buffer.readInt32BE(0);
        if (buffer.length < length) return;
        const code = buffer.readInt32BE(4);
        buffer = buffer.subarray(length);
        if (code !== SSL_REQUEST && code !== GSSENC_REQUEST) started = true;
        continue;
      }
      if (buffer.length < 5) return;
      const type = String.fromCharCode(buffer[0]);
      const length = buffer.readInt32BE(1);
      if (buffer.length < 1 + length) return;
      const body = buffer.subarray(5, 1 + length);
      buffer = buffer.subarray(1 + length);
      if (type === 'P') {
        const [name, afterName] = cstring(body, 0);
        const [sql] = cstring(body, afterName);
        prepared.set(name, sql);
      } else if (type === 'B') {
        const [, afterPortal] = cstring(body, 0);
        const [statement, afterStatement] = cstring(body, afterPortal);
        let at = afterStatement;
        const formats = body.readInt16BE(at);
        at += 2 + 2 * formats;
        const count = body.readInt16BE(at);
        at += 2;
        /** @type {(string | null)[]} */
        const params = [];
        for (let i = 0; i < count; i++) {
          const size = body.readInt32BE(at);
          at += 4;
          if (size < 0) {
            params.push(null);
          } else {
            params.push(body.toString('utf8', at, at + size));
            at += size;
          }
        }
        record({ sql: prepared.get(statement) ?? '', params });
      } else if (type === 'Q') {
        record({ sql: cstring(body, 0)[0], params: [] });
      }
    }
  };
}

/**
 * The zero-terminated string at `offset`, and the offset after it.
 * @param {Buffer} buffer
 * @param {number} offset
 * @returns {[string, number]}
 */
function cstring(buffer, offset) {
  const end = buffer.indexOf(0, offset);
  return [buffer.toString('utf8', offset, end), end + 1];
}
