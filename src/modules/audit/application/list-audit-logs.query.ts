import { Inject, Injectable } from '@nestjs/common';
import type { AuditEntryView } from '../../../shared/application/audit-trail.js';
import { LogUseCase } from '../../../shared/application/log-use-case.decorator.js';
import type { Page } from '../../../shared/application/page.js';
import { AUDIT_LOG_READ_MODEL, type AuditLogCriteria, type AuditLogReadModel } from './ports/audit-log.read-model.js';

@Injectable()
export class ListAuditLogsQuery {
  constructor(@Inject(AUDIT_LOG_READ_MODEL) private readonly reads: AuditLogReadModel) {}

  @LogUseCase({ success: 'debug' })
  execute(criteria: AuditLogCriteria): Promise<Page<AuditEntryView>> {
    return this.reads.list(criteria);
  }
}
