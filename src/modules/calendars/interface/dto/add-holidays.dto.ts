import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMinSize, IsOptional, ValidateIf } from 'class-validator';
import { IsOptionalNotNull } from '../../../../shared/interface/validation.js';
import { HOLIDAY_NAME_MAX, HOLIDAYS_PER_CALL_MAX } from '../../domain/holiday.js';
import { CalendarField } from './calendar-fields.js';
import { HolidayDto } from './holiday.dto.js';

/**
 * Either one holiday (`date`, optional `name`) or a list of them (`holidays`). The
 * controller refuses a body that mixes the two.
 */
export class AddHolidaysDto {
  @ApiPropertyOptional({ format: 'date', description: 'One holiday: its date.', example: '2026-01-01' })
  @ValidateIf((body: AddHolidaysDto) => body.holidays === undefined || body.date !== undefined)
  @CalendarField.holidayDate()
  date?: string;

  @ApiPropertyOptional({
    type: String,
    minLength: 1,
    maxLength: HOLIDAY_NAME_MAX,
    nullable: true,
    description: 'One holiday: its name.',
  })
  @IsOptional()
  @CalendarField.holidayName()
  name?: string | null;

  @ApiPropertyOptional({
    type: [HolidayDto],
    minItems: 1,
    maxItems: HOLIDAYS_PER_CALL_MAX,
    description: 'Several holidays at once, instead of `date` and `name`.',
  })
  @IsOptionalNotNull()
  @ArrayMinSize(1)
  @CalendarField.holidays()
  @Type(() => HolidayDto)
  holidays?: HolidayDto[];
}
