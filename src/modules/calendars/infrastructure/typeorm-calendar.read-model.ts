import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import {
  decodeCursor,
  encodeCursor,
  InvalidCursorError,
} from '../../../shared/application/cursor.js';
import type { IsoWeekday } from '../../../shared/domain/calendar-date.js';
import type {
  CalendarListCriteria,
  CalendarPage,
  CalendarReadModel,
  CalendarSummary,
} from '../application/ports/calendar.read-model.js';
import { CODE_MAX, CODE_PATTERN, type CalendarSnapshot } from '../domain/calendar.aggregate.js';
import {
  CALENDAR_COLUMNS,
  type CalendarRow,
  holidaysOf,
  isUuid,
  SELECT_CALENDAR_BY_ID,
  toSnapshot,
} from './calendar.mapper.js';

/** The one order lists come in; cursors name it so that a future second order cannot mix them up. */
const SORT = 'code';

type SummaryRow = Omit<CalendarRow, 'holidays'> & { holiday_count: number };

/**
 * Calendar reads. Lists page by keyset on the unique code: a page starts strictly after
 * the last code of the previous one, so calendars created or deleted meanwhile never
 * shift a page.
 */
@Injectable()
export class TypeOrmCalendarReadModel implements CalendarReadModel {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async findById(id: string, options: { year?: number } = {}): Promise<CalendarSnapshot | null> {
    if (!isUuid(id)) return null;
    const { year } = options;
    const rows: CalendarRow[] =
      year === undefined
        ? await this.txHost.tx.query(SELECT_CALENDAR_BY_ID, [id])
        : await this.txHost.tx.query(
            `SELECT ${CALENDAR_COLUMNS}, ${holidaysOf('AND h.date BETWEEN $2::date AND $3::date')}
             FROM calendars c WHERE c.id = $1`,
            [id, `${yearText(year)}-01-01`, `${yearText(year)}-12-31`],
          );
    return rows[0] ? toSnapshot(rows[0]) : null;
  }

  async list(criteria: CalendarListCriteria): Promise<CalendarPage> {
    const params: unknown[] = [];
    const bind = (value: unknown) => `$${params.push(value)}`;
    const where: string[] = [];

    if (criteria.text) {
      const pattern = bind(`%${escapeLike(criteria.text)}%`);
      where.push(`(c.code ILIKE ${pattern} OR c.name ILIKE ${pattern})`);
    }
    if (criteria.cursor) {
      const position = decodeCursor(criteria.cursor, SORT);
      if (!isCode(position.value) || !isUuid(position.id)) {
        throw new InvalidCursorError('is not a cursor this API issued');
      }
      where.push(`c.code > ${bind(position.value)}`);
    }

    const rows: SummaryRow[] = await this.txHost.tx.query(
      `SELECT ${CALENDAR_COLUMNS},
         (SELECT count(*) FROM calendar_holidays h WHERE h.calendar_id = c.id)::int AS holiday_count
       FROM calendars c
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY c.code
       LIMIT ${bind(criteria.limit + 1)}`,
      params,
    );

    const page = rows.slice(0, criteria.limit);
    const last = page.at(-1);
    const nextCursor =
      rows.length > criteria.limit && last
        ? encodeCursor({ sort: SORT, value: last.code, id: last.id })
        : null;
    return { items: page.map(toSummary), nextCursor };
  }
}

function toSummary(row: SummaryRow): CalendarSummary {
  return {
    id: row.id,
    version: row.version,
    code: row.code,
    name: row.name,
    workingWeekdays: row.working_weekdays as IsoWeekday[],
    holidayCount: row.holiday_count,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const isCode = (value: string | number): value is string =>
  typeof value === 'string' && value.length <= CODE_MAX && CODE_PATTERN.test(value);

const yearText = (year: number) => String(year).padStart(4, '0');

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
