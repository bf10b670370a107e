import { Global, Module } from '@nestjs/common';
import { DatabaseModule } from '../../platform/database/database.module.js';
import { AUDIT_HISTORY, AUDIT_TRAIL } from '../../shared/application/audit-trail.js';
import { ListAuditLogsQuery } from './application/list-audit-logs.query.js';
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
 * AUDIT_HISTORY; admins read it all at GET /audit-logs.
 */
@Global()
@Module({
  imports: [DatabaseModule.forFeature([AuditLogOrmEntity])],
  controllers: [AuditLogsController],
  providers: [
    ListAuditLogsQuery,
    AuditPartitions,
    AuditPartitionsBootstrap,
    TypeOrmAuditLogReadModel,
    { provide: AUDIT_TRAIL, useClass: TypeOrmAuditTrail },
    { provide: AUDIT_LOG_READ_MODEL, useExisting: TypeOrmAuditLogReadModel },
    { provide: AUDIT_HISTORY, useExisting: TypeOrmAuditLogReadModel },
  ],
  exports: [AUDIT_TRAIL, AUDIT_HISTORY],
})
export class AuditModule {}
