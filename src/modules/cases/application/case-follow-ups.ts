import type { PublishedEvent } from '../../../shared/application/events.js';
import { type Notice, SEND_EMAIL } from '../../../shared/application/notices.js';
import type { FollowUp } from '../../../shared/domain/follow-up.js';
import type { CaseSnapshot, StepInstance } from '../domain/case.aggregate.js';

const caseData = (c: CaseSnapshot) => ({
  caseId: c.id,
  title: c.title,
  status: c.status,
  templateId: c.templateId,
  templateVersion: c.templateVersion,
  goalDate: c.goalDate,
});

const stepData = (c: CaseSnapshot, step: StepInstance) => ({
  caseId: c.id,
  caseTitle: c.title,
  stepKey: step.key,
  name: step.name,
  status: step.status,
  start: step.start,
  due: step.due,
  assigneeId: step.assigneeId,
});

/** The steps of `after` that have a new assignee since `before` (every assigned step of a new case). */
function newlyAssigned(before: CaseSnapshot | null, after: CaseSnapshot): StepInstance[] {
  const was = new Map(before?.steps.map((step) => [step.key, step.assigneeId]));
  return after.steps.filter((step) => step.assigneeId !== null && step.assigneeId !== was.get(step.key));
}

/**
 * The events of a case's write (`before` null for a start): `case.created`, `step.assigned`
 * per step with a new assignee, `case.completed` when it moves to completed.
 */
export function caseEvents(before: CaseSnapshot | null, after: CaseSnapshot): PublishedEvent[] {
  const events: PublishedEvent[] = [];
  if (!before) events.push({ name: 'case.created', data: caseData(after) });
  for (const step of newlyAssigned(before, after)) events.push({ name: 'step.assigned', data: stepData(after, step) });
  if (before && after.status === 'completed' && before.status !== 'completed') events.push({ name: 'case.completed', data: caseData(after) });
  return events;
}

/** `case.replanned`, with the goal date and the steps whose dates moved. */
export function replanEvent(after: CaseSnapshot, changedSteps: readonly string[]): PublishedEvent {
  return { name: 'case.replanned', data: { ...caseData(after), changedSteps: [...changedSteps] } };
}

/** The `step-assigned` e-mail to each step's new assignee. */
export function stepAssignmentNotices(before: CaseSnapshot | null, after: CaseSnapshot): FollowUp[] {
  return newlyAssigned(before, after).map((step) => {
    const notice: Notice = {
      template: 'step-assigned',
      userId: step.assigneeId as string,
      caseId: after.id,
      caseTitle: after.title,
      stepKey: step.key,
      title: step.name,
      dueDate: step.due,
    };
    return { kind: SEND_EMAIL, data: notice };
  });
}
