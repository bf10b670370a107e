import type { Case } from './case.aggregate.js';

/** Where cases and their steps are kept; writes are conditional on the loaded version. */
export interface CaseRepository {
  findById(id: string): Promise<Case | null>;
  insert(aCase: Case): Promise<void>;
  /** Saves a loaded case if it is still at its loaded version (else StaleVersionError), and bumps the version. */
  update(aCase: Case): Promise<void>;
}

export const CASE_REPOSITORY = Symbol('CaseRepository');
