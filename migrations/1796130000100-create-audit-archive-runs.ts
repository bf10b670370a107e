import { MigrationInterface, QueryRunner } from "typeorm";

export class CreateAuditArchiveRuns1796130000100 implements MigrationInterface {
    name = 'CreateAuditArchiveRuns1796130000100'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "audit_archive_runs" ("id" uuid NOT NULL, "trigger" character varying(10) NOT NULL, "status" character varying(12) NOT NULL, "cutoff" TIMESTAMP WITH TIME ZONE NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "finished_at" TIMESTAMP WITH TIME ZONE, "rows_archived" integer NOT NULL DEFAULT '0', "months" jsonb NOT NULL DEFAULT '[]', "error" text, CONSTRAINT "CHK_audit_archive_runs_trigger" CHECK ("trigger" IN ('schedule', 'manual')), CONSTRAINT "CHK_audit_archive_runs_status" CHECK ("status" IN ('running', 'succeeded', 'failed')), CONSTRAINT "PK_audit_archive_runs" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_audit_archive_runs_started" ON "audit_archive_runs"  ("started_at", "id") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."IDX_audit_archive_runs_started"`);
        await queryRunner.query(`DROP TABLE "audit_archive_runs"`);
    }

}
