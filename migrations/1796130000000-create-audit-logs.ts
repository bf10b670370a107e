import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The append-only audit log, partitioned by month on occurred_at. The app creates each
 * month's partition ahead of time (audit-partitions.ts); the default partition catches a
 * row no month partition covers, so that no write ever fails for want of one. A trigger
 * refuses UPDATE and TRUNCATE always, and DELETE unless the archive's transaction set
 * `process_todo.audit_archive` to 'on' (SET LOCAL): the log can only be moved to an
 * archive, never edited.
 */
export class CreateAuditLogs1796130000000 implements MigrationInterface {
  name = 'CreateAuditLogs1796130000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SEQUENCE "audit_logs_id_seq" AS bigint`);
    await queryRunner.query(`CREATE TABLE "audit_logs" ("id" bigint NOT NULL DEFAULT nextval('audit_logs_id_seq'::regclass), "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor_id" uuid, "actor_role" character varying(10) NOT NULL, "action" character varying(60) NOT NULL, "resource_type" character varying(20) NOT NULL, "resource_id" uuid NOT NULL, "changes" jsonb, "trace_id" character varying(128), "ip" character varying(64), "user_agent" character varying(512), CONSTRAINT "CHK_audit_logs_resource_type" CHECK ("resource_type" IN ('task', 'template', 'calendar', 'case', 'user')), CONSTRAINT "CHK_audit_logs_actor_role" CHECK ("actor_role" IN ('admin', 'manager', 'member', 'viewer', 'system', 'anonymous')), CONSTRAINT "PK_audit_logs" PRIMARY KEY ("occurred_at", "id")) PARTITION BY RANGE ("occurred_at")`);
    await queryRunner.query(`ALTER SEQUENCE "audit_logs_id_seq" OWNED BY "audit_logs"."id"`);
    await queryRunner.query(`CREATE TABLE "audit_logs_default" PARTITION OF "audit_logs" DEFAULT`);
    await queryRunner.query(`CREATE INDEX "IDX_audit_logs_action" ON "audit_logs" ("action", "occurred_at", "id") `);
    await queryRunner.query(`CREATE INDEX "IDX_audit_logs_actor" ON "audit_logs" ("actor_id", "occurred_at", "id") `);
    await queryRunner.query(`CREATE INDEX "IDX_audit_logs_resource" ON "audit_logs" ("resource_type", "resource_id", "occurred_at", "id") `);
    await queryRunner.query(`
      CREATE FUNCTION audit_logs_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND current_setting('process_todo.audit_archive', true) = 'on' THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION 'audit_logs is append-only: % refused', TG_OP
          USING ERRCODE = 'insufficient_privilege',
                HINT = 'entries leave the log only through the monthly archive';
      END $$`);
    await queryRunner.query(`CREATE TRIGGER "audit_logs_append_only" BEFORE UPDATE OR DELETE ON "audit_logs" FOR EACH ROW EXECUTE FUNCTION audit_logs_append_only()`);
    await queryRunner.query(`CREATE TRIGGER "audit_logs_no_truncate" BEFORE TRUNCATE ON "audit_logs" FOR EACH STATEMENT EXECUTE FUNCTION audit_logs_append_only()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "audit_logs"`);
    await queryRunner.query(`DROP FUNCTION audit_logs_append_only()`);
  }
}
