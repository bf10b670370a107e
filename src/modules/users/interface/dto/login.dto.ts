import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, MaxLength } from 'class-validator';
import { EMAIL_MAX, PASSWORD_MAX } from '../../domain/user.aggregate.js';

export class LoginDto {
  @ApiProperty({ example: 'admin@localhost', maxLength: EMAIL_MAX })
  @IsString()
  @Length(1, EMAIL_MAX)
  email!: string;

  @ApiProperty({ format: 'password', maxLength: PASSWORD_MAX })
  @IsString()
  @MaxLength(PASSWORD_MAX)
  password!: string;
}

export class RefreshTokenDto {
  @ApiProperty({ description: 'The refreshToken of the last sign-in or refresh.' })
  @IsString()
  @Length(1, 200)
  refreshToken!: string;
}
