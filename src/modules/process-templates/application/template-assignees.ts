import type { AssigneeRef } from '../../../shared/application/assignees.js';
import type { NewTemplateDefinition } from '../domain/template-definition.js';

/** The default assignees a definition names, each with its request field (`steps.2.defaultAssigneeId`). */
export function defaultAssignees(definition: NewTemplateDefinition): AssigneeRef[] {
  return definition.steps.flatMap((step, index) =>
    step.defaultAssigneeId ? [{ field: `steps.${index}.defaultAssigneeId`, userId: step.defaultAssigneeId }] : [],
  );
}
