import { describe, expect, it } from 'vitest';
import type { AppConfig } from '../../../config/app-config.js';
import { memoryCacheStore } from '../../../platform/cache/cache-stores.js';
import { SharedReadCache } from '../../../platform/cache/shared-read-cache.js';
import { Calendar, type CalendarSnapshot } from '../domain/calendar.aggregate.js';
import { CalendarNotFoundError } from '../domain/calendar.errors.js';
import type { CalendarReadModel } from './ports/calendar.read-model.js';
import { WorkingCalendarProvider } from './working-calendar.provider.js';

const T0 = new Date('2026-11-24T09:00:00Z');
const config = (calendarTtlMs: number) => ({ cache: { calendarTtlMs } }) as AppConfig;

/** A read model over one mutable calendar that counts its reads; `during` runs inside a read. */
function reads(holidays: string[] = ['2026-01-01']) {
  const state = {
    calendar: {
      ...Calendar.create('c1', { code: 'JP', name: 'Japan', holidays: holidays.map((date) => ({ date })) }, T0).snapshot(),
      version: 1,
    } as CalendarSnapshot,
    loads: 0,
    during: async () => undefined as void,
  };
  const model: CalendarReadModel = {
    findById: async (id) => {
      state.loads++;
      const found = id === state.calendar.id ? state.calendar : null;
      await state.during();
      return found;
    },
    list: async () => ({ items: [], nextCursor: null }),
  };
  return { state, model };
}

const noHolidays = (state: { calendar: CalendarSnapshot }) => {
  state.calendar = { ...state.calendar, holidays: [] };
};

describe('WorkingCalendarProvider', () => {
  it('loads a calendar once and answers from the cache after that', async () => {
    const { state, model } = reads();
    const provider = new WorkingCalendarProvider(model, new SharedReadCache(memoryCacheStore()), config(60_000));
    expect((await provider.get('c1')).isWorkingDay('2026-01-01' as never)).toBe(false);
    noHolidays(state);
    expect((await provider.get('c1')).isWorkingDay('2026-01-01' as never)).toBe(false);
    expect(state.loads).toBe(1);
  });

  it('reloads a calendar it was told to forget', async () => {
    const { state, model } = reads();
    const provider = new WorkingCalendarProvider(model, new SharedReadCache(memoryCacheStore()), config(60_000));
    await provider.get('c1');
    noHolidays(state);
    await provider.forget('c1');
    expect((await provider.get('c1')).isWorkingDay('2026-01-01' as never)).toBe(true);
    expect(state.loads).toBe(2);
  });

  it('does not cache a load that overlapped a forget: it may have read the state before the change', async () => {
    const { state, model } = reads();
    const provider = new WorkingCalendarProvider(model, new SharedReadCache(memoryCacheStore()), config(60_000));
    state.during = async () => {
      state.during = async () => undefined;
      await provider.forget('c1');
    };
    await provider.get('c1');
    await provider.get('c1');
    expect(state.loads).toBe(2);
  });

  it('caches nothing with a TTL of 0', async () => {
    const { state, model } = reads();
    const provider = new WorkingCalendarProvider(model, new SharedReadCache(memoryCacheStore()), config(0));
    await provider.get('c1');
    await provider.get('c1');
    expect(state.loads).toBe(2);
  });

  it('raises CalendarNotFoundError for an unknown calendar, and caches no miss', async () => {
    const { state, model } = reads();
    const provider = new WorkingCalendarProvider(model, new SharedReadCache(memoryCacheStore()), config(60_000));
    await expect(provider.get('nope')).rejects.toBeInstanceOf(CalendarNotFoundError);
    await expect(provider.get('nope')).rejects.toBeInstanceOf(CalendarNotFoundError);
    expect(state.loads).toBe(2);
  });
});
