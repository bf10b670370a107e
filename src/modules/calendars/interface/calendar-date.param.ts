import { type ArgumentMetadata, Injectable, Param, type PipeTransform } from '@nestjs/common';
import { isCalendarDate } from '../../../shared/domain/calendar-date.js';
import { RequestValidationError } from '../../../shared/interface/request-validation.error.js';

@Injectable()
class ParseCalendarDatePipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (isCalendarDate(value)) return value;
    throw new RequestValidationError([
      { field: metadata.data ?? 'date', message: 'must be a calendar date YYYY-MM-DD' },
    ]);
  }
}

/** A path parameter that must be a calendar date; anything else is a 400 naming the parameter. */
export const CalendarDateParam = (name: string) => Param(name, new ParseCalendarDatePipe());
