import { Transactional } from '@nestjs-cls/transactional';
import { Inject, Injectable } from '@nestjs/common';
import { BUSINESS_EVENTS, type BusinessEvents } from '../../../shared/application/business-events.js';
import { CLOCK, type Clock } from '../../../shared/application/clock.js';
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
  ) {}

  async execute({ id }: RestoreTemplateCommand): Promise<ProcessTemplateSnapshot> {
    const { template, restored } = await this.restore(id);
    if (restored) {
      // Only once committed: forgotten earlier, a reader could cache "archived" again.
      await this.cache.forgetHead(id);
      this.events.record('template_restored', { templateId: id });
    }
    return template;
  }

  @Transactional()
  private async restore(id: string): Promise<{ template: ProcessTemplateSnapshot; restored: boolean }> {
    const template = await this.load(id);
    template.restoreFromArchive(this.clock.now());
    if (!template.hasChanges) return { template: template.snapshot(), restored: false };
    if (await this.templates.saveArchiveState(template)) {
      return { template: template.snapshot(), restored: true };
    }
    // Another request restored it in between: the same outcome, so answer with its state.
    return { template: (await this.load(id)).snapshot(), restored: false };
  }

  private async load(id: string): Promise<ProcessTemplate> {
    const template = await this.templates.findById(id);
    if (!template) throw new TemplateNotFoundError(id);
    return template;
  }
}
