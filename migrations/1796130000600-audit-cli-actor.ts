import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The audit log names the operator CLI as an actor (`cli`, src/cli.ts) beside the roles,
 * `system` and `anonymous`. TypeORM does not read the checks of the partitioned audit_logs
 * back, so the check is changed here by hand (the entity's CLI_ACTOR says the same).
 */
export class AuditCliActor1796130000600 implements MigrationInterface {
    name = 'AuditCliActor1796130000600'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "audit_logs" DROP CONSTRAINT "CHK_audit_logs_actor_role"`);
        await queryRunner.query(`ALTER TABLE "audit_logs" ADD CONSTRAINT "CHK_audit_logs_actor_role" CHECK ("actor_role" IN ('admin', 'manager', 'member', 'viewer', 'system', 'anonymous', 'cli'))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "audit_logs" DROP CONSTRAINT "CHK_audit_logs_actor_role"`);
        await queryRunner.query(`ALTER TABLE "audit_logs" ADD CONSTRAINT "CHK_audit_logs_actor_role" CHECK ("actor_role" IN ('admin', 'manager', 'member', 'viewer', 'system', 'anonymous'))`);
    }

}
