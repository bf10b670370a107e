import type { AuditEntryView, AuditResource } from '../../../../shared/application/audit-trail.js';
import type { Page } from '../../../../shared/application/page.js';

/** What GET /audit-logs filters on; every filter is optional and they combine with AND. */
export interface AuditLogCriteria {
  actorId?: string;
  resourceType?: AuditResource;
  resourceId?: string;
  action?: string;
  /** Entries at or after this instant. */
  from?: Date;
  /** Entries before this instant. */
  to?: Date;
  cursor?: string;
  limit: number;
}

/** The audit log, newest first, one keyset page at a time. */
export interface AuditLogReadModel {
  list(criteria: AuditLogCriteria): Promise<Page<AuditEntryView>>;
}

export const AUDIT_LOG_READ_MODEL = Symbol('AuditLogReadModel');
