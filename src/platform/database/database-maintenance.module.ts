import { Module } from '@nestjs/common';
import { DatabaseMaintenanceJob } from './database-maintenance.job.js';

/** The database's scheduled maintenance (SPEC-JOB-2), off unless DB_MAINTENANCE_ENABLED. */
@Module({ providers: [DatabaseMaintenanceJob] })
export class DatabaseMaintenanceModule {}
