import {
  type DynamicModule,
  Inject,
  type LoggerService,
  type LogLevel,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Logger, LoggerModule, type Params, PinoLogger } from 'nestjs-pino';
import type { AppConfig, LogLevelName } from '../../config/app-config.js';
import { httpLogOptions } from './http-log.options.js';
import { type LogDestination, processLogStream } from './log-destination.js';
import { logLineOptions } from './log-line.js';

const LOG_DESTINATION = Symbol('LogDestination');

const NEST_LEVELS: Record<LogLevelName, LogLevel[]> = {
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  info: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
  trace: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
};

function loggerParams(config: AppConfig): Params {
  return {
    // The root logger of the process is this pino-http instance's (nestjs-pino keeps one).
    pinoHttp: [{ ...logLineOptions(config), ...httpLogOptions }, processLogStream],
    // Mounted on no route: installHttpRequestContext arms the request line from a Fastify
    // hook instead, for every route, unknown ones (404) included, without @fastify/middie.
    forRoutes: [],
    // `context` is ours (ids of business objects); Nest's logger context goes here.
    renameContext: 'component',
  };
}

/**
 * Structured logging (SPEC-LOG) through nestjs-pino: every line, Nest's own included, is
 * one JSON object in the SPEC-LOG-2 schema, carrying the trace context of its request or
 * job. Register once, in the root module.
 */
@Module({})
export class LoggingModule implements OnApplicationShutdown {
  constructor(@Inject(LOG_DESTINATION) private readonly destination: LogDestination) {}

  static forRoot(config: AppConfig, destination: LogDestination): DynamicModule {
    // nestjs-pino keeps one root logger per process, built for the first app: a later app
    // (tests start several) gets the lines from now on, at its own level.
    processLogStream.use(destination);
    if (PinoLogger.root) PinoLogger.root.level = config.log.level;
    return {
      module: LoggingModule,
      imports: [LoggerModule.forRoot(loggerParams(config))],
      providers: [{ provide: LOG_DESTINATION, useValue: destination }],
    };
  }

  /**
   * Nest's logger before the app exists, on the same pino root as the app's: so that a
   * start that fails (no database, say) says so in JSON too, not in Nest's console format.
   * Call it after `forRoot`.
   */
  static startupLogger(config: AppConfig): LoggerService {
    const params = loggerParams(config);
    return new Logger(new PinoLogger(params), params);
  }

  /**
   * LOG_LEVEL in Nest's terms, for `app.useLogger(levels)`: pino filters every line anyway;
   * this lets code that builds a line first ask `Logger.isLevelEnabled` and skip the work.
   */
  static nestLogLevels(config: AppConfig): LogLevel[] {
    return NEST_LEVELS[config.log.level];
  }

  onApplicationShutdown(): void {
    this.destination.flush();
  }
}
