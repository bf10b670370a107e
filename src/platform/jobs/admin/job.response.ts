import { ApiProperty } from '@nestjs/swagger';
import { maskSecrets } from '../../logging/mask-secrets.js';
import { JOB_STATES, LAST_ERROR_MAX } from '../job-queue.js';
import type { AdminJob } from './job-links.js';

/** A background job as operators see it in lists. */
export class JobResponse {
  @ApiProperty({ format: 'uuid', description: 'The job id: its outbox message id.' }) id!: string;
  @ApiProperty({ example: 'send-email' }) kind!: string;
  @ApiProperty({ enum: JOB_STATES }) state!: string;
  @ApiProperty({ description: 'Runs so far, the first included.' }) attemptsMade!: number;
  @ApiProperty({ type: Number, nullable: true, description: "Runs it may take (its kind's attempts); null for a kind this process does not know." })
  attemptsAllowed!: number | null;
  @ApiProperty({ type: String, nullable: true, maxLength: LAST_ERROR_MAX, description: 'The last failure: its message only, secrets masked.' })
  lastError!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The trace id of the request that caused it.' }) traceId!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The failed job this one retries.' }) originalJobId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The retry of this job.' }) retriedAs!: string | null;

  static from(job: AdminJob): JobResponse {
    return {
      id: job.id,
      kind: job.kind,
      state: job.state,
      attemptsMade: job.attemptsMade,
      attemptsAllowed: job.attemptsAllowed,
      lastError: job.lastError,
      traceId: job.traceId,
      createdAt: job.createdAt.toISOString(),
      finishedAt: job.finishedAt?.toISOString() ?? null,
      originalJobId: job.originalJobId,
      retriedAs: job.retriedAs,
    };
  }
}

/** One job with what it carries. */
export class JobDetailResponse extends JobResponse {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: "What the job works on (ids, a title), as its handler receives it; a secret-looking field is masked.",
  })
  data!: Record<string, unknown>;

  static fromJob(job: AdminJob): JobDetailResponse {
    return { ...JobResponse.from(job), data: maskSecrets(job.data) as Record<string, unknown> };
  }
}

export class JobPageResponse {
  @ApiProperty({ type: [JobResponse] }) items!: JobResponse[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
