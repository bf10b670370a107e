import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCases1764000003000 implements MigrationInterface {
  name = 'CreateCases1764000003000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "cases" (
        "id" uuid NOT NULL,
        "title" character varying(200) NOT NULL,
        "template_id" uuid NOT NULL,
        "template_version" integer NOT NULL,
        "calendar_id" uuid NOT NULL,
        "goal_date" date NOT NULL,
        "status" character varying(12) NOT NULL,
        "version" integer NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_cases" PRIMARY KEY ("id"),
        CONSTRAINT "CHK_cases_status" CHECK ("status" IN ('open', 'in_progress', 'on_hold', 'completed', 'cancelled')),
        CONSTRAINT "CHK_cases_title" CHECK (char_length("title") BETWEEN 1 AND 200),
        CONSTRAINT "CHK_cases_version" CHECK ("version" >= 1)
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_cases_created" ON "cases" ("created_at", "id")`);
    await queryRunner.query(`CREATE INDEX "IDX_cases_goal" ON "cases" ("goal_date", "id")`);
    await queryRunner.query(`CREATE INDEX "IDX_cases_template" ON "cases" ("template_id")`);
    await queryRunner.query(`
      CREATE TABLE "case_steps" (
        "case_id" uuid NOT NULL,
        "step_key" character varying(50) NOT NULL,
        "position" smallint NOT NULL,
        "name" character varying(200) NOT NULL,
        "duration_days" smallint NOT NULL,
        "depends_on" text array NOT NULL DEFAULT '{}',
        "lag_days" smallint NOT NULL,
        "start_date" date NOT NULL,
        "due_date" date NOT NULL,
        "status" character varying(12) NOT NULL,
        "assignee_id" uuid,
        "pinned" boolean NOT NULL DEFAULT false,
        CONSTRAINT "PK_case_steps" PRIMARY KEY ("case_id", "step_key"),
        CONSTRAINT "CHK_case_steps_status" CHECK ("status" IN ('todo', 'in_progress', 'blocked', 'done', 'skipped')),
        CONSTRAINT "CHK_case_steps_dates" CHECK ("start_date" <= "due_date"),
        CONSTRAINT "FK_case_steps_case" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_case_steps_assignee_due" ON "case_steps" ("assignee_id", "due_date")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "case_steps"`);
    await queryRunner.query(`DROP TABLE "cases"`);
  }
}
