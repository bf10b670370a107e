/**
 * The servers: what is compared, one file each in this folder, named after the server
 * (`api-bare.mjs` defines `api-bare`) and `export default`ing one ServerDef. BENCH_SERVERS
 * selects them by name. Adding a server variant is adding a file; see bench/README.md.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BenchError } from '../lib/errors.mjs';

/**
 * @typedef {object} ServerDef
 * @property {string} name
 * @property {boolean} [baseline]  Ratios are taken against the first selected baseline.
 * @property {boolean} [migrates]  Runs the migrations at start (the first server must).
 * @property {(ctx: import('../scenarios/index.mjs').Context) => Promise<import('../lib/servers.mjs').RunningServer>} start
 * @property {string} [entry]      The file it starts, checked before anything else runs.
 * @property {string} [entryHint]  What to do when `entry` does not exist.
 * @property {string} [unavailable]  Why it cannot be selected now (e.g. a knob is not set).
 */

const DIR = dirname(fileURLToPath(import.meta.url));

/**
 * Imports every server file of this folder, by name.
 * @returns {Promise<Record<string, ServerDef>>}
 */
export async function loadServers() {
  const files = readdirSync(DIR)
    .filter((file) => file.endsWith('.mjs') && file !== 'index.mjs')
    .map((file) => file.slice(0, -'.mjs'.length))
    .sort()
    .map((name) => `${name}.mjs`);
  /** @type {Record<string, ServerDef>} */
  const servers = {};
  for (const file of files) {
    const { default: def } = await import(pathToFileURL(join(DIR, file)).href);
    if (!def || typeof def.start !== 'function' || `${def.name}.mjs` !== file) {
      throw new BenchError(`bench/servers/${file}: export default { name: '${file.slice(0, -4)}', start(ctx) }`);
    }
    servers[def.name] = def;
  }
  return servers;
}
