import { Inject, Injectable } from '@nestjs/common';
import { StaleVersionError } from '../../../shared/domain/domain-error.js';
import type { Case } from '../domain/case.aggregate.js';
import { CaseNotFoundError } from '../domain/case.errors.js';
import { CASE_REPOSITORY, type CaseRepository } from '../domain/case.repository.js';

/** Loads a case for a change, refusing it when the client's version is stale. */
@Injectable()
export class CaseLoader {
  constructor(@Inject(CASE_REPOSITORY) private readonly cases: CaseRepository) {}

  async load(id: string, expectedVersion?: number): Promise<Case> {
    const found = await this.cases.findById(id);
    if (!found) throw new CaseNotFoundError(id);
    if (expectedVersion !== undefined && found.version !== expectedVersion) {
      throw new StaleVersionError('case', id, expectedVersion, found.version);
    }
    return found;
  }
}
