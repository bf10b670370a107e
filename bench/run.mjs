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
 *   5. for each scenario, for each round, for each server in turn (api, raw, api, raw...):
 *      BENCH_WARMUP seconds of load, thrown away, then BENCH_DURATION seconds measured,
 *      reading the server's CPU time from /proc before and after;
 *   6. prints the table (medians over rounds), the ratios to the baseline and the targets,
 *      and writes everything to bench/results/<timestamp>.json.
 *
 * The targets are printed as PASS/MISS but never fail the run: timing on a shared machine
 * asserts nothing. The exit code is 1 only when a server fails to start or dies, seeding
 * fails, or a measured run sees more than 1% errors or non-2xx answers; 130 on Ctrl-C.
 *
 * See bench/README.md for the knobs and for how to add a scenario or a server variant.
 */
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(BENCH_DIR, '..');
const RAW_SERVER = join(BENCH_DIR, 'raw-server.mjs');

/** The knobs, all from the environment; see README.md. */
const config = {
  apiEntry: resolve(ROOT, process.env.BENCH_API_ENTRY || 'dist/src/main.js'),
  adminUrl: process.env.BENCH_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
  database: process.env.BENCH_DB || 'process_todo_bench',
  durationS: positiveNumber('BENCH_DURATION', 10),
  warmupS: positiveNumber('BENCH_WARMUP', 3, { zeroOk: true }),
  rounds: positiveNumber('BENCH_ROUNDS', 1),
  connections: positiveNumber('BENCH_CONNECTIONS', 50),
  seed: positiveNumber('BENCH_SEED', 1000),
  poolSize: positiveNumber('BENCH_POOL_SIZE', 10),
  servers: listOf('BENCH_SERVERS', ['api', 'api-bare', 'raw']),
  scenarios: listOf('BENCH_SCENARIOS', []),
  maxErrorRate: 0.01,
  startTimeoutMs: 60_000,
};

// ---------------------------------------------------------------------------------------
// Scenarios: what is measured. Add one by appending an object; see README.md.
// ---------------------------------------------------------------------------------------

/**
 * @typedef {object} Scenario
 * @property {string} name        Shown in the table; BENCH_SCENARIOS filters on it.
 * @property {string} method      HTTP method.
 * @property {string | ((ctx: Context) => string)} path
 *   A fixed path, or a function called before every request (e.g. a random seeded id).
 * @property {unknown | ((ctx: Context) => unknown)} [body]
 *   JSON body, the same for every request; a function of ctx when it needs what `setup`
 *   created (it is called once per run, not per request).
 * @property {number} expectStatus  The status a good answer has (checked by the parity step).
 * @property {(ctx: Context) => Promise<void>} [setup]
 *   Runs once before the scenario's first run (e.g. create a template and keep its id in ctx).
 * @property {string[]} [volatile]
 *   Body fields that differ between two answers by nature (ids, timestamps); the parity
 *   check ignores their values.
 * @property {{ minRatio?: number, maxP99Ms?: number, minReqPerSec?: number }} targets
 *   Printed next to the results: req/s of each server over the baseline's, p99, and for
 *   API-only scenarios an absolute req/s.
 * @property {boolean} [apiOnly]
 *   Runs on the API servers only (the raw baseline does not implement it): no ratio.
 */

/** @type {Scenario[]} */
const SCENARIOS = [
  {
    name: 'GET /tasks/:id',
    method: 'GET',
    path: (ctx) => `/tasks/${ctx.taskIds[Math.floor(Math.random() * ctx.taskIds.length)]}`,
    expectStatus: 200,
    targets: { minRatio: 0.6, maxP99Ms: 25 },
  },
  {
    name: 'POST /tasks',
    method: 'POST',
    path: '/tasks',
    body: {
      title: 'Benchmark task',
      description: 'Created by bench/run.mjs',
      priority: 'high',
      dueDate: '2026-12-31',
      assigneeId: '5b0c2f7e-3c1a-4d5e-9f60-7a8b9c0d1e2f',
      tags: ['bench', 'Load'],
    },
    expectStatus: 201,
    volatile: ['id', 'createdAt', 'updatedAt'],
    targets: { minRatio: 0.5, maxP99Ms: 100 },
  },
  {
    name: 'POST /cases (10 steps)',
    method: 'POST',
    path: '/cases',
    apiOnly: true,
    setup: async (ctx) => {
      const calendar = await postJson(ctx.seedUrl, '/calendars', {
        code: `bench-${Date.now()}`,
        name: 'Bench calendar',
        holidays: [{ date: '2026-12-24' }, { date: '2026-12-25' }, { date: '2026-12-31' }, { date: '2027-01-01' }],
      });
      const template = await postJson(ctx.seedUrl, '/process-templates', { name: 'Bench process', steps: tenSteps() });
      ctx.calendarId = calendar.id;
      ctx.templateId = template.id;
      const created = await postJson(ctx.seedUrl, '/cases', caseBody(ctx));
      ctx.caseId = created.id;
    },
    body: (ctx) => caseBody(ctx),
    expectStatus: 201,
    volatile: ['id', 'createdAt', 'updatedAt'],
    targets: { minReqPerSec: 1000, maxP99Ms: 100 },
  },
  {
    name: 'POST /cases/:id/replan/preview',
    method: 'POST',
    path: (ctx) => `/cases/${ctx.caseId}/replan/preview`,
    apiOnly: true,
    body: { goalDate: '2027-03-31' },
    expectStatus: 200,
    targets: { maxP99Ms: 100 },
  },
];

/** A 10-step process: two parallel branches that join, with lags. */
function tenSteps() {
  return [
    { key: 'kickoff', name: 'Kick-off', durationDays: 1 },
    { key: 'collect', name: 'Collect documents', durationDays: 5, dependsOn: ['kickoff'] },
    { key: 'contract', name: 'Draft contract', durationDays: 3, dependsOn: ['kickoff'] },
    { key: 'legal', name: 'Legal review', durationDays: 4, dependsOn: ['contract'], lagDays: 1 },
    { key: 'accounts', name: 'Open accounts', durationDays: 2, dependsOn: ['collect'] },
    { key: 'equipment', name: 'Order equipment', durationDays: 5, dependsOn: ['collect'], lagDays: 2 },
    { key: 'sign', name: 'Sign contract', durationDays: 1, dependsOn: ['legal', 'accounts'] },
    { key: 'training', name: 'Training', durationDays: 3, dependsOn: ['sign'] },
    { key: 'setup', name: 'Workplace set-up', durationDays: 2, dependsOn: ['equipment', 'sign'] },
    { key: 'go-live', name: 'Go live', durationDays: 1, dependsOn: ['training', 'setup'] },
  ];
}

/** @param {Context} ctx */
function caseBody(ctx) {
  return { templateId: ctx.templateId, calendarId: ctx.calendarId, title: 'Bench case', goalDate: '2027-02-26' };
}

/**
 * @param {string} baseUrl
 * @param {string} path
 * @param {unknown} body
 */
async function postJson(baseUrl, path, body) {
  const res = await fetch(baseUrl + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new BenchError(`setup: POST ${path} answered ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

// ---------------------------------------------------------------------------------------
// Servers: what is compared. A server is { name, start(ctx) -> Promise<RunningServer> }.
// ---------------------------------------------------------------------------------------

/**
 * @typedef {object} ServerDef
 * @property {string} name
 * @property {boolean} [baseline]  Ratios are taken against the first selected baseline.
 * @property {boolean} [migrates]  Runs the migrations at start (the first server must).
 * @property {(ctx: Context) => Promise<RunningServer>} start
 */

/** @type {Record<string, ServerDef>} */
const SERVERS = {
  api: {
    name: 'api',
    migrates: true,
    start: (ctx) => startApi(ctx, 'api', {}),
  },
  raw: {
    name: 'raw',
    baseline: true,
    start: (ctx) =>
      startNodeServer('raw', RAW_SERVER, {
        DATABASE_URL: ctx.databaseUrl,
        DATABASE_POOL_SIZE: String(config.poolSize),
      }),
  },
  // The same API with request logging and metrics off: `api` against it is what
  // observability costs (printed under the table).
  'api-bare': {
    name: 'api-bare',
    migrates: true,
    start: (ctx) => startApi(ctx, 'api-bare', { LOG_LEVEL: 'error', METRICS_ENABLED: 'false' }),
  },
};

/**
 * The API as production runs it (info logs with a line per request, metrics on), with
 * `overrides` on top of the bench's environment.
 * @param {Context} ctx
 * @param {string} name
 * @param {Record<string, string>} overrides
 */
function startApi(ctx, name, overrides) {
  return startNodeServer(name, config.apiEntry, {
    DATABASE_URL: ctx.databaseUrl,
    DATABASE_POOL_SIZE: String(config.poolSize),
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    METRICS_ENABLED: 'true',
    MIGRATIONS_RUN: 'true',
    ...overrides,
  });
}

// ---------------------------------------------------------------------------------------
// Child processes
// ---------------------------------------------------------------------------------------

/**
 * @typedef {object} RunningServer
 * @property {string} name
 * @property {string} url        Base URL, no trailing slash.
 * @property {number} pid        The node process itself (its /proc entry is read for CPU).
 * @property {() => boolean} alive
 * @property {() => string} logTail  The last lines it printed, for error reports.
 * @property {() => Promise<void>} stop
 * @property {boolean} [isApi]  An API server (not the raw baseline): runs API-only scenarios.
 */

/** @type {Set<import('node:child_process').ChildProcess>} */
const children = new Set();

/**
 * Starts `node <entry>` with PORT/HOST set and waits until GET /health answers 200.
 * @param {string} name
 * @param {string} entry
 * @param {Record<string, string>} env
 * @returns {Promise<RunningServer>}
 */
async function startNodeServer(name, entry, env) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [entry], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  /** @type {string[]} */
  const lines = [];
  const keep = (chunk) => {
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    if (lines.length > 40) lines.splice(0, lines.length - 40);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolveExit) => child.once('exit', (code, signal) => resolveExit({ code, signal })));
  void exited.then(() => children.delete(child));

  /** @type {RunningServer} */
  const server = {
    name,
    url,
    pid: child.pid ?? -1,
    alive: () => child.exitCode === null && child.signalCode === null,
    logTail: () => lines.join('\n'),
    stop: async () => {
      if (!server.alive()) return;
      child.kill('SIGTERM');
      const done = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]);
      if (!done) child.kill('SIGKILL');
    },
  };

  const deadline = Date.now() + config.startTimeoutMs;
  while (Date.now() < deadline) {
    if (!server.alive()) {
      const { code, signal } = await exited;
      throw new BenchError(`${name} exited during start (code ${code}, signal ${signal})`, startHint(server));
    }
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
      if (res.status === 200) return server;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  await server.stop();
  throw new BenchError(`${name} did not answer GET /health within ${config.startTimeoutMs / 1000} s`, startHint(server));
}

/**
 * The child's last output, with a hint for the usual mistake.
 * @param {RunningServer} server
 */
function startHint(server) {
  let text = server.logTail();
  if (/ERR_MODULE_NOT_FOUND/.test(text) && !config.apiEntry.startsWith(ROOT + '/')) {
    text +=
      `\n\nhint: ${config.apiEntry} is outside the repository, so node cannot find node_modules.` +
      `\n  ln -s ${ROOT}/node_modules <outDir>/node_modules && cp ${ROOT}/package.json <outDir>/`;
  }
  return text;
}

/** A TCP port nobody listens on right now. */
function freePort() {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (probe.address());
      probe.close(() => resolvePort(port));
    });
  });
}

// ---------------------------------------------------------------------------------------
// CPU time from /proc
// ---------------------------------------------------------------------------------------

const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/**
 * Fields of /proc/<pid>/stat after the command name (which may hold spaces), from field 3.
 * @param {number | string} pid
 */
function statFields(pid) {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const close = text.lastIndexOf(')');
  return { comm: text.slice(text.indexOf('(') + 1, close), rest: text.slice(close + 2).split(' ') };
}

/**
 * utime + stime of one process (all its threads), in ms.
 * @param {number} pid
 */
function processCpuMs(pid) {
  const { rest } = statFields(pid);
  // rest[0] is field 3 (state): utime is field 14, stime field 15.
  return ((Number(rest[11]) + Number(rest[12])) * 1000) / CLK_TCK;
}

/**
 * CPU time of every PostgreSQL process on this machine, in ms, including the time of
 * backends that have exited (counted in their parent's cutime/cstime). It covers the
 * whole cluster: anything else using the server in the meantime is counted too.
 * @returns {number | null} null when no postgres process is visible (remote database)
 */
function postgresCpuMs() {
  let ticks = 0;
  let found = false;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const { comm, rest } = statFields(entry);
      if (comm !== 'postgres') continue;
      found = true;
      // utime, stime, cutime, cstime: fields 14-17.
      ticks += Number(rest[11]) + Number(rest[12]) + Number(rest[13]) + Number(rest[14]);
    } catch {
      // the process ended while we looked
    }
  }
  return found ? (ticks * 1000) / CLK_TCK : null;
}

// ---------------------------------------------------------------------------------------
// Load
// ---------------------------------------------------------------------------------------

/** @type {{ stop(): void } | null} */
let currentLoad = null;
/** Set by Ctrl-C: no new load starts once it is. */
let interrupted = false;

/**
 * Runs autocannon in this process against one server for one scenario.
 * @param {RunningServer} server
 * @param {Scenario} scenario
 * @param {Context} ctx
 * @param {number} durationS
 * @param {boolean} [record]  keep the latency of every 2xx answer (not during warm-up)
 */
async function load(server, scenario, ctx, durationS, record = true) {
  if (interrupted) throw new BenchError('interrupted');
  const pathOf = scenario.path;
  const instance = autocannon({
    url: server.url,
    connections: config.connections,
    duration: durationS,
    timeout: 10,
    requests: [
      {
        method: scenario.method,
        path: typeof pathOf === 'string' ? pathOf : '/',
        ...jsonBody(scenario, ctx),
        ...(typeof pathOf === 'function'
          ? { setupRequest: (request) => ({ ...request, path: pathOf(ctx) }) }
          : {}),
      },
    ],
  });
  currentLoad = instance;
  // autocannon's own histogram has 1 ms resolution; keep the exact times of 2xx answers.
  /** @type {number[]} */
  const latencies = [];
  if (record) {
    instance.on('response', (_client, status, _bytes, ms) => {
      if (status >= 200 && status < 300) latencies.push(ms);
    });
  }
  try {
    const result = await instance;
    return { result, latencies };
  } finally {
    currentLoad = null;
  }
}

/**
 * The body and content type of a scenario's requests, if it has a body.
 * @param {Scenario} scenario
 * @param {Context} ctx
 * @returns {{ body?: string, headers?: Record<string, string> }}
 */
function jsonBody(scenario, ctx) {
  const body = typeof scenario.body === 'function' ? scenario.body(ctx) : scenario.body;
  if (body === undefined) return {};
  return { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } };
}

/**
 * One measured run: CPU before, load, CPU after.
 * @param {RunningServer} server
 * @param {Scenario} scenario
 * @param {Context} ctx
 * @param {number} round
 */
async function measure(server, scenario, ctx, round) {
  const serverCpu0 = processCpuMs(server.pid);
  const dbCpu0 = postgresCpuMs();
  const runnerCpu0 = process.cpuUsage();
  const { result, latencies } = await load(server, scenario, ctx, config.durationS);
  const runnerCpu = process.cpuUsage(runnerCpu0);
  if (!server.alive()) throw new BenchError(`${server.name} died during ${scenario.name}`, server.logTail());
  const serverCpuMs = processCpuMs(server.pid) - serverCpu0;
  const dbCpu1 = postgresCpuMs();

  const requests = result.requests.total;
  const failures = result.errors + result.non2xx;
  const sorted = Float64Array.from(latencies).sort();
  return {
    scenario: scenario.name,
    server: server.name,
    round,
    durationS: result.duration,
    requests,
    reqPerSec: requests / result.duration,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    maxMs: sorted.length ? sorted[sorted.length - 1] : null,
    serverCpuMsPerReq: requests ? serverCpuMs / requests : null,
    serverCpuPercent: (serverCpuMs / (result.duration * 1000)) * 100,
    dbCpuMsPerReq: dbCpu0 === null || dbCpu1 === null || !requests ? null : (dbCpu1 - dbCpu0) / requests,
    runnerCpuMsPerReq: requests ? (runnerCpu.user + runnerCpu.system) / 1000 / requests : null,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    failures,
    failureRate: requests ? failures / requests : 1,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([s, v]) => [s, v.count])),
    autocannon: { p50Ms: result.latency.p50, p99Ms: result.latency.p99, reqPerSecAvg: result.requests.average },
  };
}

/**
 * @param {Float64Array} sorted
 * @param {number} q  0..1
 */
function percentile(sorted, q) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

// ---------------------------------------------------------------------------------------
// Database, seed data, parity
// ---------------------------------------------------------------------------------------

/**
 * @typedef {object} Context
 * @property {string} databaseUrl  The bench database, for the servers.
 * @property {string} seedUrl      Base URL of the first (API) server.
 * @property {string[]} taskIds    The seeded tasks.
 * Scenarios' `setup` may add fields of their own (ids they created).
 */

/** Drops and creates the bench database; returns its URL. */
async function createDatabase() {
  const admin = new pg.Client({ connectionString: config.adminUrl });
  await admin.connect();
  try {
    const name = pg.escapeIdentifier(config.database);
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
    const { rows } = await admin.query('SHOW server_version');
    const url = new URL(config.adminUrl);
    url.pathname = `/${config.database}`;
    return { url: url.toString(), serverVersion: rows[0].server_version };
  } finally {
    await admin.end();
  }
}

/**
 * Creates `count` varied tasks through the API, 20 at a time; returns their ids.
 * @param {string} baseUrl
 * @param {number} count
 */
async function seedTasks(baseUrl, count) {
  const priorities = ['low', 'medium', 'high', 'urgent'];
  /** @type {string[]} */
  const ids = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const body = {
        title: `Seeded task ${i}`,
        description: i % 3 === 0 ? '' : `Description of seeded task ${i}. `.repeat(1 + (i % 4)),
        priority: priorities[i % 4],
        ...(i % 2 === 0 ? { dueDate: `2026-${String(1 + (i % 12)).padStart(2, '0')}-15` } : {}),
        ...(i % 5 === 0 ? { assigneeId: '5b0c2f7e-3c1a-4d5e-9f60-7a8b9c0d1e2f' } : {}),
        tags: ['seed', `group-${i % 10}`, ...(i % 7 === 0 ? ['Urgent-Review'] : [])],
      };
      const res = await fetch(`${baseUrl}/tasks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const text = await res.text();
      if (res.status !== 201) throw new BenchError(`seeding: POST /tasks answered ${res.status}`, text);
      ids[i] = JSON.parse(text).id;
    }
  };
  await Promise.all(Array.from({ length: 20 }, worker));
  return ids;
}

/**
 * Sends each scenario's request once to every server and compares status, the ETag /
 * Location / Content-Type headers and the body with the first server's answer, so that a
 * baseline that does less than the API is noticed. Returns the differences found.
 * @param {RunningServer[]} servers
 * @param {Scenario[]} scenarios
 * @param {Context} ctx
 */
async function checkParity(servers, scenarios, ctx) {
  /** @type {string[]} */
  const problems = [];
  for (const scenario of scenarios) {
    const path = typeof scenario.path === 'function' ? scenario.path(ctx) : scenario.path;
    /** @type {{ server: string, shape: unknown }[]} */
    const answers = [];
    for (const server of servers) {
      if (scenario.apiOnly && !server.isApi) continue;
      const res = await fetch(server.url + path, {
        method: scenario.method,
        ...jsonBody(scenario, ctx),
      });
      const text = await res.text();
      if (res.status !== scenario.expectStatus) {
        problems.push(`${scenario.name}: ${server.name} answered ${res.status}, expected ${scenario.expectStatus}: ${text.slice(0, 200)}`);
        continue;
      }
      const body = JSON.parse(text);
      for (const field of scenario.volatile ?? []) if (field in body) body[field] = '<volatile>';
      const location = res.headers.get('location');
      answers.push({
        server: server.name,
        shape: {
          status: res.status,
          contentType: res.headers.get('content-type'),
          etag: res.headers.get('etag'),
          location: location && location.replace(/[\da-f-]{36}$/, '<id>'),
          hasRequestId: res.headers.has('x-request-id'),
          body,
        },
      });
    }
    const [first, ...others] = answers;
    for (const other of others) {
      const a = JSON.stringify(first.shape);
      const b = JSON.stringify(other.shape);
      if (a !== b) problems.push(`${scenario.name}: ${other.server} differs from ${first.server}:\n    ${first.server}: ${a}\n    ${other.server}: ${b}`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------

/** @param {number[]} values */
function median(values) {
  const v = values.filter((x) => x !== null && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/**
 * Medians over rounds per scenario and server, and the ratios to the baseline.
 * @param {Scenario[]} scenarios
 * @param {ServerDef[]} servers
 * @param {Awaited<ReturnType<typeof measure>>[]} runs
 */
function summarize(scenarios, servers, runs) {
  const baseline = servers.find((s) => s.baseline) ?? null;
  return scenarios.map((scenario) => {
    const rows = servers.flatMap((server) => {
      const mine = runs.filter((r) => r.scenario === scenario.name && r.server === server.name);
      if (mine.length === 0) return [];
      const pick = (key) => median(mine.map((r) => r[key]));
      return [{
        server: server.name,
        baseline: server === baseline,
        rounds: mine.length,
        reqPerSec: pick('reqPerSec'),
        p50Ms: pick('p50Ms'),
        p99Ms: pick('p99Ms'),
        serverCpuMsPerReq: pick('serverCpuMsPerReq'),
        dbCpuMsPerReq: pick('dbCpuMsPerReq'),
        failures: mine.reduce((sum, r) => sum + r.failures, 0),
        requests: mine.reduce((sum, r) => sum + r.requests, 0),
      }];
    });
    const base = rows.find((r) => r.baseline);
    const comparisons = rows
      .filter((r) => !r.baseline)
      .map((row) => {
        const throughputRatio = base ? row.reqPerSec / base.reqPerSec : null;
        const cpuRatio = base && base.serverCpuMsPerReq ? row.serverCpuMsPerReq / base.serverCpuMsPerReq : null;
        const { minRatio, maxP99Ms, minReqPerSec } = scenario.targets ?? {};
        return {
          server: row.server,
          against: base?.server ?? null,
          throughputRatio,
          cpuRatio,
          targets: {
            throughput:
              minReqPerSec !== undefined && row.reqPerSec !== null
                ? { target: `>= ${minReqPerSec} req/s`, pass: row.reqPerSec >= minReqPerSec }
                : minRatio === undefined || throughputRatio === null
                  ? null
                  : { target: `>= ${minRatio}x`, pass: throughputRatio >= minRatio },
            p99:
              maxP99Ms === undefined || row.p99Ms === null
                ? null
                : { target: `< ${maxP99Ms} ms`, pass: row.p99Ms < maxP99Ms },
          },
        };
      });
    return { scenario: scenario.name, rows, comparisons };
  });
}

/**
 * @param {number | null} value
 * @param {number} digits
 */
const fmt = (value, digits = 1) => (value === null || value === undefined ? '-' : value.toFixed(digits));

/**
 * What request logging and metrics cost: `api` (as production runs it) against
 * `api-bare` (both off), per scenario. The aim is at most 15% of throughput.
 * @param {ReturnType<typeof summarize>} summary
 */
function printObservabilityCost(summary) {
  const lines = summary.flatMap((s) => {
    const on = s.rows.find((r) => r.server === 'api');
    const off = s.rows.find((r) => r.server === 'api-bare');
    if (!on || !off || !on.reqPerSec || !off.reqPerSec) return [];
    const cost = 1 - on.reqPerSec / off.reqPerSec;
    const cpu = off.serverCpuMsPerReq ? on.serverCpuMsPerReq / off.serverCpuMsPerReq : null;
    return [
      `  ${s.scenario.padEnd(32)} throughput cost ${(cost * 100).toFixed(1).padStart(5)}% ` +
        `(aim <= 15%: ${cost <= 0.15 ? 'PASS' : 'MISS'}), CPU/req ${fmt(cpu, 2)}x`,
    ];
  });
  if (lines.length === 0) return;
  console.log('\nLogging + metrics on (api) against off (api-bare):');
  for (const line of lines) console.log(line);
}

/** @param {ReturnType<typeof summarize>} summary */
function printTable(summary) {
  const header = ['scenario', 'server', 'req/s', 'p50 ms', 'p99 ms', 'CPU ms/req', 'DB CPU ms/req', 'errors'];
  /** @type {string[][]} */
  const body = [];
  /** @type {Map<number, string[]>} lines printed under a body row */
  const notes = new Map();
  for (const s of summary) {
    s.rows.forEach((r, i) => {
      body.push([
        i === 0 ? s.scenario : '',
        r.server + (r.baseline ? ' (base)' : ''),
        fmt(r.reqPerSec, 0),
        fmt(r.p50Ms, 2),
        fmt(r.p99Ms, 2),
        fmt(r.serverCpuMsPerReq, 3),
        fmt(r.dbCpuMsPerReq, 3),
        r.failures === 0 ? '0' : `${r.failures} (${((r.failures / Math.max(1, r.requests)) * 100).toFixed(2)}%)`,
      ]);
    });
    notes.set(
      body.length - 1,
      s.comparisons.map((c) => {
        const verdict = (t) => (t === null ? '' : ` (target ${t.target}: ${t.pass ? 'PASS' : 'MISS'})`);
        const row = s.rows.find((r) => r.server === c.server);
        const p99 = `${c.server} p99 ${fmt(row?.p99Ms, 2)} ms${verdict(c.targets.p99)}`;
        if (c.against === null) {
          // API-only scenario: no baseline, so absolute figures.
          return `    ${c.server}: req/s ${fmt(row?.reqPerSec, 0)}${verdict(c.targets.throughput)}; ${p99}`;
        }
        return (
          `    ${c.server}/${c.against}: req/s ${fmt(c.throughputRatio, 2)}x${verdict(c.targets.throughput)}` +
          `, CPU/req ${fmt(c.cpuRatio, 2)}x; ${p99}`
        );
      }),
    );
  }
  const widths = header.map((h, col) => Math.max(h.length, ...body.map((row) => row[col].length)));
  const line = (cells) => cells.map((c, col) => (col < 2 ? c.padEnd(widths[col]) : c.padStart(widths[col]))).join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  console.log(line(header));
  console.log(rule);
  body.forEach((row, i) => {
    console.log(line(row));
    for (const note of notes.get(i) ?? []) console.log(note);
    if (notes.has(i) && i < body.length - 1) console.log(rule);
  });
}

// ---------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------

class BenchError extends Error {
  /**
   * @param {string} message
   * @param {string} [details]  e.g. the child's last output
   */
  constructor(message, details) {
    super(message);
    this.details = details;
  }
}

/** @type {RunningServer[]} */
const running = [];

async function stopAll() {
  await Promise.all(running.map((server) => server.stop().catch(() => {})));
}

async function main() {
  const startedAt = new Date();
  const t0 = performance.now();
  const log = (message) => console.log(`[${((performance.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${message}`);

  const serverDefs = config.servers.map((name) => {
    const def = SERVERS[name];
    if (!def) throw new BenchError(`unknown server "${name}" in BENCH_SERVERS; known: ${Object.keys(SERVERS).join(', ')}`);
    return def;
  });
  if (!serverDefs[0]?.migrates) {
    throw new BenchError('the first server of BENCH_SERVERS must be an API (it migrates and seeds)');
  }
  if (serverDefs.some((def) => def.migrates) && !existsSync(config.apiEntry)) {
    throw new BenchError(`no API at ${config.apiEntry}: run npm run build, or set BENCH_API_ENTRY`);
  }
  const scenarios = config.scenarios.length
    ? SCENARIOS.filter((s) => config.scenarios.some((want) => s.name.includes(want)))
    : SCENARIOS;
  if (scenarios.length === 0) throw new BenchError(`no scenario matches BENCH_SCENARIOS=${config.scenarios.join(',')}`);

  const nodeMajor = Number(process.versions.node.split('.')[0]);
  console.log(
    `process-todo bench: node ${process.versions.node}, ${cpus().length} CPUs (${cpus()[0]?.model.trim()}), ` +
      `CLK_TCK ${CLK_TCK}\n  api entry ${displayPath(config.apiEntry)}; ` +
      `${config.connections} connections, warm-up ${config.warmupS} s + ${config.durationS} s measured, ` +
      `${config.rounds} round(s), pool ${config.poolSize}, ${config.seed} seeded tasks\n` +
      `  load average before the run ${loadAverage()} (anything else running skews req/s more than CPU ms/req)`,
  );
  if (nodeMajor < 24) console.log(`  warning: node ${process.versions.node}; the API expects node 24 (use npm run bench or node_modules/.bin/node)`);

  const db = await createDatabase();
  log(`database ${config.database} created (PostgreSQL ${db.serverVersion})`);

  /** @type {Context} */
  const ctx = { databaseUrl: db.url, seedUrl: '', taskIds: [] };
  for (const def of serverDefs) {
    const server = await def.start(ctx);
    server.isApi = Boolean(def.migrates);
    running.push(server);
    log(`${def.name} up at ${server.url} (pid ${server.pid})`);
  }
  ctx.seedUrl = running[0].url;

  ctx.taskIds = await seedTasks(ctx.seedUrl, config.seed);
  log(`seeded ${ctx.taskIds.length} tasks through ${running[0].name}`);

  for (const scenario of scenarios) await scenario.setup?.(ctx);
  const parity = await checkParity(running, scenarios, ctx);
  if (parity.length) for (const p of parity) console.log(`  parity warning: ${p}`);
  else log('parity: every server answers every scenario like the first one');

  /** @type {Awaited<ReturnType<typeof measure>>[]} */
  const runs = [];
  for (const scenario of scenarios) {
    for (let round = 1; round <= config.rounds; round++) {
      for (const [i, server] of running.entries()) {
        if (scenario.apiOnly && !serverDefs[i].migrates) continue;
        if (config.warmupS > 0) await load(server, scenario, ctx, config.warmupS, false);
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
  console.log(
    '\nMedians over rounds. CPU ms/req: the server process\'s own CPU time per answered request; ' +
      'DB CPU ms/req: all postgres processes on this machine.\nTargets are informative: the run passes whatever the timings.',
  );

  const failed = runs.filter((r) => r.failureRate > config.maxErrorRate);
  const results = {
    startedAt: startedAt.toISOString(),
    totalSeconds: totalS,
    machine: {
      node: process.versions.node,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      clkTck: CLK_TCK,
      postgres: db.serverVersion,
      loadAverageAtEnd: loadavg(),
    },
    config: { ...config, apiEntry: config.apiEntry },
    parity,
    summary,
    runs,
    failedRuns: failed.map((r) => `${r.scenario} ${r.server} round ${r.round}`),
  };
  mkdirSync(join(BENCH_DIR, 'results'), { recursive: true });
  const file = join(BENCH_DIR, 'results', `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  console.log(`\nresults: ${relative(ROOT, file)}; total ${totalS.toFixed(1)} s`);

  if (failed.length) {
    console.error(`\nFAILED: more than ${config.maxErrorRate * 100}% errors or non-2xx in: ${results.failedRuns.join('; ')}`);
    return 1;
  }
  return 0;
}

// ---------------------------------------------------------------------------------------
// Helpers for the knobs, and the process lifecycle
// ---------------------------------------------------------------------------------------

/** The 1, 5 and 15 minute load averages, for the header. */
function loadAverage() {
  return loadavg().map((x) => x.toFixed(2)).join(' ');
}

/**
 * A path relative to the repository when inside it, else absolute.
 * @param {string} path
 */
function displayPath(path) {
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

// Last resort: never leave a server behind, whatever ends this process.
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the servers`);
    interrupted = true;
    currentLoad?.stop();
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
    if (!interrupted) {
      console.error(`\nbench failed: ${error.message}`);
      if (error instanceof BenchError) {
        if (error.details) console.error(error.details.replace(/^/gm, '  | '));
      } else {
        console.error(error.stack);
      }
    }
    return finish(interrupted ? 130 : 1);
  },
);
