/**
 * A child process that runs a second instance of the app (test/support/replica.ts): on the
 * DATABASE_URL and REDIS_URL of its environment, over real HTTP on a free port. It writes
 * `{"listening":"http://..."}` once it listens, its log lines before and after, and closes
 * on SIGTERM. A second app in the test's own process would share nestjs-cls's and the
 * transactions' process-wide state with the first: not a replica.
 */
import 'reflect-metadata';
import { createApp } from '../../../src/app.factory.js';
import { loadConfig } from '../../../src/config/load-config.js';

const config = loadConfig({ ...process.env, NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1' });
const app = await createApp(config, { logStream: { write: (line: string) => process.stdout.write(line) } });
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.getHttpServer().address();
if (address === null || typeof address !== 'object') throw new Error('no listening address');
process.stdout.write(`${JSON.stringify({ listening: `http://127.0.0.1:${address.port}` })}\n`);
process.once('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
