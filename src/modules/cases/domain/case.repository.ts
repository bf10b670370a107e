import type { AuditRecord } from '../../../shared/domain/audit-record.js';
import type { FollowUp } from '../../../shared/domain/follow-up.js';
import type { Case } from './case.aggregate.js';

/** Where cases and their steps are kept; writes are conditional on the loaded version. */
export interface CaseRepository {
  findById(id: string): Promise<Case | null>;
  /**
   * Stores a new case with its steps, its audit entry and its follow-ups (outbox messages), in
   * one statement: atomic without a transaction, joining the caller's when there is one.
   */
  insert(aCase: Case, audit: AuditRecord, followUps?: readonly FollowUp[]): Promise<void>;
  /** Saves a loaded case if it is still at its loaded version (else StaleVersionError), and bumps the version. */
  update(aCase: Case): Promise<void>;
}

export const CASE_REPOSITORY = Symbol('CaseRepository');
