import type { CalendarDate } from '../../../shared/domain/calendar-date.js';
import type { CaseSnapshot, StepInstance } from '../domain/case.aggregate.js';
import type { CaseStatus } from '../domain/case-status.js';

/** A `cases` row with its steps as built by SELECT_CASE (steps already in StepInstance shape). */
export interface CaseRow {
  id: string;
  title: string;
  template_id: string;
  template_version: number;
  calendar_id: string;
  goal_date: string;
  status: CaseStatus;
  version: number;
  created_at: Date;
  updated_at: Date;
  steps: StepInstance[] | null;
}

const CASE_COLUMNS =
  'c.id, c.title, c.template_id, c.template_version, c.calendar_id, c.goal_date, c.status, c.version, c.created_at, c.updated_at';

/** One round trip: the case and its steps, in template order, as JSON. */
export const SELECT_CASE = `SELECT ${CASE_COLUMNS},
  (SELECT json_agg(json_build_object(
     'key', s.step_key, 'name', s.name, 'durationDays', s.duration_days, 'dependsOn', s.depends_on,
     'lagDays', s.lag_days, 'start', s.start_date, 'due', s.due_date, 'status', s.status,
     'assigneeId', s.assignee_id, 'pinned', s.pinned) ORDER BY s.position)
   FROM case_steps s WHERE s.case_id = c.id) AS steps
  FROM cases c WHERE c.id = $1`;

/** The step columns written from a JSON array of StepInstance objects ($2). */
export const STEP_RECORDSET = `jsonb_to_recordset($2::jsonb) AS x(
  position smallint, key varchar, name varchar, "durationDays" smallint, "dependsOn" text[],
  "lagDays" smallint, start date, due date, status varchar, "assigneeId" uuid, pinned boolean)`;

export function toCaseSnapshot(row: CaseRow): CaseSnapshot {
  return {
    id: row.id,
    version: row.version,
    title: row.title,
    templateId: row.template_id,
    templateVersion: row.template_version,
    calendarId: row.calendar_id,
    goalDate: row.goal_date as CalendarDate,
    status: row.status,
    steps: row.steps ?? [],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The steps as the JSON STEP_RECORDSET reads, with their position. */
export function stepsJson(snapshot: CaseSnapshot): string {
  return JSON.stringify(snapshot.steps.map((step, position) => ({ position, ...step })));
}
