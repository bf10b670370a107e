import { basename } from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type ArchiveLine, manifestPathOf, matchesManifest, readArchive, readManifest } from './archive-files.js';
import { AuditPartitions } from './audit-partitions.js';
import type { AuditArchiveRestore, RestoreOutcome } from '../application/ports/audit-archive.js';

/**
 * Puts an archive file back into audit_logs (`npm run cli -- audit:restore FILE`): only after
 * the file verifies against its manifest, all of it in one transaction, skipping rows the
 * table still holds, so that running it twice changes nothing. The month gets its
 * partition back first, so that the next archive run drops it again as a whole.
 */
@Injectable()
export class AuditRestorer implements AuditArchiveRestore {
  private readonly logger = new Logger('AuditArchive');

  constructor(
    private readonly dataSource: DataSource,
    private readonly partitions: AuditPartitions,
  ) {}

  async restore(file: string, batchRows = 10_000): Promise<RestoreOutcome> {
    const manifest = await readManifest(manifestPathOf(file));
    if (!manifest) throw new Error(`${basename(file)} has no manifest beside it (${basename(manifestPathOf(file))})`);
    if (!matchesManifest(await readArchive(file), manifest)) {
      throw new Error(`${basename(file)} does not match its manifest (rows, ids, times or sha256 differ): it was changed or truncated`);
    }
    await this.partitions.ensure(manifest.month);
    let inserted = 0;
    await this.dataSource.transaction(async (manager) => {
      await readArchive(
        file,
        async (rows: ArchiveLine[]) => {
          const result: { id: string }[] = await manager.query(
            `INSERT INTO audit_logs SELECT * FROM json_populate_recordset(NULL::audit_logs, $1::json)
             ON CONFLICT DO NOTHING RETURNING id`,
            [JSON.stringify(rows)],
          );
          inserted += result.length;
          this.logger.log({ message: `restored ${inserted} audit entries of ${manifest.month} so far`, event: 'audit_restore_progress', file: basename(file) });
        },
        batchRows,
      );
    });
    this.logger.log({ message: `restored ${basename(file)}: ${inserted} of ${manifest.rows} entries put back`, event: 'audit_restored', month: manifest.month, rows: manifest.rows, inserted });
    return { month: manifest.month, rows: manifest.rows, inserted };
  }
}
