/** What subscribers (webhooks) can hear about: `<resource>.<what happened>`. */
export const EVENT_NAMES = [
  'task.created',
  'task.assigned',
  'task.completed',
  'task.due_soon',
  'task.overdue',
  'case.created',
  'case.replanned',
  'case.completed',
  'step.assigned',
  'step.due_soon',
  'step.overdue',
] as const;
export type EventName = (typeof EVENT_NAMES)[number];
