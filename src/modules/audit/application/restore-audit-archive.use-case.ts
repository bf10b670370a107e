import { Inject, Injectable } from '@nestjs/common';
import { LogUseCase } from '../../../shared/application/log-use-case.decorator.js';
import { AUDIT_ARCHIVE_RESTORE, type AuditArchiveRestore, type RestoreOutcome } from './ports/audit-archive.js';

/**
 * An operator puts an archived month back (`npm run cli -- audit:restore FILE`): the file is
 * checked against its manifest first, then restored all or nothing; restoring it twice
 * changes nothing, and the next archive run takes the month out again.
 */
@Injectable()
export class RestoreAuditArchiveUseCase {
  constructor(@Inject(AUDIT_ARCHIVE_RESTORE) private readonly archive: AuditArchiveRestore) {}

  @LogUseCase()
  execute({ file }: { file: string }): Promise<RestoreOutcome> {
    return this.archive.restore(file);
  }
}
