import type { TemplateStepInput } from '../../domain/case.aggregate.js';

export interface TemplateForCase {
  templateId: string;
  version: number;
  steps: readonly TemplateStepInput[];
}

/** The template a new case starts from: its latest version, refused when archived or absent. */
export interface CaseTemplates {
  forNewCase(templateId: string): Promise<TemplateForCase>;
}

export const CASE_TEMPLATES = Symbol('CaseTemplates');
