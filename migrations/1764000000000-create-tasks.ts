import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateTasks1764000000000 implements MigrationInterface {
  name = 'CreateTasks1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "tasks" (
        "id" uuid NOT NULL,
        "title" character varying(200) NOT NULL,
        "description" text NOT NULL DEFAULT '',
        "priority" character varying(10) NOT NULL,
        "status" character varying(12) NOT NULL,
        "due_date" date,
        "assignee_id" uuid,
        "tags" text array NOT NULL DEFAULT '{}',
        "version" integer NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_tasks" PRIMARY KEY ("id"),
        CONSTRAINT "CHK_tasks_priority" CHECK ("priority" IN ('low', 'medium', 'high', 'urgent')),
        CONSTRAINT "CHK_tasks_status" CHECK ("status" IN ('todo', 'in_progress', 'done', 'cancelled')),
        CONSTRAINT "CHK_tasks_title" CHECK (char_length("title") BETWEEN 1 AND 200),
        CONSTRAINT "CHK_tasks_description" CHECK (char_length("description") <= 10000),
        CONSTRAINT "CHK_tasks_version" CHECK ("version" >= 1)
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_tasks_created" ON "tasks" ("created_at", "id")`);
    await queryRunner.query(`CREATE INDEX "IDX_tasks_updated" ON "tasks" ("updated_at", "id")`);
    await queryRunner.query(`CREATE INDEX "IDX_tasks_assignee" ON "tasks" ("assignee_id")`);
    await queryRunner.query(
      `CREATE INDEX "IDX_tasks_due_sort" ON "tasks" ((COALESCE("due_date", 'infinity'::date)), "id")`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_tasks_tags" ON "tasks" USING GIN ("tags")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "tasks"`);
  }
}
