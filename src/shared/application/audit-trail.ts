import type { AuditChanges, AuditRecord, AuditResource } from '../domain/audit-record.js';
import { sameValue } from '../domain/same-value.js';
import type { Page } from './page.js';

export { AUDIT_RESOURCES, type AuditChanges, type AuditRecord, type AuditResource } from '../domain/audit-record.js';

/**
 * The append-only audit log (SPEC-DOM-6). `record` writes the entry in the caller's
 * transaction, so that a change that rolls back leaves no entry and a committed one always
 * has its entry: call it from inside the use case's @Transactional(), after the write.
 * The actor is the request's signed-in user (`system` for scheduled and queued work, `cli`
 * for an operator's command line); the trace id, ip and user agent are the request's.
 *
 * @example
 * await this.audit.record({ action: 'task.update', resourceType: 'task', resourceId: id,
 *   changes: auditChanges(before, after) });
 */
export interface AuditTrail {
  record(entry: AuditRecord): Promise<void>;
}

export const AUDIT_TRAIL = Symbol('AuditTrail');

/** An entry as the audit log and the histories show it. */
export interface AuditEntryView {
  id: string;
  occurredAt: Date;
  actorId: string | null;
  /** A user role, `system` (scheduled work), `anonymous` (a request without a signed-in user) or `cli` (an operator's command line). */
  actorRole: string;
  action: string;
  resourceType: AuditResource;
  resourceId: string;
  changes: AuditChanges | null;
  traceId: string | null;
  ip: string | null;
  userAgent: string | null;
}

/** The entries of one resource, newest first: what `GET /tasks/:id/history` and the like show. */
export interface AuditHistory {
  of(resourceType: AuditResource, resourceId: string, page: { cursor?: string; limit: number }): Promise<Page<AuditEntryView>>;
}

export const AUDIT_HISTORY = Symbol('AuditHistory');

/** Fields no audit entry ever carries, whatever a snapshot holds. */
const SECRET_FIELD = /password|secret|token|hash/i;
/** Bookkeeping every row has; the entry's own time and the version in the ETag say it already. */
const BOOKKEEPING = new Set(['id', 'version', 'createdAt', 'updatedAt']);

/**
 * The fields that differ between two states of a resource (a creation passes `null` as
 * `before`, a deletion `null` as `after`), without bookkeeping and never a secret.
 *
 * @example
 * auditChanges({ title: 'a', tags: ['x'] }, { title: 'b', tags: ['x'] }) // { title: { before: 'a', after: 'b' } }
 */
export function auditChanges(before: object | null, after: object | null): AuditChanges {
  const was = (before ?? {}) as Record<string, unknown>;
  const now = (after ?? {}) as Record<string, unknown>;
  const changes: AuditChanges = {};
  for (const field of new Set([...Object.keys(was), ...Object.keys(now)])) {
    if (BOOKKEEPING.has(field) || SECRET_FIELD.test(field)) continue;
    const from = was[field] ?? null;
    const to = now[field] ?? null;
    if (!sameJson(from, to)) changes[field] = { before: from, after: to };
  }
  return changes;
}

/** Field values compare as the aggregates compare them; nested objects (a case's step) by their JSON. */
function sameJson(a: unknown, b: unknown): boolean {
  if (sameValue(a, b)) return true;
  return typeof a === 'object' && typeof b === 'object' && a !== null && b !== null && JSON.stringify(a) === JSON.stringify(b);
}
