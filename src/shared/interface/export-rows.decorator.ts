import { RouteConfig } from '@nestjs/platform-fastify';

/** The key of the row counter in the Fastify route config. */
export const EXPORT_ROWS = 'exportRows';

/**
 * How many records a text export carries (an iCalendar file: its events), for the watch on
 * unusual data access, which counts JSON answers by themselves (a page its items, a resource
 * one); a text answer without it counts as nothing read. Carried in the Fastify route config
 * (where the hooks read it), so it takes the place of any other @RouteConfig on the route.
 *
 * @example
 * @Get(':id/calendar.ics') @ExportRows(icsEventCount) ics(...): Promise<string>
 */
export const ExportRows = (rowsOf: (text: string) => number) => RouteConfig({ [EXPORT_ROWS]: rowsOf });
