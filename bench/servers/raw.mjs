import { join } from 'node:path';
import { BENCH_DIR, config } from '../lib/config.mjs';
import { startNodeServer } from '../lib/servers.mjs';

/**
 * The baseline: bench/raw-server.mjs, node:http + pg on the same SQL as the API.
 * @type {import('./index.mjs').ServerDef}
 */
export default {
  name: 'raw',
  baseline: true,
  start: (ctx) =>
    startNodeServer('raw', join(BENCH_DIR, 'raw-server.mjs'), {
      DATABASE_URL: ctx.databaseUrl,
      DATABASE_POOL_SIZE: String(config.poolSize),
    }),
};
