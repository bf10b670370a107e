import { Transactional } from '@nestjs-cls/transactional';
import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../../../shared/application/clock.js';
import { LogUseCase } from '../../../shared/application/log-use-case.decorator.js';
import type { ProcessTemplateSnapshot } from '../domain/process-template.aggregate.js';
import { TemplateArchiveState } from './template-archive-state.js';

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
    private readonly archiveState: TemplateArchiveState,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @LogUseCase()
  @Transactional()
  execute({ id }: ArchiveTemplateCommand): Promise<ProcessTemplateSnapshot> {
    return this.archiveState.change(id, (template) => template.archive(this.clock.now()), 'template_archived');
  }
}
