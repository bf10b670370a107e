/**
 * The knobs, all from the environment (see bench/README.md), and the bench's paths.
 */
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** bench/ */
export const BENCH_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The repository. */
export const ROOT = resolve(BENCH_DIR, '..');

const baselineEntry = process.env.BENCH_BASELINE_ENTRY?.trim();

/** The knobs, all from the environment; see README.md. */
export const config = {
  apiEntry: resolve(ROOT, process.env.BENCH_API_ENTRY || 'dist/src/main.js'),
  // Another build's entry (e.g. the previous commit's), started as the server `api-before`;
  // only in the config (and the results) when set.
  ...(baselineEntry ? { baselineEntry: resolve(ROOT, baselineEntry) } : {}),
  adminUrl: process.env.BENCH_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
  database: process.env.BENCH_DB || 'process_todo_bench',
  durationS: positiveNumber('BENCH_DURATION', 10),
  warmupS: positiveNumber('BENCH_WARMUP', 3, { zeroOk: true }),
  // V8 takes the API's request path through its compiler tiers in the first seconds of load
  // (round 1 after a 3 s warm-up measured ~30% more CPU per request than round 2): the first
  // run of each server on each scenario warms up this long instead, so that every round
  // measures a server as warm as one that has been up for hours.
  firstWarmupS: positiveNumber('BENCH_FIRST_WARMUP', 15, { zeroOk: true }),
  rounds: positiveNumber('BENCH_ROUNDS', 1),
  connections: positiveNumber('BENCH_CONNECTIONS', 50),
  seed: positiveNumber('BENCH_SEED', 1000),
  poolSize: positiveNumber('BENCH_POOL_SIZE', 10),
  servers: listOf('BENCH_SERVERS', ['api', 'api-bare', 'raw']),
  scenarios: listOf('BENCH_SCENARIOS', []),
  maxErrorRate: 0.01,
  startTimeoutMs: 60_000,
};

/**
 * A path relative to the repository when inside it, else absolute.
 * @param {string} path
 */
export function displayPath(path) {
  return path.startsWith(ROOT + '/') ? relative(ROOT, path) : path;
}

/**
 * @param {string} name
 * @param {number} fallback
 * @param {{ zeroOk?: boolean }} [options]
 */
function positiveNumber(name, fallback, { zeroOk = false } = {}) {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || (value === 0 && !zeroOk)) {
    console.error(`${name}=${raw}: expected a ${zeroOk ? 'non-negative' : 'positive'} number`);
    process.exit(2);
  }
  return value;
}

/**
 * @param {string} name
 * @param {string[]} fallback
 */
function listOf(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  return raw.split(',').map((s) => s.trim()).filter(Boolean);
}
