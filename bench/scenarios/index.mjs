/**
 * The scenarios: what is measured, one file each in this folder. A scenario file is named
 * `<order>-<name>.mjs` (e.g. `50-list-tasks.mjs`), runs in the order of that number, and
 * `export default`s one Scenario. Adding a scenario is adding a file: there is no list to
 * edit. Shared helpers are in helpers.mjs; see bench/README.md.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BenchError } from '../lib/errors.mjs';

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

/**
 * @typedef {object} Context
 * @property {string} databaseUrl  The bench database, for the servers.
 * @property {string} seedUrl      Base URL of the first (API) server.
 * @property {string[]} taskIds    The seeded tasks.
 * Scenarios' `setup` may add fields of their own (ids they created).
 */

const DIR = dirname(fileURLToPath(import.meta.url));
const SCENARIO_FILE = /^(\d+)-[\w.-]+\.mjs$/;
/** The files of this folder that are not scenarios. */
const NOT_SCENARIOS = new Set(['index.mjs', 'helpers.mjs']);

/**
 * Imports every scenario file of this folder, in the order of their numeric prefixes.
 * @returns {Promise<Scenario[]>}
 */
export async function loadScenarios() {
  const files = readdirSync(DIR).filter((file) => file.endsWith('.mjs') && !NOT_SCENARIOS.has(file));
  // A misnamed file would be skipped without a word: refuse it instead.
  const misnamed = files.find((file) => !SCENARIO_FILE.test(file));
  if (misnamed) {
    throw new BenchError(`bench/scenarios/${misnamed}: a scenario file is named <order>-<name>.mjs, e.g. 50-${misnamed}`);
  }
  const order = (file) => Number(SCENARIO_FILE.exec(file)?.[1]);
  files.sort((a, b) => order(a) - order(b) || (a < b ? -1 : a > b ? 1 : 0));

  /** @type {Scenario[]} */
  const scenarios = [];
  for (const file of files) {
    const { default: scenario } = await import(pathToFileURL(join(DIR, file)).href);
    const where = `bench/scenarios/${file}`;
    if (!scenario || typeof scenario.name !== 'string' || typeof scenario.method !== 'string') {
      throw new BenchError(`${where}: export default a scenario ({ name, method, path, expectStatus, targets })`);
    }
    if (typeof scenario.path !== 'string' && typeof scenario.path !== 'function') {
      throw new BenchError(`${where}: path must be a string or a function of ctx`);
    }
    if (typeof scenario.expectStatus !== 'number') throw new BenchError(`${where}: expectStatus must be a number`);
    if (scenarios.some((s) => s.name === scenario.name)) {
      throw new BenchError(`${where}: another scenario is already named "${scenario.name}"`);
    }
    scenarios.push(scenario);
  }
  return scenarios;
}
