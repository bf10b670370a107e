import { Inject, Injectable } from '@nestjs/common';
import { LogUseCase } from '../../../shared/application/log-use-case.decorator.js';
import {
  MY_WORK_READ_MODEL,
  type MyWorkCriteria,
  type MyWorkPage,
  type MyWorkReadModel,
} from './ports/my-work.read-model.js';

@Injectable()
export class ListMyWorkQuery {
  constructor(@Inject(MY_WORK_READ_MODEL) private readonly reads: MyWorkReadModel) {}

  @LogUseCase({ success: 'debug' })
  execute(criteria: MyWorkCriteria): Promise<MyWorkPage> {
    return this.reads.list(criteria);
  }
}
