import type { Outbox } from '../../../shared/application/jobs.js';
import { type Notice, SEND_EMAIL } from '../../../shared/application/notices.js';
import type { TaskSnapshot } from '../domain/task.aggregate.js';

/** Tells a task's assignee it is theirs (`task-assigned` e-mail), in the caller's transaction; nothing for an unassigned task. */
export async function notifyAssignee(outbox: Outbox, task: TaskSnapshot): Promise<void> {
  if (!task.assigneeId) return;
  const notice: Notice = { template: 'task-assigned', userId: task.assigneeId, taskId: task.id, title: task.title };
  await outbox.add(SEND_EMAIL, notice);
}
