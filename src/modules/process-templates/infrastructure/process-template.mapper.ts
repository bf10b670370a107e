import type { ProcessTemplateSnapshot } from '../domain/process-template.aggregate.js';
import type { TemplateStep } from '../domain/template-step.js';

/** A template row joined with one of its version rows, as `pg` returns it. */
export interface TemplateRow {
  id: string;
  latest_version: number;
  archived_at: Date | null;
  created_at: Date;
  updated_at: Date;
  version: number;
  name: string;
  description: string;
  steps: unknown[];
  version_created_at: Date;
}

const COLUMNS = `t.id, t.latest_version, t.archived_at, t.created_at, t.updated_at,
  v.version, v.name, v.description, v.steps, v.created_at AS version_created_at`;

export const SELECT_LATEST = `SELECT ${COLUMNS} FROM process_templates t
  JOIN process_template_versions v ON v.template_id = t.id AND v.version = t.latest_version
  WHERE t.id = $1`;

export const SELECT_VERSION = `SELECT ${COLUMNS} FROM process_templates t
  JOIN process_template_versions v ON v.template_id = t.id AND v.version = $2
  WHERE t.id = $1`;

/** The template with the definition of the version in the row (the latest one or not). */
export function toSnapshot(row: TemplateRow): ProcessTemplateSnapshot {
  return {
    id: row.id,
    version: row.version,
    name: row.name,
    description: row.description,
    steps: toSteps(row.steps),
    versionCreatedAt: row.version_created_at,
    archivedAt: row.archived_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * Steps from their jsonb form. jsonb keeps no key order, so each step is rebuilt with
 * its fields in one order: equal definitions then compare and serialise equal.
 */
export function toSteps(json: unknown[]): TemplateStep[] {
  return json.map((value) => {
    const step = value as TemplateStep;
    return {
      key: step.key,
      name: step.name,
      durationDays: step.durationDays,
      dependsOn: [...step.dependsOn],
      lagDays: step.lagDays,
      defaultAssigneeId: step.defaultAssigneeId,
    };
  });
}

/** The jsonb parameter for a step list: `pg` would send a JS array as a PostgreSQL array. */
export function toStepsParameter(steps: readonly TemplateStep[]): string {
  return JSON.stringify(steps);
}
