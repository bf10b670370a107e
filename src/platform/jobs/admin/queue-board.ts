import { createBullBoard } from '@bull-board/api';
import { BullAdapter } from '@bull-board/api/bullAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { Controller, Get, Inject, Injectable, Logger, NotFoundException, type OnModuleInit } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HttpAdapterHost } from '@nestjs/core';
import type { Queue } from 'bull';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AUTHORIZATION, type Authorization } from '../../../shared/application/authorization.js';
import { type AuthenticatedRequest, PageRoute, Permission } from '../../../shared/interface/auth.decorators.js';
import { sendProblem, toProblem } from '../../../shared/interface/problem-details.js';
import { AccessTokens } from '../../auth/access-tokens.js';
import { AccessDeniedError } from '../../auth/auth.errors.js';
import { authenticate } from '../../auth/request-authentication.js';

/** Where the board is served; everything under it is guarded. */
export const QUEUE_BOARD_PATH = '/admin/queues';

/** Thrown at a write made with the page-session cookie without its CSRF token. */
class CsrfTokenError extends AccessDeniedError {
  override readonly message = 'a write made with the page-session cookie needs its CSRF token (X-CSRF-Token or X-XSRF-Token)';
}

/**
 * Bull Board (@bull-board/fastify) at /admin/queues over the notification queue: waiting,
 * active, delayed, failed and completed jobs, with retry, promote and clean from the page.
 *
 * The board's own auth option guards its page route only, so its JSON API
 * (/admin/queues/api/...) would answer anyone: one `onRequest` hook guards the whole prefix,
 * page, static files and API. A request must come from an admin (the permission table's
 * `admin` resource: `read` to look, `update` to act), signed in with a bearer access token
 * or the page-session cookie; a write made with the cookie must also carry its CSRF token
 * (the board's UI, axios, sends the XSRF-TOKEN cookie back as X-XSRF-TOKEN by itself).
 * Refusals are problem documents; a browser asking for the page is sent to /sign-in instead.
 * Every action taken through the board is logged with who took it.
 */
@Injectable()
export class QueueBoard implements OnModuleInit {
  private readonly logger = new Logger('QueueBoard');

  constructor(
    private readonly host: HttpAdapterHost,
    private readonly queue: Queue,
    private readonly tokens: AccessTokens,
    @Inject(AUTHORIZATION) private readonly authorization: Authorization,
  ) {}

  onModuleInit(): void {
    // An application context (a script) has no HTTP server to serve it on.
    const fastify = this.host.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return;
    const board = new FastifyAdapter();
    board.setBasePath(QUEUE_BOARD_PATH);
    createBullBoard({ queues: [new BullAdapter(this.queue)], serverAdapter: board, options: { uiConfig: { boardTitle: 'process-todo jobs' } } });
    void fastify.register(async (scope) => {
      scope.addHook('onRequest', async (request, reply) => {
        await this.guard(fastify, request, reply);
      });
      await scope.register(board.registerPlugin(), { prefix: QUEUE_BOARD_PATH });
    });
  }

  private async guard(fastify: FastifyInstance, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const reading = request.method === 'GET' || request.method === 'HEAD';
    try {
      const { user, by } = await authenticate(request, this.tokens, { pages: true });
      (request as AuthenticatedRequest).user = user;
      if (!this.authorization.allows(user, 'admin', reading ? 'read' : 'update', request.url)) throw new AccessDeniedError();
      if (!reading) {
        if (by === 'cookie' && !(await csrfTokenValid(fastify, request))) throw new CsrfTokenError();
        this.logger.log({ message: `queue board: ${request.method} ${request.url}`, category: 'audit', event: 'queue_board_action', userId: user.id });
      }
    } catch (error) {
      const wantsPage = reading && !request.url.startsWith(`${QUEUE_BOARD_PATH}/api/`) && /text\/html/.test(request.headers.accept ?? '');
      if (wantsPage && !(error instanceof AccessDeniedError)) {
        return reply.redirect(`/sign-in?next=${encodeURIComponent(request.url)}`, 303);
      }
      const problem = toProblem(error, request.url, String(request.id));
      return sendProblem(reply, problem, error);
    }
  }
}

/** @fastify/csrf-protection's check, asked for its verdict only: its refusal becomes our problem like every other. */
function csrfTokenValid(fastify: FastifyInstance, request: FastifyRequest): Promise<boolean> {
  return new Promise((resolve) => {
    fastify.csrfProtection(request, { send: () => resolve(false) } as unknown as FastifyReply, () => resolve(true));
  });
}

/**
 * Without Redis there is no Bull queue to show (the jobs run in this process): the board's
 * path says so and where the jobs are, instead of a bare 404.
 */
@ApiExcludeController()
@Controller(QUEUE_BOARD_PATH.slice(1))
export class NoQueueBoardController {
  @Get()
  @PageRoute()
  @Permission('admin', 'read')
  none(): never {
    throw new NotFoundException(
      'The queue dashboard shows Bull queues, which need Redis (REDIS_URL); this process runs its jobs itself: see GET /admin/jobs.',
    );
  }
}
