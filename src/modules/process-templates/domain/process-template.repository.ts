import type { ProcessTemplate, TemplateRevision } from './process-template.aggregate.js';

/**
 * Where templates and every version of their definition are kept. Versions are only
 * ever added: nothing here changes or removes a stored definition.
 */
export interface ProcessTemplateRepository {
  /** The template with its latest definition, or null. */
  findById(id: string): Promise<ProcessTemplate | null>;
  /** One stored version, or null when the template or that version does not exist. */
  findVersion(id: string, version: number): Promise<TemplateRevision | null>;
  /** Stores a new template and its version 1. */
  insert(template: ProcessTemplate): Promise<void>;
  /**
   * Stores the pending revision if the template is still at the version it was loaded
   * at and not archived: StaleVersionError or TemplateArchivedError otherwise.
   */
  saveRevision(template: ProcessTemplate): Promise<void>;
  /**
   * Stores an archive or restore if the stored flag is still the opposite one. Returns
   * false when another writer already made the same move, and then writes nothing.
   */
  saveArchiveState(template: ProcessTemplate): Promise<boolean>;
}

export const PROCESS_TEMPLATE_REPOSITORY = Symbol('ProcessTemplateRepository');
