import { applyDecorators } from '@nestjs/common';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { CODE_MAX, CODE_PATTERN, NAME_MAX } from '../../domain/calendar.aggregate.js';
import { HOLIDAY_NAME_MAX, HOLIDAYS_PER_CALL_MAX } from '../../domain/holiday.js';
import { IsCalendarDate } from '../../../../shared/interface/validation.js';

/** The rules of each calendar field, shared by the request bodies and the holiday entries. */
export const CalendarField = {
  code: () =>
    applyDecorators(
      IsString(),
      Length(1, CODE_MAX),
      Matches(CODE_PATTERN, {
        message: 'must be letters, digits, _ or - and start with a letter or digit',
      }),
    ),
  name: () =>
    applyDecorators(IsString(), Length(1, NAME_MAX), Matches(/\S/, { message: 'name must not be blank' })),
  workingWeekdays: () =>
    applyDecorators(
      IsArray(),
      ArrayMinSize(1),
      ArrayMaxSize(7),
      IsInt({ each: true }),
      Min(1, { each: true, message: 'each must be an ISO weekday from 1 (Monday) to 7 (Sunday)' }),
      Max(7, { each: true, message: 'each must be an ISO weekday from 1 (Monday) to 7 (Sunday)' }),
    ),
  /** A list of holidays; the property also needs `@Type(() => HolidayDto)` to validate each. */
  holidays: () =>
    applyDecorators(IsArray(), ArrayMaxSize(HOLIDAYS_PER_CALL_MAX), ValidateNested({ each: true })),
  holidayDate: () => IsCalendarDate(),
  holidayName: () => applyDecorators(IsString(), Length(1, HOLIDAY_NAME_MAX)),
};
