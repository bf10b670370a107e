import { Global, Module } from '@nestjs/common';
import { DatabaseModule } from '../../platform/database/database.module.js';
import { AUDIT_HISTORY, AUDIT_TRAIL } from '../../shared/application/audit-trail.js';
import { AUDITED_WRITES } from '../../shared/infrastructure/audited-writes.js';
import { ListAuditArchiveRunsQuery } from './application/list-audit-archive-runs.query.js';
import { ListAuditLogsQuery } from './application/list-audit-logs.query.js';
import { AUDIT_ARCHIVE, AUDIT_ARCHIVE_RESTORE } from './application/ports/audit-archive.js';
import { RestoreAuditArchiveUseCase } from './application/restore-audit-archive.use-case.js';
import { RunAuditArchiveUseCase } from './application/run-audit-archive.use-case.js';
import { AuditArchiveRunOrmEntity } from './infrastructure/audit-archive-run.orm-entity.js';
import { AuditArchiver } from './infrastructure/audit-archiver.js';
import { AuditRestorer } from './infrastructure/audit-restorer.js';
import { AuditArchiveController } from './interface/audit-archive.controller.js';
import { AUDIT_LOG_READ_MODEL } from './application/ports/audit-log.read-model.js';
import { AuditLogOrmEntity } from './infrastructure/audit-log.orm-entity.js';
import { AuditPartitions } from './infrastructure/audit-partitions.js';
import { AuditPartitionsBootstrap } from './infrastructure/audit-partitions.bootstrap.js';
import { TypeOrmAuditLogReadModel } from './infrastructure/typeorm-audit-log.read-model.js';
import { TypeOrmAuditTrail } from './infrastructure/typeorm-audit-trail.js';
import { AuditLogsController } from './interface/audit-logs.controller.js';

/**
 * The append-only audit log (SPEC-DOM-6): every module's use cases write to it through the
 * shared AUDIT_TRAIL port, in their own transaction, and show a resource's entries through
 * AUDIT_HISTORY; admins read it all at GET /audit-logs. Month by month, entries older than
 * AUDIT_RETENTION_MONTHS move to verified gzip NDJSON files (AuditArchiver, on the schedule
 * runner; POST /admin/audit-archive/runs or `npm run cli -- audit:archive` on demand; `npm run cli --
 * audit:restore` back).
 */
@Global()
@Module({
  imports: [DatabaseModule.forFeature([AuditLogOrmEntity, AuditArchiveRunOrmEntity])],
  controllers: [AuditLogsController, AuditArchiveController],
  providers: [
    ListAuditLogsQuery,
    RunAuditArchiveUseCase,
    RestoreAuditArchiveUseCase,
    ListAuditArchiveRunsQuery,
    AuditArchiver,
    AuditRestorer,
    { provide: AUDIT_ARCHIVE, useExisting: AuditArchiver },
    { provide: AUDIT_ARCHIVE_RESTORE, useExisting: AuditRestorer },
    AuditPartitions,
    AuditPartitionsBootstrap,
    TypeOrmAuditLogReadModel,
    TypeOrmAuditTrail,
    { provide: AUDIT_TRAIL, useExisting: TypeOrmAuditTrail },
    { provide: AUDITED_WRITES, useExisting: TypeOrmAuditTrail },
    { provide: AUDIT_LOG_READ_MODEL, useExisting: TypeOrmAuditLogReadModel },
    { provide: AUDIT_HISTORY, useExisting: TypeOrmAuditLogReadModel },
  ],
  exports: [AUDIT_TRAIL, AUDITED_WRITES, AUDIT_HISTORY],
})
export class AuditModule {}
