import { Transactional } from '@nestjs-cls/transactional';
import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../../../shared/application/acting-user.js';
import { AUDIT_TRAIL, type AuditTrail, auditChanges } from '../../../shared/application/audit-trail.js';
import { LogUseCase } from '../../../shared/application/log-use-case.decorator.js';
import { NotYourTaskError, TaskNotFoundError } from '../domain/task.errors.js';
import { TASK_REPOSITORY, type TaskRepository } from '../domain/task.repository.js';

export interface DeleteTaskCommand {
  id: string;
  expectedVersions?: readonly number[];
  /** Absent for the system; with `ownOnly`, only a task of theirs may go. */
  actor?: Actor;
}

/** Deletes a task and records what it was (`task.delete`), in one transaction. */
@Injectable()
export class DeleteTaskUseCase {
  constructor(
    @Inject(TASK_REPOSITORY) private readonly tasks: TaskRepository,
    @Inject(AUDIT_TRAIL) private readonly audit: AuditTrail,
  ) {}

  @LogUseCase()
  @Transactional()
  async execute({ id, expectedVersions, actor }: DeleteTaskCommand): Promise<void> {
    if (actor?.ownOnly) {
      const task = await this.tasks.findById(id);
      if (!task) throw new TaskNotFoundError(id);
      if (!task.isOwnedBy(actor.id)) throw new NotYourTaskError(id);
    }
    const deleted = await this.tasks.delete(id, expectedVersions);
    if (!deleted) throw new TaskNotFoundError(id);
    await this.audit.record({ action: 'task.delete', resourceType: 'task', resourceId: id, changes: auditChanges(deleted, null) });
  }
}
