import { Body, Controller, Get, Headers, HttpCode, Post, Put, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiProblems } from '../../../shared/interface/api-problems.decorator.js';
import { etagOf, parseIfMatch } from '../../../shared/interface/etag.js';
import { UuidParam } from '../../../shared/interface/validation.js';
import { ArchiveTemplateUseCase } from '../application/archive-template.use-case.js';
import { CreateTemplateUseCase } from '../application/create-template.use-case.js';
import { GetTemplateQuery } from '../application/get-template.query.js';
import { ListTemplateVersionsQuery } from '../application/list-template-versions.query.js';
import { ListTemplatesQuery } from '../application/list-templates.query.js';
import { RestoreTemplateUseCase } from '../application/restore-template.use-case.js';
import { ReviseTemplateUseCase } from '../application/revise-template.use-case.js';
import type { ProcessTemplateSnapshot } from '../domain/process-template.aggregate.js';
import { GetTemplateQueryDto } from './dto/get-template.query.dto.js';
import { ListTemplatesQueryDto } from './dto/list-templates.query.dto.js';
import { ProcessTemplateResponse } from './dto/process-template.response.js';
import { TemplateDefinitionDto } from './dto/template-definition.dto.js';
import {
  TemplatePageResponse,
  TemplateSummaryResponse,
  TemplateVersionListResponse,
  TemplateVersionResponse,
} from './dto/template-list.response.js';
import { DEFAULT_PAGE_SIZE } from '../../../shared/interface/page-query.dto.js';
import { Permission } from '../../../shared/interface/auth.decorators.js';

const IF_MATCH = {
  name: 'If-Match',
  required: false,
  description: 'The ETag last read; the revision is refused with 412 if another was stored since.',
};

/** Process templates (SPEC-DOM-1). The ETag is always the latest version's number. */
@ApiTags('process-templates')
@Controller('process-templates')
export class ProcessTemplatesController {
  constructor(
    private readonly createTemplate: CreateTemplateUseCase,
    private readonly reviseTemplate: ReviseTemplateUseCase,
    private readonly archiveTemplate: ArchiveTemplateUseCase,
    private readonly restoreTemplate: RestoreTemplateUseCase,
    private readonly getTemplate: GetTemplateQuery,
    private readonly listTemplates: ListTemplatesQuery,
    private readonly listVersions: ListTemplateVersionsQuery,
  ) {}

  @Post()
  @Permission('templates', 'create')
  @ApiOperation({ summary: 'Create a template (version 1)' })
  @ApiResponse({ status: 201, type: ProcessTemplateResponse, description: 'Created; ETag and Location set.' })
  @ApiProblems(400, 413, 415, 422)
  async create(
    @Body() body: TemplateDefinitionDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProcessTemplateResponse> {
    const template = await this.createTemplate.execute(body);
    void reply.header('location', `/process-templates/${template.id}`);
    return respond(reply, template);
  }

  @Get()
  @Permission('templates', 'read')
  @ApiOperation({ summary: 'List templates, newest first, one cursor page at a time' })
  @ApiResponse({ status: 200, type: TemplatePageResponse })
  @ApiProblems(400)
  async list(@Query() query: ListTemplatesQueryDto): Promise<TemplatePageResponse> {
    const page = await this.listTemplates.execute({
      archived: query.archived ?? false,
      text: query.q,
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
      cursor: query.cursor,
    });
    return { items: page.items.map(TemplateSummaryResponse.from), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @Permission('templates', 'read')
  @ApiOperation({ summary: 'Read a template: its latest definition, or the one of `version`' })
  @ApiResponse({ status: 200, type: ProcessTemplateResponse, description: 'ETag of the latest version set.' })
  @ApiProblems(400, 404)
  async get(
    @UuidParam('id') id: string,
    @Query() query: GetTemplateQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProcessTemplateResponse> {
    const template = await this.getTemplate.execute(id, query.version);
    void reply.header('etag', etagOf(template.latestVersion));
    return ProcessTemplateResponse.from(template, template.latestVersion);
  }

  @Get(':id/versions')
  @Permission('templates', 'read')
  @ApiOperation({ summary: 'List the versions of a template' })
  @ApiResponse({ status: 200, type: TemplateVersionListResponse })
  @ApiProblems(400, 404)
  async versions(@UuidParam('id') id: string): Promise<TemplateVersionListResponse> {
    const versions = await this.listVersions.execute(id);
    return { items: versions.map(TemplateVersionResponse.from) };
  }

  @Put(':id')
  @Permission('templates', 'update')
  @ApiOperation({
    summary: 'Revise a template: the body becomes the next version; earlier ones stay as they are',
  })
  @ApiHeader(IF_MATCH)
  @ApiResponse({ status: 200, type: ProcessTemplateResponse, description: 'ETag set.' })
  @ApiProblems(400, 404, 409, 412, 413, 415, 422)
  async revise(
    @UuidParam('id') id: string,
    @Body() body: TemplateDefinitionDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProcessTemplateResponse> {
    const template = await this.reviseTemplate.execute({
      id,
      expectedVersions: parseIfMatch(ifMatch),
      definition: body,
    });
    return respond(reply, template);
  }

  @Post(':id/archive')
  @Permission('templates', 'update')
  @HttpCode(200)
  @ApiOperation({ summary: 'Archive a template: no revisions and no new cases until restored' })
  @ApiResponse({ status: 200, type: ProcessTemplateResponse, description: 'ETag set.' })
  @ApiProblems(400, 404)
  async archive(
    @UuidParam('id') id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProcessTemplateResponse> {
    return respond(reply, await this.archiveTemplate.execute({ id }));
  }

  @Post(':id/restore')
  @Permission('templates', 'update')
  @HttpCode(200)
  @ApiOperation({ summary: 'Restore an archived template' })
  @ApiResponse({ status: 200, type: ProcessTemplateResponse, description: 'ETag set.' })
  @ApiProblems(400, 404)
  async restore(
    @UuidParam('id') id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProcessTemplateResponse> {
    return respond(reply, await this.restoreTemplate.execute({ id }));
  }
}

/** The template's latest definition, with its version as the ETag. */
function respond(reply: FastifyReply, template: ProcessTemplateSnapshot): ProcessTemplateResponse {
  void reply.header('etag', etagOf(template.version));
  return ProcessTemplateResponse.from(template);
}
