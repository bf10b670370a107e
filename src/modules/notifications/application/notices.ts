import type { Notice } from '../../../shared/application/notices.js';

/** The subject and text of a notice for its recipient. */
export function render(notice: Notice, recipient: { name: string }): { subject: string; text: string } {
  const hello = `Hello ${recipient.name},\n\n`;
  switch (notice.template) {
    case 'task-assigned':
      return {
        subject: `Assigned to you: ${notice.title}`,
        text: `${hello}the task "${notice.title}" (${notice.taskId}) is now yours.\n`,
      };
    case 'task-due-soon':
      return {
        subject: `Due soon: ${notice.title}`,
        text: `${hello}your task "${notice.title}" (${notice.taskId}) is due on ${notice.dueDate}.\n`,
      };
    case 'task-overdue':
      return {
        subject: `Overdue: ${notice.title}`,
        text: `${hello}your task "${notice.title}" (${notice.taskId}) was due on ${notice.dueDate} and is not done.\n`,
      };
    case 'step-assigned':
      return {
        subject: `Assigned to you: ${notice.title} (${notice.caseTitle})`,
        text: `${hello}the step "${notice.title}" of the case "${notice.caseTitle}" (${notice.caseId}) is now yours; it is due on ${notice.dueDate}.\n`,
      };
    case 'step-due-soon':
      return {
        subject: `Due soon: ${notice.title} (${notice.caseTitle})`,
        text: `${hello}your step "${notice.title}" of the case "${notice.caseTitle}" (${notice.caseId}) is due on ${notice.dueDate}.\n`,
      };
    case 'step-overdue':
      return {
        subject: `Overdue: ${notice.title} (${notice.caseTitle})`,
        text: `${hello}your step "${notice.title}" of the case "${notice.caseTitle}" (${notice.caseId}) was due on ${notice.dueDate} and is not finished.\n`,
      };
  }
}
