import { Module } from '@nestjs/common';
import { DatabaseModule } from '../../platform/database/database.module.js';
import { CaseStepOrmEntity } from './infrastructure/case-step.orm-entity.js';
import { CaseOrmEntity } from './infrastructure/case.orm-entity.js';
import { CalendarsModule } from '../calendars/calendars.module.js';
import { ProcessTemplatesModule } from '../process-templates/process-templates.module.js';
import { GetCasePlanQuery } from './application/get-case-plan.query.js';
import { PreviewReplanQuery } from './application/preview-replan.query.js';
import { CreateCaseUseCase } from './application/create-case.use-case.js';
import { GetCaseQuery } from './application/get-case.query.js';
import { ListCasesQuery } from './application/list-cases.query.js';
import { CASE_CALENDARS } from './application/ports/case-calendars.port.js';
import { CASE_TEMPLATES } from './application/ports/case-templates.port.js';
import { CASE_READ_MODEL } from './application/ports/case.read-model.js';
import { ReplanCaseUseCase } from './application/replan-case.use-case.js';
import { UpdateCaseUseCase } from './application/update-case.use-case.js';
import { CASE_REPOSITORY } from './domain/case.repository.js';
import { CatalogCaseTemplates } from './infrastructure/catalog-case-templates.adapter.js';
import { ProviderCaseCalendars } from './infrastructure/provider-case-calendars.adapter.js';
import { TypeOrmCaseReadModel } from './infrastructure/typeorm-case.read-model.js';
import { TypeOrmCaseRepository } from './infrastructure/typeorm-case.repository.js';
import { CaseCache } from './application/case-cache.js';
import { StepDueItems } from './infrastructure/step-due-items.js';
import { CasesController } from './interface/cases.controller.js';

/** Cases (SPEC-DOM-2, 3): runs of a template toward a goal date, planned backward and replanned. */
@Module({
  imports: [DatabaseModule.forFeature([CaseOrmEntity, CaseStepOrmEntity]), ProcessTemplatesModule, CalendarsModule],
  controllers: [CasesController],
  providers: [
    CreateCaseUseCase,
    UpdateCaseUseCase,
    ReplanCaseUseCase,
    PreviewReplanQuery,
    GetCasePlanQuery,
    GetCaseQuery,
    ListCasesQuery,
    CaseCache,
    StepDueItems,
    { provide: CASE_REPOSITORY, useClass: TypeOrmCaseRepository },
    { provide: CASE_READ_MODEL, useClass: TypeOrmCaseReadModel },
    { provide: CASE_TEMPLATES, useClass: CatalogCaseTemplates },
    { provide: CASE_CALENDARS, useClass: ProviderCaseCalendars },
  ],
})
export class CasesModule {}
