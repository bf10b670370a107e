import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { ActingUser } from '../../../shared/application/acting-user.js';
import { ApiProblems } from '../../../shared/interface/api-problems.decorator.js';
import { CurrentUser, Permission } from '../../../shared/interface/auth.decorators.js';
import { DEFAULT_PAGE_SIZE, PageQueryDto } from '../../../shared/interface/page-query.dto.js';
import { UuidParam } from '../../../shared/interface/validation.js';
import { CreateWebhookUseCase } from '../application/create-webhook.use-case.js';
import { DeleteWebhookUseCase } from '../application/delete-webhook.use-case.js';
import { UpdateWebhookUseCase } from '../application/update-webhook.use-case.js';
import { RequestValidationError } from '../../../shared/interface/request-validation.error.js';
import { UpdateWebhookDto } from './dto/update-webhook.dto.js';
import { WebhookQueries } from '../application/webhook.queries.js';
import { CreateWebhookDto } from './dto/create-webhook.dto.js';
import { WebhookDeliveryPageResponse, WebhookDeliveryResponse, WebhookPageResponse, WebhookResponse } from './dto/webhook.response.js';

/**
 * Webhook subscriptions (admins and managers): each event a subscription names is POSTed to
 * its URL as JSON `{id, event, occurredAt, data}`, signed with its secret (X-Signature,
 * X-Timestamp), retried with backoff, and logged per subscription.
 */
@ApiTags('webhooks')
@Controller('webhooks')
export class WebhooksController {
  constructor(
    private readonly createWebhook: CreateWebhookUseCase,
    private readonly deleteWebhook: DeleteWebhookUseCase,
    private readonly updateWebhook: UpdateWebhookUseCase,
    private readonly queries: WebhookQueries,
  ) {}

  @Post()
  @Permission('webhooks', 'create')
  @ApiOperation({ summary: 'Subscribe a URL to events' })
  @ApiResponse({ status: 201, type: WebhookResponse, description: 'Created; Location set. The secret is not shown again.' })
  @ApiProblems(400, 401, 403, 413, 415, 422)
  async create(
    @Body() body: CreateWebhookDto,
    @CurrentUser() user: ActingUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WebhookResponse> {
    const created = await this.createWebhook.execute({ ...body, createdBy: user.id });
    void reply.header('location', `/webhooks/${created.id}`);
    return WebhookResponse.from(created);
  }

  @Get()
  @Permission('webhooks', 'read')
  @ApiOperation({ summary: 'List webhook subscriptions, newest first, one cursor page at a time' })
  @ApiResponse({ status: 200, type: WebhookPageResponse })
  @ApiProblems(400, 401, 403)
  async list(@Query() query: PageQueryDto): Promise<WebhookPageResponse> {
    const page = await this.queries.list({ limit: query.limit ?? DEFAULT_PAGE_SIZE, cursor: query.cursor });
    return { items: page.items.map(WebhookResponse.from), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @Permission('webhooks', 'read')
  @ApiOperation({ summary: 'Read a webhook subscription (never its secret)' })
  @ApiResponse({ status: 200, type: WebhookResponse })
  @ApiProblems(400, 401, 403, 404)
  async get(@UuidParam('id') id: string): Promise<WebhookResponse> {
    return WebhookResponse.from(await this.queries.get(id));
  }

  @Get(':id/deliveries')
  @Permission('webhooks', 'read')
  @ApiOperation({ summary: "A subscription's deliveries and their attempts, newest first, one cursor page at a time" })
  @ApiResponse({ status: 200, type: WebhookDeliveryPageResponse })
  @ApiProblems(400, 401, 403, 404)
  async deliveries(@UuidParam('id') id: string, @Query() query: PageQueryDto): Promise<WebhookDeliveryPageResponse> {
    const page = await this.queries.deliveries(id, { limit: query.limit ?? DEFAULT_PAGE_SIZE, cursor: query.cursor });
    return { items: page.items.map(WebhookDeliveryResponse.from), nextCursor: page.nextCursor };
  }

  @Patch(':id')
  @Permission('webhooks', 'update')
  @ApiOperation({ summary: 'Change a subscription (URL, events, description, secret), or turn it off and on' })
  @ApiResponse({ status: 200, type: WebhookResponse, description: 'enabled: true on a disabled subscription turns it back on, its failures forgotten.' })
  @ApiProblems(400, 401, 403, 404, 413, 415, 422)
  async update(@UuidParam('id') id: string, @Body() body: UpdateWebhookDto): Promise<WebhookResponse> {
    if (Object.keys(body).length === 0) throw new RequestValidationError([{ field: 'body', message: 'must change at least one field' }]);
    return WebhookResponse.from(await this.updateWebhook.execute({ id, changes: body }));
  }

  @Delete(':id')
  @Permission('webhooks', 'delete')
  @HttpCode(204)
  @ApiOperation({ summary: 'Unsubscribe: the subscription and its delivery log are deleted' })
  @ApiResponse({ status: 204, description: 'Deleted.' })
  @ApiProblems(400, 401, 403, 404)
  async remove(@UuidParam('id') id: string): Promise<void> {
    await this.deleteWebhook.execute(id);
  }
}
