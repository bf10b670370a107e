import { ClsPluginTransactional } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { type DynamicModule, Global, Module } from '@nestjs/common';
import { PagesModule } from './platform/pages/pages.module.js';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ClsModule } from 'nestjs-cls';
import { NotificationsModule } from './modules/notifications/notifications.module.js';
import { WebhooksModule } from './modules/webhooks/webhooks.module.js';
import { RemindersModule } from './modules/reminders/reminders.module.js';
import { ReadCacheModule } from './platform/cache/read-cache.module.js';
import { JobsModule } from './platform/jobs/jobs.module.js';
import { HttpClientsModule } from './platform/http-client/http-client.module.js';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from './config/app-config.js';
import { AuditModule } from './modules/audit/audit.module.js';
import { CalendarsModule } from './modules/calendars/calendars.module.js';
import { CasesModule } from './modules/cases/cases.module.js';
import { MyWorkModule } from './modules/my-work/my-work.module.js';
import { ProcessTemplatesModule } from './modules/process-templates/process-templates.module.js';
import { TasksModule } from './modules/tasks/tasks.module.js';
import { UsersModule } from './modules/users/users.module.js';
import { AuthModule } from './platform/auth/auth.module.js';
import { RateLimitModule } from './platform/rate-limit/rate-limit.module.js';
import { SecurityWatchModule } from './platform/security-watch/security-watch.module.js';
import { IdempotencyModule } from './platform/idempotency/idempotency.module.js';
import { SchedulingModule } from './platform/scheduling/scheduling.module.js';
import { DatabaseMaintenanceModule } from './platform/database/database-maintenance.module.js';
import { DatabaseModule } from './platform/database/database.module.js';
import { HealthModule } from './platform/health/health.module.js';
import { TypeOrmAfterCommit } from './platform/database/typeorm-after-commit.js';
import { type LogDestination, stdoutLogDestination } from './platform/logging/log-destination.js';
import { LoggerBusinessEvents } from './platform/logging/logger-business-events.js';
import { LoggingModule } from './platform/logging/logging.module.js';
import { METRICS_BUSINESS_EVENTS } from './platform/metrics/metrics-business-events.js';
import { MetricsModule } from './platform/metrics/metrics.module.js';
import { METRICS_SECURITY_EVENTS } from './platform/metrics/metrics-security-events.js';
import { LoggerSecurityEvents } from './platform/logging/logger-security-events.js';
import { SECURITY_EVENTS_PORT, type SecurityEvents } from './shared/application/security-events.js';
import { AFTER_COMMIT } from './shared/application/after-commit.js';
import {
  BUSINESS_EVENTS,
  type BusinessEvents,
  allBusinessEvents,
} from './shared/application/business-events.js';
import { CLOCK, systemClock } from './shared/application/clock.js';
import { ProblemDetailsFilter } from './shared/interface/problem-details.filter.js';
import { RequestValidationPipe } from './shared/interface/validation.js';

/**
 * What every module may inject: the configuration, the clock, the business events (logged
 * and counted), after-commit work.
 */
@Global()
@Module({})
class CoreModule {
  static with(config: AppConfig): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: CLOCK, useValue: systemClock },
        LoggerBusinessEvents,
        {
          provide: BUSINESS_EVENTS,
          // The counters are MetricsModule's, absent with METRICS_ENABLED=false.
          inject: [LoggerBusinessEvents, { token: METRICS_BUSINESS_EVENTS, optional: true }],
          useFactory: (log: BusinessEvents, counters?: BusinessEvents) => (counters ? allBusinessEvents(log, counters) : log),
        },
        { provide: AFTER_COMMIT, useClass: TypeOrmAfterCommit },
        {
          provide: SECURITY_EVENTS_PORT,
          inject: [{ token: METRICS_SECURITY_EVENTS, optional: true }],
          useFactory: (counters?: SecurityEvents): SecurityEvents => {
            const log = new LoggerSecurityEvents();
            if (!counters) return log;
            return {
              record(event, context) {
                log.record(event, context);
                counters.record(event, context);
              },
            };
          },
        },
      ],
      exports: [APP_CONFIG, CLOCK, BUSINESS_EVENTS, AFTER_COMMIT, SECURITY_EVENTS_PORT],
    };
  }
}

@Module({})
export class AppModule {
  /** The whole application for one validated configuration, logging to `logDestination`. */
  static with(config: AppConfig, logDestination: LogDestination = stdoutLogDestination()): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.with(config),
        LoggingModule.forRoot(config, logDestination),
        DatabaseModule,
        MetricsModule.with(config),
        // The read cache (SPEC-CACHE), in Redis when REDIS_URL is set. Each module sets its own
        // TTL per entry and forgets the entry once a change of it has committed.
        ReadCacheModule,
        // Transactions ride on AsyncLocalStorage: a use case marked @Transactional() runs in
        // one transaction whether HTTP, a cron tick or a queue job called it. Every HTTP
        // request also gets a context holding its trace id, which every log line carries
        // (opened by installHttpRequestContext in a Fastify hook, not by nestjs-cls's middleware).
        ClsModule.forRoot({
          global: true,
          plugins: [
            new ClsPluginTransactional({
              imports: [DatabaseModule],
              adapter: new TransactionalAdapterTypeOrm({ dataSourceToken: DataSource }),
            }),
          ],
        }),
        AuthModule,
        RateLimitModule,
        SecurityWatchModule,
        SchedulingModule,
        DatabaseMaintenanceModule,
        JobsModule.with(config),
        HttpClientsModule,
        IdempotencyModule,
        AuditModule,
        UsersModule,
        TasksModule,
        ProcessTemplatesModule,
        CalendarsModule,
        CasesModule,
        MyWorkModule,
        NotificationsModule.with(config),
        WebhooksModule.with(config),
        RemindersModule,
        PagesModule,
        HealthModule,
      ],
      providers: [
        { provide: APP_PIPE, useClass: RequestValidationPipe },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
    };
  }
}
