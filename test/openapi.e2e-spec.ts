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
        'POST /tasks',
        'GET /tasks',
        'GET /tasks/{id}',
        'PATCH /tasks/{id}',
        'DELETE /tasks/{id}',
      ].sort(),
    );
    const create = response.body.paths['/tasks'].post;
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(['201', '400', '413', '415', '422']));
    expect(response.body.components.schemas.CreateTaskDto.required).toEqual(['title']);
  });

  it('serves the interactive documentation', async () => {
    const response = await t.request('GET', '/docs');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
  });
});
