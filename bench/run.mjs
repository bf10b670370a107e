/**
 * The HTTP benchmark of process-todo: the API against a minimal raw server that runs the
 * same SQL (bench/raw-server.mjs), scenario by scenario, on a fresh database.
 *
 *   npm run bench                                     # builds dist/, then runs this
 *   node bench/run.mjs                                # against an existing dist/
 *   BENCH_API_ENTRY=/tmp/bench-dist/src/main.js BENCH_DURATION=5 node bench/run.mjs
 *
 * What it does, in order:
 *   1. drops and creates the database BENCH_DB on the server at BENCH_ADMIN_URL;
 *   2. starts every server of BENCH_SERVERS as a child process and waits for GET /health
 *      (the first one must be an API: it runs the migrations and takes the seed data);
 *   3. seeds BENCH_SEED tasks through the API and keeps their ids;
 *   4. checks that every server answers the scenarios like the first one (same bodies);
 *   5. for each scenario, for each round, for each server in turn, each round starting with the
 *      next server (api, raw; raw, api; ...):
 *      BENCH_WARMUP seconds of load, thrown away, then BENCH_DURATION seconds measured,
 *      reading the server's CPU time from /proc before and after;
 *   6. prints the table (medians over rounds), the ratios to the baseline and the targets,
 *      and writes everything to bench/results/<timestamp>.json.
 *
 * The targets are printed as PASS/MISS but never fail the run: timing on a shared machine
 * asserts nothing. The exit code is 1 only when a server fails to start or dies, seeding
 * fails, or a measured run sees more than 1% errors or non-2xx answers; 130 on Ctrl-C.
 *
 * This file only orchestrates. The parts:
 *   scenarios/NN-*.mjs   one scenario each, found by scenarios/index.mjs (no list to edit)
 *   servers/*.mjs        one server each (api, api-bare, api-before, raw), by name
 *   lib/config.mjs       the BENCH_* knobs;  lib/servers.mjs  child processes
 *   lib/cpu.mjs          /proc sampling;     lib/load.mjs     autocannon runs, latency
 *   lib/database.mjs     database and seed;  lib/parity.mjs   the parity check
 *   lib/report.mjs       table and results JSON
 *
 * See bench/README.md for the knobs and for how to add a scenario or a server variant.
 */
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { relative } from 'node:path';
import { config, displayPath, ROOT } from './lib/config.mjs';
import { CLK_TCK } from './lib/cpu.mjs';
import { addBenchAssignee, createDatabase, seedTasks } from './lib/database.mjs';
import { BenchError } from './lib/errors.mjs';
import { interrupt, isInterrupted, load, measure } from './lib/load.mjs';
import { checkParity } from './lib/parity.mjs';
import { fmt, printBeforeAfter, printObservabilityCost, printTable, summarize, writeResults } from './lib/report.mjs';
import { killChildren } from './lib/servers.mjs';
import { loadScenarios } from './scenarios/index.mjs';
import { loadServers } from './servers/index.mjs';
import { signIn, signInConnections } from './lib/auth.mjs';

/** @type {import('./lib/servers.mjs').RunningServer[]} */
const running = [];

async function stopAll() {
  await Promise.all(running.map((server) => server.stop().catch(() => {})));
}

async function main() {
  const startedAt = new Date();
  const t0 = performance.now();
  const log = (message) => console.log(`[${((performance.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${message}`);

  const SERVERS = await loadServers();
  const serverDefs = config.servers.map((name) => {
    const def = SERVERS[name];
    if (!def) throw new BenchError(`unknown server "${name}" in BENCH_SERVERS; known: ${Object.keys(SERVERS).join(', ')}`);
    if (def.unavailable) throw new BenchError(`server "${name}" in BENCH_SERVERS is not available: ${def.unavailable}`);
    return def;
  });
  if (!serverDefs[0]?.migrates) {
    throw new BenchError('the first server of BENCH_SERVERS must be an API (it migrates and seeds)');
  }
  for (const def of serverDefs) {
    if (def.entry && !existsSync(def.entry)) throw new BenchError(`no API at ${def.entry}: ${def.entryHint}`);
  }
  const allScenarios = await loadScenarios();
  const scenarios = config.scenarios.length
    ? allScenarios.filter((s) => config.scenarios.some((want) => s.name.includes(want)))
    : allScenarios;
  if (scenarios.length === 0) throw new BenchError(`no scenario matches BENCH_SCENARIOS=${config.scenarios.join(',')}`);

  const nodeMajor = Number(process.versions.node.split('.')[0]);
  console.log(
    `process-todo bench: node ${process.versions.node}, ${cpus().length} CPUs (${cpus()[0]?.model.trim()}), ` +
      `CLK_TCK ${CLK_TCK}\n  api entry ${displayPath(config.apiEntry)}; ` +
      (config.baselineEntry ? `api-before entry ${displayPath(config.baselineEntry)}; ` : '') +
      `${config.connections} connections, warm-up ${config.warmupS} s (${config.firstWarmupS} s before round 1) + ` +
        `${config.durationS} s measured, ` +
      `${config.rounds} round(s), pool ${config.poolSize}, ${config.seed} seeded tasks\n` +
      `  load average before the run ${loadAverage()} (anything else running skews req/s more than CPU ms/req)`,
  );
  if (nodeMajor < 24) console.log(`  warning: node ${process.versions.node}; the API expects node 24 (use npm run bench or node_modules/.bin/node)`);

  const db = await createDatabase();
  log(`database ${config.database} created (PostgreSQL ${db.serverVersion})`);

  /** @type {import('./scenarios/index.mjs').Context} */
  const ctx = { databaseUrl: db.url, seedUrl: '', taskIds: [] };
  for (const def of serverDefs) {
    const server = await def.start(ctx);
    server.isApi = Boolean(def.migrates);
    running.push(server);
    log(`${def.name} up at ${server.url} (pid ${server.pid})`);
  }
  ctx.seedUrl = running[0].url;
  // Any API server with sign-in will do: they share the database and the JWT secret.
  for (const server of running.filter((s) => s.isApi)) {
    if (await signIn(server.url)) {
      await signInConnections(server.url, config.connections);
      log(`signed in ${config.connections} users, one per load connection`);
      break;
    }
  }

  await addBenchAssignee(db.url);
  ctx.taskIds = await seedTasks(ctx.seedUrl, config.seed);
  log(`seeded ${ctx.taskIds.length} tasks through ${running[0].name}`);

  for (const scenario of scenarios) await scenario.setup?.(ctx);
  const { problems: parity, ignored } = await checkParity(running, scenarios, ctx);
  for (const note of ignored) console.log(`  parity: ${note}`);
  if (parity.length) for (const p of parity) console.log(`  parity warning: ${p}`);
  else log('parity: every server answers every scenario like the first one');

  /** @type {import('./lib/load.mjs').Run[]} */
  const runs = [];
  for (const scenario of scenarios) {
    for (let round = 1; round <= config.rounds; round++) {
      // Each round starts with the next server: whichever runs second in a round measured ~8%
      // faster than the same build run first (an A/A run of one build gave 0.92x), so a fixed
      // order favoured the baseline.
      const order = [...running.entries()];
      for (let shift = 0; shift < (round - 1) % order.length; shift++) order.push(order.shift());
      for (const [i, server] of order) {
        if (scenario.apiOnly && !serverDefs[i].migrates) continue;
        const warmupS = round === 1 ? Math.max(config.firstWarmupS, config.warmupS) : config.warmupS;
        if (warmupS > 0) await load(server, scenario, ctx, warmupS, false);
        const run = await measure(server, scenario, ctx, round);
        runs.push(run);
        log(
          `${scenario.name} ${server.name} round ${round}: ${fmt(run.reqPerSec, 0)} req/s, ` +
            `p50 ${fmt(run.p50Ms, 2)} ms, p99 ${fmt(run.p99Ms, 2)} ms, CPU ${fmt(run.serverCpuMsPerReq, 3)} ms/req ` +
            `(${fmt(run.serverCpuPercent, 0)}% of a core), ${run.failures} errors/non-2xx`,
        );
        if (run.failures > 0) log(`  status codes: ${JSON.stringify(run.statusCodes)}, socket errors ${run.errors}, timeouts ${run.timeouts}`);
      }
    }
  }

  const summary = summarize(scenarios, serverDefs, runs);
  const totalS = (performance.now() - t0) / 1000;
  console.log('');
  printTable(summary);
  printObservabilityCost(summary);
  printBeforeAfter(summary);
  console.log(
    '\nMedians over rounds. CPU ms/req: the server process\'s own CPU time per answered request; ' +
      'DB CPU ms/req: all postgres processes on this machine.\nTargets are informative: the run passes whatever the timings.',
  );

  const failed = runs.filter((r) => r.failureRate > config.maxErrorRate);
  const { file, results } = writeResults({
    startedAt,
    totalSeconds: totalS,
    postgres: db.serverVersion,
    parity,
    summary,
    runs,
    failed,
  });
  console.log(`\nresults: ${relative(ROOT, file)}; total ${totalS.toFixed(1)} s`);

  if (failed.length) {
    console.error(`\nFAILED: more than ${config.maxErrorRate * 100}% errors or non-2xx in: ${results.failedRuns.join('; ')}`);
    return 1;
  }
  return 0;
}

// ---------------------------------------------------------------------------------------
// The process lifecycle
// ---------------------------------------------------------------------------------------

/** The 1, 5 and 15 minute load averages, for the header. */
function loadAverage() {
  return loadavg().map((x) => x.toFixed(2)).join(' ');
}

// Last resort: never leave a server behind, whatever ends this process.
process.on('exit', () => killChildren());
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the servers`);
    interrupt();
    void finish(130);
  });
}

/** @type {Promise<void> | null} */
let finishing = null;

/**
 * Stops the servers (SIGTERM, then SIGKILL after 5 s) and exits; only the first call counts.
 * @param {number} code
 */
function finish(code) {
  finishing ??= stopAll().finally(() => process.exit(code));
  return finishing;
}

main().then(
  (code) => finish(code),
  (error) => {
    // After Ctrl-C, whatever main was doing fails on purpose: no need to report it.
    if (!isInterrupted()) {
      console.error(`\nbench failed: ${error.message}`);
      if (error instanceof BenchError) {
        if (error.details) console.error(error.details.replace(/^/gm, '  | '));
      } else {
        console.error(error.stack);
      }
    }
    return finish(isInterrupted() ? 130 : 1);
  },
);
