import { ApiProperty } from '@nestjs/swagger';
import { CalendarField } from './calendar-fields.js';

export class SetWorkingWeekDto {
  @ApiProperty({
    type: [Number],
    minItems: 1,
    maxItems: 7,
    description: 'ISO weekdays, 1 = Monday ... 7 = Sunday; stored de-duplicated and sorted.',
    example: [1, 2, 3, 4, 5, 6],
  })
  @CalendarField.workingWeekdays()
  workingWeekdays!: number[];
}
