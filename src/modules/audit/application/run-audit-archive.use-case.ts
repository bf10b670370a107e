import { Inject, Injectable } from '@nestjs/common';
import { LogUseCase } from '../../../shared/application/log-use-case.decorator.js';
import { ArchiveRunningError } from './audit-archive.errors.js';
import { AUDIT_ARCHIVE, type ArchivePlan, type ArchiveRunView, type AuditArchive } from './ports/audit-archive.js';

/** An operator's archive run (POST /admin/audit-archive/runs): now, or, with `dryRun`, only what it would move. */
@Injectable()
export class RunAuditArchiveUseCase {
  constructor(@Inject(AUDIT_ARCHIVE) private readonly archive: AuditArchive) {}

  @LogUseCase()
  async execute({ dryRun }: { dryRun: boolean }): Promise<{ dryRun: true; plan: ArchivePlan } | { dryRun: false; run: ArchiveRunView }> {
    if (dryRun) return { dryRun, plan: await this.archive.plan() };
    const start = await this.archive.runNow();
    if (!start.started) throw new ArchiveRunningError();
    return { dryRun, run: start.run };
  }
}
