import { Transactional } from '@nestjs-cls/transactional';
import { Inject, Injectable } from '@nestjs/common';
import { AFTER_COMMIT, type AfterCommit } from '../../../shared/application/after-commit.js';
import { BUSINESS_EVENTS, type BusinessEvents } from '../../../shared/application/business-events.js';
import { CLOCK, type Clock } from '../../../shared/application/clock.js';
import { LogUseCase } from '../../../shared/application/log-use-case.decorator.js';
import type {
  ProcessTemplate,
  ProcessTemplateSnapshot,
} from '../domain/process-template.aggregate.js';
import { TemplateNotFoundError } from '../domain/process-template.errors.js';
import {
  PROCESS_TEMPLATE_REPOSITORY,
  type ProcessTemplateRepository,
} from '../domain/process-template.repository.js';
import { TemplateCache } from './template-cache.js';

export interface ArchiveTemplateCommand {
  id: string;
}

/**
 * Archives a template: no new cases and no revisions until it is restored; running
 * cases keep their version. Archiving an archived template changes nothing.
 */
@Injectable()
export class ArchiveTemplateUseCase {
  constructor(
    @Inject(PROCESS_TEMPLATE_REPOSITORY) private readonly templates: ProcessTemplateRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(BUSINESS_EVENTS) private readonly events: BusinessEvents,
    private readonly cache: TemplateCache,
    @Inject(AFTER_COMMIT) private readonly afterCommit: AfterCommit,
  ) {}

  @LogUseCase()
  @Transactional()
  async execute({ id }: ArchiveTemplateCommand): Promise<ProcessTemplateSnapshot> {
    const template = await this.load(id);
    template.archive(this.clock.now());
    if (!template.hasChanges) return template.snapshot();
    // A concurrent request did the same in between: the same outcome, answered with its state.
    if (!(await this.templates.saveArchiveState(template))) return (await this.load(id)).snapshot();
    // Only once committed: forgotten earlier, a reader could cache the old state again.
    this.afterCommit.run(() => this.cache.forgetHead(id));
    this.afterCommit.run(() => this.events.record('template_archived', { templateId: id }));
    return template.snapshot();
  }

  private async load(id: string): Promise<ProcessTemplate> {
    const template = await this.templates.findById(id);
    if (!template) throw new TemplateNotFoundError(id);
    return template;
  }
}
