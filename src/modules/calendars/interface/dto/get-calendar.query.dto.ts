import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d{1,4}$/.test(value) ? Number(value) : value;

export class GetCalendarQueryDto {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: 9999,
    description: 'Only the holidays of this year; all of them when absent.',
    example: 2026,
  })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(9999)
  year?: number;
}
