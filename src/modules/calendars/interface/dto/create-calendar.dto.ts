import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptionalNotNull } from '../../../../shared/interface/validation.js';
import { CODE_MAX, NAME_MAX } from '../../domain/calendar.aggregate.js';
import { HOLIDAYS_PER_CALL_MAX } from '../../domain/holiday.js';
import { CalendarField } from './calendar-fields.js';
import { HolidayDto } from './holiday.dto.js';

export class CreateCalendarDto {
  @ApiProperty({
    minLength: 1,
    maxLength: CODE_MAX,
    pattern: '^[A-Za-z0-9][A-Za-z0-9_-]*$',
    description: 'Unique; letters, digits, _ and -.',
    example: 'JP',
  })
  @CalendarField.code()
  code!: string;

  @ApiProperty({ minLength: 1, maxLength: NAME_MAX, example: 'Japan' })
  @CalendarField.name()
  name!: string;

  @ApiPropertyOptional({
    type: [Number],
    minItems: 1,
    maxItems: 7,
    default: [1, 2, 3, 4, 5],
    description: 'ISO weekdays, 1 = Monday ... 7 = Sunday; stored de-duplicated and sorted.',
    example: [1, 2, 3, 4, 5],
  })
  @IsOptionalNotNull()
  @CalendarField.workingWeekdays()
  workingWeekdays?: number[];

  @ApiPropertyOptional({ type: [HolidayDto], maxItems: HOLIDAYS_PER_CALL_MAX })
  @IsOptionalNotNull()
  @CalendarField.holidays()
  @Type(() => HolidayDto)
  holidays?: HolidayDto[];
}
