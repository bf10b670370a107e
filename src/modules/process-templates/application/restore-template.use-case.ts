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

export interface RestoreTemplateCommand {
  id: string;
}

/**
 * Brings an archived template back: it may be revised and start cases again. Restoring
 * an active template changes nothing.
 */
@Injectable()
export class RestoreTemplateUseCase {
  constructor(
    @Inject(PROCESS_TEMPLATE_REPOSITORY) private readonly templates: ProcessTemplateRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(BUSINESS_EVENTS) private readonly events: BusinessEvents,
    private readonly cache: TemplateCache,
    @Inject(AFTER_COMMIT) private readonly afterCommit: AfterCommit,
  ) {}

  @LogUseCase()
  @Transactional()
  async execute({ id }: RestoreTemplateCommand): Promise<ProcessTemplateSnapshot> {
    const template = await this.load(id);
    template.restoreFromArchive(this.clock.now());
    if (!template.hasChanges) return template.snapshot();
    // A concurrent request did the same in between: the same outcome, answered with its state.
    if (!(await this.templates.saveArchiveState(template))) return (await this.load(id)).snapshot();
    // Only once committed: forgotten earlier, a reader could cache the old state again.
    this.afterCommit.run(() => this.cache.forgetHead(id));
    this.afterCommit.run(() => this.events.record('template_restored', { templateId: id }));
    return template.snapshot();
  }

  private async load(id: string): Promise<ProcessTemplate> {
    const template = await this.templates.findById(id);
    if (!template) throw new TemplateNotFoundError(id);
    return template;
  }
}
