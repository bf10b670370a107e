import { config } from '../lib/config.mjs';
import { startApi } from '../lib/servers.mjs';

// Another build of the API (BENCH_BASELINE_ENTRY, e.g. the previous commit's), started
// exactly like `api`, so that one run measures before and after on the same machine, the
// same database and the same seed (printed under the table). Both builds run their
// migrations at start on that one database: the schema is the newer build's, which an
// additive migration (a new nullable column) lets the older build use.
/** @type {import('./index.mjs').ServerDef} */
export default {
  name: 'api-before',
  migrates: true,
  entry: config.baselineEntry,
  entryHint: "build the other commit, or fix BENCH_BASELINE_ENTRY (another build's src/main.js)",
  unavailable: config.baselineEntry
    ? undefined
    : "set BENCH_BASELINE_ENTRY to another build's src/main.js (see bench/README.md)",
  start: (ctx) => startApi(ctx, 'api-before', {}, config.baselineEntry),
};
