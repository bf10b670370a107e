/**
 * The parity check: before measuring, every server must answer every scenario like the
 * first one, or the comparison is not fair.
 */
import { jsonBody } from './load.mjs';

/**
 * @typedef {import('../scenarios/index.mjs').Scenario} Scenario
 * @typedef {import('../scenarios/index.mjs').Context} Context
 * @typedef {import('./servers.mjs').RunningServer} RunningServer
 */

/**
 * Sends each scenario's request once to every server and compares status, the ETag /
 * Location / Content-Type headers and the body with the first server's answer, so that a
 * baseline that does less than the API is noticed. Returns the differences found
 * (`problems`) and, in `ignored`, the body fields left out of a comparison.
 *
 * Against a server that is not an API (the raw baseline) only the body fields the raw
 * server answers are compared: a field the API has in addition (a new optional task field,
 * say) is listed in `ignored`, not a problem, so that adding a field to tasks needs no
 * edit of raw-server.mjs. A field the raw server answers with another value, or that the
 * API lacks, is still a problem. Two APIs (e.g. api-before and api) are compared in full.
 * @param {RunningServer[]} servers
 * @param {Scenario[]} scenarios
 * @param {Context} ctx
 * @returns {Promise<{ problems: string[], ignored: string[] }>}
 */
export async function checkParity(servers, scenarios, ctx) {
  /** @type {string[]} */
  const problems = [];
  /** @type {string[]} */
  const ignored = [];
  for (const scenario of scenarios) {
    const path = typeof scenario.path === 'function' ? scenario.path(ctx) : scenario.path;
    /** @type {{ server: string, isApi: boolean, shape: { body: unknown } & Record<string, unknown> }[]} */
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
        isApi: Boolean(server.isApi),
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
      let expected = first.shape;
      if (!other.isApi) {
        const { body, extra } = onlyFieldsOf(first.shape.body, other.shape.body);
        if (extra.length) {
          ignored.push(`${scenario.name}: ${other.server} does not answer ${first.server}'s ${extra.join(', ')} (not compared)`);
        }
        expected = { ...first.shape, body };
      }
      const a = JSON.stringify(expected);
      const b = JSON.stringify(other.shape);
      if (a !== b) problems.push(`${scenario.name}: ${other.server} differs from ${first.server}:\n    ${first.server}: ${a}\n    ${other.server}: ${b}`);
    }
  }
  return { problems, ignored };
}

/**
 * `body` without the top-level fields `known` lacks (in `body`'s order, so that a field
 * order that differs is still noticed), and the names of the fields left out. Anything
 * but two plain objects is returned whole.
 * @param {unknown} body
 * @param {unknown} known
 */
function onlyFieldsOf(body, known) {
  const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(body) || !isObject(known)) return { body, extra: [] };
  const entries = Object.entries(body);
  return {
    body: Object.fromEntries(entries.filter(([key]) => key in known)),
    extra: entries.filter(([key]) => !(key in known)).map(([key]) => key),
  };
}
