import { ApiProperty } from '@nestjs/swagger';
import { USER_ROLES, type UserRole } from '../../../../shared/domain/user-role.js';
import type { UserView } from '../../application/ports/user.read-model.js';

export class UserResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: USER_ROLES }) role!: UserRole;
  @ApiProperty() active!: boolean;
  @ApiProperty({ description: 'Bumped by every change; also sent as the ETag.' }) version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;

  static from(user: UserView): UserResponse {
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      active: user.active,
      version: user.version,
      createdAt: user.createdAt.toISOString(),
      updatedAt: user.updatedAt.toISOString(),
    };
  }
}

export class UserPageResponse {
  @ApiProperty({ type: [UserResponse] }) items!: UserResponse[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
