import { MigrationInterface, QueryRunner } from "typeorm";

export class CreateWebhooks1796130000400 implements MigrationInterface {
    name = 'CreateWebhooks1796130000400'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "webhook_subscriptions" ("id" uuid NOT NULL, "url" character varying(2048) NOT NULL, "events" text array NOT NULL, "secret" character varying(256) NOT NULL, "description" character varying(500) NOT NULL DEFAULT '', "enabled" boolean NOT NULL, "consecutive_failures" integer NOT NULL DEFAULT '0', "disabled_at" TIMESTAMP WITH TIME ZONE, "disabled_reason" character varying(600), "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "CHK_webhook_subscriptions_events" CHECK (cardinality("events") >= 1), CONSTRAINT "CHK_webhook_subscriptions_description" CHECK (char_length("description") <= 500), CONSTRAINT "CHK_webhook_subscriptions_secret" CHECK (char_length("secret") BETWEEN 16 AND 256), CONSTRAINT "CHK_webhook_subscriptions_url" CHECK (char_length("url") BETWEEN 1 AND 2048), CONSTRAINT "PK_webhook_subscriptions" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_webhook_subscriptions_created" ON "webhook_subscriptions"  ("created_at", "id") `);
        await queryRunner.query(`CREATE TABLE "webhook_deliveries" ("id" uuid NOT NULL, "subscription_id" uuid NOT NULL, "event_id" uuid NOT NULL, "event" character varying(40) NOT NULL, "body" text NOT NULL, "status" character varying(12) NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "last_status_code" integer, "last_error" character varying(500), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "delivered_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_webhook_deliveries_event" UNIQUE ("subscription_id", "event_id"), CONSTRAINT "CHK_webhook_deliveries_status" CHECK ("status" IN ('pending', 'delivered', 'failed', 'cancelled')), CONSTRAINT "PK_webhook_deliveries" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_webhook_deliveries_created" ON "webhook_deliveries"  ("created_at") `);
        await queryRunner.query(`CREATE INDEX "IDX_webhook_deliveries_subscription" ON "webhook_deliveries"  ("subscription_id", "created_at", "id") `);
        // Audit entries about webhooks (TypeORM does not see a CHECK's expression change).
        await queryRunner.query(`ALTER TABLE "audit_logs" DROP CONSTRAINT "CHK_audit_logs_resource_type"`);
        await queryRunner.query(`ALTER TABLE "audit_logs" ADD CONSTRAINT "CHK_audit_logs_resource_type" CHECK ("resource_type" IN ('task', 'template', 'calendar', 'case', 'user', 'webhook'))`);
        await queryRunner.query(`ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "FK_webhook_deliveries_subscription" FOREIGN KEY ("subscription_id") REFERENCES "webhook_subscriptions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "audit_logs" DROP CONSTRAINT "CHK_audit_logs_resource_type"`);
        await queryRunner.query(`ALTER TABLE "audit_logs" ADD CONSTRAINT "CHK_audit_logs_resource_type" CHECK ("resource_type" IN ('task', 'template', 'calendar', 'case', 'user'))`);
        await queryRunner.query(`ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "FK_webhook_deliveries_subscription"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_webhook_deliveries_subscription"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_webhook_deliveries_created"`);
        await queryRunner.query(`DROP TABLE "webhook_deliveries"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_webhook_subscriptions_created"`);
        await queryRunner.query(`DROP TABLE "webhook_subscriptions"`);
    }

}
