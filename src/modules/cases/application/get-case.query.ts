import { Inject, Injectable } from '@nestjs/common';
import { LogUseCase } from '../../../shared/application/log-use-case.decorator.js';
import type { CaseSnapshot } from '../domain/case.aggregate.js';
import { CaseNotFoundError } from '../domain/case.errors.js';
import { CASE_REPOSITORY, type CaseRepository } from '../domain/case.repository.js';

@Injectable()
export class GetCaseQuery {
  constructor(@Inject(CASE_REPOSITORY) private readonly cases: CaseRepository) {}

  @LogUseCase({ success: 'debug' })
  async execute(id: string): Promise<CaseSnapshot> {
    const found = await this.cases.findById(id);
    if (!found) throw new CaseNotFoundError(id);
    return found.snapshot();
  }
}
