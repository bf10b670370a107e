import { Inject, Injectable } from '@nestjs/common';
import { LogUseCase } from '../../../shared/application/log-use-case.decorator.js';
import type { Page } from '../../../shared/application/page.js';
import { AUDIT_ARCHIVE, type ArchiveRunView, type AuditArchive } from './ports/audit-archive.js';

@Injectable()
export class ListAuditArchiveRunsQuery {
  constructor(@Inject(AUDIT_ARCHIVE) private readonly archive: AuditArchive) {}

  @LogUseCase({ success: 'debug' })
  execute(page: { cursor?: string; limit: number }): Promise<Page<ArchiveRunView>> {
    return this.archive.runs(page);
  }
}
