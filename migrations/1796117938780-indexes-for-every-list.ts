import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An index for every list filter and order, so that a page costs the same at 10k rows as at
 * 1M (bench/scale measures it). Each order's index is on exactly its sort key's SQL, then the
 * tie-breaker, so that the keyset condition `(key, id) > (…)` of the next page is an index
 * condition. Generated from the entities (`migration:generate`), then completed by hand with
 * what TypeORM cannot say (declared `synchronize: false` on the entities): the pg_trgm
 * extension and its GIN indexes for `q` (ILIKE '%…%'), the expression and partial indexes,
 * and the triggers that keep `task_tags` in step with `tasks.tags`.
 */
export class IndexesForEveryList1796117938780 implements MigrationInterface {
  name = 'IndexesForEveryList1796117938780';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Trusted since PostgreSQL 13: the database's owner may create it.
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);

    // tasks: the priority and title orders, an assignee's tasks in the default and the due
    // order, due filters in other orders, title search, and one person's open tasks in
    // /me/work order. IDX_tasks_due_sort already serves the due order.
    await queryRunner.query(`DROP INDEX "IDX_tasks_assignee"`);
    await queryRunner.query(`CREATE INDEX "IDX_tasks_assignee_created" ON "tasks" ("assignee_id", "created_at", "id")`);
    await queryRunner.query(
      `CREATE INDEX "IDX_tasks_assignee_due" ON "tasks" ("assignee_id", (COALESCE("due_date", 'infinity'::date)), "id")`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_tasks_due" ON "tasks" ("due_date") WHERE "due_date" IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "IDX_tasks_title" ON "tasks" ("title", "id")`);
    await queryRunner.query(
      `CREATE INDEX "IDX_tasks_priority_sort" ON "tasks"
         ((array_position(ARRAY['low', 'medium', 'high', 'urgent']::text[], "priority"::text)), "id")`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_tasks_title_trgm" ON "tasks" USING GIN ("title" gin_trgm_ops)`);
    // The planner estimates `title ILIKE '%word%'` from the histogram of titles. In the default
    // 100 buckets a word on 1% of the titles is often in none, is taken for one on 0.01%, and
    // the planner then fetches every match and sorts them instead of walking the order's
    // index; 1000 buckets see it.
    await queryRunner.query(`ALTER TABLE "tasks" ALTER COLUMN "title" SET STATISTICS 1000`);
    await queryRunner.query(
      `CREATE INDEX "IDX_tasks_open_by_assignee" ON "tasks"
         ("assignee_id", (COALESCE("due_date", 'infinity'::date)), ("id"::text))
         WHERE "status" IN ('todo', 'in_progress')`,
    );

    // task_tags: one row per tag of a task with a copy of the columns lists sort on (all but
    // updated_at), replacing the GIN index on tasks.tags: the planner cannot estimate that
    // index for a tag outside its statistics (it guesses 0.5% of the table), and it serves no
    // order. Kept in step by triggers, in the statement that writes the task.
    await queryRunner.query(`DROP INDEX "IDX_tasks_tags"`);
    await queryRunner.query(
      `CREATE TABLE "task_tags" (
         "task_id" uuid NOT NULL,
         "tag" text NOT NULL,
         "title" character varying(200) NOT NULL,
         "priority" character varying(10) NOT NULL,
         "due_date" date,
         "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
         CONSTRAINT "PK_task_tags" PRIMARY KEY ("task_id", "tag"),
         CONSTRAINT "FK_task_tags_task" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE CASCADE ON UPDATE NO ACTION
       )`,
    );
    // No task is written between the copy below and the triggers taking over.
    await queryRunner.query(`LOCK TABLE "tasks" IN SHARE ROW EXCLUSIVE MODE`);
    // Inserts: once per INSERT statement, over all its rows at once (a bulk load stays set-based).
    await queryRunner.query(
      `CREATE FUNCTION "task_tags_after_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         INSERT INTO "task_tags" ("task_id", "tag", "title", "priority", "due_date", "created_at")
         SELECT DISTINCT t."id", u.tag, t."title", t."priority", t."due_date", t."created_at"
         FROM new_tasks t CROSS JOIN LATERAL unnest(t."tags") AS u(tag);
         RETURN NULL;
       END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "task_tags_after_insert" AFTER INSERT ON "tasks"
         REFERENCING NEW TABLE AS new_tasks FOR EACH STATEMENT EXECUTE FUNCTION "task_tags_after_insert"()`,
    );
    // Updates: per row, and only when the tags or a copied column changed.
    await queryRunner.query(
      `CREATE FUNCTION "task_tags_after_update"() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         DELETE FROM "task_tags" WHERE "task_id" = NEW."id" AND "tag" <> ALL (NEW."tags");
         UPDATE "task_tags"
         SET "title" = NEW."title", "priority" = NEW."priority", "due_date" = NEW."due_date", "created_at" = NEW."created_at"
         WHERE "task_id" = NEW."id"
           AND ("title", "priority", "due_date", "created_at")
               IS DISTINCT FROM (NEW."title", NEW."priority", NEW."due_date", NEW."created_at");
         INSERT INTO "task_tags" ("task_id", "tag", "title", "priority", "due_date", "created_at")
         SELECT DISTINCT NEW."id", u.tag, NEW."title", NEW."priority", NEW."due_date", NEW."created_at"
         FROM unnest(NEW."tags") AS u(tag)
         ON CONFLICT ("task_id", "tag") DO NOTHING;
         RETURN NULL;
       END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "task_tags_after_update" AFTER UPDATE ON "tasks" FOR EACH ROW
         WHEN ((OLD."tags", OLD."title", OLD."priority", OLD."due_date", OLD."created_at")
               IS DISTINCT FROM (NEW."tags", NEW."title", NEW."priority", NEW."due_date", NEW."created_at"))
         EXECUTE FUNCTION "task_tags_after_update"()`,
    );
    await queryRunner.query(
      `INSERT INTO "task_tags" ("task_id", "tag", "title", "priority", "due_date", "created_at")
       SELECT DISTINCT t."id", u.tag, t."title", t."priority", t."due_date", t."created_at"
       FROM "tasks" t CROSS JOIN LATERAL unnest(t."tags") AS u(tag)`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_task_tags_created" ON "task_tags" ("tag", "created_at", "task_id")`);
    await queryRunner.query(`CREATE INDEX "IDX_task_tags_title" ON "task_tags" ("tag", "title", "task_id")`);
    await queryRunner.query(
      `CREATE INDEX "IDX_task_tags_due_sort" ON "task_tags" ("tag", (COALESCE("due_date", 'infinity'::date)), "task_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_task_tags_priority_sort" ON "task_tags"
         ("tag", (array_position(ARRAY['low', 'medium', 'high', 'urgent']::text[], "priority"::text)), "task_id")`,
    );

    // cases: a template's cases newest first; the cases a person has a step in; one person's
    // open steps in /me/work order.
    await queryRunner.query(`DROP INDEX "IDX_cases_template"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_cases_template_created" ON "cases" ("template_id", "created_at", "id")`,
    );
    await queryRunner.query(`DROP INDEX "IDX_case_steps_assignee_due"`);
    await queryRunner.query(`CREATE INDEX "IDX_case_steps_assignee_case" ON "case_steps" ("assignee_id", "case_id")`);
    await queryRunner.query(
      `CREATE INDEX "IDX_case_steps_open_by_assignee" ON "case_steps"
         ("assignee_id", "due_date", (("case_id"::text || ':') || "step_key"))
         WHERE "status" IN ('todo', 'in_progress', 'blocked')`,
    );

    // process templates: the archived ones newest first; search by name.
    await queryRunner.query(
      `CREATE INDEX "IDX_process_templates_archived" ON "process_templates" ("created_at", "id")
         WHERE "archived_at" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_process_template_versions_name_trgm" ON "process_template_versions"
         USING GIN ("name" gin_trgm_ops)`,
    );

    // calendars: search by code or name (the list's order is the unique code's index).
    await queryRunner.query(`CREATE INDEX "IDX_calendars_code_trgm" ON "calendars" USING GIN ("code" gin_trgm_ops)`);
    await queryRunner.query(`CREATE INDEX "IDX_calendars_name_trgm" ON "calendars" USING GIN ("name" gin_trgm_ops)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_calendars_name_trgm"`);
    await queryRunner.query(`DROP INDEX "IDX_calendars_code_trgm"`);
    await queryRunner.query(`DROP INDEX "IDX_process_template_versions_name_trgm"`);
    await queryRunner.query(`DROP INDEX "IDX_process_templates_archived"`);
    await queryRunner.query(`DROP INDEX "IDX_case_steps_open_by_assignee"`);
    await queryRunner.query(`DROP INDEX "IDX_case_steps_assignee_case"`);
    await queryRunner.query(`CREATE INDEX "IDX_case_steps_assignee_due" ON "case_steps" ("assignee_id", "due_date")`);
    await queryRunner.query(`DROP INDEX "IDX_cases_template_created"`);
    await queryRunner.query(`CREATE INDEX "IDX_cases_template" ON "cases" ("template_id")`);
    await queryRunner.query(`DROP TRIGGER "task_tags_after_update" ON "tasks"`);
    await queryRunner.query(`DROP TRIGGER "task_tags_after_insert" ON "tasks"`);
    await queryRunner.query(`DROP FUNCTION "task_tags_after_update"()`);
    await queryRunner.query(`DROP FUNCTION "task_tags_after_insert"()`);
    await queryRunner.query(`DROP TABLE "task_tags"`);
    await queryRunner.query(`CREATE INDEX "IDX_tasks_tags" ON "tasks" USING GIN ("tags")`);
    await queryRunner.query(`DROP INDEX "IDX_tasks_open_by_assignee"`);
    await queryRunner.query(`ALTER TABLE "tasks" ALTER COLUMN "title" SET STATISTICS -1`);
    await queryRunner.query(`DROP INDEX "IDX_tasks_title_trgm"`);
    await queryRunner.query(`DROP INDEX "IDX_tasks_priority_sort"`);
    await queryRunner.query(`DROP INDEX "IDX_tasks_title"`);
    await queryRunner.query(`DROP INDEX "IDX_tasks_due"`);
    await queryRunner.query(`DROP INDEX "IDX_tasks_assignee_due"`);
    await queryRunner.query(`DROP INDEX "IDX_tasks_assignee_created"`);
    await queryRunner.query(`CREATE INDEX "IDX_tasks_assignee" ON "tasks" ("assignee_id")`);
    // pg_trgm stays: it may have been there before, and dropping an extension is the DBA's call.
  }
}
