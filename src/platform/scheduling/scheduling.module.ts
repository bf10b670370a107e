import { Global, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { registerEntities } from '../database/entity-registry.js';
import { ScheduleRunner } from './schedule-runner.js';
import { ScheduleRunOrmEntity } from './schedule-run.orm-entity.js';
import { SchedulesController } from './schedules.controller.js';

registerEntities([ScheduleRunOrmEntity]);

/** The schedule runner every cron job uses (`runner.register(job)`), and GET /admin/schedules. */
@Global()
@Module({
  imports: [ScheduleModule.forRoot()],
  controllers: [SchedulesController],
  providers: [ScheduleRunner],
  exports: [ScheduleRunner],
})
export class SchedulingModule {}
