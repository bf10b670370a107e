import { Inject, Injectable } from '@nestjs/common';
import {
  MY_WORK_READ_MODEL,
  type MyWorkCriteria,
  type MyWorkPage,
  type MyWorkReadModel,
} from './ports/my-work.read-model.js';

@Injectable()
export class ListMyWorkQuery {
  constructor(@Inject(MY_WORK_READ_MODEL) private readonly reads: MyWorkReadModel) {}

  execute(criteria: MyWorkCriteria): Promise<MyWorkPage> {
    return this.reads.list(criteria);
  }
}
