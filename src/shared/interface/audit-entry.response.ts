import { ApiProperty } from '@nestjs/swagger';
import { AUDIT_RESOURCES, type AuditEntryView, type AuditHistory, type AuditResource } from '../application/audit-trail.js';
import type { PageQueryDto } from './page-query.dto.js';
import { DEFAULT_PAGE_SIZE } from './page-query.dto.js';

/** One audit entry as the audit log and the histories answer it. */
export class AuditEntryResponse {
  @ApiProperty({ description: 'Ascending with time; unique.', example: '1024' }) id!: string;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Null for the system.' }) actorId!: string | null;
  @ApiProperty({ enum: ['admin', 'manager', 'member', 'viewer', 'system', 'anonymous', 'cli'], description: '`system` for scheduled work, `anonymous` for a request without a signed-in user (a failed sign-in), `cli` for an operator\'s command line (its `userAgent` names the command and the OS user).' }) actorRole!: string;
  @ApiProperty({ example: 'task.update' }) action!: string;
  @ApiProperty({ enum: AUDIT_RESOURCES }) resourceType!: AuditResource;
  @ApiProperty({ format: 'uuid' }) resourceId!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'object', properties: { before: {}, after: {} } },
    nullable: true,
    description: 'Each changed field with its value before and after; never a secret.',
    example: { title: { before: 'Draft', after: 'Final' } },
  })
  changes!: Record<string, { before: unknown; after: unknown }> | null;
  @ApiProperty({ type: String, nullable: true, description: 'The request or job it happened in (x-request-id, log lines).' }) traceId!: string | null;
  @ApiProperty({ type: String, nullable: true }) ip!: string | null;
  @ApiProperty({ type: String, nullable: true }) userAgent!: string | null;

  static from(entry: AuditEntryView): AuditEntryResponse {
    return { ...entry, occurredAt: entry.occurredAt.toISOString() };
  }
}

export class AuditEntryPageResponse {
  @ApiProperty({ type: [AuditEntryResponse] }) items!: AuditEntryResponse[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

/**
 * One page of a resource's history, newest first (`GET /tasks/:id/history` and the like).
 * `assertExists` (the resource's read, throwing its 404) runs only when the first page is
 * empty: a resource that never existed is a 404, a deleted one keeps its history.
 */
export async function historyPage(
  history: AuditHistory,
  resource: { type: AuditResource; id: string; assertExists(): Promise<unknown> },
  query: PageQueryDto,
): Promise<AuditEntryPageResponse> {
  const page = await history.of(resource.type, resource.id, { limit: query.limit ?? DEFAULT_PAGE_SIZE, cursor: query.cursor });
  if (page.items.length === 0 && !query.cursor) await resource.assertExists();
  return { items: page.items.map(AuditEntryResponse.from), nextCursor: page.nextCursor };
}
