import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Process templates and the versions of their definitions. A version row is written
 * once and never updated; `latest_version` on the template is the pointer that
 * revisions move forward with a conditional UPDATE.
 */
export class CreateProcessTemplates1764000002000 implements MigrationInterface {
  name = 'CreateProcessTemplates1764000002000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "process_templates" (
        "id" uuid NOT NULL,
        "latest_version" integer NOT NULL,
        "archived_at" TIMESTAMP WITH TIME ZONE,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_process_templates" PRIMARY KEY ("id"),
        CONSTRAINT "CHK_process_templates_latest_version" CHECK ("latest_version" >= 1)
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_process_templates_created" ON "process_templates" ("created_at", "id")`,
    );
    await queryRunner.query(`
      CREATE TABLE "process_template_versions" (
        "template_id" uuid NOT NULL,
        "version" integer NOT NULL,
        "name" character varying(200) NOT NULL,
        "description" text NOT NULL DEFAULT '',
        "steps" jsonb NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_process_template_versions" PRIMARY KEY ("template_id", "version"),
        CONSTRAINT "FK_process_template_versions_template" FOREIGN KEY ("template_id")
          REFERENCES "process_templates" ("id") ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT "CHK_process_template_versions_version" CHECK ("version" >= 1),
        CONSTRAINT "CHK_process_template_versions_name" CHECK (char_length("name") BETWEEN 1 AND 200),
        CONSTRAINT "CHK_process_template_versions_description" CHECK (char_length("description") <= 10000),
        CONSTRAINT "CHK_process_template_versions_steps"
          CHECK (jsonb_typeof("steps") = 'array' AND jsonb_array_length("steps") BETWEEN 1 AND 200)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "process_template_versions"`);
    await queryRunner.query(`DROP TABLE "process_templates"`);
  }
}
