import { Inject, Injectable } from '@nestjs/common';
import { LogUseCase } from '../../../shared/application/log-use-case.decorator.js';
import {
  PROCESS_TEMPLATE_READ_MODEL,
  type ProcessTemplateReadModel,
  type TemplateListCriteria,
  type TemplatePage,
} from './ports/process-template.read-model.js';

@Injectable()
export class ListTemplatesQuery {
  constructor(@Inject(PROCESS_TEMPLATE_READ_MODEL) private readonly reads: ProcessTemplateReadModel) {}

  @LogUseCase({ success: 'debug' })
  execute(criteria: TemplateListCriteria): Promise<TemplatePage> {
    return this.reads.list(criteria);
  }
}
