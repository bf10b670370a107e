import { CreateTasks1764000000000 } from './1764000000000-create-tasks.js';

/** Every migration, oldest first. `npm run migration:generate` writes new files; list them here. */
export const MIGRATIONS = [CreateTasks1764000000000];
