import type { INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { DocumentBuilder, type OpenAPIObject, type OperationObject, SwaggerModule } from '@nestjs/swagger';
import { APP_INFO } from '../../config/app-info.js';
import { PUBLIC_ROUTE } from '../../shared/interface/auth.decorators.js';

/** The security scheme of the access tokens every route but the @Public() ones asks for. */
export const ACCESS_TOKEN_SCHEME = 'bearer';
/** The security scheme of `GET /metrics` (METRICS_TOKEN), which takes no access token. */
export const METRICS_TOKEN_SCHEME = 'metricsToken';

const operationIdOf = (controller: string, method: string) => `${controller}_${method}`;

/**
 * The OpenAPI document of the app's routes, served under /docs and linted by
 * `npm run openapi:lint`. Every operation asks for an access token (the document's own
 * `security`), except those the access-token guard lets through: the routes marked
 * @Public() declare `security: []`, or the credential they check themselves
 * (`@ApiSecurity(METRICS_TOKEN_SCHEME)` on /metrics).
 *
 * @example
 * SwaggerModule.setup('docs', app, createOpenApiDocument(app));
 */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('process-todo')
    .setDescription(
      'Process templates, cases planned backward over working days, and tasks. ' +
        'Errors are RFC 9457 application/problem+json documents.',
    )
    .setVersion(APP_INFO.version)
    // package.json says UNLICENSED: no one is granted a licence. npm's page says what that means.
    .setLicense('Proprietary (UNLICENSED)', 'https://docs.npmjs.com/cli/configuring-npm/package-json#license')
    // Relative: the server that serves this document (/docs/openapi.json), whatever its address.
    .addServer('/', 'The server this document comes from')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'The access token of POST /auth/login.' },
      ACCESS_TOKEN_SCHEME,
    )
    .addSecurityRequirements(ACCESS_TOKEN_SCHEME)
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        description: 'METRICS_TOKEN, when the server sets one (without it, GET /metrics is open).',
      },
      METRICS_TOKEN_SCHEME,
    )
    .build();
  const document = SwaggerModule.createDocument(app, config, { operationIdFactory: operationIdOf });
  declarePublicOperations(app, document);
  return document;
}

/**
 * Gives each operation of a @Public() route (by the guard's own rule: the handler's mark,
 * else its controller's) `security: []` unless it names its own scheme: the document-wide
 * bearer requirement does not hold for it. Fails on an operation it cannot tie to a route,
 * rather than leave it with a requirement that may be wrong.
 */
function declarePublicOperations(app: INestApplication, document: OpenAPIObject): void {
  const operations = operationsById(document);
  const reflector = new Reflector();
  const scanner = new MetadataScanner();
  for (const module of app.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      if (typeof metatype !== 'function') continue;
      const prototype = metatype.prototype as Record<string, unknown>;
      for (const method of scanner.getAllMethodNames(prototype)) {
        const handler = prototype[method] as () => unknown;
        if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        if (Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
        // Absent: the route is left out of the document (@ApiExcludeEndpoint and the like).
        const id = operationIdOf(metatype.name, method);
        const operation = operations.get(id);
        operations.delete(id);
        if (!operation || !reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [handler, metatype])) continue;
        if (!operation.security?.length) operation.security = [];
      }
    }
  }
  if (operations.size > 0) {
    throw new Error(`OpenAPI: no route found for the operations ${[...operations.keys()].join(', ')}`);
  }
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** Every operation of the document by its operationId, which must be unique to find a route's. */
function operationsById(document: OpenAPIObject): Map<string, OperationObject> {
  const operations = new Map<string, OperationObject>();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const id = operation.operationId ?? `${method.toUpperCase()} ${path}`;
      if (operations.has(id)) throw new Error(`OpenAPI: two operations are ${id} (one is ${method.toUpperCase()} ${path})`);
      operations.set(id, operation);
    }
  }
  return operations;
}
