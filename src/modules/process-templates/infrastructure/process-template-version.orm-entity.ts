import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { TemplateStep } from '../domain/template-step.js';
import { ProcessTemplateOrmEntity } from './process-template.orm-entity.js';

/**
 * The `process_template_versions` table: every definition a template ever had, written
 * once and never updated. Described for `migration:generate`; migrations own the schema.
 */
@Entity({ name: 'process_template_versions' })
@Check('CHK_process_template_versions_version', `"version" >= 1`)
@Check('CHK_process_template_versions_name', `char_length("name") BETWEEN 1 AND 200`)
@Check('CHK_process_template_versions_description', `char_length("description") <= 10000`)
@Check(
  'CHK_process_template_versions_steps',
  `jsonb_typeof("steps") = 'array' AND jsonb_array_length("steps") BETWEEN 1 AND 200`,
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

  @Column({ type: 'varchar', length: 200 })
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
