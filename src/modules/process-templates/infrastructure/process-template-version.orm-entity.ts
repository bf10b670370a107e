import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { check } from '../../../platform/database/checks.js';
import { STEPS_MAX, STEPS_MIN } from '../domain/step-graph.js';
import { TEMPLATE_DESCRIPTION_MAX, TEMPLATE_NAME_MAX } from '../domain/template-definition.js';
import type { TemplateStep } from '../domain/template-step.js';
import { ProcessTemplateOrmEntity } from './process-template.orm-entity.js';

/**
 * The `process_template_versions` row: every definition a template ever had, written once
 * and never updated. Migrations are generated from this description; the trigram index on
 * the name (for `q`, ILIKE '%…%') is written in its migration.
 */
@Entity({ name: 'process_template_versions' })
@Index('IDX_process_template_versions_name_trgm', { synchronize: false })
@Check('CHK_process_template_versions_version', `"version" >= 1`)
@Check('CHK_process_template_versions_name', check.lengthBetween('name', 1, TEMPLATE_NAME_MAX))
@Check('CHK_process_template_versions_description', check.lengthAtMost('description', TEMPLATE_DESCRIPTION_MAX))
@Check(
  'CHK_process_template_versions_steps',
  `jsonb_typeof("steps") = 'array' AND jsonb_array_length("steps") BETWEEN ${STEPS_MIN} AND ${STEPS_MAX}`,
)
export class ProcessTemplateVersionOrmEntity {
  @PrimaryColumn({
    name: 'template_id',
    type: 'uuid',
    primaryKeyConstraintName: 'PK_process_template_versions',
  })
  templateId!: string;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'PK_process_template_versions' })
  version!: number;

  @Column({ type: 'varchar', length: TEMPLATE_NAME_MAX })
  name!: string;

  @Column({ type: 'text', default: '' })
  description!: string;

  @Column({ type: 'jsonb' })
  steps!: TemplateStep[];

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @ManyToOne(() => ProcessTemplateOrmEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'template_id', foreignKeyConstraintName: 'FK_process_template_versions_template' })
  template?: ProcessTemplateOrmEntity;
}
