/**
 * Load: autocannon runs in this process against one server, and the measured run around
 * them (CPU before and after, exact latencies).
 */
import autocannon from 'autocannon';
import { config } from './config.mjs';
import { postgresCpuMs, processCpuMs, processRssMb } from './cpu.mjs';
import { BenchError } from './errors.mjs';
import { authHeaders, nextConnectionAuthorization } from './auth.mjs';

/**
 * @typedef {import('../scenarios/index.mjs').Scenario} Scenario
 * @typedef {import('../scenarios/index.mjs').Context} Context
 * @typedef {import('./servers.mjs').RunningServer} RunningServer
 * @typedef {Awaited<ReturnType<typeof measure>>} Run  One measured run's figures.
 */

/** @type {{ stop(): void } | null} */
let currentLoad = null;
/** Set by Ctrl-C: no new load starts once it is. */
let interrupted = false;

/** Ctrl-C: stops the load running now and refuses to start another one. */
export function interrupt() {
  interrupted = true;
  currentLoad?.stop();
}

/** True once `interrupt()` was called. */
export function isInterrupted() {
  return interrupted;
}

/**
 * Runs autocannon in this process against one server for one scenario.
 * @param {RunningServer} server
 * @param {Scenario} scenario
 * @param {Context} ctx
 * @param {number} durationS
 * @param {boolean} [record]  keep the latency of every 2xx answer (not during warm-up)
 */
export async function load(server, scenario, ctx, durationS, record = true) {
  if (interrupted) throw new BenchError('interrupted');
  const pathOf = scenario.path;
  const { body, headers } = jsonBody(scenario, ctx);
  const instance = autocannon({
    url: server.url,
    connections: config.connections,
    duration: durationS,
    timeout: 10,
    // Each connection sends its own user's token (auth.mjs) with the scenario's headers.
    setupClient: (client) => {
      const authorization = nextConnectionAuthorization();
      client.setHeaders({ ...headers, ...(authorization ? { authorization } : {}) });
    },
    requests: [
      {
        method: scenario.method,
        path: typeof pathOf === 'string' ? pathOf : '/',
        ...(body === undefined ? {} : { body }),
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
 * The body and content type of a scenario's requests, if it has a body, and the access token.
 * @param {Scenario} scenario
 * @param {Context} ctx
 * @returns {{ body?: string, headers?: Record<string, string> }}
 */
export function jsonBody(scenario, ctx) {
  const body = typeof scenario.body === 'function' ? scenario.body(ctx) : scenario.body;
  if (body === undefined) return { headers: authHeaders() };
  return { body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...authHeaders() } };
}

/**
 * One measured run: CPU before, load, CPU after.
 * @param {RunningServer} server
 * @param {Scenario} scenario
 * @param {Context} ctx
 * @param {number} round
 */
export async function measure(server, scenario, ctx, round) {
  const serverCpu0 = processCpuMs(server.pid);
  const dbCpu0 = postgresCpuMs();
  const runnerCpu0 = process.cpuUsage();
  // The server's peak resident set over the run, sampled (VmHWM would be the peak of its whole life).
  let peakRssMb = processRssMb(server.pid) ?? 0;
  const rssTimer = setInterval(() => {
    try {
      peakRssMb = Math.max(peakRssMb, processRssMb(server.pid) ?? 0);
    } catch {
      // the process is gone; measure() reports it below
    }
  }, 200);
  const { result, latencies } = await load(server, scenario, ctx, config.durationS).finally(() => clearInterval(rssTimer));
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
    peakRssMb,
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
