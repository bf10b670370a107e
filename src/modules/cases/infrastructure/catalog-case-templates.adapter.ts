import { Injectable } from '@nestjs/common';
import { TemplateCatalog } from '../../process-templates/application/template-catalog.js';
import type { CaseTemplates, TemplateForCase } from '../application/ports/case-templates.port.js';

/** Cases read templates through the process-templates module's cached catalog. */
@Injectable()
export class CatalogCaseTemplates implements CaseTemplates {
  constructor(private readonly catalog: TemplateCatalog) {}

  async forNewCase(templateId: string): Promise<TemplateForCase> {
    const template = await this.catalog.getForNewCase(templateId);
    return { templateId: template.templateId, version: template.version, steps: template.steps };
  }
}
