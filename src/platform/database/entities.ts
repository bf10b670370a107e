import { CalendarHolidayOrmEntity } from '../../modules/calendars/infrastructure/calendar-holiday.orm-entity.js';
import { CalendarOrmEntity } from '../../modules/calendars/infrastructure/calendar.orm-entity.js';
import { CaseStepOrmEntity } from '../../modules/cases/infrastructure/case-step.orm-entity.js';
import { CaseOrmEntity } from '../../modules/cases/infrastructure/case.orm-entity.js';
import { ProcessTemplateVersionOrmEntity } from '../../modules/process-templates/infrastructure/process-template-version.orm-entity.js';
import { ProcessTemplateOrmEntity } from '../../modules/process-templates/infrastructure/process-template.orm-entity.js';
import { TaskOrmEntity } from '../../modules/tasks/infrastructure/task.orm-entity.js';
import { IdempotencyKeyOrmEntity } from '../idempotency/idempotency-key.orm-entity.js';

/** Every ORM entity of every module; the data source and the migration CLI read this list. */
export const ENTITIES = [
  TaskOrmEntity,
  CalendarOrmEntity,
  CalendarHolidayOrmEntity,
  ProcessTemplateOrmEntity,
  ProcessTemplateVersionOrmEntity,
  CaseOrmEntity,
  CaseStepOrmEntity,
  IdempotencyKeyOrmEntity,
];
