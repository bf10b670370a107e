import { dirname, resolve } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { APP_INFO } from '../../config/app-info.js';
import { CpuUsageSampler } from './cpu-usage.sampler.js';
import { DatabaseHealthIndicator } from './database.health.js';
import type {
  DatabaseCheck,
  DetailedHealthResponse,
  DiskCheck,
  JobsCheck,
  LogsCheck,
  OutboundCheck,
  RedisCheck,
  SystemResourcesCheck,
} from './health.responses.js';
import { memoryUsage } from './memory-usage.js';
import { RedisHealthIndicator } from './redis.health.js';
import { JOB_QUEUE, type JobQueue } from '../jobs/job-queue.js';
import { OutboxRelay } from '../jobs/outbox-relay.js';
import { HttpClients } from '../http-client/http-clients.js';
import { withTimeout } from '../../shared/infrastructure/with-timeout.js';
import { directorySize, diskUsage } from './storage-usage.js';

/** An outbox message older than this makes the jobs check degraded: the relay or the queue is stuck. */
const OUTBOX_STUCK_SECONDS = 300;
/** Disk and log sizes change slowly and cost a `df` and a directory walk: measured at most this often. */
const STORAGE_TTL_MS = 30_000;

/**
 * The operator's view (SPEC-HEALTH-1): every check with its numbers. The database is the
 * one critical check: when it is down the whole is `unhealthy` (503). Anything else that
 * fails, and any usage above its HEALTH_*_PERCENT threshold, makes it `degraded` (200).
 */
@Injectable()
export class DetailedHealth {
  private readonly diskPath: string;
  private readonly logDirectory: string | undefined;
  private readonly disk = new Fresh(STORAGE_TTL_MS, () => this.diskCheck());
  private readonly logs = new Fresh(STORAGE_TTL_MS, () => this.logsCheck(this.logDirectory!));

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly database: DatabaseHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    private readonly cpu: CpuUsageSampler,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    private readonly outbox: OutboxRelay,
    private readonly outboundClients: HttpClients,
  ) {
    // DATA_DIR matters only for the embedded database; a PostgreSQL server keeps its own disk.
    this.diskPath = resolve(config.database.url ? '.' : config.database.dataDir);
    this.logDirectory = config.log.file ? dirname(resolve(config.log.file.path)) : undefined;
  }

  async report(now = new Date()): Promise<DetailedHealthResponse> {
    const [database, redis, disk, logs, jobs] = await Promise.all([
      this.databaseCheck(),
      this.redis.configured ? this.redisCheck() : undefined,
      this.disk.get(),
      this.logDirectory ? this.logs.get() : undefined,
      this.jobsCheck(),
    ]);
    const systemResources = this.systemResources();
    const outbound = this.outboundCheck();
    const checks = {
      application: {
        status: 'healthy' as const,
        uptime_seconds: Math.floor(process.uptime()),
        version: APP_INFO.version,
      },
      system_resources: systemResources,
      database,
      ...(redis ? { redis } : {}),
      disk,
      ...(logs ? { logs } : {}),
      jobs,
      outbound,
    };
    const statuses = [systemResources.status, redis?.status, disk.status, logs?.status, jobs.status, outbound.status];
    const status =
      database.status === 'unhealthy'
        ? 'unhealthy'
        : statuses.some((s) => s !== undefined && s !== 'healthy')
          ? 'degraded'
          : 'healthy';
    return { status, timestamp: now.toISOString(), checks };
  }

  private outboundCheck(): OutboundCheck {
    const services = this.outboundClients.circuits();
    return { status: services.some((service) => service.state === 'open') ? 'degraded' : 'healthy', services };
  }

  private async jobsCheck(): Promise<JobsCheck> {
    const timeoutMs = this.config.health.checkTimeoutMs;
    try {
      const [counts, backlog] = await Promise.all([withTimeout(this.queue.counts(), timeoutMs), withTimeout(this.outbox.backlog(), timeoutMs)]);
      const oldest = backlog.oldestAgeMs === null ? null : Math.round(backlog.oldestAgeMs / 100) / 10;
      return {
        status: oldest !== null && oldest > OUTBOX_STUCK_SECONDS ? 'degraded' : 'healthy',
        queue: this.queue.mode,
        ...counts,
        outbox: { messages: backlog.messages, oldest_age_seconds: oldest },
      };
    } catch (error) {
      return { status: 'degraded', queue: this.queue.mode, error: error instanceof Error ? error.message : String(error) };
    }
  }

  private async databaseCheck(): Promise<DatabaseCheck> {
    const [{ database: ping }, { migrations }] = await Promise.all([
      this.database.ping('database'),
      this.database.migrations('migrations'),
    ]);
    const failure = [ping, migrations as Record<string, unknown>].find((result) => result.status === 'down');
    return {
      status: failure ? 'unhealthy' : 'healthy',
      latency_ms: Number(ping.responseTime ?? 0),
      pool: this.database.poolStats(),
      ...(failure ? { error: String(failure.message ?? 'down') } : {}),
    };
  }

  private async redisCheck(): Promise<RedisCheck> {
    const { redis } = await this.redis.ping('redis');
    return {
      status: redis.status === 'up' ? 'healthy' : 'unhealthy',
      latency_ms: Number(redis.responseTime ?? 0),
      ...(redis.status === 'up' ? {} : { error: String(redis.message ?? 'down') }),
    };
  }

  private systemResources(): SystemResourcesCheck {
    const { cpuPercent, memoryPercent } = this.config.health;
    const cpuUsage = this.cpu.usagePercent();
    const memory = memoryUsage();
    const cpu = {
      usage_percent: cpuUsage,
      status: level(cpuUsage, cpuPercent),
      threshold_percent: cpuPercent,
      cpus: this.cpu.cpus,
    };
    const mem = { ...memory, status: level(memory.usage_percent, memoryPercent), threshold_percent: memoryPercent };
    const high = cpu.status === 'high' || mem.status === 'high';
    return { status: high ? 'degraded' : 'healthy', cpu, memory: mem };
  }

  private async diskCheck(): Promise<DiskCheck> {
    const threshold = this.config.health.diskPercent;
    try {
      const usage = await diskUsage(this.diskPath);
      const status = level(usage.usage_percent, threshold) === 'high' ? 'degraded' : 'healthy';
      return { status, path: this.diskPath, ...usage, threshold_percent: threshold };
    } catch (error) {
      return { status: 'degraded', path: this.diskPath, threshold_percent: threshold, error: messageOf(error) };
    }
  }

  private async logsCheck(directory: string): Promise<LogsCheck> {
    try {
      return { status: 'healthy', directory, ...(await directorySize(directory)) };
    } catch (error) {
      return { status: 'degraded', directory, error: messageOf(error) };
    }
  }
}

/** The last measurement while it is younger than `ttlMs`; concurrent callers share one in flight. */
class Fresh<T> {
  private last?: { at: number; value: Promise<T> };

  constructor(
    private readonly ttlMs: number,
    private readonly measure: () => Promise<T>,
  ) {}

  get(): Promise<T> {
    const now = performance.now();
    if (!this.last || now - this.last.at >= this.ttlMs) this.last = { at: now, value: this.measure() };
    return this.last.value;
  }
}

function level(usagePercent: number, thresholdPercent: number): 'normal' | 'high' {
  return usagePercent > thresholdPercent ? 'high' : 'normal';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

