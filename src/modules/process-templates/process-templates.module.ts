import { Module } from '@nestjs/common';
import { DatabaseModule } from '../../platform/database/database.module.js';
import { ProcessTemplateVersionOrmEntity } from './infrastructure/process-template-version.orm-entity.js';
import { ProcessTemplateOrmEntity } from './infrastructure/process-template.orm-entity.js';
import { ArchiveTemplateUseCase } from './application/archive-template.use-case.js';
import { CreateTemplateUseCase } from './application/create-template.use-case.js';
import { GetTemplateQuery } from './application/get-template.query.js';
import { ListTemplateVersionsQuery } from './application/list-template-versions.query.js';
import { ListTemplatesQuery } from './application/list-templates.query.js';
import { PROCESS_TEMPLATE_READ_MODEL } from './application/ports/process-template.read-model.js';
import { RestoreTemplateUseCase } from './application/restore-template.use-case.js';
import { TemplateArchiveState } from './application/template-archive-state.js';
import { ReviseTemplateUseCase } from './application/revise-template.use-case.js';
import { TemplateCache } from './application/template-cache.js';
import { TemplateCatalog } from './application/template-catalog.js';
import { PROCESS_TEMPLATE_REPOSITORY } from './domain/process-template.repository.js';
import { TypeOrmProcessTemplateReadModel } from './infrastructure/typeorm-process-template.read-model.js';
import { TypeOrmProcessTemplateRepository } from './infrastructure/typeorm-process-template.repository.js';
import { ProcessTemplatesController } from './interface/process-templates.controller.js';

/**
 * Process templates (SPEC-DOM-1): a team's repeatable process as versioned step graphs.
 * Other modules read them through TemplateCatalog only.
 */
@Module({
  imports: [DatabaseModule.forFeature([ProcessTemplateOrmEntity, ProcessTemplateVersionOrmEntity])],
  controllers: [ProcessTemplatesController],
  providers: [
    CreateTemplateUseCase,
    ReviseTemplateUseCase,
    ArchiveTemplateUseCase,
    RestoreTemplateUseCase,
    TemplateArchiveState,
    GetTemplateQuery,
    ListTemplatesQuery,
    ListTemplateVersionsQuery,
    TemplateCache,
    TemplateCatalog,
    { provide: PROCESS_TEMPLATE_REPOSITORY, useClass: TypeOrmProcessTemplateRepository },
    { provide: PROCESS_TEMPLATE_READ_MODEL, useClass: TypeOrmProcessTemplateReadModel },
  ],
  exports: [TemplateCatalog],
})
export class ProcessTemplatesModule {}
