/**
 * Child processes: every server under test is `node <entry>` started by the runner, on a
 * free port, and ready once GET /health answers 200. The servers themselves (which entry,
 * which environment) are defined in bench/servers/, one file each.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { config, ROOT } from './config.mjs';
import { BenchError } from './errors.mjs';
import { BENCH_ADMIN, BENCH_JWT_SECRET } from './auth.mjs';

/**
 * @typedef {import('../scenarios/index.mjs').Context} Context
 */

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

/** SIGKILLs every child still running: the last resort when the runner exits. */
export function killChildren() {
  for (const child of children) child.kill('SIGKILL');
}

/**
 * The API as production runs it (info logs with a line per request, metrics on), with
 * `overrides` on top of the bench's environment.
 * @param {Context} ctx
 * @param {string} name
 * @param {Record<string, string>} overrides
 * @param {string} [entry]  the build to start; BENCH_API_ENTRY's by default
 */
export function startApi(ctx, name, overrides, entry = config.apiEntry) {
  return startNodeServer(name, entry, {
    NODE_OPTIONS: PRODUCTION_NODE_OPTIONS,
    JWT_SECRET: BENCH_JWT_SECRET,
    // One user at thousands of requests a second: the limits are counted, never reached.
    RATE_LIMIT_PER_SECOND: '1000000',
    RATE_LIMIT_BURST: '1000000',
    RATE_LIMIT_LOGIN_PER_MINUTE: '1000000',
    ADMIN_EMAIL: BENCH_ADMIN.email,
    ADMIN_PASSWORD: BENCH_ADMIN.password,
    DATABASE_URL: ctx.databaseUrl,
    DATABASE_POOL_SIZE: String(config.poolSize),
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    METRICS_ENABLED: 'true',
    MIGRATIONS_RUN: 'true',
    ...overrides,
  });
}

/**
 * The NODE_OPTIONS of the production image (docker/Dockerfile's ENV), so that the API is
 * measured with the heap limits it runs with; BENCH_NODE_OPTIONS replaces them (set it
 * empty to measure V8's own sizing).
 */
export const PRODUCTION_NODE_OPTIONS = process.env.BENCH_NODE_OPTIONS ?? (() => {
  const dockerfile = readFileSync(join(ROOT, 'docker', 'Dockerfile'), 'utf8');
  return /^\s*NODE_OPTIONS=(\S+)/m.exec(dockerfile)?.[1] ?? '';
})();

/**
 * Starts `node <entry>` with PORT/HOST set and waits until GET /health answers 200.
 * @param {string} name
 * @param {string} entry
 * @param {Record<string, string>} env
 * @returns {Promise<RunningServer>}
 */
export async function startNodeServer(name, entry, env) {
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
      throw new BenchError(`${name} exited during start (code ${code}, signal ${signal})`, startHint(server, entry));
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
  throw new BenchError(
    `${name} did not answer GET /health within ${config.startTimeoutMs / 1000} s`,
    startHint(server, entry),
  );
}

/**
 * The child's last output, with a hint for the usual mistake.
 * @param {RunningServer} server
 * @param {string} entry
 */
function startHint(server, entry) {
  let text = server.logTail();
  if (/ERR_MODULE_NOT_FOUND/.test(text) && !entry.startsWith(ROOT + '/')) {
    text +=
      `\n\nhint: ${entry} is outside the repository, so node cannot find node_modules.` +
      `\n  ln -s ${ROOT}/node_modules <outDir>/node_modules && cp ${ROOT}/package.json <outDir>/`;
  }
  return text;
}

/** A TCP port nobody listens on right now. */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (probe.address());
      probe.close(() => resolvePort(port));
    });
  });
}
