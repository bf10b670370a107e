import { ApiProperty } from '@nestjs/swagger';
import type { CalendarSnapshot } from '../../domain/calendar.aggregate.js';

export class HolidayResponse {
  @ApiProperty({ format: 'date', example: '2026-01-01' }) date!: string;
  @ApiProperty({ type: String, nullable: true, example: "New Year's Day" }) name!: string | null;
}

export class CalendarResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'JP' }) code!: string;
  @ApiProperty({ example: 'Japan' }) name!: string;
  @ApiProperty({ type: [Number], description: 'ISO weekdays, ascending.', example: [1, 2, 3, 4, 5] })
  workingWeekdays!: number[];
  @ApiProperty({ type: [HolidayResponse], description: 'Ascending by date.' })
  holidays!: HolidayResponse[];
  @ApiProperty({ description: 'Bumped by every change; also sent as the ETag.' }) version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;

  static from(calendar: CalendarSnapshot): CalendarResponse {
    return {
      id: calendar.id,
      code: calendar.code,
      name: calendar.name,
      workingWeekdays: [...calendar.workingWeekdays],
      holidays: calendar.holidays.map((holiday) => ({ date: holiday.date, name: holiday.name })),
      version: calendar.version,
      createdAt: calendar.createdAt.toISOString(),
      updatedAt: calendar.updatedAt.toISOString(),
    };
  }
}
