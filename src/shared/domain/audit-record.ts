import type { UserRole } from './user-role.js';

/** What an audit entry can be about. */
export const AUDIT_RESOURCES = ['task', 'template', 'calendar', 'case', 'user', 'webhook', 'job'] as const;
export type AuditResource = (typeof AUDIT_RESOURCES)[number];

/** The fields a change touched, each with its value before and after (null when there was none). */
export type AuditChanges = Record<string, { before: unknown; after: unknown }>;

/**
 * One change to record (the audit trail, shared/application/audit-trail.ts, writes it); who,
 * from where and in which trace come from the running request or job. A plain value, so that
 * a repository can take one and write it in the same statement as the change.
 */
export interface AuditRecord {
  /** `<resource>.<verb>`: `task.update`, `case.replan`, `user.login`… */
  action: string;
  resourceType: AuditResource;
  resourceId: string;
  changes?: AuditChanges | null;
  /** Who acted, when it is not the signed-in user of the request (a sign-in names its user). */
  actor?: { readonly id: string; readonly role: UserRole };
}
