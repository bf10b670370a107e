import { ApiProperty } from '@nestjs/swagger';
import type { CalendarSummary } from '../../application/ports/calendar.read-model.js';

export class CalendarSummaryResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'JP' }) code!: string;
  @ApiProperty({ example: 'Japan' }) name!: string;
  @ApiProperty({ type: [Number], example: [1, 2, 3, 4, 5] }) workingWeekdays!: number[];
  @ApiProperty({ description: 'How many holidays the calendar holds; read the calendar for them.' })
  holidayCount!: number;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;

  static from(calendar: CalendarSummary): CalendarSummaryResponse {
    return {
      id: calendar.id,
      code: calendar.code,
      name: calendar.name,
      workingWeekdays: [...calendar.workingWeekdays],
      holidayCount: calendar.holidayCount,
      version: calendar.version,
      createdAt: calendar.createdAt.toISOString(),
      updatedAt: calendar.updatedAt.toISOString(),
    };
  }
}

export class CalendarPageResponse {
  @ApiProperty({ type: [CalendarSummaryResponse], description: 'Ascending by code.' })
  items!: CalendarSummaryResponse[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last page.',
  })
  nextCursor!: string | null;
}
