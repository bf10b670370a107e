import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedPostgres } from './embedded-postgres.js';

describe('EmbeddedPostgres', () => {
  let dir: string;
  let db: EmbeddedPostgres;
  let pool: pg.Pool;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'embedded-pg-'));
    db = await EmbeddedPostgres.start(dir, 9);
    pool = new pg.Pool({ host: db.host, port: db.port, user: 'postgres', database: 'postgres', max: 8 });
  });
  afterAll(async () => {
    await pool?.end();
    await db?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("keeps each pooled connection's extended-protocol batch whole, around other connections' transactions", async () => {
    // pglite-socket's own queue pins a connection only inside a transaction: a transaction
    // that begins between another connection's Bind and Execute replaces its portal, which
    // then "does not exist" (electric-sql/pglite#1046). Red with PGLiteSocketServer.
    await pool.query('CREATE TABLE IF NOT EXISTS mixed (n int)');
    const work = async (n: number) => {
      if (n % 3 !== 0) return (await pool.query<{ n: number; t: string }>(`SELECT $1::int AS n, 'q${n}' AS t`, [n])).rows;
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('INSERT INTO mixed VALUES ($1)', [n]);
        const { rows } = await client.query<{ n: number; t: string }>('SELECT $1::int AS n, $2::text AS t FROM mixed WHERE n = $1', [n, `q${n}`]);
        await client.query('COMMIT');
        return rows;
      } finally {
        client.release();
      }
    };
    const errors: unknown[] = [];
    pool.on('error', (error) => errors.push(error));
    const answers = await Promise.allSettled(Array.from({ length: 300 }, (_, n) => work(n)));
    expect(answers.filter((answer) => answer.status === 'rejected').map((answer) => String((answer as PromiseRejectedResult).reason))).toEqual([]);
    answers.forEach((answer, n) => expect((answer as PromiseFulfilledResult<unknown>).value).toEqual([{ n, t: `q${n}` }]));
    expect(errors).toEqual([]);
  });

  it("runs one connection's transaction alone, and the others' queries after it", async () => {
    await pool.query('CREATE TABLE IF NOT EXISTS counter (n int)');
    const holder = await pool.connect();
    await holder.query('BEGIN');
    await holder.query('INSERT INTO counter VALUES ($1)', [1]);
    const outside = pool.query<{ count: string }>('SELECT count(*) FROM counter');
    await holder.query('INSERT INTO counter VALUES ($1)', [2]);
    await holder.query('COMMIT');
    holder.release();
    expect((await outside).rows).toEqual([{ count: '2' }]);
  });

  it('rolls back a transaction whose connection went away, and serves the others', async () => {
    const client = new pg.Client({ host: db.host, port: db.port, user: 'postgres', database: 'postgres' });
    await client.connect();
    await client.query('BEGIN');
    await client.query('INSERT INTO counter VALUES ($1)', [3]);
    await client.end();
    expect((await pool.query<{ count: string }>('SELECT count(*) FROM counter')).rows).toEqual([{ count: '2' }]);
  });
});
