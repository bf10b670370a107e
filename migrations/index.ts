import { CreateTasks1764000000000 } from './1764000000000-create-tasks.js';
import { CreateCalendars1764000001000 } from './1764000001000-create-calendars.js';
import { CreateProcessTemplates1764000002000 } from './1764000002000-create-process-templates.js';
import { CreateCases1764000003000 } from './1764000003000-create-cases.js';
import { CreateIdempotencyKeys1764000004000 } from './1764000004000-create-idempotency-keys.js';

/** Every migration, oldest first. `npm run migration:generate` writes new files; list them here. */
export const MIGRATIONS = [
  CreateTasks1764000000000,
  CreateCalendars1764000001000,
  CreateProcessTemplates1764000002000,
  CreateCases1764000003000,
  CreateIdempotencyKeys1764000004000,
];
