import type { WorkingCalendar } from '../../../shared/domain/working-calendar.js';
import type { Case } from '../domain/case.aggregate.js';
import { CaseNotFoundError } from '../domain/case.errors.js';
import type { CaseRepository } from '../domain/case.repository.js';
import type { CaseCalendars } from './ports/case-calendars.port.js';

/** A case and the working calendar it is planned over: what every planning read or change starts from. */
export async function loadCaseWithCalendar(
  cases: CaseRepository,
  calendars: CaseCalendars,
  id: string,
): Promise<{ aCase: Case; calendar: WorkingCalendar }> {
  const aCase = await cases.findById(id);
  if (!aCase) throw new CaseNotFoundError(id);
  return { aCase, calendar: await calendars.workingCalendar(aCase.snapshot().calendarId) };
}
