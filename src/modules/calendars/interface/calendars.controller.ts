import { Body, Controller, Delete, Get, Headers, HttpCode, Post, Put, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { CalendarDate } from '../../../shared/domain/calendar-date.js';
import { ApiProblems } from '../../../shared/interface/api-problems.decorator.js';
import { etagOf, parseIfMatch } from '../../../shared/interface/etag.js';
import { RequestValidationError } from '../../../shared/interface/request-validation.error.js';
import { UuidParam } from '../../../shared/interface/validation.js';
import { AddHolidaysUseCase } from '../application/add-holidays.use-case.js';
import { CreateCalendarUseCase } from '../application/create-calendar.use-case.js';
import { GetCalendarQuery } from '../application/get-calendar.query.js';
import { ListCalendarsQuery } from '../application/list-calendars.query.js';
import { RemoveHolidayUseCase } from '../application/remove-holiday.use-case.js';
import { SetWorkingWeekUseCase } from '../application/set-working-week.use-case.js';
import { WorkingDaysQuery } from '../application/working-days.query.js';
import type { CalendarSnapshot } from '../domain/calendar.aggregate.js';
import type { HolidayInput } from '../domain/holiday.js';
import { CalendarDateParam } from './calendar-date.param.js';
import { AddHolidaysDto } from './dto/add-holidays.dto.js';
import { CalendarPageResponse, CalendarSummaryResponse } from './dto/calendar-page.response.js';
import { CalendarResponse } from './dto/calendar.response.js';
import { CreateCalendarDto } from './dto/create-calendar.dto.js';
import { GetCalendarQueryDto } from './dto/get-calendar.query.dto.js';
import { ListCalendarsQueryDto } from './dto/list-calendars.query.dto.js';
import { SetWorkingWeekDto } from './dto/set-working-week.dto.js';
import { WorkingDaysQueryDto } from './dto/working-days.query.dto.js';
import { WorkingDaysResponse } from './dto/working-days.response.js';
import { DEFAULT_PAGE_SIZE } from '../../../shared/interface/page-query.dto.js';
import { Permission } from '../../../shared/interface/auth.decorators.js';

const IF_MATCH = {
  name: 'If-Match',
  required: false,
  description: 'The ETag last read; the write is refused with 412 if the calendar changed since.',
};

@ApiTags('calendars')
@Controller('calendars')
export class CalendarsController {
  constructor(
    private readonly createCalendar: CreateCalendarUseCase,
    private readonly setWorkingWeek: SetWorkingWeekUseCase,
    private readonly addHolidays: AddHolidaysUseCase,
    private readonly removeHoliday: RemoveHolidayUseCase,
    private readonly getCalendar: GetCalendarQuery,
    private readonly listCalendars: ListCalendarsQuery,
    private readonly workingDays: WorkingDaysQuery,
  ) {}

  @Post()
  @Permission('calendars', 'create')
  @ApiOperation({ summary: 'Create a working-day calendar' })
  @ApiResponse({ status: 201, type: CalendarResponse, description: 'Created; ETag and Location set.' })
  @ApiProblems(400, 409, 413, 415, 422)
  async create(
    @Body() body: CreateCalendarDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CalendarResponse> {
    const calendar = await this.createCalendar.execute(body);
    void reply.header('location', `/calendars/${calendar.id}`);
    return respond(reply, calendar);
  }

  @Get()
  @Permission('calendars', 'read')
  @ApiOperation({ summary: 'List calendars by code, one cursor page at a time' })
  @ApiResponse({ status: 200, type: CalendarPageResponse })
  @ApiProblems(400)
  async list(@Query() query: ListCalendarsQueryDto): Promise<CalendarPageResponse> {
    const page = await this.listCalendars.execute({
      text: query.q,
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
      cursor: query.cursor,
    });
    return { items: page.items.map(CalendarSummaryResponse.from), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @Permission('calendars', 'read')
  @ApiOperation({ summary: 'Read a calendar with its holidays' })
  @ApiResponse({ status: 200, type: CalendarResponse, description: 'ETag set.' })
  @ApiProblems(400, 404)
  async get(
    @UuidParam('id') id: string,
    @Query() query: GetCalendarQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CalendarResponse> {
    return respond(reply, await this.getCalendar.execute({ id, year: query.year }));
  }

  @Put(':id/week')
  @Permission('calendars', 'update')
  @ApiOperation({ summary: 'Replace the working weekdays' })
  @ApiHeader(IF_MATCH)
  @ApiResponse({ status: 200, type: CalendarResponse, description: 'ETag set.' })
  @ApiProblems(400, 404, 412, 413, 415, 422)
  async setWeek(
    @UuidParam('id') id: string,
    @Body() body: SetWorkingWeekDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CalendarResponse> {
    const calendar = await this.setWorkingWeek.execute({
      id,
      expectedVersions: parseIfMatch(ifMatch),
      workingWeekdays: body.workingWeekdays,
    });
    return respond(reply, calendar);
  }

  @Post(':id/holidays')
  @Permission('calendars', 'update')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Add holidays',
    description:
      'One holiday as `{date, name?}` or several as `{holidays: [...]}`. A date the calendar ' +
      'already has gets the new name.',
  })
  @ApiHeader(IF_MATCH)
  @ApiResponse({ status: 200, type: CalendarResponse, description: 'The calendar; ETag set.' })
  @ApiProblems(400, 404, 412, 413, 415, 422)
  async addHoliday(
    @UuidParam('id') id: string,
    @Body() body: AddHolidaysDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CalendarResponse> {
    const calendar = await this.addHolidays.execute({
      id,
      expectedVersions: parseIfMatch(ifMatch),
      holidays: holidaysOf(body),
    });
    return respond(reply, calendar);
  }

  @Delete(':id/holidays/:date')
  @Permission('calendars', 'update')
  @ApiOperation({ summary: 'Remove a holiday' })
  @ApiParam({ name: 'date', format: 'date', example: '2026-01-01' })
  @ApiHeader(IF_MATCH)
  @ApiResponse({ status: 200, type: CalendarResponse, description: 'The calendar; ETag set.' })
  @ApiProblems(400, 404, 412)
  async deleteHoliday(
    @UuidParam('id') id: string,
    @CalendarDateParam('date') date: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CalendarResponse> {
    const calendar = await this.removeHoliday.execute({
      id,
      expectedVersions: parseIfMatch(ifMatch),
      date,
    });
    return respond(reply, calendar);
  }

  @Get(':id/working-days')
  @Permission('calendars', 'read')
  @ApiOperation({ summary: 'The working days of a date range (at most 366 days, both ends included)' })
  @ApiResponse({ status: 200, type: WorkingDaysResponse })
  @ApiProblems(400, 404)
  async listWorkingDays(
    @UuidParam('id') id: string,
    @Query() query: WorkingDaysQueryDto,
  ): Promise<WorkingDaysResponse> {
    return this.workingDays.execute({
      calendarId: id,
      from: query.from as CalendarDate,
      to: query.to as CalendarDate,
    });
  }
}

function respond(reply: FastifyReply, calendar: CalendarSnapshot): CalendarResponse {
  void reply.header('etag', etagOf(calendar.version));
  return CalendarResponse.from(calendar);
}

/** The two shapes of the add-holidays body as one list; a body mixing them is refused. */
function holidaysOf(body: AddHolidaysDto): HolidayInput[] {
  if (body.holidays === undefined) return [{ date: body.date!, name: body.name }];
  if (body.date !== undefined || body.name !== undefined) {
    throw new RequestValidationError([
      { field: 'holidays', message: 'must not be sent together with date or name' },
    ]);
  }
  return body.holidays;
}
