import { config } from '../lib/config.mjs';
import { startApi } from '../lib/servers.mjs';

// The same API with request logging and metrics off: `api` against it is what
// observability costs (printed under the table).
/** @type {import('./index.mjs').ServerDef} */
export default {
  name: 'api-bare',
  migrates: true,
  entry: config.apiEntry,
  entryHint: 'run npm run build, or set BENCH_API_ENTRY',
  start: (ctx) => startApi(ctx, 'api-bare', { LOG_LEVEL: 'error', METRICS_ENABLED: 'false' }),
};
