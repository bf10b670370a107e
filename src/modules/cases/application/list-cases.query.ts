import { Inject, Injectable } from '@nestjs/common';
import { LogUseCase } from '../../../shared/application/log-use-case.decorator.js';
import {
  CASE_READ_MODEL,
  type CaseListCriteria,
  type CasePage,
  type CaseReadModel,
} from './ports/case.read-model.js';

@Injectable()
export class ListCasesQuery {
  constructor(@Inject(CASE_READ_MODEL) private readonly reads: CaseReadModel) {}

  @LogUseCase({ success: 'debug' })
  execute(criteria: CaseListCriteria): Promise<CasePage> {
    return this.reads.list(criteria);
  }
}
