import { MigrationInterface, QueryRunner } from "typeorm";

export class CreateOutboxMessages1796130000300 implements MigrationInterface {
    name = 'CreateOutboxMessages1796130000300'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "outbox_messages" ("id" uuid NOT NULL, "kind" character varying(100) NOT NULL, "data" jsonb NOT NULL, "trace_id" character varying(64), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "claimed_until" TIMESTAMP WITH TIME ZONE, "dispatched_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_outbox_messages" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_outbox_messages_pending" ON "outbox_messages"  ("created_at") WHERE dispatched_at IS NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."IDX_outbox_messages_pending"`);
        await queryRunner.query(`DROP TABLE "outbox_messages"`);
    }

}
