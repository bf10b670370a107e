import { Command, Help, Option } from 'nest-commander';
import { RunAuditArchiveUseCase } from '../../modules/audit/application/run-audit-archive.use-case.js';
import { CliApp } from '../cli-app.js';
import { CliCommand, helpAfter } from '../cli-command.js';

/**
 * `audit:archive [--dry-run]`: the monthly audit archive now (RunAuditArchiveUseCase, as
 * POST /admin/audit-archive/runs), under the schedule runner's lock, so that it never
 * overlaps a run of the app's; its batches show as they are written.
 */
@Command({
  name: 'audit:archive',
  description: 'archive the audit months past AUDIT_RETENTION_MONTHS now (--dry-run: count them)',
})
export class AuditArchiveCommand extends CliCommand {
  constructor(cli: CliApp) {
    super(cli);
  }

  protected async execute(_params: string[], options: { dryRun?: boolean }): Promise<void> {
    const archive = await this.cli.get(RunAuditArchiveUseCase);
    const result = await archive.execute({ dryRun: options.dryRun === true });
    if (result.dryRun) {
      const { cutoff, months } = result.plan;
      if (months.length === 0) this.print(`nothing to archive: no audit entry before ${cutoff.toISOString()}`);
      else this.print(`would archive ${months.reduce((sum, m) => sum + m.rows, 0)} audit entries before ${cutoff.toISOString()}:`);
      for (const { month, rows } of months) this.print(`  ${month}: ${rows} entries`);
      return;
    }
    const { run } = result;
    this.print(`archive run ${run.id} ${run.status}: ${run.rowsArchived} entries in ${run.months.length} month(s) before ${run.cutoff.toISOString()}`);
    for (const month of run.months) this.print(`  ${month.month}: ${month.rows} entries -> ${month.file} (${month.removal.replace('_', ' ')}, ${month.rowsPerSecond} rows/s)`);
  }

  @Option({ flags: '--dry-run', description: 'only count the entries a run would archive, month by month' })
  parseDryRun(): boolean {
    return true;
  }

  @Help('after')
  examples(): string {
    return helpAfter(['npm run cli -- audit:archive --dry-run', 'npm run cli -- audit:archive']);
  }
}
