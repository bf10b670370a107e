import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Operators' quick actions on jobs (SPEC-RES-3): an outbox message links the job it retries
 * (`retry_of`, one retry per job), the embedded queue records how each run ended
 * (attempts, and the failure of one that ran out of them), and the audit log takes `job`
 * entries. TypeORM does not read the checks of the partitioned audit_logs back, so the
 * check is changed here by hand (the entity's AUDIT_RESOURCES says the same).
 */
export class JobAdministration1796130000500 implements MigrationInterface {
    name = 'JobAdministration1796130000500'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "outbox_messages" ADD "retry_of" uuid`);
        await queryRunner.query(`ALTER TABLE "outbox_messages" ADD "attempts_made" integer`);
        await queryRunner.query(`ALTER TABLE "outbox_messages" ADD "failed_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "outbox_messages" ADD "last_error" character varying(500)`);
        await queryRunner.query(`CREATE INDEX "IDX_outbox_messages_failed" ON "outbox_messages"  ("created_at", "id") WHERE failed_at IS NOT NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_outbox_messages_retry_of" ON "outbox_messages"  ("retry_of") WHERE retry_of IS NOT NULL`);
        await queryRunner.query(`ALTER TABLE "audit_logs" DROP CONSTRAINT "CHK_audit_logs_resource_type"`);
        await queryRunner.query(`ALTER TABLE "audit_logs" ADD CONSTRAINT "CHK_audit_logs_resource_type" CHECK ("resource_type" IN ('task', 'template', 'calendar', 'case', 'user', 'webhook', 'job'))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "audit_logs" DROP CONSTRAINT "CHK_audit_logs_resource_type"`);
        await queryRunner.query(`ALTER TABLE "audit_logs" ADD CONSTRAINT "CHK_audit_logs_resource_type" CHECK ("resource_type" IN ('task', 'template', 'calendar', 'case', 'user', 'webhook'))`);
        await queryRunner.query(`DROP INDEX "public"."UQ_outbox_messages_retry_of"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_outbox_messages_failed"`);
        await queryRunner.query(`ALTER TABLE "outbox_messages" DROP COLUMN "last_error"`);
        await queryRunner.query(`ALTER TABLE "outbox_messages" DROP COLUMN "failed_at"`);
        await queryRunner.query(`ALTER TABLE "outbox_messages" DROP COLUMN "attempts_made"`);
        await queryRunner.query(`ALTER TABLE "outbox_messages" DROP COLUMN "retry_of"`);
    }

}
