/**
 * The baseline of the benchmark: "what the hardware can do" for the same contract as the
 * API, with nothing but `node:http` and a `pg` Pool.
 *
 * It serves the two routes under test with the very SQL statements the API runs, the same
 * response bodies and the same headers (ETag, Location, Content-Type, x-request-id), and
 * hand-written validation of the same rules (title 1-200 characters and not blank, the
 * optional fields, unknown fields refused, JSON only, 1 MiB body limit). No framework, no
 * DI, no logging, no class-validator: the gap between this server and the API is the cost
 * of everything the API adds on top of the database round trip.
 *
 * Environment (the API's names, so the runner can start both the same way):
 *   PORT (3000), HOST (127.0.0.1), DATABASE_URL (required), DATABASE_POOL_SIZE (10),
 *   DATABASE_STATEMENT_TIMEOUT_MS (30000).
 * It runs no migrations: start it after the API has created the `tasks` table.
 *
 * Run: node bench/raw-server.mjs
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import pg from 'pg';

// Calendar dates stay 'YYYY-MM-DD' strings, exactly as the API configures pg.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

// Explicit column lists, never `SELECT *` or a bare `INSERT INTO tasks VALUES`: when the
// tasks table gains a nullable column, both statements keep working (the INSERT leaves it
// NULL or its default) and this server simply does not answer the new field, which the
// parity check ignores (it compares only the fields this server answers, bench/lib/parity.mjs).
const COLUMNS =
  'id, title, description, priority, status, due_date, assignee_id, tags, version, created_at, updated_at';
const SELECT_BY_ID = `SELECT ${COLUMNS} FROM tasks WHERE id = $1`;
const INSERT = `INSERT INTO tasks (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`;

const TITLE_MAX = 200;
const DESCRIPTION_MAX = 10_000;
const TAGS_MAX = 20;
const TAG_MAX = 40;
const BODY_LIMIT_BYTES = 1024 * 1024;
const PRIORITIES = new Set(['low', 'medium', 'high', 'urgent']);
const FIELDS = new Set(['title', 'description', 'priority', 'dueDate', 'assigneeId', 'tags']);
const UUID = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/i;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TAG_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N}_.:/-]*$/u;

const JSON_TYPE = 'application/json; charset=utf-8';
const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';

const env = process.env;
if (!env.DATABASE_URL) {
  process.stderr.write('raw-server: DATABASE_URL is required\n');
  process.exit(1);
}
const poolSize = Number(env.DATABASE_POOL_SIZE || 10);
const statementTimeout = Number(env.DATABASE_STATEMENT_TIMEOUT_MS || 30_000);

// The same pool settings as the API's data source (max, statement timeout, connect timeout).
const pool = new pg.Pool({
  connectionString: env.DATABASE_URL,
  max: poolSize,
  statement_timeout: statementTimeout || undefined,
  connectionTimeoutMillis: 10_000,
});
pool.on('error', (error) => process.stderr.write(`raw-server: idle client error: ${error.message}\n`));

/**
 * Writes a JSON response with the headers every API response carries.
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 * @param {Record<string, string>} [headers]
 * @param {string} [contentType]
 */
function send(res, status, body, headers = {}, contentType = JSON_TYPE) {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'x-request-id': randomUUID(),
    ...headers,
    'content-type': contentType,
    'content-length': Buffer.byteLength(payload),
  });
  res.end(payload);
}

/**
 * An RFC 9457 problem document, roughly like the API's (error paths are not measured).
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} title
 * @param {string} detail
 * @param {string} instance
 * @param {{field: string, message: string}[]} [errors]
 */
function problem(res, status, title, detail, instance, errors) {
  send(
    res,
    status,
    { type: 'about:blank', title, status, detail, instance, ...(errors ? { errors } : {}) },
    {},
    PROBLEM_TYPE,
  );
}

/**
 * The task JSON the API returns, from a `tasks` row.
 * @param {Record<string, any>} row
 */
function toTaskJson(row) {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    priority: row.priority,
    status: row.status,
    dueDate: row.due_date,
    assigneeId: row.assignee_id,
    tags: row.tags,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/**
 * True for a real calendar date written YYYY-MM-DD (no 2026-02-30).
 * @param {unknown} value
 */
function isCalendarDate(value) {
  if (typeof value !== 'string') return false;
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * Checks a create body by the API's rules and returns the row values, or the violations.
 * @param {unknown} body
 * @returns {{ errors: {field: string, message: string}[] } | { task: {
 *   title: string, description: string, priority: string, dueDate: string | null,
 *   assigneeId: string | null, tags: string[] } }}
 */
function checkCreateBody(body) {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { errors: [{ field: 'body', message: 'must be a JSON object' }] };
  }
  const errors = [];
  for (const key of Object.keys(body)) {
    if (!FIELDS.has(key)) errors.push({ field: key, message: 'is not a known field' });
  }
  const { title, description = '', priority = 'medium', dueDate = null, assigneeId = null } = body;
  const rawTags = body.tags ?? [];

  if (typeof title !== 'string' || title.trim().length === 0 || title.length > TITLE_MAX) {
    errors.push({ field: 'title', message: `must be a string of 1-${TITLE_MAX} characters, not blank` });
  }
  if (typeof description !== 'string' || description.length > DESCRIPTION_MAX) {
    errors.push({ field: 'description', message: `must be a string of at most ${DESCRIPTION_MAX} characters` });
  }
  if (!PRIORITIES.has(priority)) {
    errors.push({ field: 'priority', message: 'must be one of low, medium, high, urgent' });
  }
  if (dueDate !== null && !isCalendarDate(dueDate)) {
    errors.push({ field: 'dueDate', message: 'must be a calendar date YYYY-MM-DD' });
  }
  if (assigneeId !== null && !(typeof assigneeId === 'string' && UUID.test(assigneeId))) {
    errors.push({ field: 'assigneeId', message: 'must be a UUID' });
  }
  let tags = [];
  if (!Array.isArray(rawTags) || rawTags.length > TAGS_MAX || !rawTags.every((t) => typeof t === 'string')) {
    errors.push({ field: 'tags', message: `must be an array of at most ${TAGS_MAX} strings` });
  } else {
    // Trimmed, lower-cased, de-duplicated in first order: as the API stores them.
    tags = [...new Set(rawTags.map((tag) => tag.trim().toLowerCase()))];
    if (!tags.every((tag) => tag.length >= 1 && tag.length <= TAG_MAX && TAG_PATTERN.test(tag))) {
      errors.push({ field: 'tags', message: `each tag must be 1-${TAG_MAX} letters, digits or _ . : / -` });
    }
  }
  if (errors.length > 0) return { errors };
  return { task: { title: title.trim(), description, priority, dueDate, assigneeId, tags } };
}

/**
 * Reads a JSON request body, refusing other media types and bodies over the limit.
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<{ ok: true, value: unknown } | { ok: false, status: number, title: string, detail: string }>}
 */
function readJsonBody(req) {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json') {
    req.resume();
    return Promise.resolve({ ok: false, status: 415, title: 'Unsupported Media Type', detail: 'send application/json' });
  }
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size <= BODY_LIMIT_BYTES) chunks.push(chunk);
    });
    req.on('error', reject);
    req.on('end', () => {
      if (size > BODY_LIMIT_BYTES) {
        resolve({ ok: false, status: 413, title: 'Payload Too Large', detail: 'body too large' });
        return;
      }
      try {
        resolve({ ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      } catch {
        resolve({ ok: false, status: 400, title: 'Bad Request', detail: 'the body is not valid JSON' });
      }
    });
  });
}

/**
 * GET /tasks/:id
 * @param {import('node:http').ServerResponse} res
 * @param {string} id
 * @param {string} url
 */
async function getTask(res, id, url) {
  if (!UUID.test(id)) {
    problem(res, 400, 'Bad Request', 'a field is not valid: id', url, [{ field: 'id', message: 'must be a UUID' }]);
    return;
  }
  const { rows } = await pool.query(SELECT_BY_ID, [id]);
  if (rows.length === 0) {
    problem(res, 404, 'Not Found', `task ${id} does not exist`, url);
    return;
  }
  send(res, 200, toTaskJson(rows[0]), { etag: `"${rows[0].version}"` });
}

/**
 * POST /tasks
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 */
async function createTask(req, res) {
  const body = await readJsonBody(req);
  if (!body.ok) {
    problem(res, body.status, body.title, body.detail, req.url);
    return;
  }
  const checked = checkCreateBody(body.value);
  if ('errors' in checked) {
    const fields = checked.errors.map((e) => e.field).join(', ');
    problem(res, 400, 'Bad Request', `a field is not valid: ${fields}`, req.url, checked.errors);
    return;
  }
  const { task } = checked;
  const id = randomUUID();
  const now = new Date();
  await pool.query(INSERT, [
    id,
    task.title,
    task.description,
    task.priority,
    'todo',
    task.dueDate,
    task.assigneeId,
    task.tags,
    1,
    now,
    now,
  ]);
  const json = {
    id,
    title: task.title,
    description: task.description,
    priority: task.priority,
    status: 'todo',
    dueDate: task.dueDate,
    assigneeId: task.assigneeId,
    tags: task.tags,
    version: 1,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  send(res, 201, json, { location: `/tasks/${id}`, etag: '"1"' });
}

/**
 * Routes a request; any unexpected failure is a bare 500.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 */
async function handle(req, res) {
  const url = req.url ?? '/';
  const path = url.split('?')[0];
  try {
    if (req.method === 'GET' && path.startsWith('/tasks/') && path.indexOf('/', 7) === -1) {
      await getTask(res, decodeURIComponent(path.slice(7)), url);
    } else if (req.method === 'POST' && path === '/tasks') {
      await createTask(req, res);
    } else if (req.method === 'GET' && path === '/health') {
      send(res, 200, { status: 'ok', timestamp: new Date().toISOString() });
    } else {
      req.resume();
      problem(res, 404, 'Not Found', `no route ${req.method} ${path}`, url);
    }
  } catch (error) {
    process.stderr.write(`raw-server: ${req.method} ${url}: ${error?.stack ?? error}\n`);
    if (!res.headersSent) problem(res, 500, 'Internal Server Error', 'the request failed', url);
    else res.destroy();
  }
}

const server = createServer({ keepAliveTimeout: 72_000 }, (req, res) => void handle(req, res));

/** Stops accepting, lets requests in flight finish, then closes the pool. */
async function shutdown() {
  server.closeIdleConnections();
  await new Promise((resolve) => server.close(resolve));
  await pool.end();
  process.exit(0);
}
process.once('SIGTERM', () => void shutdown());
process.once('SIGINT', () => void shutdown());

const port = Number(env.PORT || 3000);
const host = env.HOST || '127.0.0.1';
server.listen(port, host, () => {
  process.stdout.write(`raw-server: listening on http://${host}:${port} (pool ${poolSize})\n`);
});
