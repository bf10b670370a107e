import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { AppConfig, LogLevelName } from './config/app-config.js';
import { AppModule } from './app.module.js';
import { APP_INFO } from './config/app-info.js';
import { requestIdOf } from './platform/http/request-id.js';

const NEST_LEVELS: Record<LogLevelName, LogLevel[]> = {
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  info: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
  trace: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
};

/**
 * Builds the application exactly as production runs it (Fastify, pipes, problem
 * documents, OpenAPI), without listening. main.ts and the e2e tests both use it.
 */
export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.http.bodyLimitBytes,
    genReqId: requestIdOf,
    return503OnClosing: true,
  });
  const fastify = adapter.getInstance();
  // Only JSON bodies: text/plain would reach the validation pipe as a bare string.
  fastify.removeContentTypeParser('text/plain');
  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });

  const app = await NestFactory.create<NestFastifyApplication>(AppModule.with(config), adapter, {
    logger: new ConsoleLogger({
      json: config.env === 'production',
      logLevels: NEST_LEVELS[config.log.level],
    }),
    // Fastify's own JSON parser (with bodyLimit and prototype-poisoning checks) is the only
    // one: Nest's would add a form parser, and this API speaks JSON only.
    bodyParser: false,
  });
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('process-todo')
      .setDescription(
        'Process templates, cases planned backward over working days, and tasks. ' +
          'Errors are RFC 9457 application/problem+json documents.',
      )
      .setVersion(APP_INFO.version)
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  return app;
}
