import { randomUUID } from 'node:crypto';
import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/load-config.js';
import { previewOpenApiDocument } from '../src/openapi-document.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
/** What `npm run openapi:lint` writes and lints, as it builds it. */
let linted: unknown;

beforeAll(async () => {
  // First: the preview turns Nest's logger off for the process; the app's start sets its own.
  linted = await previewOpenApiDocument(loadConfig({}));
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('OpenAPI', () => {
  it('serves a valid document describing every route', async () => {
    const response = await t.request('GET', '/docs/openapi.json');
    expect(response.status).toBe(200);
    const document = await SwaggerParser.validate(structuredClone(response.body));
    expect(document.info.title).toBe('process-todo');

    const operations = Object.entries(response.body.paths as Record<string, object>).flatMap(
      ([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations.sort()).toEqual(
      [
        'GET /health',
        'GET /health/live',
        'GET /health/ready',
        'GET /health/detailed',
        'POST /tasks',
        'GET /tasks',
        'GET /tasks/{id}',
        'PATCH /tasks/{id}',
        'DELETE /tasks/{id}',
        'POST /process-templates',
        'GET /process-templates',
        'GET /process-templates/{id}',
        'PUT /process-templates/{id}',
        'GET /process-templates/{id}/versions',
        'POST /process-templates/{id}/archive',
        'POST /process-templates/{id}/restore',
        'POST /calendars',
        'GET /calendars',
        'GET /calendars/{id}',
        'PUT /calendars/{id}/week',
        'POST /calendars/{id}/holidays',
        'DELETE /calendars/{id}/holidays/{date}',
        'GET /calendars/{id}/working-days',
        'POST /cases',
        'GET /cases',
        'GET /cases/{id}',
        'PATCH /cases/{id}',
        'GET /cases/{id}/calendar.ics',
        'GET /cases/{id}/gantt',
        'GET /cases/{id}/view',
        'PATCH /cases/{id}/steps/{stepKey}',
        'POST /cases/{id}/replan/preview',
        'POST /cases/{id}/replan/apply',
        'GET /me/work',
        'POST /auth/login',
        'POST /auth/refresh',
        'POST /auth/logout',
        'POST /auth/page-session',
        'GET /sign-in',
        'GET /assets/{name}',
        'DELETE /auth/page-session',
        'GET /me',
        'PATCH /me',
        'PATCH /me/password',
        'POST /users',
        'GET /users',
        'GET /users/{id}',
        'PATCH /users/{id}',
        'GET /admin/schedules',
        'GET /admin/jobs',
        'GET /admin/jobs/{id}',
        'POST /admin/jobs/{id}/retry',
        'DELETE /admin/jobs/{id}',
        'GET /audit-logs',
        'POST /admin/audit-archive/runs',
        'GET /admin/audit-archive/runs',
        'GET /tasks/{id}/history',
        'GET /cases/{id}/history',
        'POST /webhooks',
        'GET /webhooks',
        'GET /webhooks/{id}',
        'GET /webhooks/{id}/deliveries',
        'PATCH /webhooks/{id}',
        'DELETE /webhooks/{id}',
        'GET /metrics',
      ].sort(),
    );
    expect(response.body.servers).toEqual([expect.objectContaining({ url: '/' })]);
    expect(response.body.info.license).toEqual({ name: expect.stringContaining('Proprietary'), url: expect.stringMatching(/^https:/) });
    const create = response.body.paths['/tasks'].post;
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(['201', '400', '413', '415', '422']));
    // As the problems are sent, whatever the route's own media type (text/calendar here).
    for (const problem of [create.responses['400'], response.body.paths['/cases/{id}/calendar.ics'].get.responses['404']]) {
      expect(Object.keys(problem.content)).toEqual(['application/problem+json']);
    }
    expect(response.body.components.schemas.CreateTaskDto.required).toEqual(['title']);
    const apply = response.body.paths['/cases/{id}/replan/apply'].post;
    expect(apply.parameters).toContainEqual(expect.objectContaining({ name: 'If-Match', in: 'header', required: true }));
    expect(Object.keys(apply.responses)).toEqual(expect.arrayContaining(['200', '412', '428']));
    for (const route of ['/health/live', '/health/ready', '/health/detailed']) {
      expect(Object.keys(response.body.paths[route].get.responses)).toEqual(expect.arrayContaining(['200', '503']));
    }
    for (const route of ['/tasks', '/cases']) {
      expect(response.body.paths[route].post.parameters).toContainEqual(
        expect.objectContaining({ name: 'Idempotency-Key', in: 'header' }),
      );
    }
  });

  it('is the document npm run openapi:lint checks, which needs no database', async () => {
    const served = (await t.request('GET', '/docs/openapi.json')).body;
    expect(JSON.parse(JSON.stringify(linted))).toEqual(served);
  });

  it('asks for the access token on exactly the operations that refuse a request without one', async () => {
    const document = (await t.request('GET', '/docs/openapi.json')).body;
    expect(document.security).toEqual([{ bearer: [] }]);
    expect(document.components.securitySchemes).toMatchObject({
      bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      metricsToken: { type: 'http', scheme: 'bearer' },
    });

    const declared: Record<string, string> = {};
    const answered: Record<string, string> = {};
    for (const [route, methods] of Object.entries(document.paths as Record<string, Record<string, any>>)) {
      for (const [method, operation] of Object.entries(methods)) {
        const name = `${method.toUpperCase()} ${route}`;
        const security: Record<string, string[]>[] = operation.security ?? document.security;
        declared[name] = security.map((requirement) => Object.keys(requirement).join('+')).join(' or ') || 'nothing';
        const response = await t.request(method.toUpperCase(), route.replaceAll(/\{[^}]+\}/g, randomUUID()), {
          anonymous: true,
          ...(['post', 'put', 'patch'].includes(method) ? { body: {} } : {}),
        });
        const refused = response.status === 401 && response.body?.type === 'urn:process-todo:problem:invalid-access-token';
        // /metrics checks METRICS_TOKEN itself, and this app sets none (test/metrics.e2e-spec.ts sets one).
        answered[name] = refused ? 'bearer' : name === 'GET /metrics' ? 'metricsToken' : 'nothing';
      }
    }
    expect(declared).toEqual(answered);
    expect(Object.values(declared)).toContain('nothing');
    expect(Object.values(declared)).toContain('bearer');
  });

  it('serves the interactive documentation', async () => {
    const response = await t.request('GET', '/docs');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
  });
});

describe('security headers and CORS', () => {
  it('serves the docs page with helmet headers and a CSP its own scripts satisfy', async () => {
    const page = await t.request('GET', '/docs', { anonymous: true });
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const scripts = [...String(page.body).matchAll(/<script([^>]*)>/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    for (const attributes of scripts) {
      const src = /src="\.\/([^"]+)"/.exec(attributes)?.[1];
      expect(src, `inline script ${attributes}`).toBeDefined();
      expect((await t.request('GET', `/${src}`, { anonymous: true })).status, src).toBe(200);
    }
  });

  it('sends the same headers with every JSON answer and every problem, an unknown route and a refused token included', async () => {
    for (const [path, options, status] of [
      ['/tasks', {}, 200],
      ['/no-such-route', {}, 404],
      ['/tasks', { anonymous: true }, 401],
    ] as const) {
      const response = await t.request('GET', path, options);
      expect(response.status, path).toBe(status);
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('x-frame-options'), path).toBe('SAMEORIGIN');
      expect(response.headers.get('content-security-policy'), path).toContain("default-src 'self'");
    }
  });

  it('sends no CORS headers unless CORS_ORIGINS names the origin', async () => {
    const response = await t.request('OPTIONS', '/tasks', {
      anonymous: true,
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' },
    });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();

    const withCors = await startTestApp({ CORS_ORIGINS: 'https://app.example.com' });
    try {
      const allowed = await withCors.request('OPTIONS', '/tasks', {
        anonymous: true,
        headers: { origin: 'https://app.example.com', 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'authorization,if-match' },
      });
      expect(allowed.status).toBe(204);
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
      expect(allowed.headers.get('access-control-allow-methods')).toContain('PATCH');
      const other = await withCors.request('OPTIONS', '/tasks', {
        anonymous: true,
        headers: { origin: 'https://evil.example.com', 'access-control-request-method': 'POST' },
      });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await withCors.close();
    }
  });
});
