import { ApiProperty } from '@nestjs/swagger';

export class WorkingDaysResponse {
  @ApiProperty({ format: 'uuid' }) calendarId!: string;
  @ApiProperty({ format: 'date', example: '2026-01-01' }) from!: string;
  @ApiProperty({ format: 'date', example: '2026-01-09' }) to!: string;
  @ApiProperty({ example: 5 }) count!: number;
  @ApiProperty({
    type: [String],
    format: 'date',
    description: 'The working days from `from` to `to`, both included, ascending.',
    example: ['2026-01-05', '2026-01-06', '2026-01-07', '2026-01-08', '2026-01-09'],
  })
  days!: string[];
}
