import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { IsOptionalNotNull } from '../../../../shared/interface/validation.js';
import { STEPS_MAX } from '../../domain/step-graph.js';
import {
  DURATION_DAYS_MAX,
  LAG_DAYS_MAX,
  STEP_KEY_PATTERN,
  STEP_NAME_MAX,
} from '../../domain/template-step.js';

/** One step of a template definition, as clients send it. */
export class TemplateStepDto {
  @ApiProperty({
    pattern: STEP_KEY_PATTERN.source,
    maxLength: 50,
    example: 'contract',
    description: 'Unique in the template; other steps name it in `dependsOn`.',
  })
  @IsString()
  @Matches(STEP_KEY_PATTERN, {
    message: 'key must be 1-50 lower-case letters, digits, _ or -, starting with a letter or digit',
  })
  key!: string;

  @ApiProperty({ minLength: 1, maxLength: STEP_NAME_MAX, example: 'Sign the contract' })
  @IsString()
  @Length(1, STEP_NAME_MAX)
  @Matches(/\S/, { message: 'name must not be blank' })
  name!: string;

  @ApiProperty({ minimum: 1, maximum: DURATION_DAYS_MAX, description: 'Working days the step takes.' })
  @IsInt()
  @Min(1)
  @Max(DURATION_DAYS_MAX)
  durationDays!: number;

  @ApiPropertyOptional({
    type: [String],
    maxItems: STEPS_MAX,
    default: [],
    description: 'Keys of the steps that must be due before this one starts.',
  })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(STEPS_MAX)
  @IsString({ each: true })
  @ArrayUnique()
  dependsOn?: string[];

  @ApiPropertyOptional({
    minimum: 0,
    maximum: LAG_DAYS_MAX,
    default: 0,
    description: 'Working days between the due date of each dependency and the start of this step.',
  })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(LAG_DAYS_MAX)
  lagDays?: number;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  defaultAssigneeId?: string | null;
}
