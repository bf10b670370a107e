import { Inject, Injectable } from '@nestjs/common';
import {
  TemplateArchivedError,
  TemplateNotFoundError,
  TemplateVersionNotFoundError,
} from '../domain/process-template.errors.js';
import {
  PROCESS_TEMPLATE_REPOSITORY,
  type ProcessTemplateRepository,
} from '../domain/process-template.repository.js';
import { TemplateCache, type TemplateHead } from './template-cache.js';
import type { TemplateDefinitionView } from './template-definition.view.js';
import { isUuid } from '../../../shared/domain/uuid.js';

export type { TemplateDefinitionView } from './template-definition.view.js';

/** What a version number can be; anything else is no version, not a database error. */
const isVersionNumber = (version: number) =>
  Number.isInteger(version) && version >= 1 && version <= 2_147_483_647;

/**
 * What other modules read of process templates: the definition a case is planned on.
 * Answers come from the template read cache (SPEC-CACHE) when they can, and each call
 * returns its own copy, so a caller may sort or change the steps it gets.
 *
 * @example
 * // Starting a case: the latest version, refused when the template is archived.
 * const definition = await catalog.getForNewCase(templateId);
 * const order = topologicalOrder(definition.steps);
 * // Re-planning a running case: the version it began with, archived or not.
 * const same = await catalog.getVersion(templateId, caseRow.templateVersion);
 */
@Injectable()
export class TemplateCatalog {
  constructor(
    @Inject(PROCESS_TEMPLATE_REPOSITORY) private readonly templates: ProcessTemplateRepository,
    private readonly cache: TemplateCache,
  ) {}

  /**
   * The latest version of a template that may start cases.
   * @throws TemplateNotFoundError when there is no such template
   * @throws TemplateArchivedError when it is archived
   */
  async getForNewCase(templateId: string): Promise<TemplateDefinitionView> {
    const head = isUuid(templateId)
      ? await this.cache.head(templateId, () => this.loadHead(templateId))
      : null;
    if (!head) throw new TemplateNotFoundError(templateId);
    if (head.archived) throw new TemplateArchivedError(templateId, 'start cases');
    return this.getVersion(templateId, head.latestVersion);
  }

  /**
   * One stored version, whether or not the template is archived since.
   * @throws TemplateNotFoundError when there is no such template
   * @throws TemplateVersionNotFoundError when it has no such version
   */
  async getVersion(templateId: string, version: number): Promise<TemplateDefinitionView> {
    if (!isUuid(templateId)) throw new TemplateNotFoundError(templateId);
    const view = isVersionNumber(version)
      ? await this.cache.version(templateId, version, () => this.loadVersion(templateId, version))
      : null;
    if (view) return structuredClone(view);
    const exists = (await this.templates.findById(templateId)) !== null;
    throw exists
      ? new TemplateVersionNotFoundError(templateId, version)
      : new TemplateNotFoundError(templateId);
  }

  private async loadHead(templateId: string): Promise<TemplateHead | null> {
    const template = await this.templates.findById(templateId);
    if (!template) return null;
    // The latest definition came along; keep it, it is what the caller asks for next.
    const { version, definition } = template.latestRevision();
    await this.cache.keepVersion({
      templateId,
      version,
      name: definition.name,
      steps: [...definition.steps],
    });
    return { latestVersion: template.latestVersion, archived: template.isArchived };
  }

  private async loadVersion(
    templateId: string,
    version: number,
  ): Promise<TemplateDefinitionView | null> {
    const revision = await this.templates.findVersion(templateId, version);
    if (!revision) return null;
    const { name, steps } = revision.definition;
    return { templateId, version, name, steps: [...steps] };
  }
}
