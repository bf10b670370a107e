import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { StaleVersionError } from '../../../shared/domain/domain-error.js';
import {
  ProcessTemplate,
  type TemplateRevision,
} from '../domain/process-template.aggregate.js';
import { TemplateArchivedError, TemplateNotFoundError } from '../domain/process-template.errors.js';
import type { ProcessTemplateRepository } from '../domain/process-template.repository.js';
import {
  SELECT_LATEST,
  SELECT_VERSION,
  type TemplateRow,
  toSnapshot,
  toStepsParameter,
} from './process-template.mapper.js';

const INSERT_TEMPLATE = `INSERT INTO process_templates
  (id, latest_version, archived_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $5)`;
const INSERT_VERSION = `INSERT INTO process_template_versions
  (template_id, version, name, description, steps, created_at) VALUES ($1, $2, $3, $4, $5::jsonb, $6)`;
/** Moves the pointer only from the version the revision was based on, and never on an archived template. */
const MOVE_LATEST = `UPDATE process_templates SET latest_version = $2, updated_at = $3
  WHERE id = $1 AND latest_version = $4 AND archived_at IS NULL RETURNING latest_version`;
/** Archives only an active template and restores only an archived one. */
const SET_ARCHIVED = `UPDATE process_templates SET archived_at = $2, updated_at = $3
  WHERE id = $1 AND (archived_at IS NULL) = ($2::timestamptz IS NOT NULL) RETURNING id`;
const SELECT_HEAD = 'SELECT latest_version, archived_at FROM process_templates WHERE id = $1';

/**
 * Templates in PostgreSQL, through the transaction host: a revision's pointer move and
 * its version row commit or roll back together with the use case that made them.
 */
@Injectable()
export class TypeOrmProcessTemplateRepository implements ProcessTemplateRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async findById(id: string): Promise<ProcessTemplate | null> {
    const rows: TemplateRow[] = await this.txHost.tx.query(SELECT_LATEST, [id]);
    return rows[0] ? ProcessTemplate.restore(toSnapshot(rows[0])) : null;
  }

  async findVersion(id: string, version: number): Promise<TemplateRevision | null> {
    const rows: TemplateRow[] = await this.txHost.tx.query(SELECT_VERSION, [id, version]);
    if (!rows[0]) return null;
    const { name, description, steps, versionCreatedAt } = toSnapshot(rows[0]);
    return { templateId: id, version, definition: { name, description, steps }, createdAt: versionCreatedAt };
  }

  async insert(template: ProcessTemplate): Promise<void> {
    const snapshot = template.snapshot();
    await this.txHost.tx.query(INSERT_TEMPLATE, [
      snapshot.id,
      snapshot.version,
      snapshot.archivedAt,
      snapshot.createdAt,
      snapshot.updatedAt,
    ]);
    await this.insertVersion(template.latestRevision());
    template.markPersisted(snapshot.version);
  }

  async saveRevision(template: ProcessTemplate): Promise<void> {
    const revision = template.latestRevision();
    const [moved]: [{ latest_version: number }[], number] = await this.txHost.tx.query(MOVE_LATEST, [
      template.id,
      revision.version,
      template.snapshot().updatedAt,
      template.version,
    ]);
    if (!moved[0]) throw await this.whyNotRevised(template);
    await this.insertVersion(revision);
    template.markPersisted(revision.version);
  }

  async saveArchiveState(template: ProcessTemplate): Promise<boolean> {
    const { archivedAt, updatedAt } = template.snapshot();
    const [rows]: [{ id: string }[], number] = await this.txHost.tx.query(SET_ARCHIVED, [
      template.id,
      archivedAt,
      updatedAt,
    ]);
    return rows.length > 0;
  }

  private async insertVersion({ templateId, version, definition, createdAt }: TemplateRevision) {
    await this.txHost.tx.query(INSERT_VERSION, [
      templateId,
      version,
      definition.name,
      definition.description,
      toStepsParameter(definition.steps),
      createdAt,
    ]);
  }

  private async whyNotRevised(template: ProcessTemplate): Promise<Error> {
    const rows: { latest_version: number; archived_at: Date | null }[] = await this.txHost.tx.query(
      SELECT_HEAD,
      [template.id],
    );
    const head = rows[0];
    if (!head) return new TemplateNotFoundError(template.id);
    if (head.archived_at) return new TemplateArchivedError(template.id, 'be revised');
    return new StaleVersionError('process template', template.id, template.version, head.latest_version);
  }
}
