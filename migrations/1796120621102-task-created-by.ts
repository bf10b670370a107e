import { MigrationInterface, QueryRunner } from "typeorm";

export class TaskCreatedBy1796120621102 implements MigrationInterface {
    name = 'TaskCreatedBy1796120621102'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "tasks" ADD "created_by" uuid`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN "created_by"`);
    }

}
