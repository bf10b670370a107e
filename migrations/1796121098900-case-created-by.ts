import { MigrationInterface, QueryRunner } from "typeorm";

export class CaseCreatedBy1796121098900 implements MigrationInterface {
    name = 'CaseCreatedBy1796121098900'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "cases" ADD "created_by" uuid`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "created_by"`);
    }

}
