import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import type { AppConfig } from '../../config/app-config.js';
import type { ScheduledJob } from './scheduled-job.js';

/**
 * A scheduled job that deletes the rows of `entity` matching `where` (SQL on its columns),
 * and counts them as its items.
 *
 * @example
 * runner.register(purgeJob(dataSource, {
 *   name: 'purge-idempotency-keys', cron: '15 3 * * *', entity: IdempotencyKeyOrmEntity, where: 'expires_at < now()',
 * }));
 */
export function purgeJob(
  dataSource: DataSource,
  options: { name: string; cron: string; entity: EntityTarget<ObjectLiteral>; where: string },
): ScheduledJob {
  return {
    name: options.name,
    cron: options.cron,
    run: async () => {
      const { affected } = await dataSource
        .createQueryBuilder()
        .delete()
        .from(options.entity)
        .where(options.where)
        .callListeners(false)
        .execute();
      return { items: affected ?? 0 };
    },
  };
}

/** JOB_RETENTION_DAYS as the whole number of days it was given (validated at start), for a purge's interval literal. */
export function retentionDays(config: Pick<AppConfig, 'jobs'>): number {
  return Math.round(config.jobs.retentionMs / 86_400_000);
}
