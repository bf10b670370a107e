/**
 * The report: medians over rounds, ratios to the baseline and targets, the table, and the
 * results JSON in bench/results/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { BENCH_DIR, config } from './config.mjs';
import { CLK_TCK } from './cpu.mjs';

/**
 * @typedef {import('../scenarios/index.mjs').Scenario} Scenario
 * @typedef {import('../servers/index.mjs').ServerDef} ServerDef
 * @typedef {import('./load.mjs').Run} Run
 * @typedef {ReturnType<typeof summarize>} Summary
 */

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
 * @param {Run[]} runs
 */
export function summarize(scenarios, servers, runs) {
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
        peakRssMb: Math.max(...mine.map((r) => r.peakRssMb ?? 0)),
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
export const fmt = (value, digits = 1) => (value === null || value === undefined ? '-' : value.toFixed(digits));

/**
 * What request logging and metrics cost: `api` (as production runs it) against
 * `api-bare` (both off), per scenario. The aim is at most 15% of throughput.
 * @param {Summary} summary
 */
export function printObservabilityCost(summary) {
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

/**
 * The change between two builds: `api` (this build) against `api-before`
 * (BENCH_BASELINE_ENTRY), per scenario; printed only when both ran. Informative, no aim.
 * @param {Summary} summary
 */
export function printBeforeAfter(summary) {
  const lines = summary.flatMap((s) => {
    const after = s.rows.find((r) => r.server === 'api');
    const before = s.rows.find((r) => r.server === 'api-before');
    if (!after || !before || !after.reqPerSec || !before.reqPerSec) return [];
    const cpu = before.serverCpuMsPerReq ? after.serverCpuMsPerReq / before.serverCpuMsPerReq : null;
    return [
      `  ${s.scenario.padEnd(32)} req/s ${fmt(after.reqPerSec / before.reqPerSec, 2)}x, CPU/req ${fmt(cpu, 2)}x, ` +
        `p99 ${fmt(before.p99Ms, 2)} -> ${fmt(after.p99Ms, 2)} ms`,
    ];
  });
  if (lines.length === 0) return;
  console.log('\nThis build (api) against the baseline build (api-before):');
  for (const line of lines) console.log(line);
}

/** @param {Summary} summary */
export function printTable(summary) {
  const header = ['scenario', 'server', 'req/s', 'p50 ms', 'p99 ms', 'CPU ms/req', 'DB CPU ms/req', 'peak RSS MB', 'errors'];
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
        fmt(r.peakRssMb, 0),
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

/**
 * Writes bench/results/<timestamp>.json: the configuration, the machine, each run's
 * figures and the summary shown in the table. Returns the file and what it holds.
 * @param {object} report
 * @param {Date} report.startedAt
 * @param {number} report.totalSeconds
 * @param {string} report.postgres  the server's version
 * @param {string[]} report.parity  the parity check's problems
 * @param {Summary} report.summary
 * @param {Run[]} report.runs
 * @param {Run[]} report.failed  the runs over the error rate
 */
export function writeResults({ startedAt, totalSeconds, postgres, parity, summary, runs, failed }) {
  const results = {
    startedAt: startedAt.toISOString(),
    totalSeconds,
    machine: {
      node: process.versions.node,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      clkTck: CLK_TCK,
      postgres,
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
  return { file, results };
}
