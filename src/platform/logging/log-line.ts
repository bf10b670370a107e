import type { LoggerOptions } from 'pino';
import type { AppConfig } from '../../config/app-config.js';
import { APP_INFO } from '../../config/app-info.js';
import { errorFields, maskProperty, maskSecretsInText } from './mask-secrets.js';
import { currentTraceContext } from './trace-context.js';

const ERROR_LEVEL = 50;

/**
 * The fields every line has (SPEC-LOG-2) beside timestamp, level, message, service,
 * version and environment: the trace context of the running request or job, and nulls
 * for what the line does not say. What the line itself says wins.
 */
export function schemaFields(level: number): Record<string, unknown> {
  const trace = currentTraceContext();
  return {
    traceId: trace?.traceId ?? null,
    requestId: trace?.requestId ?? null,
    userId: trace?.userId ?? null,
    category: level >= ERROR_LEVEL ? 'error' : 'system',
    useCase: null,
    duration: null,
    context: null,
    metadata: trace?.metadata ?? null,
  };
}

/**
 * The written line: secrets masked at any depth, and an error (under `err`, where Nest and
 * pino put it, or `error`) as plain `error` fields.
 */
export function safeLine(fields: Record<string, unknown>): Record<string, unknown> {
  const line: Record<string, unknown> = {};
  for (const key in fields) {
    const value = fields[key];
    if (key === 'err' || (key === 'error' && value instanceof Error)) {
      line.error = value instanceof Error ? errorFields(value) : maskProperty('error', value);
    } else {
      line[key] = maskProperty(key, value);
    }
  }
  return line;
}

/**
 * How pino writes a line in the SPEC-LOG-2 schema: one JSON object with `timestamp` (ISO,
 * UTC, ms), `level` as a label, `message`, `service`, `version`, `environment` and the
 * trace fields, at the configured level.
 */
export function logLineOptions(config: AppConfig): LoggerOptions {
  return {
    level: config.log.level,
    messageKey: 'message',
    base: { service: APP_INFO.name, version: APP_INFO.version, environment: config.env },
    timestamp: () => `,"timestamp":"${isoNow()}"`,
    // A new object per line: pino's merge writes the line's own fields into it.
    mixin: (_line, level) => schemaFields(level),
    formatters: {
      level: (label) => ({ level: label }),
      log: safeLine,
    },
    serializers: {
      message: (message: unknown) => (typeof message === 'string' ? maskSecretsInText(message) : message),
      // pino-http binds the request to a child logger per request, and would serialize it
      // (deeply: most of its cost) even when that logger writes nothing. Lines carry
      // `metadata` instead: the request is neither serialized nor written.
      req: () => undefined,
    },
  };
}

let second = Number.NaN;
let secondPrefix = '';

/** `new Date().toISOString()`, formatting the date and time once per second, not per line. */
export function isoNow(now = Date.now()): string {
  const current = Math.floor(now / 1000);
  if (current !== second) {
    second = current;
    secondPrefix = new Date(current * 1000).toISOString().slice(0, 20); // YYYY-MM-DDTHH:MM:SS.
  }
  return `${secondPrefix}${String(now - current * 1000).padStart(3, '0')}Z`;
}
