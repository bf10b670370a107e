import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** GET /health. */
export class BasicHealthResponse {
  @ApiProperty({ enum: ['ok'] }) status!: 'ok';
  @ApiProperty({ format: 'date-time' }) timestamp!: string;
}

const INDICATORS = {
  type: 'object' as const,
  additionalProperties: {
    type: 'object' as const,
    properties: { status: { type: 'string' as const, enum: ['up', 'degraded', 'down'] } },
    required: ['status'],
    additionalProperties: true,
  },
};

/** The result of a terminus health check (GET /health/live and /health/ready), on 200 and 503 alike. */
export class ProbeResponse {
  @ApiProperty({
    enum: ['ok', 'degraded', 'error', 'shutting_down'],
    description: '`error` and `shutting_down` come with 503.',
  })
  status!: 'ok' | 'degraded' | 'error' | 'shutting_down';

  @ApiPropertyOptional({ ...INDICATORS, description: 'The indicators that are up.' })
  info?: Record<string, unknown>;

  @ApiPropertyOptional({ ...INDICATORS, description: 'The indicators that are down.' })
  error?: Record<string, unknown>;

  @ApiProperty({
    ...INDICATORS,
    description: 'Every indicator.',
    example: { database: { status: 'up', responseTime: 2 }, migrations: { status: 'up', pending: [] } },
  })
  details!: Record<string, unknown>;
}

export type CheckStatus = 'healthy' | 'degraded' | 'unhealthy';
export type UsageStatus = 'normal' | 'high';

export class ApplicationCheck {
  @ApiProperty({ enum: ['healthy'] }) status!: 'healthy';
  @ApiProperty({ example: 3600 }) uptime_seconds!: number;
  @ApiProperty({ example: '0.1.0' }) version!: string;
}

export class CpuUsage {
  @ApiProperty({ example: 15.2, description: 'Of the CPUs this process may use, over the last 5 s.' })
  usage_percent!: number;
  @ApiProperty({ enum: ['normal', 'high'] }) status!: UsageStatus;
  @ApiProperty({ example: 80, description: 'HEALTH_CPU_PERCENT' }) threshold_percent!: number;
  @ApiProperty({ example: 2 }) cpus!: number;
}

export class MemoryUsageCheck {
  @ApiProperty({ example: 45.8, description: 'Resident set over the container limit, or host memory.' })
  usage_percent!: number;
  @ApiProperty({ enum: ['normal', 'high'] }) status!: UsageStatus;
  @ApiProperty({ example: 85, description: 'HEALTH_MEMORY_PERCENT' }) threshold_percent!: number;
  @ApiProperty() rss_bytes!: number;
  @ApiProperty() limit_bytes!: number;
}

export class SystemResourcesCheck {
  @ApiProperty({ enum: ['healthy', 'degraded'] }) status!: 'healthy' | 'degraded';
  @ApiProperty({ type: CpuUsage }) cpu!: CpuUsage;
  @ApiProperty({ type: MemoryUsageCheck }) memory!: MemoryUsageCheck;
}

export class PoolStatsResponse {
  @ApiProperty({ description: 'Open connections.' }) total!: number;
  @ApiProperty({ description: 'Open connections not in use.' }) idle!: number;
  @ApiProperty({ description: 'Requests waiting for a connection.' }) waiting!: number;
  @ApiProperty({ description: 'DATABASE_POOL_SIZE' }) max!: number;
}

export class DatabaseCheck {
  @ApiProperty({ enum: ['healthy', 'unhealthy'], description: 'Critical: unhealthy answers 503.' })
  status!: 'healthy' | 'unhealthy';
  @ApiProperty({ example: 2, description: 'How long SELECT 1 took (or took to fail).' }) latency_ms!: number;
  @ApiProperty({ type: PoolStatsResponse, nullable: true }) pool!: PoolStatsResponse | null;
  @ApiPropertyOptional() error?: string;
}

export class RedisCheck {
  @ApiProperty({ enum: ['healthy', 'unhealthy'], description: 'unhealthy makes the whole `degraded`.' })
  status!: 'healthy' | 'unhealthy';
  @ApiProperty({ example: 1 }) latency_ms!: number;
  @ApiPropertyOptional() error?: string;
}

export class DiskCheck {
  @ApiProperty({ enum: ['healthy', 'degraded'] }) status!: 'healthy' | 'degraded';
  @ApiProperty({ description: 'DATA_DIR for the embedded database, else the working directory.' }) path!: string;
  @ApiPropertyOptional({ description: 'The mount point holding `path`.' }) disk_path?: string;
  @ApiPropertyOptional({ example: 24.1 }) usage_percent?: number;
  @ApiPropertyOptional() free_bytes?: number;
  @ApiPropertyOptional() size_bytes?: number;
  @ApiProperty({ example: 90, description: 'HEALTH_DISK_PERCENT' }) threshold_percent!: number;
  @ApiPropertyOptional() error?: string;
}

export class LogsCheck {
  @ApiProperty({ enum: ['healthy', 'degraded'] }) status!: 'healthy' | 'degraded';
  @ApiProperty({ description: 'The directory of LOG_FILE.' }) directory!: string;
  @ApiPropertyOptional() files?: number;
  @ApiPropertyOptional() size_bytes?: number;
  @ApiPropertyOptional() error?: string;
}

export class OutboxBacklog {
  @ApiProperty({ example: 0, description: 'Committed messages not yet handed to the queue.' }) messages!: number;
  @ApiProperty({ type: Number, example: 0.4, nullable: true, description: 'How long the oldest has waited.' })
  oldest_age_seconds!: number | null;
}

export class JobsCheck {
  @ApiProperty({
    enum: ['healthy', 'degraded'],
    description: '`degraded` when the counts cannot be read or the oldest outbox message has waited over 5 minutes.',
  })
  status!: 'healthy' | 'degraded';
  @ApiProperty({ enum: ['bull', 'in-process'] }) queue!: 'bull' | 'in-process';
  @ApiPropertyOptional() waiting?: number;
  @ApiPropertyOptional() active?: number;
  @ApiPropertyOptional() completed?: number;
  @ApiPropertyOptional() failed?: number;
  @ApiPropertyOptional() delayed?: number;
  @ApiPropertyOptional({ type: OutboxBacklog }) outbox?: OutboxBacklog;
  @ApiPropertyOptional() error?: string;
}

export class ServiceCircuit {
  @ApiProperty({ example: 'email' }) name!: string;
  @ApiProperty({ enum: ['closed', 'half_open', 'open'] }) state!: 'closed' | 'half_open' | 'open';
}

export class OutboundCheck {
  @ApiProperty({ enum: ['healthy', 'degraded'], description: '`degraded` while a service\'s circuit is open; never unhealthy.' })
  status!: 'healthy' | 'degraded';
  @ApiProperty({ type: [ServiceCircuit], description: 'Each outbound service the app calls (EMAIL_API_URL, ...).' })
  services!: ServiceCircuit[];
}

export class HealthChecks {
  @ApiProperty({ type: ApplicationCheck }) application!: ApplicationCheck;
  @ApiProperty({ type: SystemResourcesCheck }) system_resources!: SystemResourcesCheck;
  @ApiProperty({ type: DatabaseCheck }) database!: DatabaseCheck;
  @ApiPropertyOptional({ type: RedisCheck, description: 'When REDIS_URL is set.' }) redis?: RedisCheck;
  @ApiProperty({ type: DiskCheck }) disk!: DiskCheck;
  @ApiPropertyOptional({ type: LogsCheck, description: 'When LOG_FILE is set.' }) logs?: LogsCheck;
  @ApiProperty({ type: JobsCheck, description: 'Background jobs (SPEC-HEALTH-2): counts by state and the outbox backlog.' })
  jobs!: JobsCheck;
  @ApiProperty({ type: OutboundCheck, description: 'Outbound services by circuit state; an outbound service never fails readiness.' })
  outbound!: OutboundCheck;
}

/** GET /health/detailed (SPEC-HEALTH-1). */
export class DetailedHealthResponse {
  @ApiProperty({
    enum: ['healthy', 'degraded', 'unhealthy'],
    description: '`degraded`: a threshold is passed or a non-critical check fails (200); `unhealthy`: the database is down (503).',
  })
  status!: CheckStatus;
  @ApiProperty({ format: 'date-time' }) timestamp!: string;
  @ApiProperty({ type: HealthChecks }) checks!: HealthChecks;
}
