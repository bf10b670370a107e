import { MigrationInterface, QueryRunner } from "typeorm";

export class CreateReminders1796130000410 implements MigrationInterface {
    name = 'CreateReminders1796130000410'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "reminders_sent" ("day" date NOT NULL, "item_key" character varying(200) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_reminders_sent" PRIMARY KEY ("day", "item_key"))`);
        await queryRunner.query(`CREATE INDEX "IDX_case_steps_open_due" ON "case_steps"  ("due_date", "case_id", "step_key") WHERE "status" IN ('todo', 'in_progress', 'blocked')`);
        await queryRunner.query(`CREATE INDEX "IDX_tasks_open_due" ON "tasks"  ("due_date", "id") WHERE "status" IN ('todo', 'in_progress') AND "due_date" IS NOT NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."IDX_tasks_open_due"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_case_steps_open_due"`);
        await queryRunner.query(`DROP TABLE "reminders_sent"`);
    }

}
