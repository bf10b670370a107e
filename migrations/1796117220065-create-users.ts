import { MigrationInterface, QueryRunner } from "typeorm";

export class CreateUsers1796117220065 implements MigrationInterface {
    name = 'CreateUsers1796117220065'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "users" ("id" uuid NOT NULL, "email" character varying(254) NOT NULL, "name" character varying(100) NOT NULL, "role" character varying(10) NOT NULL, "active" boolean NOT NULL DEFAULT true, "password_hash" text NOT NULL, "failed_logins" smallint NOT NULL DEFAULT '0', "locked_until" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "CHK_users_version" CHECK ("version" >= 1), CONSTRAINT "CHK_users_email_lower" CHECK ("email" = lower("email")), CONSTRAINT "CHK_users_name" CHECK (char_length("name") BETWEEN 1 AND 100), CONSTRAINT "CHK_users_role" CHECK ("role" IN ('admin', 'manager', 'member', 'viewer')), CONSTRAINT "PK_users" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_users_email" ON "users"  ("email") `);
        await queryRunner.query(`CREATE TABLE "sessions" ("id" uuid NOT NULL, "user_id" uuid NOT NULL, "family_id" uuid NOT NULL, "token_hash" character(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_sessions" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_sessions_user" ON "sessions"  ("user_id") `);
        await queryRunner.query(`CREATE INDEX "IDX_sessions_family" ON "sessions"  ("family_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_sessions_token_hash" ON "sessions"  ("token_hash") `);
        await queryRunner.query(`ALTER TABLE "sessions" ADD CONSTRAINT "FK_sessions_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "sessions" DROP CONSTRAINT "FK_sessions_user"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_sessions_token_hash"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_sessions_family"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_sessions_user"`);
        await queryRunner.query(`DROP TABLE "sessions"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_users_email"`);
        await queryRunner.query(`DROP TABLE "users"`);
    }

}
