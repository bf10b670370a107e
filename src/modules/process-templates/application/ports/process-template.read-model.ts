import type { Page } from '../../../../shared/application/page.js';
import type { ProcessTemplateSnapshot } from '../../domain/process-template.aggregate.js';

/** A template with the definition of one version, and the number of its latest version. */
export interface ProcessTemplateView extends ProcessTemplateSnapshot {
  readonly latestVersion: number;
}

/** A line of the template list: the latest definition, without its steps. */
export interface ProcessTemplateSummary {
  readonly id: string;
  readonly version: number;
  readonly name: string;
  readonly description: string;
  readonly stepCount: number;
  readonly archivedAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface TemplateVersionSummary {
  readonly version: number;
  readonly name: string;
  readonly createdAt: Date;
}

export interface TemplateListCriteria {
  /** true: only archived templates; false: only active ones. */
  archived: boolean;
  /** Case-insensitive text contained in the latest name. */
  text?: string;
  limit: number;
  /** Opaque position returned as `nextCursor` by the previous page. */
  cursor?: string;
}

export type TemplatePage = Page<ProcessTemplateSummary>;

/** Reads for screens and lists, newest template first; never used to decide a write. */
export interface ProcessTemplateReadModel {
  findLatest(id: string): Promise<ProcessTemplateView | null>;
  findVersion(id: string, version: number): Promise<ProcessTemplateView | null>;
  /** Every version, oldest first; null when the template does not exist. */
  listVersions(id: string): Promise<TemplateVersionSummary[] | null>;
  list(criteria: TemplateListCriteria): Promise<TemplatePage>;
}

export const PROCESS_TEMPLATE_READ_MODEL = Symbol('ProcessTemplateReadModel');
