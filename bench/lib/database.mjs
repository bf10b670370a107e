/**
 * The bench database (dropped and created on every run) and the seed data.
 */
import pg from 'pg';
import { config } from './config.mjs';
import { BenchError } from './errors.mjs';
import { authHeaders } from './auth.mjs';

/** Drops and creates the bench database; returns its URL. */
export async function createDatabase() {
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

/** The person the seeded tasks and POST /tasks are assigned to: the API assigns work to active users only. */
export const BENCH_ASSIGNEE_ID = '5b0c2f7e-3c1a-4d5e-9f60-7a8b9c0d1e2f';

/**
 * Adds the bench assignee as an active user (straight into the migrated database: nobody
 * signs in as them). A build from before users existed has no table: nothing to add.
 * @param {string} databaseUrl
 */
export async function addBenchAssignee(databaseUrl) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT to_regclass('users') IS NOT NULL AS present`);
    if (!rows[0].present) return;
    await client.query(
      `INSERT INTO users (id, email, name, role, active, password_hash, failed_logins, version, created_at, updated_at)
       VALUES ($1, 'bench-assignee@example.com', 'Bench assignee', 'member', true, '!no-password', 0, 1, now(), now())
       ON CONFLICT DO NOTHING`,
      [BENCH_ASSIGNEE_ID],
    );
  } finally {
    await client.end();
  }
}

/**
 * Creates `count` varied tasks through the API, 20 at a time; returns their ids.
 * @param {string} baseUrl
 * @param {number} count
 */
export async function seedTasks(baseUrl, count) {
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
        ...(i % 5 === 0 ? { assigneeId: BENCH_ASSIGNEE_ID } : {}),
        tags: ['seed', `group-${i % 10}`, ...(i % 7 === 0 ? ['Urgent-Review'] : [])],
      };
      const res = await fetch(`${baseUrl}/tasks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...authHeaders() },
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
