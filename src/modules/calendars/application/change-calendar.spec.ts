import type { AuditRecord, AuditTrail } from '../../../shared/application/audit-trail.js';
import { describe, expect, it, vi } from 'vitest';
import { StaleVersionError } from '../../../shared/domain/domain-error.js';
import { Calendar, type CalendarSnapshot } from '../domain/calendar.aggregate.js';
import { CalendarNotFoundError } from '../domain/calendar.errors.js';
import type { CalendarRepository } from '../domain/calendar.repository.js';
import { AddHolidaysUseCase } from './add-holidays.use-case.js';
import type { CalendarChangeNotifier } from './calendar-change.notifier.js';
import { changeCalendar } from './change-calendar.js';
import { RemoveHolidayUseCase } from './remove-holiday.use-case.js';
import { SetWorkingWeekUseCase } from './set-working-week.use-case.js';

vi.mock('@nestjs-cls/transactional', () => ({ Transactional: () => () => undefined }));

const T1 = new Date('2026-11-24T10:00:00Z');
const stored: CalendarSnapshot = {
  ...Calendar.create('c1', { code: 'JP', name: 'Japan' }, new Date('2026-11-24T09:00:00Z')).snapshot(),
  version: 1,
};

/** A repository stub whose first `conflicts` updates lose to a writer adding 2026-12-31. */
function calendarRepository(
  conflicts = 0,
  seed = stored,
): CalendarRepository & { updates: CalendarSnapshot[] } {
  let current = seed;
  let remaining = conflicts;
  const updates: CalendarSnapshot[] = [];
  return {
    updates,
    findById: async (id) => (id === current.id ? Calendar.restore(current) : null),
    insert: async () => undefined,
    update: async (calendar) => {
      if (remaining-- > 0) {
        const other = Calendar.restore(current);
        other.addHolidays([{ date: '2026-12-31', name: 'other writer' }], T1);
        current = { ...other.snapshot(), version: current.version + 1 };
      }
      if (calendar.version !== current.version) {
        throw new StaleVersionError('calendar', calendar.id, calendar.version, current.version);
      }
      current = { ...calendar.snapshot(), version: current.version + 1 };
      calendar.markPersisted(current.version);
      updates.push(current);
    },
  };
}

const audit: AuditTrail = { record: async () => undefined };
const addNewYear = (calendar: Calendar) => calendar.addHolidays([{ date: '2027-01-01' }], T1);

describe('changeCalendar', () => {
  it('re-applies the change to the fresh calendar when another writer won and no version was given', async () => {
    const calendars = calendarRepository(2);
    const { calendar, changed } = await changeCalendar({ calendars: calendars, audit }, { id: 'c1' }, 'calendar.test', addNewYear);
    expect(changed).toBe(true);
    expect(calendar.version).toBe(4);
    expect(calendar.holidays.map((h) => h.date)).toEqual(['2026-12-31', '2027-01-01']);
    expect(calendars.updates).toHaveLength(1);
  });

  it('reports a stale version instead of retrying when the client named one', async () => {
    const calendars = calendarRepository(1);
    await expect(
      changeCalendar({ calendars: calendars, audit }, { id: 'c1', expectedVersions: [1] }, 'calendar.test', addNewYear),
    ).rejects.toBeInstanceOf(StaleVersionError);
    expect(calendars.updates).toHaveLength(0);
  });

  it('refuses a version the calendar is no longer at before changing anything', async () => {
    await expect(
      changeCalendar({ calendars: calendarRepository(), audit }, { id: 'c1', expectedVersions: [7] }, 'calendar.test', addNewYear),
    ).rejects.toMatchObject({ expectedVersions: [7], actualVersion: 1 });
  });

  it('gives up after five lost races', async () => {
    await expect(changeCalendar({ calendars: calendarRepository(5), audit }, { id: 'c1' }, 'calendar.test', addNewYear)).rejects.toBeInstanceOf(
      StaleVersionError,
    );
  });

  it('writes nothing when nothing changes', async () => {
    const calendars = calendarRepository();
    const result = await changeCalendar({ calendars: calendars, audit }, { id: 'c1' }, 'calendar.test', (c) => c.setWorkingWeek([1, 2, 3, 4, 5], T1));
    expect(result).toMatchObject({ changed: false, calendar: { version: 1 } });
    expect(calendars.updates).toHaveLength(0);
  });

  it('raises not found for an unknown calendar', async () => {
    await expect(changeCalendar({ calendars: calendarRepository(), audit }, { id: 'nope' }, 'calendar.test', addNewYear)).rejects.toBeInstanceOf(
      CalendarNotFoundError,
    );
  });
});

const clock = { now: () => new Date('2026-11-24T10:00:00Z') };
const notifier = () => ({ changed: vi.fn() }) as unknown as CalendarChangeNotifier & { changed: ReturnType<typeof vi.fn> };

describe('calendar change use cases', () => {
  it('audit the holidays a change touched, each by its date', async () => {
    const entries: AuditRecord[] = [];
    await new AddHolidaysUseCase(calendarRepository(), clock, notifier(), { record: async (entry) => void entries.push(entry) }).execute({
      id: 'c1',
      holidays: [{ date: '2026-05-05', name: 'Festival' }],
    });
    expect(entries).toEqual([
      {
        action: 'calendar.add_holidays',
        resourceType: 'calendar',
        resourceId: 'c1',
        changes: { 'holidays.2026-05-05': { before: null, after: 'Festival' } },
      },
    ]);
  });

  it('announce added holidays by count and date span, not by list', async () => {
    const changes = notifier();
    const result = await new AddHolidaysUseCase(calendarRepository(), clock, changes, audit).execute({
      id: 'c1',
      holidays: [{ date: '2026-05-05' }, { date: '2026-01-01', name: 'New Year' }],
    });
    expect(result.version).toBe(2);
    expect(changes.changed).toHaveBeenCalledWith('c1', 'holidays_added', {
      count: 2,
      first: '2026-01-01',
      last: '2026-05-05',
    });
  });

  it('announce nothing when the change was already in place', async () => {
    const changes = notifier();
    await new SetWorkingWeekUseCase(calendarRepository(), clock, changes, audit).execute({
      id: 'c1',
      workingWeekdays: [1, 2, 3, 4, 5],
    });
    expect(changes.changed).not.toHaveBeenCalled();
  });

  it('announce a new week and a removed holiday', async () => {
    const changes = notifier();
    const calendars = calendarRepository();
    await new SetWorkingWeekUseCase(calendars, clock, changes, audit).execute({ id: 'c1', workingWeekdays: [6, 1] });
    await new AddHolidaysUseCase(calendars, clock, changes, audit).execute({ id: 'c1', holidays: [{ date: '2026-01-01' }] });
    await new RemoveHolidayUseCase(calendars, clock, changes, audit).execute({ id: 'c1', date: '2026-01-01' });
    expect(changes.changed.mock.calls.map((call) => call.slice(1))).toEqual([
      ['calendar_week_changed', { workingWeekdays: [1, 6] }],
      ['holidays_added', { count: 1, first: '2026-01-01', last: '2026-01-01' }],
      ['holiday_removed', { date: '2026-01-01' }],
    ]);
  });
});
