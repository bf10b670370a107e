import { AUDIT_TRAIL, type AuditTrail, auditChanges } from '../../../shared/application/audit-trail.js';
import { Inject, Injectable } from '@nestjs/common';
import { AFTER_COMMIT, type AfterCommit } from '../../../shared/application/after-commit.js';
import { BUSINESS_EVENTS, type BusinessEvents } from '../../../shared/application/business-events.js';
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

/**
 * The write path archive and restore share, run inside the caller's transaction: load,
 * flip the flag, store it only if no one flipped it first. Doing what is already done
 * changes nothing and records nothing; a change has its audit entry.
 */
@Injectable()
export class TemplateArchiveState {
  constructor(
    @Inject(PROCESS_TEMPLATE_REPOSITORY) private readonly templates: ProcessTemplateRepository,
    @Inject(BUSINESS_EVENTS) private readonly events: BusinessEvents,
    private readonly cache: TemplateCache,
    @Inject(AFTER_COMMIT) private readonly afterCommit: AfterCommit,
    @Inject(AUDIT_TRAIL) private readonly audit: AuditTrail,
  ) {}

  async change(
    id: string,
    apply: (template: ProcessTemplate) => void,
    event: 'template_archived' | 'template_restored',
  ): Promise<ProcessTemplateSnapshot> {
    const template = await this.load(id);
    const before = template.snapshot();
    apply(template);
    if (!template.hasChanges) return template.snapshot();
    // A concurrent request did the same in between: the same outcome, answered with its state.
    if (!(await this.templates.saveArchiveState(template))) return (await this.load(id)).snapshot();
    const after = template.snapshot();
    await this.audit.record({
      action: event === 'template_archived' ? 'template.archive' : 'template.restore',
      resourceType: 'template',
      resourceId: id,
      changes: auditChanges(before, after),
    });
    // Only once committed: forgotten earlier, a reader could cache the old state again.
    this.afterCommit.run(() => this.cache.forgetHead(id));
    this.afterCommit.run(() => this.events.record(event, { templateId: id }));
    return after;
  }

  private async load(id: string): Promise<ProcessTemplate> {
    const template = await this.templates.findById(id);
    if (!template) throw new TemplateNotFoundError(id);
    return template;
  }
}
