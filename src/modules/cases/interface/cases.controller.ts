import { Body, Controller, Get, Headers, HttpCode, Inject, Patch, Post, Query, Res } from '@nestjs/common';
import { AUDIT_HISTORY, type AuditHistory } from '../../../shared/application/audit-trail.js';
import { AuditEntryPageResponse, historyPage } from '../../../shared/interface/audit-entry.response.js';
import { ApiHeader, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Idempotent } from '../../../platform/idempotency/idempotency.interceptor.js';
import { ApiProblems } from '../../../shared/interface/api-problems.decorator.js';
import { etagOf, parseIfMatch, requireIfMatch } from '../../../shared/interface/etag.js';
import { RequestValidationError } from '../../../shared/interface/request-validation.error.js';
import { UuidParam } from '../../../shared/interface/validation.js';
import { CreateCaseUseCase } from '../application/create-case.use-case.js';
import { GetCaseQuery } from '../application/get-case.query.js';
import { ListCasesQuery } from '../application/list-cases.query.js';
import { GetCasePlanQuery } from '../application/get-case-plan.query.js';
import { PreviewReplanQuery } from '../application/preview-replan.query.js';
import { type ReplannedCase, ReplanCaseUseCase } from '../application/replan-case.use-case.js';
import { UpdateCaseUseCase } from '../application/update-case.use-case.js';
import type { CaseSnapshot } from '../domain/case.aggregate.js';
import {
  CasePageResponse,
  CaseResponse,
  CaseSummaryResponse,
  CreatedCaseResponse,
  ReplanResponse,
} from './dto/case.response.js';
import { CreateCaseDto } from './dto/create-case.dto.js';
import { ListCasesQueryDto } from './dto/list-cases.query.dto.js';
import { ReplanDto } from './dto/replan.dto.js';
import { UpdateCaseDto, UpdateCaseStepDto } from './dto/update-case.dto.js';
import { caseToIcs, icsEventCount } from './exports/case-calendar.ics.js';
import { caseToMermaidGantt, ganttBarCount } from './exports/case-gantt.mermaid.js';
import { caseViewPage } from './exports/case-view.page.js';
import { StepKeyParam } from './step-key.param.js';
import { DEFAULT_PAGE_SIZE, PageQueryDto } from '../../../shared/interface/page-query.dto.js';
import type { Actor } from '../../../shared/application/acting-user.js';
import { CurrentActor, PageRoute, Permission } from '../../../shared/interface/auth.decorators.js';
import { ExportRows } from '../../../shared/interface/export-rows.decorator.js';

const IF_MATCH = { name: 'If-Match', required: false, description: 'The ETag last read; 412 if the case changed since.' };

@ApiTags('cases')
@Controller('cases')
export class CasesController {
  constructor(
    private readonly createCase: CreateCaseUseCase,
    private readonly updateCase: UpdateCaseUseCase,
    private readonly replanCase: ReplanCaseUseCase,
    private readonly previewReplan: PreviewReplanQuery,
    private readonly casePlan: GetCasePlanQuery,
    private readonly getCase: GetCaseQuery,
    private readonly listCases: ListCasesQuery,
    @Inject(AUDIT_HISTORY) private readonly history: AuditHistory,
  ) {}

  @Post()
  @Permission('cases', 'create')
  @Idempotent()
  @ApiOperation({ summary: 'Start a case from a template and plan every step backward from the goal date' })
  @ApiResponse({ status: 201, type: CreatedCaseResponse, description: 'Created; ETag and Location set.' })
  @ApiProblems(400, 404, 409, 413, 415, 422)
  async create(
    @Body() body: CreateCaseDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CreatedCaseResponse> {
    const created = await this.createCase.execute({ ...body, createdBy: actor.id });
    void reply.header('location', `/cases/${created.case.id}`);
    return {
      ...respond(reply, created.case),
      criticalPath: [...created.criticalPath],
      slack: created.slack,
      warnings: [...created.warnings],
    };
  }

  @Get()
  @Permission('cases', 'read')
  @ApiOperation({ summary: 'List cases with their progress, one cursor page at a time' })
  @ApiResponse({ status: 200, type: CasePageResponse })
  @ApiProblems(400)
  async list(@Query() query: ListCasesQueryDto): Promise<CasePageResponse> {
    const page = await this.listCases.execute({
      status: query.status,
      templateId: query.templateId,
      goalBefore: query.goalBefore,
      goalAfter: query.goalAfter,
      assigneeId: query.assigneeId,
      sort: query.sort ?? '-createdAt',
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
      cursor: query.cursor,
    });
    return { items: page.items.map(CaseSummaryResponse.from), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @Permission('cases', 'read')
  @ApiOperation({ summary: 'Read a case with its steps' })
  @ApiResponse({ status: 200, type: CaseResponse, description: 'ETag set.' })
  @ApiProblems(400, 404)
  async get(@UuidParam('id') id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<CaseResponse> {
    return respond(reply, await this.getCase.execute(id));
  }

  @Get(':id/history')
  @Permission('cases', 'read')
  @ApiOperation({ summary: "A case's audit entries (its steps' and replans' too), newest first, one cursor page at a time" })
  @ApiResponse({ status: 200, type: AuditEntryPageResponse })
  @ApiProblems(400, 404)
  listHistory(@UuidParam('id') id: string, @Query() query: PageQueryDto): Promise<AuditEntryPageResponse> {
    return historyPage(this.history, { type: 'case', id, assertExists: () => this.getCase.execute(id) }, query);
  }

  @Get(':id/calendar.ics')
  @Permission('cases', 'read')
  @ExportRows(icsEventCount)
  @ApiOperation({ summary: 'The plan as iCalendar: one all-day event per step on its due date' })
  @ApiProduces('text/calendar')
  @ApiResponse({ status: 200, description: 'text/calendar', schema: { type: 'string' } })
  @ApiProblems(400, 404)
  async ics(@UuidParam('id') id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const c = await this.getCase.execute(id);
    void reply
      .header('content-type', 'text/calendar; charset=utf-8')
      .header('content-disposition', `attachment; filename="case-${c.id}.ics"`)
      .header('etag', etagOf(c.version));
    return caseToIcs(c);
  }

  @Get(':id/gantt')
  @Permission('cases', 'read')
  @ExportRows(ganttBarCount)
  @ApiOperation({ summary: 'The plan as a Mermaid gantt chart, critical path marked' })
  @ApiProduces('text/plain')
  @ApiResponse({ status: 200, description: 'Mermaid source', schema: { type: 'string' } })
  @ApiProblems(400, 404)
  async gantt(@UuidParam('id') id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const { case: c, criticalPath, daysOff } = await this.casePlan.execute(id);
    void reply.header('content-type', 'text/plain; charset=utf-8').header('etag', etagOf(c.version));
    return caseToMermaidGantt(c, criticalPath, daysOff);
  }

  @Get(':id/view')
  @PageRoute()
  @Permission('cases', 'read')
  @ApiOperation({
    summary: 'The plan as a page for people: a Gantt chart (critical path and goal marked, steps coloured by status), the warnings and the steps',
    description: 'For a browser signed in at /sign-in (the page-session cookie), or with an access token.',
  })
  @ApiProduces('text/html')
  @ApiResponse({ status: 200, description: 'text/html', schema: { type: 'string' } })
  @ApiProblems(400, 401, 403, 404)
  async view(@UuidParam('id') id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const { case: c, criticalPath, daysOff, today } = await this.casePlan.execute(id);
    void reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store');
    return caseViewPage(c, caseToMermaidGantt(c, criticalPath, daysOff), criticalPath, today);
  }

  @Patch(':id')
  @Permission('cases', 'update')
  @ApiOperation({ summary: 'Rename a case or move its status' })
  @ApiHeader(IF_MATCH)
  @ApiResponse({ status: 200, type: CaseResponse })
  @ApiProblems(400, 404, 409, 412, 422)
  async update(
    @UuidParam('id') id: string,
    @Body() body: UpdateCaseDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CaseResponse> {
    requireSomeChange(body);
    const updated = await this.updateCase.execute({ id, expectedVersions: parseIfMatch(ifMatch), ...body, actor });
    return respond(reply, updated);
  }

  @Patch(':id/steps/:stepKey')
  @Permission('cases', 'update')
  @ApiOperation({ summary: "Change a step's status, assignee or pin" })
  @ApiHeader(IF_MATCH)
  @ApiResponse({ status: 200, type: CaseResponse })
  @ApiProblems(400, 404, 409, 412)
  async updateStep(
    @UuidParam('id') id: string,
    @StepKeyParam() stepKey: string,
    @Body() body: UpdateCaseStepDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CaseResponse> {
    requireSomeChange(body);
    const updated = await this.updateCase.execute({
      id,
      expectedVersions: parseIfMatch(ifMatch),
      step: { key: stepKey, ...body },
      actor,
    });
    return respond(reply, updated);
  }

  @Post(':id/replan/preview')
  @Permission('cases', 'read')
  @HttpCode(200)
  @ApiOperation({ summary: 'What a replan would change (diff, critical path, warnings); writes nothing' })
  @ApiResponse({ status: 200, type: ReplanResponse })
  @ApiProblems(400, 404, 409, 422)
  async preview(@UuidParam('id') id: string, @Body() body: ReplanDto): Promise<ReplanResponse> {
    return toReplanResponse(await this.previewReplan.execute({ id, ...body }));
  }

  @Post(':id/replan/apply')
  @Permission('cases', 'update')
  @HttpCode(200)
  @ApiOperation({ summary: 'Replan atomically over the version named in If-Match; returns the diff' })
  @ApiHeader({ ...IF_MATCH, required: true })
  @ApiResponse({ status: 200, type: ReplanResponse, description: 'ETag of the new version.' })
  @ApiProblems(400, 404, 409, 412, 422, 428)
  async apply(
    @UuidParam('id') id: string,
    @Body() body: ReplanDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReplanResponse> {
    const expectedVersions = requireIfMatch(ifMatch);
    const replanned = await this.replanCase.execute({ id, expectedVersions, ...body, actor });
    void reply.header('etag', etagOf(replanned.case.version));
    return toReplanResponse(replanned);
  }
}

function respond(reply: FastifyReply, c: CaseSnapshot): CaseResponse {
  void reply.header('etag', etagOf(c.version));
  return CaseResponse.from(c);
}

function toReplanResponse(replanned: ReplannedCase): ReplanResponse {
  const { case: c, ...result } = replanned;
  return { ...result, criticalPath: [...result.criticalPath], warnings: [...result.warnings], case: CaseResponse.from(c) };
}

function requireSomeChange(body: object): void {
  if (Object.keys(body).length === 0) {
    throw new RequestValidationError([{ field: 'body', message: 'must change at least one field' }]);
  }
}
