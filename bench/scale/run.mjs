/**
 * The scale bench: does every list stay as fast on a big database as on a small one?
 *
 *   npm run bench:scale             # builds dist/, then runs this
 *   node bench/scale/run.mjs        # against the dist/ you already have (or BENCH_API_ENTRY)
 *
 * For each size of bench/scale/data.mjs (10k and 1M tasks, with 1k and 100k cases of ten
 * steps, and templates and calendars in proportion):
 *   1. creates the database process_todo_scale_<size> (dropped first) on BENCH_ADMIN_URL,
 *      starts the API once so that it migrates it, and loads the data with set-based SQL;
 *   2. runs VACUUM ANALYZE, as autovacuum would have by then.
 * Then:
 *   3. starts the API on every size's database and sends every request of
 *      bench/scale/requests.mjs, one at a time, to each size in turn, a few times each (p50
 *      and p99 of the sequential latencies): load from elsewhere on the machine weighs on
 *      both sizes alike;
 *   4. per size, starts the API again behind a recording proxy (capture.mjs), sends each
 *      request once more and runs EXPLAIN (ANALYZE, BUFFERS) on exactly the statements it ran.
 * Then it prints p50/p99 at each size and the ratio of the largest size's p50 to the
 * smallest's (target: <= 2, printed as ok/MISS; like the HTTP bench, a target never fails
 * the run), and writes bench/results/scale-<timestamp>.json and -plans.txt (slowest first).
 *
 * See bench/README.md ("Scale") for the knobs.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { BENCH_DIR, config, displayPath } from '../lib/config.mjs';
import { authHeaders, signIn } from '../lib/auth.mjs';
import { BenchError } from '../lib/errors.mjs';
import { killChildren, startApi } from '../lib/servers.mjs';
import { startCapture } from './capture.mjs';
import { load, SIZES } from './data.mjs';
import { REQUESTS } from './requests.mjs';

const env = process.env;
const knobs = {
  sizes: (env.BENCH_SCALE_SIZES || '10k,1m').split(',').map((s) => s.trim()).filter(Boolean),
  databasePrefix: env.BENCH_SCALE_DB_PREFIX || 'process_todo_scale_',
  reuse: env.BENCH_SCALE_REUSE === '1',
  samples: Number(env.BENCH_SCALE_SAMPLES || 30),
  seconds: Number(env.BENCH_SCALE_SECONDS || 3),
  only: (env.BENCH_SCALE_ONLY || '').split(',').map((s) => s.trim()).filter(Boolean),
  plans: env.BENCH_SCALE_PLANS !== '0',
};
const MIN_SAMPLES = 5;
const WARMUP = 2;
const TARGET_RATIO = 2;
const MARK = 'process-todo scale bench data:';

// Migrating or loading a large database takes longer than the HTTP bench's minute.
config.startTimeoutMs = 30 * 60_000;

for (const name of knobs.sizes) {
  if (!SIZES[name]) {
    console.error(`BENCH_SCALE_SIZES: unknown size ${name}; known: ${Object.keys(SIZES).join(', ')}`);
    process.exit(2);
  }
}
const requests = knobs.only.length
  ? REQUESTS.filter((r) => knobs.only.some((part) => r.name.includes(part)))
  : REQUESTS;

const log = (message) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);

async function main() {
  log(`API ${displayPath(config.apiEntry)}; sizes ${knobs.sizes.join(', ')}; ${requests.length} requests`);
  /** @type {Record<string, any>} */
  const results = {};
  for (const name of knobs.sizes) results[name] = await prepare(SIZES[name]);

  // Every size's API runs at once and each request is measured on all of them in turn,
  // sample after sample: whatever else loads the machine meanwhile weighs on every size alike.
  const apis = {};
  try {
    for (const name of knobs.sizes) {
      apis[name] = await startApi({ databaseUrl: results[name].databaseUrl }, `api-${name}`, {
        LOG_LEVEL: 'warn',
        METRICS_ENABLED: 'false',
      });
    }
    // One token for all: the servers share the bench's JWT secret (a build without sign-in needs none).
    await signIn(apis[knobs.sizes[0]].url);
    // One round of every request first: the API's code paths and the caches warm up evenly.
    for (const name of knobs.sizes) for (const request of requests) await get(apis[name].url, request.path);
    for (const request of requests) {
      const measured = await measure(knobs.sizes.map((name) => apis[name].url), request);
      knobs.sizes.forEach((name, i) => {
        results[name].requests[request.name] = measured[i];
      });
      log(
        `${request.name}: ` +
          knobs.sizes
            .map((name, i) => `${name} p50 ${measured[i].p50Ms.toFixed(1)} ms, p99 ${measured[i].p99Ms.toFixed(1)} ms (${measured[i].rows} rows)`)
            .join('; '),
      );
    }
  } finally {
    for (const api of Object.values(apis)) await api.stop();
  }
  if (knobs.plans) {
    for (const name of knobs.sizes) await explainAll(results[name].databaseUrl, SIZES[name], results[name].requests);
  }

  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const dir = join(BENCH_DIR, 'results');
  mkdirSync(dir, { recursive: true });
  const json = join(dir, `scale-${stamp}.json`);
  writeFileSync(json, JSON.stringify({ knobs, apiEntry: config.apiEntry, results }, null, 2));
  const plans = join(dir, `scale-${stamp}-plans.txt`);
  if (knobs.plans) writeFileSync(plans, planReport(results));
  report(results);
  console.log(`\nresults: ${displayPath(json)}${knobs.plans ? `\nplans:   ${displayPath(plans)}` : ''}`);
  return 0;
}

/**
 * A database of one size, migrated by the API, loaded (or reused), vacuumed and analyzed.
 * @param {import('./data.mjs').Size} size
 */
async function prepare(size) {
  const database = `${knobs.databasePrefix}${size.name}`;
  const url = new URL(config.adminUrl);
  url.pathname = `/${database}`;
  const databaseUrl = url.toString();
  const timings = {};

  const loaded = knobs.reuse && (await isLoaded(database));
  if (!loaded) await recreate(database);
  log(`${size.name}: ${loaded ? 'reusing' : 'created'} ${database}`);

  let started = performance.now();
  const migrator = await startApi({ databaseUrl }, `migrate-${size.name}`, {
    LOG_LEVEL: 'warn',
    DATABASE_STATEMENT_TIMEOUT_MS: '0',
  });
  timings.startAndMigrateS = seconds(started);
  await migrator.stop();
  log(`${size.name}: API started and migrated in ${timings.startAndMigrateS} s`);

  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    if (!loaded) {
      started = performance.now();
      await load(db, size, (message) => log(`${size.name}: ${message}`));
      await db.query(`COMMENT ON DATABASE ${pg.escapeIdentifier(database)} IS '${MARK} ${size.name}'`);
      timings.loadS = seconds(started);
      log(`${size.name}: loaded in ${timings.loadS} s`);
    }
    started = performance.now();
    await db.query('VACUUM ANALYZE');
    timings.vacuumAnalyzeS = seconds(started);
    const { rows: tables } = await db.query(
      `SELECT relname AS table, n_live_tup::bigint AS rows, pg_total_relation_size(relid) AS bytes
       FROM pg_stat_user_tables ORDER BY relname`,
    );
    log(`${size.name}: ${tables.map((c) => `${c.table} ${c.rows}`).join(', ')}`);
    return { database, databaseUrl, size, timings, tables, requests: {} };
  } finally {
    await db.end();
  }
}

/** @param {string} database */
async function isLoaded(database) {
  return withAdmin(async (admin) => {
    const { rows } = await admin.query(
      `SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`,
      [database],
    );
    return typeof rows[0]?.comment === 'string' && rows[0].comment.startsWith(MARK);
  });
}

/** @param {string} database */
async function recreate(database) {
  await withAdmin(async (admin) => {
    const name = pg.escapeIdentifier(database);
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  });
}

/** @template T @param {(admin: pg.Client) => Promise<T>} work */
async function withAdmin(work) {
  const admin = new pg.Client({ connectionString: config.adminUrl });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

/**
 * One GET; fails the bench on anything but 200.
 * @param {string} baseUrl
 * @param {string} path
 */
async function get(baseUrl, path) {
  let response;
  try {
    response = await fetch(`${baseUrl}${path}`, { headers: authHeaders() });
  } catch (error) {
    // A keep-alive connection the server closed just as this request went out: once more.
    if (error?.cause?.code !== 'ECONNRESET' && error?.cause?.code !== 'UND_ERR_SOCKET') throw error;
    response = await fetch(`${baseUrl}${path}`, { headers: authHeaders() });
  }
  const text = await response.text();
  if (response.status !== 200) throw new BenchError(`GET ${path} answered ${response.status}`, text);
  const body = JSON.parse(text);
  return { rows: body.items.length, nextCursor: body.nextCursor };
}

const withCursor = (path, cursor) => (cursor ? `${path}&cursor=${encodeURIComponent(cursor)}` : path);

/**
 * The path of page `page` of a list (walking the pages before it once).
 * @param {string} baseUrl
 * @param {string} path
 * @param {number} page
 */
async function pathOfPage(baseUrl, path, page) {
  let cursor = null;
  for (let n = 1; n < page; n++) {
    ({ nextCursor: cursor } = await get(baseUrl, withCursor(path, cursor)));
    if (!cursor) throw new BenchError(`${path} has fewer than ${page} pages`);
  }
  return withCursor(path, cursor);
}

/**
 * A walk of `pages` pages, cursor after cursor; returns the rows seen.
 * @param {string} baseUrl
 * @param {string} path
 * @param {number} pages
 */
async function walk(baseUrl, path, pages) {
  let cursor = null;
  let rows = 0;
  for (let n = 0; n < pages; n++) {
    const page = await get(baseUrl, withCursor(path, cursor));
    rows += page.rows;
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return { rows };
}

/**
 * Sequential requests, to each server in turn: WARMUP thrown away, then up to `samples`
 * rounds (at least MIN_SAMPLES) within `seconds`.
 * @param {string[]} baseUrls
 * @param {import('./requests.mjs').ScaleRequest} request
 */
async function measure(baseUrls, request) {
  const servers = [];
  for (const baseUrl of baseUrls) {
    const path = request.page ? await pathOfPage(baseUrl, request.path, request.page) : request.path;
    const once = request.walk ? () => walk(baseUrl, path, request.walk) : () => get(baseUrl, path);
    servers.push({ path, once, latencies: /** @type {number[]} */ ([]), rows: 0 });
  }
  for (let i = 0; i < WARMUP; i++) for (const server of servers) await server.once();
  const deadline = performance.now() + knobs.seconds * 1000 * servers.length;
  for (let n = 0; n < knobs.samples && (n < MIN_SAMPLES || performance.now() < deadline); n++) {
    for (const server of servers) {
      const started = performance.now();
      ({ rows: server.rows } = await server.once());
      server.latencies.push(performance.now() - started);
    }
  }
  return servers.map(({ path, latencies, rows }) => {
    latencies.sort((a, b) => a - b);
    return { path, samples: latencies.length, rows, p50Ms: quantile(latencies, 0.5), p99Ms: quantile(latencies, 0.99) };
  });
}

/** @param {number[]} sorted @param {number} q */
function quantile(sorted, q) {
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return sorted[low] + (sorted[high] - sorted[low]) * (at - low);
}

/**
 * The plans: the API behind a recording proxy, each request sent once, and EXPLAIN
 * (ANALYZE, BUFFERS) of every SELECT it ran, with the same parameters.
 * @param {string} databaseUrl
 * @param {import('./data.mjs').Size} size
 * @param {Record<string, any>} measured
 */
async function explainAll(databaseUrl, size, measured) {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const target = new URL(databaseUrl);
  const capture = await startCapture({ host: target.hostname, port: Number(target.port || 5432) });
  const proxied = new URL(databaseUrl);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(capture.port);
  const api = await startApi({ databaseUrl: proxied.toString() }, `plans-${size.name}`, {
    LOG_LEVEL: 'warn',
    METRICS_ENABLED: 'false',
  });
  try {
    await signIn(api.url);
    for (const request of requests) {
      const m = measured[request.name];
      // A walk is explained on its last page.
      const path = request.walk ? await pathOfPage(api.url, request.path, request.walk) : m.path;
      capture.clear();
      await get(api.url, path);
      m.plans = [];
      for (const { sql, params } of capture.statements()) {
        if (!/^\s*(SELECT|WITH)\b/i.test(sql)) continue;
        const { rows } = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
        m.plans.push({ sql, params, plan: rows.map((row) => row['QUERY PLAN']).join('\n') });
      }
    }
  } finally {
    await api.stop();
    await capture.stop();
    await db.end();
  }
  log(`${size.name}: plans captured`);
}

/** @param {number} started */
const seconds = (started) => Number(((performance.now() - started) / 1000).toFixed(1));

/** @param {Record<string, any>} results */
function report(results) {
  const sizes = Object.keys(results);
  const first = sizes[0];
  const last = sizes.at(-1);
  const width = Math.max(...requests.map((r) => r.name.length));
  const num = (value, w = 8) => (value === undefined ? '-' : value.toFixed(1)).padStart(w);
  console.log('');
  for (const name of sizes) {
    const { timings } = results[name];
    console.log(
      `${name}: start+migrate ${timings.startAndMigrateS} s` +
        (timings.loadS !== undefined ? `, load ${timings.loadS} s` : ' (data reused)') +
        `, VACUUM ANALYZE ${timings.vacuumAnalyzeS} s`,
    );
  }
  console.log('');
  const header = [
    'request'.padEnd(width),
    ...sizes.flatMap((s) => [`${s} p50`.padStart(8), `${s} p99`.padStart(8)]),
    ...(sizes.length > 1 ? ['ratio'.padStart(7), ''] : []),
  ].join('  ');
  console.log(header);
  console.log('-'.repeat(header.length + 4));
  let misses = 0;
  for (const request of requests) {
    const cells = sizes.flatMap((s) => [num(results[s].requests[request.name].p50Ms), num(results[s].requests[request.name].p99Ms)]);
    let tail = [];
    if (sizes.length > 1) {
      const ratio = results[last].requests[request.name].p50Ms / results[first].requests[request.name].p50Ms;
      const ok = ratio <= TARGET_RATIO;
      if (!ok) misses++;
      tail = [ratio.toFixed(2).padStart(7), ok ? 'ok' : 'MISS'];
    }
    console.log([request.name.padEnd(width), ...cells, ...tail].join('  '));
  }
  console.log('\nms, sequential requests of 50 rows (a walk: all its pages); ratio = p50 at ' +
    `${last} / p50 at ${first}, target <= ${TARGET_RATIO}`);
  if (sizes.length > 1) {
    console.log(misses === 0 ? `every ratio <= ${TARGET_RATIO}` : `${misses} of ${requests.length} ratios above ${TARGET_RATIO}`);
  }
  if (knobs.plans) {
    console.log(`\nslowest at ${last}, top plan node:`);
    for (const [name, m] of slowest(results[last].requests).slice(0, 8)) {
      const plan = m.plans?.at(-1)?.plan ?? '';
      const top = plan.split('\n')[0] ?? '';
      const time = /Execution Time: ([\d.]+ ms)/.exec(plan)?.[1] ?? '?';
      console.log(`  ${name} (p50 ${m.p50Ms.toFixed(1)} ms; executes in ${time}): ${top.trim().slice(0, 110)}`);
    }
  }
}

/** @param {Record<string, any>} measured */
function slowest(measured) {
  return Object.entries(measured).sort(([, a], [, b]) => b.p50Ms - a.p50Ms);
}

/** @param {Record<string, any>} results */
function planReport(results) {
  const out = [];
  for (const [name, result] of Object.entries(results).reverse()) {
    out.push(`######## ${name} (${result.database}), slowest first\n`);
    for (const [request, m] of slowest(result.requests)) {
      out.push(`=== ${name}: ${request}: p50 ${m.p50Ms.toFixed(1)} ms, p99 ${m.p99Ms.toFixed(1)} ms\nGET ${m.path}\n`);
      for (const { sql, params, plan } of m.plans ?? []) {
        out.push(`${sql.replace(/\s+/g, ' ').trim()}\nparameters: ${JSON.stringify(params)}\n\n${plan}\n`);
      }
    }
  }
  return out.join('\n');
}

process.on('exit', () => killChildren());
process.once('SIGINT', () => {
  console.error('\nSIGINT: stopping');
  process.exit(130);
});

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`\nscale bench failed: ${error.message}${error.cause ? ` (${error.cause.message ?? error.cause})` : ''}`);
    if (error instanceof BenchError && error.details) console.error(error.details.replace(/^/gm, '  | '));
    else if (!(error instanceof BenchError)) console.error(error.stack);
    process.exit(1);
  },
);
