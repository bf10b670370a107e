import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The `process_templates` row: one per template, pointing at its latest version.
 * Migrations are generated from this description; CI checks they agree. Lists come newest
 * first: the active ones from IDX_process_templates_created, the archived ones (few) from
 * the partial IDX_process_templates_archived.
 */
@Entity({ name: 'process_templates' })
@Check('CHK_process_templates_latest_version', `"latest_version" >= 1`)
@Index('IDX_process_templates_created', ['createdAt', 'id'])
@Index('IDX_process_templates_archived', ['createdAt', 'id'], { where: '"archived_at" IS NOT NULL' })
export class ProcessTemplateOrmEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_process_templates' })
  id!: string;

  @Column({ name: 'latest_version', type: 'integer' })
  latestVersion!: number;

  @Column({ name: 'archived_at', type: 'timestamptz', nullable: true })
  archivedAt!: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
