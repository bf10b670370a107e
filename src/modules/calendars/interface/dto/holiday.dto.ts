import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { HOLIDAY_NAME_MAX } from '../../domain/holiday.js';
import { CalendarField } from './calendar-fields.js';

/** One holiday in a request body. */
export class HolidayDto {
  @ApiProperty({ format: 'date', example: '2026-01-01' })
  @CalendarField.holidayDate()
  date!: string;

  @ApiPropertyOptional({
    type: String,
    minLength: 1,
    maxLength: HOLIDAY_NAME_MAX,
    nullable: true,
    example: "New Year's Day",
  })
  @IsOptional()
  @CalendarField.holidayName()
  name?: string | null;
}
