import { BullModule, getQueueToken } from '@nestjs/bull';
import { HttpAdapterHost } from '@nestjs/core';
import { AUTHORIZATION, type Authorization } from '../../shared/application/authorization.js';
import { AccessTokens } from '../auth/access-tokens.js';
import { NoQueueBoardController, QueueBoard } from './admin/queue-board.js';
import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { Queue } from 'bull';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../../config/app-config.js';
import { JOB_KINDS, OUTBOX } from '../../shared/application/jobs.js';
import { registerEntities } from '../database/entity-registry.js';
import { redisScope } from '../redis/redis-client.js';
import { GetJobQuery } from './admin/get-job.query.js';
import { JobLinks } from './admin/job-links.js';
import { JobsController } from './admin/jobs.controller.js';
import { ListJobsQuery } from './admin/list-jobs.query.js';
import { RemoveJobUseCase } from './admin/remove-job.use-case.js';
import { RetryJobUseCase } from './admin/retry-job.use-case.js';
import { BullJobQueue } from './bull-job-queue.js';
import { CleanFinishedJobsJob } from './clean-finished-jobs.job.js';
import { InProcessJobQueue } from './in-process-job-queue.js';
import { JOB_METRICS, type JobMetrics, noJobMetrics } from './job-metrics.js';
import { JOB_QUEUE } from './job-queue.js';
import { JobRegistry } from './job-registry.js';
import { OutboxMessageOrmEntity } from './outbox-message.orm-entity.js';
import { OutboxRelay } from './outbox-relay.js';
import { PurgeDispatchedMessagesJob } from './purge-dispatched-messages.job.js';
import { TypeOrmOutbox } from './typeorm-outbox.js';

registerEntities([OutboxMessageOrmEntity]);

/** The Bull queue every job kind runs on. */
export const NOTIFICATION_QUEUE = 'notification';

/**
 * Background work (SPEC-JOB): OUTBOX for use cases, JOB_KINDS for the modules that define
 * jobs, the relay from one to the other, and the queue: Bull on REDIS_URL (`@nestjs/bull`,
 * keys under `bull:<database>:`), or this process in the embedded mode; operators' quick
 * actions on its jobs (/admin/jobs), and with Bull the cleanup of its finished jobs. Job runs
 * are measured through MetricsModule's JOB_METRICS (nothing with METRICS_ENABLED=false).
 */
@Global()
@Module({})
export class JobsModule {
  static with(config: AppConfig): DynamicModule {
    const redisUrl = config.redis.url;
    return {
      module: JobsModule,
      imports: redisUrl
        ? [
            BullModule.forRoot({ redis: redisUrl, prefix: `bull:${redisScope(config)}` }),
            BullModule.registerQueue({ name: NOTIFICATION_QUEUE }),
          ]
        : [],
      providers: [
        JobRegistry,
        { provide: JOB_KINDS, useExisting: JobRegistry },
        redisUrl
          ? {
              provide: JOB_QUEUE,
              inject: [getQueueToken(NOTIFICATION_QUEUE), { token: JOB_METRICS, optional: true }],
              useFactory: (queue: Queue, metrics?: JobMetrics) => new BullJobQueue(queue, config.jobs.retentionMs, metrics ?? noJobMetrics),
            }
          : {
              provide: JOB_QUEUE,
              inject: [DataSource, { token: JOB_METRICS, optional: true }],
              useFactory: (dataSource: DataSource, metrics?: JobMetrics) => new InProcessJobQueue(dataSource, metrics ?? noJobMetrics),
            },
        OutboxRelay,
        TypeOrmOutbox,
        PurgeDispatchedMessagesJob,
        CleanFinishedJobsJob,
        { provide: OUTBOX, useExisting: TypeOrmOutbox },
        JobLinks,
        ListJobsQuery,
        GetJobQuery,
        RetryJobUseCase,
        RemoveJobUseCase,
        // The board shows Bull's queue, so it is there with Redis only; a worker serves no pages.
        ...(redisUrl && config.role !== 'worker'
          ? [
              {
                provide: QueueBoard,
                inject: [HttpAdapterHost, getQueueToken(NOTIFICATION_QUEUE), AccessTokens, AUTHORIZATION],
                useFactory: (host: HttpAdapterHost, queue: Queue, tokens: AccessTokens, authorization: Authorization) =>
                  new QueueBoard(host, queue, tokens, authorization),
              },
            ]
          : []),
      ],
      controllers: [JobsController, ...(redisUrl ? [] : [NoQueueBoardController])],
      exports: [JOB_KINDS, OUTBOX, JOB_QUEUE, OutboxRelay, TypeOrmOutbox],
    };
  }
}
