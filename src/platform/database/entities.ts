import { TaskOrmEntity } from '../../modules/tasks/infrastructure/task.orm-entity.js';

/** Every ORM entity of every module; the data source and the migration CLI read this list. */
export const ENTITIES = [TaskOrmEntity];
