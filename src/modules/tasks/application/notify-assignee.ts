import type { Outbox } from '../../../shared/application/jobs.js';
import { type Notice, SEND_EMAIL } from '../../../shared/application/notices.js';
import type { FollowUp } from '../../../shared/domain/follow-up.js';
import type { TaskSnapshot } from '../domain/task.aggregate.js';

/** The `task-assigned` e-mail to a task's assignee, as a follow-up of the write that assigned it; none for an unassigned task. */
export function assignmentNotices(task: TaskSnapshot): FollowUp[] {
  if (!task.assigneeId) return [];
  const notice: Notice = { template: 'task-assigned', userId: task.assigneeId, taskId: task.id, title: task.title };
  return [{ kind: SEND_EMAIL, data: notice }];
}

/** The same e-mail through the outbox, in the caller's transaction. */
export async function notifyAssignee(outbox: Outbox, task: TaskSnapshot): Promise<void> {
  for (const { kind, data } of assignmentNotices(task)) await outbox.add(kind, data);
}
