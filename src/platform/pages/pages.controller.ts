import { createReadStream } from 'node:fs';
import { Controller, Delete, Get, Header, HttpCode, Inject, NotFoundException, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import type { ActingUser } from '../../shared/application/acting-user.js';
import { ApiProblems } from '../../shared/interface/api-problems.decorator.js';
import { CurrentUser, Public } from '../../shared/interface/auth.decorators.js';
import { htmlPage } from '../../shared/interface/html-page.js';
import { RateLimit } from '../../shared/interface/rate-limit.decorator.js';
import { AccessTokens, PAGE_SESSION_TTL_SECONDS } from '../auth/access-tokens.js';
import { PAGE_SESSION_COOKIE } from '../auth/request-authentication.js';
import { PAGE_ASSETS } from './page-assets.js';
import { CSRF_SECRET_COOKIE, CSRF_TOKEN_COOKIE, cookieOptions } from './page-support.js';

class PageSessionResponse {
  @ApiProperty({ format: 'date-time', description: 'When the page session ends (30 minutes after it began).' })
  expiresAt!: string;

  @ApiProperty({ description: 'Send as `X-CSRF-Token` (or `X-XSRF-Token`) with every write made with the page-session cookie.' })
  csrfToken!: string;
}

const SIGN_IN_PAGE = htmlPage({
  title: 'Sign in',
  body: `<div class="card">
<h1>Sign in</h1>
<p>For the pages of process-todo (a case's plan, the queue dashboard). The API itself takes the access token of <code>POST /auth/login</code>.</p>
<form id="sign-in">
<label for="email">E-mail</label><input id="email" name="email" type="email" autocomplete="username" required>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
<p id="problem" class="error" role="alert"></p>
</form>
</div>`,
  scripts: ['/assets/sign-in.js'],
});

/**
 * Browser pages' sign-in: `/sign-in`, the page session it opens (`POST /auth/page-session`:
 * an HttpOnly, SameSite=Strict cookie of PAGE_SESSION_TTL_SECONDS, Secure in production, and
 * a CSRF token), its end, and the pages' scripts (`/assets/...`, served by the app itself).
 */
@ApiTags('auth')
@Controller()
export class PagesController {
  constructor(
    private readonly tokens: AccessTokens,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('auth/page-session')
  @RateLimit('requests')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Open a page session for this browser: given an access token, set the 30-minute page-session cookie and answer a CSRF token',
  })
  @ApiResponse({ status: 200, type: PageSessionResponse })
  @ApiProblems(401, 429)
  async open(@CurrentUser() user: ActingUser, @Res({ passthrough: true }) reply: FastifyReply): Promise<PageSessionResponse> {
    const maxAge = PAGE_SESSION_TTL_SECONDS;
    void reply.setCookie(PAGE_SESSION_COOKIE, await this.tokens.signPageSession(user), { ...cookieOptions(this.config, { httpOnly: true }), maxAge });
    const csrfToken = reply.generateCsrf({ userInfo: user.id });
    // Readable by the page's own script (the queue board's sends it back as X-XSRF-TOKEN).
    void reply.setCookie(CSRF_TOKEN_COOKIE, csrfToken, { ...cookieOptions(this.config, { httpOnly: false }), maxAge });
    return { expiresAt: new Date(Date.now() + maxAge * 1000).toISOString(), csrfToken };
  }

  @Delete('auth/page-session')
  @Public()
  @RateLimit('requests')
  @HttpCode(204)
  @ApiOperation({ summary: "End this browser's page session" })
  @ApiResponse({ status: 204, description: 'Ended (or there was none).' })
  @ApiProblems(429)
  close(@Res({ passthrough: true }) reply: FastifyReply): void {
    for (const [name, httpOnly] of [[PAGE_SESSION_COOKIE, true], [CSRF_TOKEN_COOKIE, false], [CSRF_SECRET_COOKIE, true]] as const) {
      void reply.clearCookie(name, cookieOptions(this.config, { httpOnly }));
    }
  }

  @Get('sign-in')
  @Public()
  @RateLimit('requests')
  @ApiOperation({ summary: 'The sign-in page for people: opens a page session for the pages (a case view, the queue dashboard)' })
  @ApiProduces('text/html')
  @ApiResponse({ status: 200, description: 'text/html', schema: { type: 'string' } })
  @ApiProblems(429)
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  signInPage(): string {
    return SIGN_IN_PAGE;
  }

  @Get('assets/:name')
  @Public()
  @RateLimit('requests')
  @ApiOperation({ summary: "A script of the pages, served by the app itself (no CDN): sign-in.js, mermaid-init.js, mermaid.min.js" })
  @ApiProduces('text/javascript')
  @ApiResponse({ status: 200, description: 'text/javascript', schema: { type: 'string' } })
  @ApiProblems(404, 429)
  asset(@Param('name') name: string, @Res() reply: FastifyReply): void {
    const asset = PAGE_ASSETS.get(name);
    if (!asset) throw new NotFoundException(`no asset ${name}`);
    void reply
      .type(asset.contentType)
      .header('cache-control', 'public, max-age=3600')
      .send(asset.text ?? createReadStream(asset.file!));
  }
}
