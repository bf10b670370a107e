import type { TemplateStep } from '../domain/template-step.js';

/** One version of a template as a case plans with it. A stored version never changes. */
export interface TemplateDefinitionView {
  readonly templateId: string;
  readonly version: number;
  readonly name: string;
  readonly steps: TemplateStep[];
}
