import { Check, Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { check } from '../../../platform/database/checks.js';
import { AUDIT_RESOURCES, type AuditChanges, type AuditEntryView, type AuditResource } from '../../../shared/application/audit-trail.js';
import { USER_ROLES } from '../../../shared/domain/user-role.js';

/** The actor of work no user asked for (a cron run, a queued job, the first start). */
export const SYSTEM_ACTOR = 'system';
/** The actor of a request that carries no signed-in user (a failed sign-in). */
export const ANONYMOUS_ACTOR = 'anonymous';
/** The actor of an operator's command line (src/cli.ts); the user agent names the command and the OS user. */
export const CLI_ACTOR = 'cli';
export const ACTION_MAX = 60;
export const USER_AGENT_MAX = 512;

/**
 * `audit_logs`: append-only (a trigger refuses UPDATE, and DELETE outside the archive's own
 * transaction) and partitioned by month on `occurred_at` (migration 1796200000000), so that
 * the monthly archive exports a month and drops its partition instead of deleting rows.
 * The primary key (occurred_at, id) holds the partition key, as PostgreSQL requires, and is
 * the log's order, newest first (`id`, from one sequence, is unique by itself and breaks
 * ties). `occurred_at` is the app's clock, in milliseconds like every other timestamp, so
 * that a cursor carries it exactly. TypeORM cannot read the indexes of a partitioned table
 * back (it sees their columns out of order), so the migration owns them (`synchronize: false`).
 */
@Entity({ name: 'audit_logs' })
@Check('CHK_audit_logs_actor_role', check.oneOf('actor_role', [...USER_ROLES, SYSTEM_ACTOR, ANONYMOUS_ACTOR, CLI_ACTOR]))
@Check('CHK_audit_logs_resource_type', check.oneOf('resource_type', AUDIT_RESOURCES))
// (resource_type, resource_id, occurred_at, id): a resource's history.
@Index('IDX_audit_logs_resource', { synchronize: false })
// (actor_id, occurred_at, id): one actor's entries.
@Index('IDX_audit_logs_actor', { synchronize: false })
// (action, occurred_at, id): one kind of change.
@Index('IDX_audit_logs_action', { synchronize: false })
export class AuditLogOrmEntity implements AuditEntryView {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'PK_audit_logs' })
  id!: string;

  @PrimaryColumn({ name: 'occurred_at', type: 'timestamptz', default: () => 'now()', primaryKeyConstraintName: 'PK_audit_logs' })
  occurredAt!: Date;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column({ name: 'actor_role', type: 'varchar', length: 10 })
  actorRole!: string;

  @Column({ type: 'varchar', length: ACTION_MAX })
  action!: string;

  @Column({ name: 'resource_type', type: 'varchar', length: 20 })
  resourceType!: AuditResource;

  @Column({ name: 'resource_id', type: 'uuid' })
  resourceId!: string;

  @Column({ type: 'jsonb', nullable: true })
  changes!: AuditChanges | null;

  @Column({ name: 'trace_id', type: 'varchar', length: 128, nullable: true })
  traceId!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip!: string | null;

  @Column({ name: 'user_agent', type: 'varchar', length: USER_AGENT_MAX, nullable: true })
  userAgent!: string | null;
}
