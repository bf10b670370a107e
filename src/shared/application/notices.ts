/**
 * The e-mails the app sends, as the data of a `send-email` outbox message: who to (a user id:
 * the address is read when it is sent) and what about. Plain JSON. The notifications module
 * renders and sends them; any module may cause one.
 *
 * @example
 * await this.outbox.add(SEND_EMAIL, { template: 'task-assigned', userId, taskId, title } satisfies Notice);
 */
export type Notice =
  | { readonly template: 'task-assigned'; readonly userId: string; readonly taskId: string; readonly title: string }
  | {
      readonly template: 'task-due-soon' | 'task-overdue';
      readonly userId: string;
      readonly taskId: string;
      readonly title: string;
      readonly dueDate: string;
    }
  | {
      readonly template: 'step-assigned';
      readonly userId: string;
      readonly caseId: string;
      readonly caseTitle: string;
      readonly stepKey: string;
      readonly title: string;
      readonly dueDate: string;
    }
  | {
      readonly template: 'step-due-soon' | 'step-overdue';
      readonly userId: string;
      readonly caseId: string;
      readonly caseTitle: string;
      readonly stepKey: string;
      readonly title: string;
      readonly dueDate: string;
    };

export const SEND_EMAIL = 'send-email';
