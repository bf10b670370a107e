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
        ...(i % 5 === 0 ? { assigneeId: '5b0c2f7e-3c1a-4d5e-9f60-7a8b9c0d1e2f' } : {}),
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
