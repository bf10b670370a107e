import { ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import { IsOptionalNotNull } from '../../../../shared/interface/validation.js';
import { CreateUserDto } from './create-user.dto.js';

/** An admin's change: name and/or role (the rules of CreateUserDto), and/or the active flag. */
export class UpdateUserDto extends PartialType(PickType(CreateUserDto, ['name', 'role']), { skipNullProperties: false }) {
  @ApiPropertyOptional({ description: 'false deactivates (sessions end at once; users are never deleted).' })
  @IsOptionalNotNull()
  @IsBoolean()
  active?: boolean;
}

/** What a user may change of themselves. */
export class UpdateMeDto extends PickType(CreateUserDto, ['name']) {}
