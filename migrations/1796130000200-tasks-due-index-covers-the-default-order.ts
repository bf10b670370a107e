import { MigrationInterface, QueryRunner } from "typeorm";

export class TasksDueIndexCoversTheDefaultOrder1796130000200 implements MigrationInterface {
    name = 'TasksDueIndexCoversTheDefaultOrder1796130000200'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."IDX_tasks_due"`);
        await queryRunner.query(`CREATE INDEX "IDX_tasks_due" ON "tasks"  ("due_date", "created_at", "id") WHERE "due_date" IS NOT NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."IDX_tasks_due"`);
        await queryRunner.query(`CREATE INDEX "IDX_tasks_due" ON "tasks" USING btree ("due_date") WHERE (due_date IS NOT NULL)`);
    }

}
