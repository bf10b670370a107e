import { Inject, Injectable } from '@nestjs/common';
import { CaseCache } from './case-cache.js';
import { LogUseCase } from '../../../shared/application/log-use-case.decorator.js';
import type { CaseSnapshot } from '../domain/case.aggregate.js';
import { CaseNotFoundError } from '../domain/case.errors.js';
import { CASE_REPOSITORY, type CaseRepository } from '../domain/case.repository.js';

/** One case, through the case cache. */
@Injectable()
export class GetCaseQuery {
  constructor(
    @Inject(CASE_REPOSITORY) private readonly cases: CaseRepository,
    private readonly cache: CaseCache,
  ) {}

  @LogUseCase({ success: 'debug' })
  async execute(id: string): Promise<CaseSnapshot> {
    const found = await this.cache.get(id, async () => (await this.cases.findById(id))?.snapshot() ?? null);
    if (!found) throw new CaseNotFoundError(id);
    return found;
  }
}
