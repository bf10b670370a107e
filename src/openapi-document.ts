/**
 * The OpenAPI document the app serves under /docs/openapi.json, without a database, Redis or
 * port. `node dist/src/openapi-document.js <file.json>` writes it (`npm run openapi:lint`).
 */
import 'reflect-metadata';
import { writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/app-config.js';
import { loadConfig } from './config/load-config.js';
import { createOpenApiDocument } from './platform/openapi/openapi-document.js';

/**
 * The document of the app for `config`, its module graph built in Nest's preview mode, which
 * reads every controller's metadata and constructs no provider (so connects to nothing).
 * Nest's logger is off while it builds, for the whole process: call it before an app starts.
 */
export async function previewOpenApiDocument(config: AppConfig): Promise<OpenAPIObject> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.with(config), new FastifyAdapter(), {
    preview: true,
    logger: false,
    // A module that cannot be built is an error with its stack, not an abort.
    abortOnError: false,
  });
  return createOpenApiDocument(app);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const target = process.argv[2];
  if (!target) throw new Error('usage: node dist/src/openapi-document.js <file.json>');
  // The defaults, not this shell's environment: every route is in them (METRICS_ENABLED=true).
  const document = await previewOpenApiDocument(loadConfig({}));
  await writeFile(target, `${JSON.stringify(document, null, 2)}\n`);
}
