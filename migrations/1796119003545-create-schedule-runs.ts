import { MigrationInterface, QueryRunner } from "typeorm";

export class CreateScheduleRuns1796119003545 implements MigrationInterface {
    name = 'CreateScheduleRuns1796119003545'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "schedule_runs" ("id" uuid NOT NULL, "job" character varying(100) NOT NULL, "scheduled_at" TIMESTAMP WITH TIME ZONE NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "finished_at" TIMESTAMP WITH TIME ZONE, "status" character varying(12) NOT NULL, "items" integer, "duration_ms" integer, "error" text, "instance" character varying(200) NOT NULL, CONSTRAINT "CHK_schedule_runs_status" CHECK ("status" IN ('running', 'succeeded', 'failed')), CONSTRAINT "PK_schedule_runs" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_schedule_runs_tick" ON "schedule_runs"  ("job", "scheduled_at") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."UQ_schedule_runs_tick"`);
        await queryRunner.query(`DROP TABLE "schedule_runs"`);
    }

}
