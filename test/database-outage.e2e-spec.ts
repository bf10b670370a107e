import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './support/eventually.js';
import { TcpProxy } from './support/tcp-proxy.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const databaseUrl = process.env.DATABASE_URL;

/** The app, reaching PostgreSQL through a proxy the test can cut or pause. */
async function startBehindProxy(env: Record<string, string>): Promise<{ proxy: TcpProxy; t: TestApp }> {
  const server = new URL(databaseUrl!);
  const proxy = await TcpProxy.start({ host: server.hostname, port: Number(server.port || 5432) });
  const t = await startTestApp(env, {
    databaseUrl: (url) => {
      const viaProxy = new URL(url);
      viaProxy.hostname = '127.0.0.1';
      viaProxy.port = String(proxy.port);
      return viaProxy.toString();
    },
  });
  return { proxy, t };
}

/**
 * The app reaches PostgreSQL through a proxy that the test cuts (every connection dropped,
 * new ones refused) and restores, without restarting the app.
 */
describe.skipIf(!databaseUrl)(
  'a database outage (needs DATABASE_URL: the embedded PGlite runs inside the app, with no connection to cut)',
  () => {
    let proxy: TcpProxy;
    let t: TestApp;

    beforeAll(async () => {
      ({ proxy, t } = await startBehindProxy({ HEALTH_CHECK_TIMEOUT_MS: '1000' }));
    });
    afterAll(async () => {
      await proxy?.restore();
      await t?.close();
      await proxy?.stop();
    });

    it('answers 503 while the database is away, and recovers on its own when it is back', async () => {
      const created = await t.request('POST', '/tasks', { body: { title: 'outlive the outage' } });
      expect(created.status).toBe(201);
      expect((await t.request('GET', '/health/ready')).status).toBe(200);

      await proxy.cut();

      const ready = await eventually(
        () => t.request('GET', '/health/ready'),
        (response) => response.status === 503,
        { timeoutMs: 5_000 },
      );
      expect(ready.body).toMatchObject({ status: 'error', error: { database: { status: 'down' } } });

      // Alive: restarting the pod would not bring the database back.
      expect((await t.request('GET', '/health/live')).status).toBe(200);

      const list = await t.request('GET', '/tasks');
      expect(list.status).toBe(503);
      expect(list.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(list.headers.get('retry-after')).toBe('5');
      expect(list.body).toMatchObject({
        type: 'urn:process-todo:problem:service-unavailable',
        status: 503,
        traceId: expect.any(String),
      });

      const write = await t.request('POST', '/tasks', { body: { title: 'lost?' } });
      expect(write.status).toBe(503);

      const detailed = await t.request('GET', '/health/detailed');
      expect(detailed.status).toBe(503);
      expect(detailed.body).toMatchObject({ status: 'unhealthy', checks: { database: { status: 'unhealthy' } } });

      await proxy.restore();

      await eventually(
        () => t.request('GET', '/health/ready'),
        (response) => response.status === 200,
        { timeoutMs: 10_000 },
      );
      const after = await t.request('GET', '/tasks');
      expect(after.status).toBe(200);
      expect(after.body.items.map((task: { id: string }) => task.id)).toContain(created.body.id);
      expect((await t.request('GET', '/health/detailed')).body.checks.database.status).toBe('healthy');
    });
  },
);

describe.skipIf(!databaseUrl)(
  'a hung database network (needs DATABASE_URL): packets dropped, not refused',
  () => {
    let proxy: TcpProxy;
    let t: TestApp;

    beforeAll(async () => {
      // The client gives up a query 1 s after the statement timeout.
      ({ proxy, t } = await startBehindProxy({ DATABASE_STATEMENT_TIMEOUT_MS: '1000', HEALTH_CHECK_TIMEOUT_MS: '1000' }));
    });
    afterAll(async () => {
      proxy?.resume();
      await t?.close();
      await proxy?.stop();
    });

    it('gives up a hung query and answers 503, then serves again when the network does', async () => {
      const created = await t.request('POST', '/tasks', { body: { title: 'outlive the hang' } });
      expect(created.status).toBe(201);

      proxy.pause();

      const [list, write, ready] = await Promise.all([
        t.request('GET', `/tasks/${created.body.id}`),
        t.request('POST', '/tasks', { body: { title: 'during the hang' } }),
        t.request('GET', '/health/ready'),
      ]);
      for (const response of [list, write]) {
        expect(response.status, JSON.stringify(response.body)).toBe(503);
        expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(response.headers.get('retry-after')).toBe('5');
        expect(response.body).toMatchObject({ type: 'urn:process-todo:problem:service-unavailable' });
      }
      expect(ready.status).toBe(503);
      expect((await t.request('GET', '/health/live')).status).toBe(200);

      proxy.resume();

      const after = await eventually(
        () => t.request('GET', `/tasks/${created.body.id}`),
        (response) => response.status === 200,
        { timeoutMs: 15_000 },
      );
      expect(after.body).toMatchObject({ id: created.body.id, title: 'outlive the hang' });
      expect((await t.request('POST', '/tasks', { body: { title: 'after the hang' } })).status).toBe(201);
    });
  },
);
