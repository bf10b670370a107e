import { Inject, Injectable } from '@nestjs/common';
import { LogUseCase } from '../../../shared/application/log-use-case.decorator.js';
import { TemplateNotFoundError } from '../domain/process-template.errors.js';
import {
  PROCESS_TEMPLATE_READ_MODEL,
  type ProcessTemplateReadModel,
  type TemplateVersionSummary,
} from './ports/process-template.read-model.js';

/** Every version of a template, oldest first. */
@Injectable()
export class ListTemplateVersionsQuery {
  constructor(@Inject(PROCESS_TEMPLATE_READ_MODEL) private readonly reads: ProcessTemplateReadModel) {}

  @LogUseCase({ success: 'debug' })
  async execute(id: string): Promise<TemplateVersionSummary[]> {
    const versions = await this.reads.listVersions(id);
    if (!versions) throw new TemplateNotFoundError(id);
    return versions;
  }
}
