import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { entityColumns } from '../../../platform/database/entity-columns.js';
import { isUuid } from '../../../shared/domain/uuid.js';
import { keysetOrder, keysetPage, sortKey } from '../../../shared/infrastructure/keyset-paginator.js';
import { SqlConditions, containsPattern } from '../../../shared/infrastructure/sql-conditions.js';
import type {
  CalendarListCriteria,
  CalendarPage,
  CalendarReadModel,
  CalendarSummary,
} from '../application/ports/calendar.read-model.js';
import { CODE_MAX, CODE_PATTERN, type CalendarSnapshot } from '../domain/calendar.aggregate.js';
import { findCalendar } from './calendar-rows.js';
import { CalendarOrmEntity } from './calendar.orm-entity.js';

/** The one order lists come in: by the unique code. Cursors name it, so a cursor of another list is refused. */
const BY_CODE = keysetOrder<CalendarSummary>(
  'code',
  sortKey.text('c.code', (calendar) => calendar.code, (code) => code.length <= CODE_MAX && CODE_PATTERN.test(code)),
  sortKey.uuid('c.id', (calendar) => calendar.id),
);

/** Calendar reads: one calendar with its holidays (of one year, if asked), or a list page. */
@Injectable()
export class TypeOrmCalendarReadModel implements CalendarReadModel {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async findById(id: string, options: { year?: number } = {}): Promise<CalendarSnapshot | null> {
    if (!isUuid(id)) return null;
    const { year } = options;
    if (year === undefined) return findCalendar(this.txHost.tx, id);
    return findCalendar(this.txHost.tx, id, 'AND h.date BETWEEN $2::date AND $3::date', [
      `${yearText(year)}-01-01`,
      `${yearText(year)}-12-31`,
    ]);
  }

  list(criteria: CalendarListCriteria): Promise<CalendarPage> {
    const where = new SqlConditions();
    if (criteria.text) {
      const pattern = where.bind(containsPattern(criteria.text));
      where.add(`(c.code ILIKE ${pattern} OR c.name ILIKE ${pattern})`);
    }
    const tx = this.txHost.tx;
    return keysetPage(BY_CODE, criteria, where, (tail) =>
      tx.query(
        `SELECT ${entityColumns(tx, CalendarOrmEntity, 'c')},
           (SELECT count(*) FROM calendar_holidays h WHERE h.calendar_id = c.id)::int AS "holidayCount"
         FROM calendars c ${tail}`,
        where.params,
      ),
    );
  }
}

const yearText = (year: number) => String(year).padStart(4, '0');
