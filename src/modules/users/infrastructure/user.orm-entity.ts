import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { check } from '../../../platform/database/checks.js';
import { USER_ROLES, type UserRole } from '../../../shared/domain/user-role.js';
import { EMAIL_MAX, USER_NAME_MAX, type UserSnapshot } from '../domain/user.aggregate.js';

/** The `users` row, described once; its properties are the snapshot's. E-mail addresses are stored lower-cased. */
@Entity({ name: 'users' })
@Check('CHK_users_role', check.oneOf('role', USER_ROLES))
@Check('CHK_users_name', check.lengthBetween('name', 1, USER_NAME_MAX))
@Check('CHK_users_email_lower', `"email" = lower("email")`)
@Check('CHK_users_version', `"version" >= 1`)
@Index('UQ_users_email', ['email'], { unique: true })
export class UserOrmEntity implements UserSnapshot {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_users' })
  id!: string;

  @Column({ type: 'varchar', length: EMAIL_MAX })
  email!: string;

  @Column({ type: 'varchar', length: USER_NAME_MAX })
  name!: string;

  @Column({ type: 'varchar', length: 10 })
  role!: UserRole;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ name: 'password_hash', type: 'text' })
  passwordHash!: string;

  @Column({ name: 'failed_logins', type: 'smallint', default: 0 })
  failedLogins!: number;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
