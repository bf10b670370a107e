import { userInfo } from 'node:os';
import { type DynamicModule, Global, type INestApplicationContext, Inject, Injectable, Module, type OnApplicationShutdown, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { createAppContext } from '../app.factory.js';
import { APP_CONFIG, type AppConfig, type LogLevelName } from '../config/app-config.js';
import { loadConfig } from '../config/load-config.js';
import { DatabaseModule } from '../platform/database/database.module.js';
import { createLogDestination } from '../platform/logging/log-destination.js';
import { LoggingModule } from '../platform/logging/logging.module.js';
import { runInTraceContext } from '../platform/logging/trace-context.js';
import { cliLogStream } from './cli-log-stream.js';

/** The environment a CLI run reads its configuration from (process.env in src/cli.ts). */
export const CLI_ENVIRONMENT = Symbol('CliEnvironment');
export type CliEnvironment = Readonly<Record<string, string | undefined>>;

/**
 * The application's modules for one run of the operator CLI, started when a command first
 * asks for them (so that `--help` and a usage error open no database) and closed when the
 * CLI's own context closes: the pool, the embedded database, Redis.
 *
 * They run with role `cli` (see createAppContext): no HTTP, no outbox relay, no job
 * processors, no schedules. What a command writes to the outbox waits there for the app's
 * relay, as an api replica's messages wait for a worker. Log lines go to stderr: without
 * LOG_LEVEL only warnings, errors and the progress of long work, as text; with it, every
 * line at that level as the app writes it (JSON).
 */
@Injectable()
export class CliApp implements OnApplicationShutdown {
  private loaded: AppConfig | undefined;
  private app: Promise<INestApplicationContext> | undefined;
  private database: Promise<INestApplicationContext> | undefined;

  constructor(@Inject(CLI_ENVIRONMENT) private readonly env: CliEnvironment) {}

  /** The validated configuration, as the app reads it (ConfigError lists every problem). */
  config(): AppConfig {
    if (!this.loaded) {
      const config = loadConfig({ ...this.env, LOG_LEVEL: this.env.LOG_LEVEL?.trim() || 'info' });
      this.loaded = {
        ...config,
        role: 'cli',
        // Nothing scrapes a CLI run, and its timers would only hold the process open.
        metrics: { ...config.metrics, enabled: false },
      };
    }
    return this.loaded;
  }

  /** A provider of the app's modules (a use case, a query), starting them on first use. */
  async get<T>(type: Type<T> | symbol): Promise<T> {
    this.app ??= this.start();
    return (await this.app).get<T>(type as Type<T>);
  }

  /**
   * The database alone, for `migrate`: the data source and, without DATABASE_URL, the
   * embedded server, with no migration applied at start and none of the modules' start-up
   * work (which would need the tables the migrations make).
   */
  async dataSource(): Promise<DataSource> {
    this.database ??= this.startDatabase();
    return (await this.database).get(DataSource);
  }

  /**
   * Runs a command's work as the CLI: its audit entries name the actor `cli`, the command
   * and the OS user, and its log lines carry one trace id.
   */
  act<T>(command: string, work: () => Promise<T>): Promise<T> {
    return runInTraceContext(work, { cli: { command, osUser: osUser() } });
  }

  async onApplicationShutdown(): Promise<void> {
    const started = await Promise.allSettled([this.app, this.database].filter((app) => app !== undefined));
    for (const result of started) if (result.status === 'fulfilled') await result.value.close();
  }

  private async start(): Promise<INestApplicationContext> {
    const config = this.config();
    return createAppContext(config, { logStream: cliLogStream(this.verboseLevel()) });
  }

  private async startDatabase(): Promise<INestApplicationContext> {
    const config: AppConfig = { ...this.config(), database: { ...this.config().database, runMigrations: false } };
    const destination = await createLogDestination(config.log, cliLogStream(this.verboseLevel()));
    return NestFactory.createApplicationContext(CliDatabaseModule.with(config, destination), {
      logger: LoggingModule.startupLogger(config),
      abortOnError: false,
    });
  }

  /** LOG_LEVEL when it was set: then every line at that level is shown as it is. */
  private verboseLevel(): LogLevelName | null {
    return this.env.LOG_LEVEL?.trim() ? this.config().log.level : null;
  }
}

/** The configuration, for the database module to inject (the app's CoreModule does this there). */
@Global()
@Module({})
class CliConfigModule {
  static with(config: AppConfig): DynamicModule {
    return { module: CliConfigModule, providers: [{ provide: APP_CONFIG, useValue: config }], exports: [APP_CONFIG] };
  }
}

@Module({})
class CliDatabaseModule {
  static with(config: AppConfig, destination: Parameters<typeof LoggingModule.forRoot>[1]): DynamicModule {
    return { module: CliDatabaseModule, imports: [CliConfigModule.with(config), LoggingModule.forRoot(config, destination), DatabaseModule] };
  }
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    // No passwd entry for the uid (a container run with an arbitrary user).
    return `uid ${process.getuid?.() ?? '?'}`;
  }
}
