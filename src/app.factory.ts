import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from './config/app-config.js';
import { AppModule } from './app.module.js';
import { frameworkProblemOptions, installFrameworkProblems } from './platform/http/framework-problems.js';
import { requestIdOf } from './platform/http/request-id.js';
import { removePassThroughEnhancers } from './platform/http/pass-through-enhancers.js';
import { installSecurityHeaders } from './platform/http/security-headers.js';
import { installHttpRequestContext } from './platform/logging/http-request-context.js';
import { installWorkerRoutes } from './platform/http/worker-routes.js';
import { installOverloadProtection } from './platform/http/overload-protection.js';
import { installPageSupport } from './platform/pages/page-support.js';
import { createLogDestination, type LogStream } from './platform/logging/log-destination.js';
import { LoggingModule } from './platform/logging/logging.module.js';
import { createOpenApiDocument } from './platform/openapi/openapi-document.js';

export interface CreateAppOptions {
  /** Where log lines go instead of stdout (tests capture them here); LOG_FILE still applies. */
  logStream?: LogStream;
}

/**
 * Builds the application exactly as production runs it (Fastify, pipes, problem
 * documents, OpenAPI), without listening. main.ts and the e2e tests both use it.
 */
export async function createApp(config: AppConfig, options: CreateAppOptions = {}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.http.bodyLimitBytes,
    genReqId: requestIdOf,
    ...frameworkProblemOptions,
    // Requests that arrive once the server closes (after the readiness delay) get a 503
    // problem from installFrameworkProblems instead of Fastify's plain JSON one.
    return503OnClosing: false,
  });
  const fastify = adapter.getInstance();
  // Only JSON bodies: text/plain would reach the validation pipe as a bare string.
  fastify.removeContentTypeParser('text/plain');

  const logDestination = await createLogDestination(config.log, options.logStream);
  const appModule = AppModule.with(config, logDestination);
  // Nest's start-up lines wait for the app's pino logger (SPEC-LOG-2 JSON), which useLogger
  // installs; should the start fail, they go out through the same pino root.
  const startupLogger = LoggingModule.startupLogger(config);
  // The first onRequest hook: everything after it runs in the request's trace context.
  installHttpRequestContext(fastify);
  installFrameworkProblems(fastify);
  if (config.role === 'worker') installWorkerRoutes(fastify);
  installSecurityHeaders(fastify);
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  // After the hooks above, so that a refusal carries the request id and the security headers.
  installOverloadProtection(fastify, config.http);
  installPageSupport(fastify, config);

  const app = await NestFactory.create<NestFastifyApplication>(appModule, adapter, {
    logger: startupLogger,
    bufferLogs: true,
    // Fastify's own JSON parser (with bodyLimit and prototype-poisoning checks) is the only
    // one: Nest's would add a form parser, and this API speaks JSON only.
    bodyParser: false,
  });
  removePassThroughEnhancers(app);
  if (config.cors.origins.length > 0) {
    app.enableCors({
      origin: [...config.cors.origins],
      methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['authorization', 'content-type', 'if-match', 'idempotency-key', 'x-request-id', 'traceparent'],
      exposedHeaders: ['etag', 'location', 'retry-after', 'x-request-id', 'idempotent-replayed', 'www-authenticate'],
      maxAge: 600,
    });
  }
  app.useLogger(app.get(Logger));
  app.useLogger(LoggingModule.nestLogLevels(config));
  // On SIGTERM and SIGINT Nest runs the shutdown (HealthModule: readiness 503, the delay, the
  // drain), then exits 0: a stop that went as planned is no failure for the orchestrator
  // (re-raising the signal, Nest's default, exits 143).
  app.enableShutdownHooks([], { useProcessExit: true });

  SwaggerModule.setup('docs', app, createOpenApiDocument(app), { jsonDocumentUrl: 'docs/openapi.json' });
  return app;
}

/**
 * The application's modules without HTTP (no Fastify, no routes, nothing listens): what the
 * operator CLI (src/cli.ts) runs its commands on, with a configuration of role `cli` (no
 * relay, no job processors, no schedules). An error while it starts is thrown, not logged
 * and exited on, so that the caller can say what went wrong; close it with `close()`.
 */
export async function createAppContext(config: AppConfig, options: CreateAppOptions = {}): Promise<INestApplicationContext> {
  const logDestination = await createLogDestination(config.log, options.logStream);
  const appModule = AppModule.with(config, logDestination);
  const context = await NestFactory.createApplicationContext(appModule, {
    // Straight to the app's pino root (no buffer), so that the lines of a start that fails are written too.
    logger: LoggingModule.startupLogger(config),
    abortOnError: false,
  });
  context.useLogger(context.get(Logger));
  context.useLogger(LoggingModule.nestLogLevels(config));
  return context;
}
