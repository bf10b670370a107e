import { AggregateRoot } from '../../../shared/domain/aggregate-root.js';
import {
  type CalendarDate,
  type IsoWeekday,
  toCalendarDate,
} from '../../../shared/domain/calendar-date.js';
import { InvariantViolationError } from '../../../shared/domain/domain-error.js';
import { WorkingCalendar } from '../../../shared/domain/working-calendar.js';
import { HolidayNotFoundError } from './calendar.errors.js';
import { checkHolidays, type Holiday, type HolidayInput } from './holiday.js';
import { checkWorkingWeek, DEFAULT_WORKING_WEEK } from './working-week.js';

export const CODE_MAX = 40;
export const NAME_MAX = 100;
export const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/** The state of a calendar as persistence and read models see it. */
export interface CalendarSnapshot {
  readonly id: string;
  readonly version: number;
  readonly code: string;
  readonly name: string;
  /** ISO weekdays, ascending. */
  readonly workingWeekdays: readonly IsoWeekday[];
  /** Ascending by date. */
  readonly holidays: readonly Holiday[];
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface NewCalendar {
  code: string;
  name: string;
  workingWeekdays?: readonly number[];
  holidays?: readonly HolidayInput[];
}

/** The holidays to write and the dates to delete since the calendar was loaded or saved. */
export interface HolidayChanges {
  readonly saved: readonly Holiday[];
  readonly removed: readonly CalendarDate[];
}

interface CalendarState {
  readonly code: string;
  readonly name: string;
  readonly workingWeekdays: readonly IsoWeekday[];
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/**
 * A working-day calendar of a team or country: which weekdays are worked and which dates
 * are holidays. Its invariants (code and name rules, a non-empty sorted week, one entry
 * per holiday date) hold after every method; `toWorkingCalendar` hands the result to the
 * scheduling code.
 */
export class Calendar extends AggregateRoot {
  private changed = false;
  /** Dates whose holiday was added, renamed or removed since the last load or save. */
  private readonly touched = new Set<CalendarDate>();

  private constructor(
    id: string,
    version: number,
    private state: CalendarState,
    private readonly holidays: Map<CalendarDate, string | null>,
  ) {
    super(id, version);
  }

  static create(id: string, input: NewCalendar, now: Date): Calendar {
    const holidays = checkHolidays('holidays', input.holidays ?? []);
    return new Calendar(
      id,
      0,
      {
        code: checkCode(input.code),
        name: checkName(input.name),
        workingWeekdays: checkWorkingWeek(input.workingWeekdays ?? DEFAULT_WORKING_WEEK),
        createdAt: now,
        updatedAt: now,
      },
      new Map(holidays.map((holiday) => [holiday.date, holiday.name])),
    );
  }

  /** Rebuilds a stored calendar; the data was checked when it was written. */
  static restore(snapshot: CalendarSnapshot): Calendar {
    const { id, version, holidays, ...state } = snapshot;
    return new Calendar(id, version, state, new Map(holidays.map((h) => [h.date, h.name])));
  }

  get code(): string {
    return this.state.code;
  }

  /** True when a method since loading (or the last save) changed something worth saving. */
  get hasChanges(): boolean {
    return this.changed;
  }

  /** Replaces the working week; the same days in another order or repeated are no change. */
  setWorkingWeek(days: readonly number[], now: Date): void {
    const workingWeekdays = checkWorkingWeek(days);
    const current = this.state.workingWeekdays;
    if (workingWeekdays.length === current.length && workingWeekdays.every((d, i) => d === current[i])) {
      return;
    }
    this.state = { ...this.state, workingWeekdays, updatedAt: now };
    this.changed = true;
  }

  /** Adds holidays; a date already on the calendar gets the new name. */
  addHolidays(input: readonly HolidayInput[], now: Date): void {
    let added = false;
    for (const { date, name } of checkHolidays('holidays', input)) {
      if (this.holidays.has(date) && this.holidays.get(date) === name) continue;
      this.holidays.set(date, name);
      this.touched.add(date);
      added = true;
    }
    if (added) this.touch(now);
  }

  removeHoliday(date: string, now: Date): void {
    const day = toCalendarDate('date', date);
    if (!this.holidays.delete(day)) throw new HolidayNotFoundError(this.id, day);
    this.touched.add(day);
    this.touch(now);
  }

  toWorkingCalendar(): WorkingCalendar {
    return new WorkingCalendar(this.state.workingWeekdays, this.holidays.keys());
  }

  holidayChanges(): HolidayChanges {
    const dates = [...this.touched].sort();
    return {
      saved: dates.filter((date) => this.holidays.has(date)).map((date) => this.holidayOn(date)),
      removed: dates.filter((date) => !this.holidays.has(date)),
    };
  }

  /** After a save there is nothing left to write. */
  override markPersisted(version: number): void {
    super.markPersisted(version);
    this.changed = false;
    this.touched.clear();
  }

  snapshot(): CalendarSnapshot {
    const holidays = [...this.holidays.keys()].sort().map((date) => this.holidayOn(date));
    return { id: this.id, version: this.version, ...this.state, holidays };
  }

  private holidayOn(date: CalendarDate): Holiday {
    return { date, name: this.holidays.get(date) ?? null };
  }

  private touch(now: Date): void {
    this.state = { ...this.state, updatedAt: now };
    this.changed = true;
  }
}

function checkCode(code: string): string {
  if (code.length === 0 || code.length > CODE_MAX || !CODE_PATTERN.test(code)) {
    throw new InvariantViolationError(
      'code',
      `must be 1-${CODE_MAX} letters, digits, _ or - and start with a letter or digit`,
    );
  }
  return code;
}

function checkName(raw: string): string {
  const name = raw.trim();
  if (name.length === 0) throw new InvariantViolationError('name', 'must not be blank');
  if (name.length > NAME_MAX) {
    throw new InvariantViolationError('name', `must be at most ${NAME_MAX} characters`);
  }
  return name;
}
