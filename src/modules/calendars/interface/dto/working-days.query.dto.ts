import { ApiProperty } from '@nestjs/swagger';
import { IsCalendarDate } from '../../../../shared/interface/validation.js';
import { WORKING_DAYS_RANGE_MAX } from '../../application/working-days.query.js';

export class WorkingDaysQueryDto {
  @ApiProperty({ format: 'date', description: 'First day of the range, included.', example: '2026-01-01' })
  @IsCalendarDate()
  from!: string;

  @ApiProperty({
    format: 'date',
    description: `Last day of the range, included; at most ${WORKING_DAYS_RANGE_MAX} days after from, counting both.`,
    example: '2026-01-31',
  })
  @IsCalendarDate()
  to!: string;
}
