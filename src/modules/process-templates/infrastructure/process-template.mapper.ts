import type { EntityManager } from 'typeorm';
import { entityColumns } from '../../../platform/database/entity-columns.js';
import type { ProcessTemplateView } from '../application/ports/process-template.read-model.js';
import type { TemplateStep } from '../domain/template-step.js';
import type { ProcessTemplateVersionOrmEntity } from './process-template-version.orm-entity.js';
import { ProcessTemplateOrmEntity } from './process-template.orm-entity.js';

/** A template row with one of its version rows, every column named as its property. */
type TemplateRow = ProcessTemplateOrmEntity &
  Pick<ProcessTemplateVersionOrmEntity, 'version' | 'name' | 'description' | 'steps'> & { versionCreatedAt: Date };

/**
 * The template with the definition of one version: the latest, or version `$2`. The one
 * place that reads the two tables together.
 */
export async function findTemplate(
  manager: EntityManager,
  id: string,
  version?: number,
): Promise<ProcessTemplateView | null> {
  const [row]: TemplateRow[] = await manager.query(
    `SELECT ${entityColumns(manager, ProcessTemplateOrmEntity, 't')},
       v.version, v.name, v.description, v.steps, v.created_at AS "versionCreatedAt"
     FROM process_templates t
     JOIN process_template_versions v
       ON v.template_id = t.id AND v.version = ${version === undefined ? 't.latest_version' : '$2'}
     WHERE t.id = $1`,
    version === undefined ? [id] : [id, version],
  );
  return row ? toView(row) : null;
}

function toView(row: TemplateRow): ProcessTemplateView {
  return {
    id: row.id,
    version: row.version,
    name: row.name,
    description: row.description,
    steps: toSteps(row.steps),
    versionCreatedAt: row.versionCreatedAt,
    archivedAt: row.archivedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    latestVersion: row.latestVersion,
  };
}

/**
 * Steps from their jsonb form. jsonb keeps no key order, so each step is rebuilt with
 * its fields in one order: equal definitions then compare and serialise equal.
 */
export function toSteps(json: readonly TemplateStep[]): TemplateStep[] {
  return json.map((step) => ({
    key: step.key,
    name: step.name,
    durationDays: step.durationDays,
    dependsOn: [...step.dependsOn],
    lagDays: step.lagDays,
    defaultAssigneeId: step.defaultAssigneeId,
  }));
}
