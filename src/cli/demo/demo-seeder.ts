import { ListCalendarsQuery } from '../../modules/calendars/application/list-calendars.query.js';
import { CreateCalendarUseCase } from '../../modules/calendars/application/create-calendar.use-case.js';
import { CreateCaseUseCase } from '../../modules/cases/application/create-case.use-case.js';
import { ListCasesQuery } from '../../modules/cases/application/list-cases.query.js';
import { UpdateCaseUseCase } from '../../modules/cases/application/update-case.use-case.js';
import { CreateTemplateUseCase } from '../../modules/process-templates/application/create-template.use-case.js';
import { ListTemplatesQuery } from '../../modules/process-templates/application/list-templates.query.js';
import { CreateUserUseCase } from '../../modules/users/application/create-user.use-case.js';
import { ListUsersQuery } from '../../modules/users/application/list-users.query.js';
import { CLOCK, type Clock } from '../../shared/application/clock.js';
import type { Page } from '../../shared/application/page.js';
import { type CalendarDate, calendarDateOf } from '../../shared/domain/calendar-date.js';
import { WorkingCalendar } from '../../shared/domain/working-calendar.js';
import type { IsoWeekday } from '../../shared/domain/calendar-date.js';
import type { CliApp } from '../cli-app.js';
import { generatedPassword } from '../password-input.js';
import {
  DEMO_CALENDAR,
  DEMO_CASES,
  DEMO_TEMPLATES,
  DEMO_USERS,
  type DemoCase,
  type DemoTemplateKey,
  type DemoUserKey,
} from './demo-data.js';

/** What a seed did: each thing made now, or found from an earlier run. */
export interface SeedReport {
  created: string[];
  existing: string[];
  /** The password of the demo users made now (one for all of them), else null. */
  password: string | null;
}

const PAGE = 100;

/**
 * Puts the demo data in through the modules' own use cases, as the API would, so that every
 * row has its audit entry (as the CLI) and every rule holds. Idempotent: each user, the
 * calendar, each template and each case is looked up by its stable name first and left as
 * it is when found (a second run changes nothing; one that stopped half-way finishes).
 * Lists are read without a search text, which the search cache would answer from up to
 * CACHE_SEARCH_TTL_SECONDS ago.
 */
export class DemoSeeder {
  private readonly report: SeedReport = { created: [], existing: [], password: null };

  constructor(
    private readonly cli: CliApp,
    private readonly progress: (line: string) => void,
  ) {}

  async seed(): Promise<SeedReport> {
    const users = await this.users();
    const calendarId = await this.calendar();
    const templates: Record<DemoTemplateKey, string> = {
      onboarding: await this.template('onboarding', users),
      close: await this.template('close', users),
    };
    const today = calendarDateOf((await this.cli.get<Clock>(CLOCK)).now());
    const workingDays = new WorkingCalendar(DEMO_CALENDAR.workingWeekdays as readonly IsoWeekday[], DEMO_CALENDAR.holidays.map((h) => h.date as CalendarDate));
    for (const demoCase of DEMO_CASES) {
      const goal = demoCase.goalInWorkingDays >= 0
        ? workingDays.addWorkingDays(today, demoCase.goalInWorkingDays)
        : workingDays.subtractWorkingDays(today, -demoCase.goalInWorkingDays);
      await this.case(demoCase, { templateId: templates[demoCase.template], calendarId, goal, users });
    }
    return this.report;
  }

  private async users(): Promise<Record<DemoUserKey, string>> {
    const listUsers = await this.cli.get(ListUsersQuery);
    const createUser = await this.cli.get(CreateUserUseCase);
    const ids = {} as Record<DemoUserKey, string>;
    for (const [key, user] of Object.entries(DEMO_USERS) as [DemoUserKey, (typeof DEMO_USERS)[DemoUserKey]][]) {
      const found = (await listUsers.execute({ text: user.email, limit: PAGE })).items.find((u) => u.email === user.email);
      if (found) {
        ids[key] = found.id;
        this.found(`user ${user.email}`);
        continue;
      }
      this.report.password ??= generatedPassword();
      ids[key] = (await createUser.execute({ ...user, password: this.report.password })).id;
      this.made(`user ${user.email} (${user.role})`);
    }
    return ids;
  }

  private async calendar(): Promise<string> {
    const listCalendars = await this.cli.get(ListCalendarsQuery);
    const found = await firstOf((cursor) => listCalendars.execute({ limit: PAGE, cursor }), (calendar) => calendar.code === DEMO_CALENDAR.code);
    if (found) {
      this.found(`calendar ${DEMO_CALENDAR.code}`);
      return found.id;
    }
    const created = await (await this.cli.get(CreateCalendarUseCase)).execute({
      code: DEMO_CALENDAR.code,
      name: DEMO_CALENDAR.name,
      workingWeekdays: DEMO_CALENDAR.workingWeekdays,
      holidays: DEMO_CALENDAR.holidays,
    });
    this.made(`calendar ${created.code}: Monday to Friday, ${created.holidays.length} federal holidays of 2026 and 2027`);
    return created.id;
  }

  private async template(key: DemoTemplateKey, users: Record<DemoUserKey, string>): Promise<string> {
    const demo = DEMO_TEMPLATES[key];
    const listTemplates = await this.cli.get(ListTemplatesQuery);
    const found = await firstOf((cursor) => listTemplates.execute({ archived: false, limit: PAGE, cursor }), (template) => template.name === demo.name);
    if (found) {
      this.found(`template "${demo.name}"`);
      return found.id;
    }
    const created = await (await this.cli.get(CreateTemplateUseCase)).execute({
      name: demo.name,
      description: demo.description,
      steps: demo.steps.map(({ owner, ...step }) => ({ ...step, defaultAssigneeId: users[owner] })),
    });
    this.made(`template "${created.name}" (${created.steps.length} steps)`);
    return created.id;
  }

  private async case(
    demo: DemoCase,
    at: { templateId: string; calendarId: string; goal: CalendarDate; users: Record<DemoUserKey, string> },
  ): Promise<void> {
    const listCases = await this.cli.get(ListCasesQuery);
    const found = await firstOf(
      (cursor) => listCases.execute({ templateId: at.templateId, sort: '-createdAt', limit: PAGE, cursor }),
      (existing) => existing.title === demo.title,
    );
    if (found) {
      this.found(`case "${demo.title}"`);
      return;
    }
    const { case: started } = await (await this.cli.get(CreateCaseUseCase)).execute({
      title: demo.title,
      templateId: at.templateId,
      calendarId: at.calendarId,
      goalDate: at.goal,
      createdBy: at.users[demo.startedBy],
    });
    const updateCase = await this.cli.get(UpdateCaseUseCase);
    for (const [stepKey, status] of Object.entries(demo.progress)) {
      if (status !== 'todo') await updateCase.execute({ id: started.id, step: { key: stepKey, status } });
    }
    this.made(`case "${demo.title}", goal ${at.goal}: ${demo.stage}`);
  }

  private made(what: string): void {
    this.report.created.push(what);
    this.progress(`created ${what}`);
  }

  private found(what: string): void {
    this.report.existing.push(what);
    this.progress(`exists: ${what}`);
  }
}

/** The first item of a paged list that matches, reading page after page until one does. */
async function firstOf<T>(page: (cursor: string | undefined) => Promise<Page<T>>, matches: (item: T) => boolean): Promise<T | undefined> {
  let cursor: string | undefined;
  do {
    const { items, nextCursor } = await page(cursor);
    const found = items.find(matches);
    if (found) return found;
    cursor = nextCursor ?? undefined;
  } while (cursor);
  return undefined;
}
