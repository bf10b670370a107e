import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;

beforeAll(async () => {
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
        'PATCH /cases/{id}/steps/{stepKey}',
        'POST /cases/{id}/replan/preview',
        'POST /cases/{id}/replan/apply',
        'GET /me/work',
        'POST /auth/login',
        'POST /auth/refresh',
        'POST /auth/logout',
        'GET /me',
        'PATCH /me',
        'PATCH /me/password',
        'POST /users',
        'GET /users',
        'GET /users/{id}',
        'PATCH /users/{id}',
      ].sort(),
    );
    const create = response.body.paths['/tasks'].post;
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(['201', '400', '413', '415', '422']));
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

  it('serves the interactive documentation', async () => {
    const response = await t.request('GET', '/docs');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
  });
});
