import { ASSIGNEES, type Assignees } from '../../../shared/application/assignees.js';
import { defaultAssignees } from './template-assignees.js';
import { AUDIT_TRAIL, type AuditTrail, auditChanges } from '../../../shared/application/audit-trail.js';
import { Transactional } from '@nestjs-cls/transactional';
import { Inject, Injectable } from '@nestjs/common';
import { AFTER_COMMIT, type AfterCommit } from '../../../shared/application/after-commit.js';
import { BUSINESS_EVENTS, type BusinessEvents } from '../../../shared/application/business-events.js';
import { changeWithRetry } from '../../../shared/application/change-with-retry.js';
import { CLOCK, type Clock } from '../../../shared/application/clock.js';
import { LogUseCase } from '../../../shared/application/log-use-case.decorator.js';
import type { ProcessTemplateSnapshot } from '../domain/process-template.aggregate.js';
import { TemplateNotFoundError } from '../domain/process-template.errors.js';
import {
  PROCESS_TEMPLATE_REPOSITORY,
  type ProcessTemplateRepository,
} from '../domain/process-template.repository.js';
import type { NewTemplateDefinition } from '../domain/template-definition.js';
import { TemplateCache } from './template-cache.js';

export interface ReviseTemplateCommand {
  id: string;
  /** The version the client last saw (from If-Match); absent means "whatever is latest". */
  expectedVersions?: readonly number[];
  definition: NewTemplateDefinition;
}

/**
 * Makes a full new definition the next version. With an expected version, a revision
 * someone else stored first is the client's problem (stale version); without one, the
 * new definition simply goes on top of whatever is latest then. The stored versions are
 * never touched, so cases keep the version they began with. The audit entry
 * (`template.revise`) shows what the definition changed.
 */
@Injectable()
export class ReviseTemplateUseCase {
  constructor(
    @Inject(PROCESS_TEMPLATE_REPOSITORY) private readonly templates: ProcessTemplateRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(BUSINESS_EVENTS) private readonly events: BusinessEvents,
    private readonly cache: TemplateCache,
    @Inject(AFTER_COMMIT) private readonly afterCommit: AfterCommit,
    @Inject(AUDIT_TRAIL) private readonly audit: AuditTrail,
    @Inject(ASSIGNEES) private readonly assignees: Assignees,
  ) {}

  @LogUseCase()
  @Transactional()
  async execute({ id, expectedVersions, definition }: ReviseTemplateCommand): Promise<ProcessTemplateSnapshot> {
    await this.assignees.assertAssignable(defaultAssignees(definition));
    let before: ProcessTemplateSnapshot | undefined;
    const { aggregate, changed } = await changeWithRetry({
      resource: 'process template',
      id,
      expectedVersions,
      load: () => this.templates.findById(id),
      notFound: () => new TemplateNotFoundError(id),
      change: (template) => {
        before = template.snapshot();
        template.revise(definition, this.clock.now());
      },
      save: (template) => this.templates.saveRevision(template),
    });
    const snapshot = aggregate.snapshot();
    if (changed) {
      await this.audit.record({ action: 'template.revise', resourceType: 'template', resourceId: id, changes: auditChanges(before ?? null, snapshot) });
      // Only once committed: forgotten earlier, a reader could cache the old pointer again.
      this.afterCommit.run(() => this.cache.forgetHead(id));
      this.afterCommit.run(() => this.events.record('template_revised', { templateId: id, version: snapshot.version }));
    }
    return snapshot;
  }

}
