import type { PublishedEvent } from '../../../shared/application/events.js';
import { type Notice, SEND_EMAIL } from '../../../shared/application/notices.js';
import type { FollowUp } from '../../../shared/domain/follow-up.js';
import type { TaskSnapshot } from '../domain/task.aggregate.js';

/** What subscribers hear of a task: enough to act on without reading it back. */
export function taskEventData(
  task: Pick<TaskSnapshot, 'id' | 'title' | 'status' | 'priority' | 'dueDate' | 'assigneeId'>,
): Record<string, unknown> {
  return {
    taskId: task.id,
    title: task.title,
    status: task.status,
    priority: task.priority,
    dueDate: task.dueDate,
    assigneeId: task.assigneeId,
  };
}

/**
 * The events of a task's write (`before` null for a creation): `task.created`,
 * `task.assigned` when it gets a new assignee, `task.completed` when it moves to done.
 */
export function taskEvents(before: TaskSnapshot | null, after: TaskSnapshot): PublishedEvent[] {
  const data = taskEventData(after);
  const events: PublishedEvent[] = [];
  if (!before) events.push({ name: 'task.created', data });
  if (after.assigneeId && after.assigneeId !== before?.assigneeId) events.push({ name: 'task.assigned', data });
  if (before && after.status === 'done' && before.status !== 'done') events.push({ name: 'task.completed', data });
  return events;
}

/** The `task-assigned` e-mail to a task's new assignee, as a follow-up of the write that assigned it. */
export function assignmentNotices(before: TaskSnapshot | null, after: TaskSnapshot): FollowUp[] {
  if (!after.assigneeId || after.assigneeId === before?.assigneeId) return [];
  const notice: Notice = { template: 'task-assigned', userId: after.assigneeId, taskId: after.id, title: after.title };
  return [{ kind: SEND_EMAIL, data: notice }];
}
