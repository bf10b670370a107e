import { ASSIGNEES, type Assignees } from '../../../shared/application/assignees.js';
import { defaultAssignees } from './template-assignees.js';
import { AUDIT_TRAIL, type AuditTrail, auditChanges } from '../../../shared/application/audit-trail.js';
import { randomUUID } from 'node:crypto';
import { Transactional } from '@nestjs-cls/transactional';
import { Inject, Injectable } from '@nestjs/common';
import { AFTER_COMMIT, type AfterCommit } from '../../../shared/application/after-commit.js';
import { BUSINESS_EVENTS, type BusinessEvents } from '../../../shared/application/business-events.js';
import { CLOCK, type Clock } from '../../../shared/application/clock.js';
import { LogUseCase } from '../../../shared/application/log-use-case.decorator.js';
import {
  ProcessTemplate,
  type ProcessTemplateSnapshot,
} from '../domain/process-template.aggregate.js';
import {
  PROCESS_TEMPLATE_REPOSITORY,
  type ProcessTemplateRepository,
} from '../domain/process-template.repository.js';
import type { NewTemplateDefinition } from '../domain/template-definition.js';

export type CreateTemplateCommand = NewTemplateDefinition;

/** Creates a template at version 1: the template row, its first version row and the audit entry (`template.create`), together. */
@Injectable()
export class CreateTemplateUseCase {
  constructor(
    @Inject(PROCESS_TEMPLATE_REPOSITORY) private readonly templates: ProcessTemplateRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(BUSINESS_EVENTS) private readonly events: BusinessEvents,
    @Inject(AFTER_COMMIT) private readonly afterCommit: AfterCommit,
    @Inject(AUDIT_TRAIL) private readonly audit: AuditTrail,
    @Inject(ASSIGNEES) private readonly assignees: Assignees,
  ) {}

  @LogUseCase()
  @Transactional()
  async execute(command: CreateTemplateCommand): Promise<ProcessTemplateSnapshot> {
    const template = ProcessTemplate.create(randomUUID(), command, this.clock.now());
    await this.assignees.assertAssignable(defaultAssignees(command));
    await this.templates.insert(template);
    const snapshot = template.snapshot();
    await this.audit.record({ action: 'template.create', resourceType: 'template', resourceId: snapshot.id, changes: auditChanges(null, snapshot) });
    this.afterCommit.run(() =>
      this.events.record('template_created', {
        templateId: snapshot.id,
        version: snapshot.version,
        steps: snapshot.steps.length,
      }),
    );
    return snapshot;
  }
}
