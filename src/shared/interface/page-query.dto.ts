import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

/** A query-string integer: digits become a number; anything else stays as sent and fails validation. */
export const toQueryInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : value;

/** `a,b` and repeated parameters both become a list. */
export const toQueryList = ({ value }: { value: unknown }) =>
  (Array.isArray(value) ? value : [value]).flatMap((item) =>
    typeof item === 'string' ? item.split(',').map((part) => part.trim()) : [item],
  );

export const DEFAULT_PAGE_SIZE = 20;

/** The paging parameters every list takes: keyset pages of at most 100, by opaque cursor. */
export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Transform(toQueryInt)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page.' })
  @IsOptional()
  @IsString()
  @Length(1, 512)
  cursor?: string;
}
