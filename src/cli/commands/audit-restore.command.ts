import { Command, Help } from 'nest-commander';
import { RestoreAuditArchiveUseCase } from '../../modules/audit/application/restore-audit-archive.use-case.js';
import { CliApp } from '../cli-app.js';
import { CliCommand, CommandFailedError, helpAfter } from '../cli-command.js';

/**
 * `audit:restore FILE…`: puts archived months back (RestoreAuditArchiveUseCase), each file
 * checked against its manifest first and restored all or nothing; one that fails does not
 * stop the others, and the exit code says whether any failed.
 */
@Command({
  name: 'audit:restore',
  arguments: '<files...>',
  argsDescription: { files: 'archive files (ARCHIVE_DIR/audit-logs-YYYY-MM.ndjson.gz), each with its manifest beside it' },
  description: 'put archived audit months back (twice: changes nothing)',
})
export class AuditRestoreCommand extends CliCommand {
  constructor(cli: CliApp) {
    super(cli);
  }

  protected async execute(files: string[]): Promise<void> {
    const restore = await this.cli.get(RestoreAuditArchiveUseCase);
    const failed: string[] = [];
    for (const file of files) {
      try {
        const { month, rows, inserted } = await restore.execute({ file });
        this.print(`${file}: ${month}, ${inserted} of ${rows} entries restored (${rows - inserted} were there)`);
      } catch (error) {
        failed.push(file);
        this.note(`${file}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (failed.length > 0) throw new CommandFailedError(`${failed.length} of ${files.length} file(s) not restored`);
  }

  @Help('after')
  examples(): string {
    return helpAfter(['npm run cli -- audit:restore data/audit-archive/audit-logs-2026-08.ndjson.gz']);
  }
}
