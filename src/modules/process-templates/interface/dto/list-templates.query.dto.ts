import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, Length } from 'class-validator';
import { PageQueryDto } from '../../../../shared/interface/page-query.dto.js';

/** Only the words true and false: `archived=1` or `archived=yes` is a 400, not a guess. */
const toBool = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

export class ListTemplatesQueryDto extends PageQueryDto {

  @ApiPropertyOptional({ type: Boolean, default: false, description: 'true lists only archived templates.' })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  archived?: boolean;

  @ApiPropertyOptional({ description: 'Case-insensitive text contained in the name.' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  q?: string;
}
