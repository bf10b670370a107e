import type { EntityManager } from 'typeorm';
import { entityColumns } from '../../../platform/database/entity-columns.js';
import type { CalendarSnapshot } from '../domain/calendar.aggregate.js';
import { CalendarOrmEntity } from './calendar.orm-entity.js';

/**
 * The holidays of calendar `c` as one JSON array of {date, name}, ascending by date,
 * optionally narrowed by a condition on `h`. Read in the same statement as the calendar
 * row, so that both come from one snapshot of the database even outside a transaction.
 */
export const holidaysOf = (condition = '') => `COALESCE((
    SELECT json_agg(json_build_object('date', h.date, 'name', h.name) ORDER BY h.date)
    FROM calendar_holidays h WHERE h.calendar_id = c.id ${condition}
  ), '[]'::json) AS holidays`;

/**
 * One calendar with its holidays (all, or those `holidayCondition` keeps, its values bound
 * from $2 on): every column named as its property, so the row is a CalendarSnapshot.
 */
export async function findCalendar(
  manager: EntityManager,
  id: string,
  holidayCondition = '',
  params: unknown[] = [],
): Promise<CalendarSnapshot | null> {
  const [row]: CalendarSnapshot[] = await manager.query(
    `SELECT ${entityColumns(manager, CalendarOrmEntity, 'c')}, ${holidaysOf(holidayCondition)}
     FROM calendars c WHERE c.id = $1`,
    [id, ...params],
  );
  return row ?? null;
}
