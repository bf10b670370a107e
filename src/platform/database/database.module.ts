import {
  type DynamicModule,
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { createDataSource } from './data-source.factory.js';
import { EmbeddedPostgres } from './embedded-postgres.js';
import { type EntityClass, registerEntities, registeredEntities } from './entity-registry.js';
import { loadMigrations } from './migrations.js';
import { RequestDeadlineGuard } from './request-deadline.guard.js';
import { IdempotencyKeyOrmEntity } from '../idempotency/idempotency-key.orm-entity.js';

const EMBEDDED_POSTGRES = Symbol('EmbeddedPostgres');

/** Closes the pool first, then the embedded server it talks to. */
@Injectable()
class DatabaseLifecycle implements OnApplicationShutdown {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(EMBEDDED_POSTGRES) private readonly embedded: EmbeddedPostgres | null,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    await this.embedded?.stop();
  }
}

/**
 * The database connection: PostgreSQL at DATABASE_URL, or the embedded PGlite server
 * under DATA_DIR. Pending migrations run before the app serves anything.
 */
@Global()
@Module({
  providers: [
    {
      provide: EMBEDDED_POSTGRES,
      inject: [APP_CONFIG],
      useFactory: async ({ database }: AppConfig) => {
        if (database.url) return null;
        const logger = new Logger('Database');
        logger.warn(
          `DATABASE_URL is not set: using the embedded PGlite database in ${database.dataDir}. ` +
            'It is for development and trials; set DATABASE_URL to a PostgreSQL server in production.',
        );
        // One spare connection for the migration runner beside the pool.
        return EmbeddedPostgres.start(database.dataDir, database.poolSize + 1);
      },
    },
    {
      provide: DataSource,
      inject: [APP_CONFIG, EMBEDDED_POSTGRES],
      useFactory: async ({ database, log, http }: AppConfig, embedded: EmbeddedPostgres | null) => {
        const schema = { entities: registeredEntities(), migrations: await loadMigrations() };
        const dataSource = createDataSource(database, embedded ?? { url: database.url }, schema, log);
        await dataSource.initialize();
        dataSource.subscribers.push(new RequestDeadlineGuard(http.requestTimeoutMs));
        if (database.runMigrations) {
          const applied = await dataSource.runMigrations();
          if (applied.length > 0) {
            new Logger('Database').log(`applied migrations: ${applied.map((m) => m.name).join(', ')}`);
          }
        }
        return dataSource;
      },
    },
    DatabaseLifecycle,
  ],
  exports: [DataSource],
})
export class DatabaseModule {
  /**
   * Registers the entities a module owns, as `TypeOrmModule.forFeature` does: a module
   * lists its tables here, and the platform never names a module's entity.
   *
   * @example
   * \@Module({ imports: [DatabaseModule.forFeature([TaskOrmEntity])], providers: [...] })
   * export class TasksModule {}
   */
  static forFeature(entities: readonly EntityClass[]): DynamicModule {
    registerEntities(entities);
    return { module: DatabaseFeatureModule };
  }
}

/** What `forFeature` imports: nothing to provide; the data source is global. */
@Module({})
class DatabaseFeatureModule {}

// The platform's own table.
registerEntities([IdempotencyKeyOrmEntity]);
