import { Inject, Injectable } from '@nestjs/common';
import { LogUseCase } from '../../../shared/application/log-use-case.decorator.js';
import {
  TemplateNotFoundError,
  TemplateVersionNotFoundError,
} from '../domain/process-template.errors.js';
import {
  PROCESS_TEMPLATE_READ_MODEL,
  type ProcessTemplateReadModel,
  type ProcessTemplateView,
} from './ports/process-template.read-model.js';

/** A template with its latest definition, or with the definition of a given version. */
@Injectable()
export class GetTemplateQuery {
  constructor(@Inject(PROCESS_TEMPLATE_READ_MODEL) private readonly reads: ProcessTemplateReadModel) {}

  @LogUseCase({ success: 'debug' })
  async execute(id: string, version?: number): Promise<ProcessTemplateView> {
    if (version === undefined) {
      const latest = await this.reads.findLatest(id);
      if (!latest) throw new TemplateNotFoundError(id);
      return latest;
    }
    const view = await this.reads.findVersion(id, version);
    if (view) return view;
    if (await this.reads.findLatest(id)) throw new TemplateVersionNotFoundError(id, version);
    throw new TemplateNotFoundError(id);
  }
}
