import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsOptionalNotNull } from '../../../../shared/interface/validation.js';
import { STEPS_MAX, STEPS_MIN } from '../../domain/step-graph.js';
import {
  TEMPLATE_DESCRIPTION_MAX,
  TEMPLATE_NAME_MAX,
} from '../../domain/template-definition.js';
import { TemplateStepDto } from './template-step.dto.js';
import { CHAIN_WORKING_DAYS_MAX, DEPENDENCIES_MAX } from '../../domain/step-graph.js';

/** A whole template definition: the body of a create and of a revision alike. */
export class TemplateDefinitionDto {
  @ApiProperty({ minLength: 1, maxLength: TEMPLATE_NAME_MAX, example: 'Employee onboarding' })
  @IsString()
  @Length(1, TEMPLATE_NAME_MAX)
  @Matches(/\S/, { message: 'name must not be blank' })
  name!: string;

  @ApiPropertyOptional({ maxLength: TEMPLATE_DESCRIPTION_MAX, default: '' })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(TEMPLATE_DESCRIPTION_MAX)
  description?: string;

  @ApiProperty({
    type: [TemplateStepDto],
    minItems: STEPS_MIN,
    maxItems: STEPS_MAX,
    description:
      `The steps; their dependencies must form no cycle, number at most ${DEPENDENCIES_MAX} in all, and no ` +
      `chain of durations and lags may exceed ${CHAIN_WORKING_DAYS_MAX} working days (422 names the step otherwise).`,
  })
  @IsArray()
  @ArrayMinSize(STEPS_MIN)
  @ArrayMaxSize(STEPS_MAX)
  @ValidateNested({ each: true })
  // Makes each item a TemplateStepDto, so that its rules run and errors read `steps.2.durationDays`.
  @Type(() => TemplateStepDto)
  steps!: TemplateStepDto[];
}
