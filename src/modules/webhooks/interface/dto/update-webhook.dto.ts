import { ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import { IsOptionalNotNull } from '../../../../shared/interface/validation.js';
import { CreateWebhookDto } from './create-webhook.dto.js';

/** Any of a subscription's fields; `enabled: true` turns a disabled one back on (its failures forgotten). */
export class UpdateWebhookDto extends PartialType(CreateWebhookDto, { skipNullProperties: false }) {
  @ApiPropertyOptional({ description: 'false stops deliveries; true turns a disabled subscription back on.' })
  @IsOptionalNotNull()
  @IsBoolean()
  enabled?: boolean;
}
