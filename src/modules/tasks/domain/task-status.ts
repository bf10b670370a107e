export const TASK_STATUSES = ['todo', 'in_progress', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const TASK_PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

/** The statuses of work still to do: what reminders and "my work" look at. */
export const TASK_OPEN_STATUSES: readonly TaskStatus[] = ['todo', 'in_progress'];
