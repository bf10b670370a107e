import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCalendars1764000001000 implements MigrationInterface {
  name = 'CreateCalendars1764000001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "calendars" (
        "id" uuid NOT NULL,
        "code" character varying(40) NOT NULL,
        "name" character varying(100) NOT NULL,
        "working_weekdays" smallint array NOT NULL,
        "version" integer NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_calendars" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_calendars_code" UNIQUE ("code"),
        CONSTRAINT "CHK_calendars_code" CHECK ("code" ~ '^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$'),
        CONSTRAINT "CHK_calendars_name" CHECK (char_length("name") BETWEEN 1 AND 100),
        CONSTRAINT "CHK_calendars_working_weekdays" CHECK (cardinality("working_weekdays") BETWEEN 1 AND 7 AND "working_weekdays" <@ '{1,2,3,4,5,6,7}'::smallint[]),
        CONSTRAINT "CHK_calendars_version" CHECK ("version" >= 1)
      )`);
    await queryRunner.query(`
      CREATE TABLE "calendar_holidays" (
        "calendar_id" uuid NOT NULL,
        "date" date NOT NULL,
        "name" character varying(100),
        CONSTRAINT "PK_calendar_holidays" PRIMARY KEY ("calendar_id", "date"),
        CONSTRAINT "CHK_calendar_holidays_name" CHECK (char_length("name") BETWEEN 1 AND 100),
        CONSTRAINT "FK_calendar_holidays_calendar" FOREIGN KEY ("calendar_id")
          REFERENCES "calendars" ("id") ON DELETE CASCADE ON UPDATE NO ACTION
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "calendar_holidays"`);
    await queryRunner.query(`DROP TABLE "calendars"`);
  }
}
