import { config } from '../lib/config.mjs';
import { startApi } from '../lib/servers.mjs';

/**
 * The API as production runs it: LOG_LEVEL=info (a log line per request), metrics on.
 * @type {import('./index.mjs').ServerDef}
 */
export default {
  name: 'api',
  migrates: true,
  entry: config.apiEntry,
  entryHint: 'run npm run build, or set BENCH_API_ENTRY',
  start: (ctx) => startApi(ctx, 'api', {}),
};
