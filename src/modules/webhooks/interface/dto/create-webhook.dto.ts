import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsString, Length, MaxLength } from 'class-validator';
import { EVENT_NAMES, type EventName } from '../../../../shared/application/events.js';
import { IsOptionalNotNull } from '../../../../shared/interface/validation.js';
import { DESCRIPTION_MAX, SECRET_MAX, SECRET_MIN, URL_MAX } from '../../domain/webhook-subscription.js';

export class CreateWebhookDto {
  @ApiProperty({
    maxLength: URL_MAX,
    example: 'https://hooks.example.com/process-todo',
    description:
      'http(s), without credentials. Refused (422) when its host resolves to a loopback, private, link-local or cloud-metadata address.',
  })
  @IsString()
  @Length(1, URL_MAX)
  url!: string;

  @ApiProperty({ enum: EVENT_NAMES, isArray: true, minItems: 1, maxItems: EVENT_NAMES.length, example: ['task.created', 'case.completed'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(EVENT_NAMES.length)
  @ArrayUnique()
  @IsIn(EVENT_NAMES, { each: true })
  events!: EventName[];

  @ApiProperty({
    minLength: SECRET_MIN,
    maxLength: SECRET_MAX,
    writeOnly: true,
    description:
      'Signs every delivery: `X-Signature: sha256=<hex HMAC-SHA256 of "<X-Timestamp>.<body>">`. Never shown again.',
  })
  @IsString()
  @Length(SECRET_MIN, SECRET_MAX)
  secret!: string;

  @ApiPropertyOptional({ maxLength: DESCRIPTION_MAX, default: '' })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(DESCRIPTION_MAX)
  description?: string;
}
