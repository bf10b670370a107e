import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { PageQueryDto } from '../../../../shared/interface/page-query.dto.js';

export class ListCalendarsQueryDto extends PageQueryDto {

  @ApiPropertyOptional({ description: 'Case-insensitive text contained in the code or the name.' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;
}
