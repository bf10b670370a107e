import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Length } from 'class-validator';
import { USER_ROLES, type UserRole } from '../../../../shared/domain/user-role.js';
import { PageQueryDto, toQueryList } from '../../../../shared/interface/page-query.dto.js';

const toQueryBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class ListUsersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: USER_ROLES, isArray: true, description: 'Comma-separated or repeated.' })
  @IsOptional()
  @Transform(toQueryList)
  @IsIn(USER_ROLES, { each: true })
  role?: UserRole[];

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(toQueryBoolean)
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ description: 'Case-insensitive text in the e-mail address or the name.' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  q?: string;
}
