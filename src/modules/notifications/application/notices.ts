import type { Notice } from '../../../shared/application/notices.js';

/** The subject and text of a notice for its recipient. */
export function render(notice: Notice, recipient: { name: string }): { subject: string; text: string } {
  switch (notice.template) {
    case 'task-assigned':
      return {
        subject: `Assigned to you: ${notice.title}`,
        text: `Hello ${recipient.name},\n\nthe task "${notice.title}" (${notice.taskId}) is now yours.\n`,
      };
  }
}
