import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { type Browser, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './support/eventually.js';
import { TEST_ADMIN, startTestApp, type TestApp } from './support/test-app.js';

/** Debian's Chromium (.ci/run installs it); without it the browser tests are skipped, except under CI. */
const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = join('test-results', 'screenshots');
const haveBrowser = existsSync(CHROMIUM) || process.env.CI === 'true';

let t: TestApp;
let browser: Browser;

beforeAll(async () => {
  t = await startTestApp();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  await mkdir(SCREENSHOTS, { recursive: true });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** A new browser context signed in through the sign-in page, as a person would. */
async function signedInPage(next: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${t.baseUrl}/sign-in?next=${encodeURIComponent(next)}`);
  await page.fill('#email', TEST_ADMIN.email);
  await page.fill('#password', TEST_ADMIN.password);
  await Promise.all([page.waitForURL(`${t.baseUrl}${next}`), page.click('button[type=submit]')]);
  return page;
}

describe.runIf(haveBrowser)('pages in a real browser (Chromium, playwright-core)', () => {
  it('the sign-in page opens a page session: an HttpOnly, SameSite=Strict cookie of 30 minutes', async () => {
    const page = await signedInPage('/docs');
    const cookies = await page.context().cookies();
    const session = cookies.find((cookie) => cookie.name === 'pt_session')!;
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(session.expires * 1000 - Date.now()).toBeGreaterThan(29 * 60_000);
    expect(session.expires * 1000 - Date.now()).toBeLessThanOrEqual(30 * 60_000);
    // The cookie is no bearer token: the JSON API still asks for one.
    const api = await page.request.get(`${t.baseUrl}/tasks`);
    expect(api.status()).toBe(401);
    await page.context().close();
  });

  it('GET /cases/:id/view draws the plan with mermaid served by the app: one bar per step, the goal, the warnings', async () => {
    const calendar = await t.request('POST', '/calendars', { body: { code: `view-${Date.now()}`, name: 'View calendar' } });
    await t.request('POST', `/calendars/${calendar.body.id}/holidays`, { body: { holidays: [{ date: '2027-03-03' }] } });
    const template = await t.request('POST', '/process-templates', {
      body: {
        name: 'Employee onboarding (view)',
        steps: [
          { key: 'contract', name: 'Sign the contract', durationDays: 2 },
          { key: 'laptop', name: 'Order the laptop', durationDays: 3, dependsOn: ['contract'] },
          { key: 'accounts', name: 'Create the accounts', durationDays: 1, dependsOn: ['contract'] },
          { key: 'welcome', name: 'Welcome day', durationDays: 1, dependsOn: ['laptop', 'accounts'] },
        ],
      },
    });
    expect(template.status, JSON.stringify(template.body)).toBe(201);
    const started = await t.request('POST', '/cases', {
      body: { templateId: template.body.id, calendarId: calendar.body.id, title: 'Onboarding of A. Lovelace', goalDate: '2027-03-10' },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const id = started.body.id;
    expect((await t.request('PATCH', `/cases/${id}/steps/contract`, { body: { status: 'in_progress' } })).status).toBe(200);

    // Anonymous: refused, never rendered.
    const anonymous = await t.request('GET', `/cases/${id}/view`, { anonymous: true });
    expect(anonymous.status).toBe(401);

    const page = await signedInPage(`/cases/${id}/view`);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.waitForSelector('body[data-rendered]', { timeout: 20_000 });
    expect(await page.getAttribute('body', 'data-rendered'), errors.join('\n')).toBe('true');
    const svg = page.locator('#gantt svg');
    await expect.poll(() => svg.count()).toBe(1);
    // One bar per step (mermaid's `task` rects); the goal is a milestone of its own.
    expect(await page.locator('#gantt svg rect.task:not(.milestone)').count()).toBe(4);
    expect(await page.locator('#gantt svg rect.milestone').count()).toBe(1);
    expect(await page.locator('#gantt svg .activeText0, #gantt svg .active0, #gantt svg rect.active0, #gantt svg [class*=active]').count()).toBeGreaterThan(0);
    expect(await page.textContent('#critical-path')).toContain('Sign the contract');
    expect(errors).toEqual([]);
    // No request left the app: mermaid came from /assets, not a CDN.
    const scripts = await page.$$eval('script[src]', (elements) => elements.map((element) => element.getAttribute('src') ?? ''));
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.every((src) => src.startsWith('/assets/'))).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, 'case-view.png'), fullPage: true });
    await page.context().close();
  }, 60_000);

  describe.runIf(process.env.REDIS_URL)('the queue board at /admin/queues (Bull)', () => {
    it('refuses anonymous requests to the page and to its JSON API, and a cookie write without its CSRF token', async () => {
      const page = await t.request('GET', '/admin/queues', { anonymous: true, headers: { accept: 'application/json' } });
      expect(page.status).toBe(401);
      expect(page.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const api = await t.request('GET', '/admin/queues/api/queues', { anonymous: true });
      expect(api.status).toBe(401);
      // A browser asking for the page is sent to sign in.
      const html = await fetch(`${t.baseUrl}/admin/queues`, { headers: { accept: 'text/html' }, redirect: 'manual' });
      expect(html.status).toBe(303);
      expect(html.headers.get('location')).toBe('/sign-in?next=%2Fadmin%2Fqueues');
      // A member is no admin.
      const member = await t.newUser('member');
      expect((await t.request('GET', '/admin/queues/api/queues', { token: member.accessToken })).status).toBe(403);

      const signedIn = await signedInPage('/docs');
      const cookie = (await signedIn.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
      const write = await fetch(`${t.baseUrl}/admin/queues/api/queues/notification/retry/failed`, { method: 'PUT', headers: { cookie } });
      expect(write.status).toBe(403);
      expect(((await write.json()) as { detail: string }).detail).toMatch(/CSRF/);
      await signedIn.context().close();
    });

    it('shows a failed job to an admin signed in with the cookie, and retries it from the page', async () => {
      const queue = t.app.get<Queue>(getQueueToken('notification'));
      const job = await queue.add('no-such-job-kind', { note: 'fails: no processor knows it' }, { attempts: 1 });
      await eventually(async () => (await queue.getJob(job.id))?.isFailed(), (failed) => failed === true);
      const before = (await queue.getJob(job.id))!.attemptsMade;

      const page = await signedInPage('/admin/queues');
      await page.goto(`${t.baseUrl}/admin/queues/queue/notification?status=failed`);
      await page.getByText('no-such-job-kind').first().waitFor({ timeout: 20_000 });
      await page.screenshot({ path: join(SCREENSHOTS, 'queue-board-failed.png'), fullPage: true });
      // The job card's retry icon (the queue's "Retry all" has a label), then the board's
      // "Are you sure…?" dialog.
      await page.locator('button:has(svg.lucide-refresh-cw)').filter({ hasNotText: /\S/ }).first().click();
      const dialog = page.getByRole('alertdialog').or(page.getByRole('dialog'));
      await dialog.getByText('Are you sure that you want to retry this job?').waitFor();
      await page.screenshot({ path: join(SCREENSHOTS, 'queue-board-confirm.png') });
      await dialog.getByRole('button').filter({ hasNotText: /cancel/i }).last().click();
      await eventually(async () => (await queue.getJob(job.id))!.attemptsMade, (attempts) => attempts > before, { timeoutMs: 15_000 });
      await page.screenshot({ path: join(SCREENSHOTS, 'queue-board-retried.png'), fullPage: true });
      await page.context().close();
    }, 60_000);
  });
});
