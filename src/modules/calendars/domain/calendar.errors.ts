import { DomainError } from '../../../shared/domain/domain-error.js';

export class CalendarNotFoundError extends DomainError {
  readonly code = 'CALENDAR_NOT_FOUND';
  readonly kind = 'not_found';

  constructor(readonly calendarId: string) {
    super(`calendar ${calendarId} does not exist`);
  }
}

export class CalendarCodeTakenError extends DomainError {
  readonly code = 'CALENDAR_CODE_TAKEN';
  readonly kind = 'conflict';

  constructor(readonly calendarCode: string) {
    super(`a calendar with code ${calendarCode} already exists`, [
      { field: 'code', message: `${calendarCode} is taken by another calendar` },
    ]);
  }
}

export class HolidayNotFoundError extends DomainError {
  readonly code = 'HOLIDAY_NOT_FOUND';
  readonly kind = 'not_found';

  constructor(
    readonly calendarId: string,
    readonly date: string,
  ) {
    super(`calendar ${calendarId} has no holiday on ${date}`);
  }
}

/** A date range the working-day queries refuse: reversed, or longer than they answer. */
export class InvalidDateRangeError extends DomainError {
  readonly code = 'INVALID_DATE_RANGE';
  readonly kind = 'invalid_input';

  constructor(field: string, message: string) {
    super(`${field} ${message}`, [{ field, message }]);
  }
}
