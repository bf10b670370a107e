import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsIn, IsString, Length, Matches, MaxLength } from 'class-validator';
import { USER_ROLES, type UserRole } from '../../../../shared/domain/user-role.js';
import { EMAIL_MAX, PASSWORD_MAX, PASSWORD_MIN, USER_NAME_MAX } from '../../domain/user.aggregate.js';

export class CreateUserDto {
  @ApiProperty({ maxLength: EMAIL_MAX, example: 'ann@example.com', description: 'Unique, case-insensitive.' })
  @IsString()
  @MaxLength(EMAIL_MAX)
  @IsEmail()
  email!: string;

  @ApiProperty({ minLength: 1, maxLength: USER_NAME_MAX, example: 'Ann Example' })
  @IsString()
  @Length(1, USER_NAME_MAX)
  @Matches(/\S/, { message: 'name must not be blank' })
  name!: string;

  @ApiProperty({ format: 'password', minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX, description: 'Any characters; no composition rules.' })
  @IsString()
  @Length(PASSWORD_MIN, PASSWORD_MAX)
  password!: string;

  @ApiProperty({ enum: USER_ROLES })
  @IsIn(USER_ROLES)
  role!: UserRole;
}
