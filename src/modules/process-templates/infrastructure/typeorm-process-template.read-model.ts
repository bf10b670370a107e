import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { keysetOrder, keysetPage, sortKey } from '../../../shared/infrastructure/keyset-paginator.js';
import { SqlConditions, containsPattern } from '../../../shared/infrastructure/sql-conditions.js';
import type {
  ProcessTemplateReadModel,
  ProcessTemplateSummary,
  ProcessTemplateView,
  TemplateListCriteria,
  TemplatePage,
  TemplateVersionSummary,
} from '../application/ports/process-template.read-model.js';
import { ProcessTemplateVersionOrmEntity } from './process-template-version.orm-entity.js';
import { findTemplate } from './process-template.mapper.js';

/** The one order lists come in, newest first; cursors carry it, so a cursor of another order is refused. */
const NEWEST_FIRST = keysetOrder<ProcessTemplateSummary>(
  '-createdAt',
  sortKey.timestamp('t.created_at', (template) => template.createdAt),
  sortKey.uuid('t.id', (template) => template.id),
);

/** Template reads: one version of a template, its version list, or a page of templates. */
@Injectable()
export class TypeOrmProcessTemplateReadModel implements ProcessTemplateReadModel {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  findLatest(id: string): Promise<ProcessTemplateView | null> {
    return findTemplate(this.txHost.tx, id);
  }

  findVersion(id: string, version: number): Promise<ProcessTemplateView | null> {
    return findTemplate(this.txHost.tx, id, version);
  }

  async listVersions(id: string): Promise<TemplateVersionSummary[] | null> {
    const versions = await this.txHost.tx
      .createQueryBuilder(ProcessTemplateVersionOrmEntity, 'v')
      .select(['v.version', 'v.name', 'v.createdAt'])
      .where('v.templateId = :id', { id })
      .orderBy('v.version')
      .getMany();
    // Every template has its version 1, so no rows means no template.
    if (versions.length === 0) return null;
    return versions.map(({ version, name, createdAt }) => ({ version, name, createdAt }));
  }

  list(criteria: TemplateListCriteria): Promise<TemplatePage> {
    const where = new SqlConditions();
    where.add(criteria.archived ? 't.archived_at IS NOT NULL' : 't.archived_at IS NULL');
    if (criteria.text) where.add(`v.name ILIKE ${where.bind(containsPattern(criteria.text))}`);
    // Searching, the matching versions (the trigram index finds them) lead, each looking up
    // its template by key: OFFSET 0 keeps the planner from hashing the whole templates table
    // instead, which grows with it. Otherwise the templates lead, in their created_at index.
    const from = criteria.text
      ? `process_template_versions v
         CROSS JOIN LATERAL (SELECT * FROM process_templates t0 WHERE t0.id = v.template_id AND t0.latest_version = v.version OFFSET 0) t`
      : 'process_templates t JOIN process_template_versions v ON v.template_id = t.id AND v.version = t.latest_version';
    return keysetPage(NEWEST_FIRST, criteria, where, (tail) =>
      this.txHost.tx.query(
        `SELECT t.id, t.latest_version AS "version", v.name, v.description,
           jsonb_array_length(v.steps) AS "stepCount", t.archived_at AS "archivedAt",
           t.created_at AS "createdAt", t.updated_at AS "updatedAt"
         FROM ${from}
         ${tail}`,
        where.params,
      ),
    );
  }
}
