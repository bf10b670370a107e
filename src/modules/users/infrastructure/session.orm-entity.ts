import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { NewSession, StoredSession } from '../application/ports/session.repository.js';
import { UserOrmEntity } from './user.orm-entity.js';

/** The `sessions` row: one refresh token, stored as its hash, in a family of rotations. */
@Entity({ name: 'sessions' })
@Index('UQ_sessions_token_hash', ['tokenHash'], { unique: true })
@Index('IDX_sessions_family', ['familyId'])
@Index('IDX_sessions_user', ['userId'])
export class SessionOrmEntity implements StoredSession, NewSession {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_sessions' })
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ name: 'family_id', type: 'uuid' })
  familyId!: string;

  @Column({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash!: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @ManyToOne(() => UserOrmEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_sessions_user' })
  user?: UserOrmEntity;
}
