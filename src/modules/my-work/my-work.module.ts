import { Module } from '@nestjs/common';
import { ListMyWorkQuery } from './application/list-my-work.query.js';
import { MY_WORK_READ_MODEL } from './application/ports/my-work.read-model.js';
import { TypeOrmMyWorkReadModel } from './infrastructure/typeorm-my-work.read-model.js';
import { MyWorkController } from './interface/my-work.controller.js';

/** "My work": a read model over tasks and case steps; it owns no data. */
@Module({
  controllers: [MyWorkController],
  providers: [ListMyWorkQuery, { provide: MY_WORK_READ_MODEL, useClass: TypeOrmMyWorkReadModel }],
})
export class MyWorkModule {}
