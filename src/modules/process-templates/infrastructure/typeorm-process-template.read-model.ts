import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import {
  InvalidCursorError,
  decodeCursor,
  encodeCursor,
} from '../../../shared/application/cursor.js';
import type {
  ProcessTemplateReadModel,
  ProcessTemplateView,
  TemplateListCriteria,
  TemplatePage,
  TemplateVersionSummary,
} from '../application/ports/process-template.read-model.js';
import {
  SELECT_LATEST,
  SELECT_VERSION,
  type TemplateRow,
  toSnapshot,
} from './process-template.mapper.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The one order lists come in; cursors carry it so that a cursor of another order is refused. */
const SORT = '-createdAt';

interface SummaryRow {
  id: string;
  version: number;
  name: string;
  description: string;
  step_count: number;
  archived_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const SELECT_VERSIONS = `SELECT version, name, created_at FROM process_template_versions
  WHERE template_id = $1 ORDER BY version`;

/**
 * Template reads with keyset pagination on (created_at, id), newest first: a page starts
 * strictly after the last row of the previous one, so templates created meanwhile never
 * shift a page.
 */
@Injectable()
export class TypeOrmProcessTemplateReadModel implements ProcessTemplateReadModel {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async findLatest(id: string): Promise<ProcessTemplateView | null> {
    const rows: TemplateRow[] = await this.txHost.tx.query(SELECT_LATEST, [id]);
    return rows[0] ? toView(rows[0]) : null;
  }

  async findVersion(id: string, version: number): Promise<ProcessTemplateView | null> {
    const rows: TemplateRow[] = await this.txHost.tx.query(SELECT_VERSION, [id, version]);
    return rows[0] ? toView(rows[0]) : null;
  }

  async listVersions(id: string): Promise<TemplateVersionSummary[] | null> {
    const rows: { version: number; name: string; created_at: Date }[] = await this.txHost.tx.query(
      SELECT_VERSIONS,
      [id],
    );
    // Every template has its version 1, so no rows means no template.
    if (rows.length === 0) return null;
    return rows.map((row) => ({ version: row.version, name: row.name, createdAt: row.created_at }));
  }

  async list(criteria: TemplateListCriteria): Promise<TemplatePage> {
    const params: unknown[] = [];
    const bind = (value: unknown) => `$${params.push(value)}`;
    const where = [criteria.archived ? 't.archived_at IS NOT NULL' : 't.archived_at IS NULL'];
    if (criteria.text) where.push(`v.name ILIKE ${bind(`%${escapeLike(criteria.text)}%`)}`);
    if (criteria.cursor) {
      const position = decodeCursor(criteria.cursor, SORT);
      const { value, id } = position;
      if (typeof value !== 'string' || Number.isNaN(Date.parse(value)) || !UUID.test(id)) {
        throw new InvalidCursorError('is not a cursor this API issued');
      }
      where.push(`(t.created_at, t.id) < (${bind(value)}::timestamptz, ${bind(id)}::uuid)`);
    }

    const rows: SummaryRow[] = await this.txHost.tx.query(
      `SELECT t.id, t.latest_version AS version, v.name, v.description,
         jsonb_array_length(v.steps) AS step_count, t.archived_at, t.created_at, t.updated_at
       FROM process_templates t
       JOIN process_template_versions v ON v.template_id = t.id AND v.version = t.latest_version
       WHERE ${where.join(' AND ')}
       ORDER BY t.created_at DESC, t.id DESC
       LIMIT ${bind(criteria.limit + 1)}`,
      params,
    );

    const page = rows.slice(0, criteria.limit);
    const last = page.at(-1);
    const nextCursor =
      rows.length > criteria.limit && last
        ? encodeCursor({ sort: SORT, value: last.created_at.toISOString(), id: last.id })
        : null;
    return {
      items: page.map((row) => ({
        id: row.id,
        version: row.version,
        name: row.name,
        description: row.description,
        stepCount: row.step_count,
        archivedAt: row.archived_at,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
      })),
      nextCursor,
    };
  }
}

function toView(row: TemplateRow): ProcessTemplateView {
  return { ...toSnapshot(row), latestVersion: row.latest_version };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
