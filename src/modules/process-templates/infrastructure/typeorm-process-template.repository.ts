import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { StaleVersionError } from '../../../shared/domain/domain-error.js';
import { ProcessTemplate, type TemplateRevision } from '../domain/process-template.aggregate.js';
import { TemplateArchivedError, TemplateNotFoundError } from '../domain/process-template.errors.js';
import type { ProcessTemplateRepository } from '../domain/process-template.repository.js';
import { ProcessTemplateVersionOrmEntity } from './process-template-version.orm-entity.js';
import { findTemplate } from './process-template.mapper.js';
import { ProcessTemplateOrmEntity } from './process-template.orm-entity.js';

/**
 * Templates in PostgreSQL, through the transaction host: a revision's pointer move and
 * its version row commit or roll back together with the use case that made them.
 */
@Injectable()
export class TypeOrmProcessTemplateRepository implements ProcessTemplateRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async findById(id: string): Promise<ProcessTemplate | null> {
    const view = await findTemplate(this.txHost.tx, id);
    if (!view) return null;
    const { latestVersion: _latest, ...snapshot } = view;
    return ProcessTemplate.restore(snapshot);
  }

  async findVersion(id: string, version: number): Promise<TemplateRevision | null> {
    const view = await findTemplate(this.txHost.tx, id, version);
    if (!view) return null;
    const { name, description, steps, versionCreatedAt } = view;
    return { templateId: id, version, definition: { name, description, steps }, createdAt: versionCreatedAt };
  }

  async insert(template: ProcessTemplate): Promise<void> {
    const { id, version, archivedAt, createdAt, updatedAt } = template.snapshot();
    await this.txHost.tx
      .createQueryBuilder()
      .insert()
      .into(ProcessTemplateOrmEntity)
      .values({ id, latestVersion: version, archivedAt, createdAt, updatedAt })
      .updateEntity(false)
      .callListeners(false)
      .execute();
    await this.insertVersion(template.latestRevision());
    template.markPersisted(version);
  }

  async saveRevision(template: ProcessTemplate): Promise<void> {
    const revision = template.latestRevision();
    // Moves the pointer only from the version the revision was based on, and never on an archived template.
    const { affected } = await this.txHost.tx
      .createQueryBuilder()
      .update(ProcessTemplateOrmEntity)
      .set({ latestVersion: revision.version, updatedAt: template.snapshot().updatedAt })
      .where('id = :id AND latest_version = :base AND archived_at IS NULL', { id: template.id, base: template.version })
      .updateEntity(false)
      .callListeners(false)
      .execute();
    if (!affected) throw await this.whyNotRevised(template);
    await this.insertVersion(revision);
    template.markPersisted(revision.version);
  }

  async saveArchiveState(template: ProcessTemplate): Promise<boolean> {
    const { archivedAt, updatedAt } = template.snapshot();
    // Archives only an active template and restores only an archived one.
    const { affected } = await this.txHost.tx
      .createQueryBuilder()
      .update(ProcessTemplateOrmEntity)
      .set({ archivedAt, updatedAt })
      .where(`id = :id AND archived_at IS ${archivedAt ? 'NULL' : 'NOT NULL'}`, { id: template.id })
      .updateEntity(false)
      .callListeners(false)
      .execute();
    return Boolean(affected);
  }

  private async insertVersion({ templateId, version, definition, createdAt }: TemplateRevision) {
    await this.txHost.tx
      .createQueryBuilder()
      .insert()
      .into(ProcessTemplateVersionOrmEntity)
      .values({ templateId, version, ...definition, steps: [...definition.steps], createdAt })
      .updateEntity(false)
      .callListeners(false)
      .execute();
  }

  private async whyNotRevised(template: ProcessTemplate): Promise<Error> {
    const head = await this.txHost.tx
      .createQueryBuilder(ProcessTemplateOrmEntity, 't')
      .select(['t.latestVersion', 't.archivedAt'])
      .where('t.id = :id', { id: template.id })
      .getOne();
    if (!head) return new TemplateNotFoundError(template.id);
    if (head.archivedAt) return new TemplateArchivedError(template.id, 'be revised');
    return new StaleVersionError('process template', template.id, template.version, head.latestVersion);
  }
}
