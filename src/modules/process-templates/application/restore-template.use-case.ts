import { Transactional } from '@nestjs-cls/transactional';
import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../../../shared/application/clock.js';
import { LogUseCase } from '../../../shared/application/log-use-case.decorator.js';
import type { ProcessTemplateSnapshot } from '../domain/process-template.aggregate.js';
import { TemplateArchiveState } from './template-archive-state.js';

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
    private readonly archiveState: TemplateArchiveState,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @LogUseCase()
  @Transactional()
  execute({ id }: RestoreTemplateCommand): Promise<ProcessTemplateSnapshot> {
    return this.archiveState.change(id, (template) => template.restoreFromArchive(this.clock.now()), 'template_restored');
  }
}
