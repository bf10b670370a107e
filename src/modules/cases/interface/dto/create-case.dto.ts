import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length, Matches, ValidateBy } from 'class-validator';
import { IsCalendarDate } from '../../../../shared/interface/validation.js';
import { CASE_TITLE_MAX } from '../../domain/case.aggregate.js';
import { isUuid } from '../../../../shared/domain/uuid.js';

/** An object of step key -> user id, at most 200 entries. */
const IsAssigneeMap = () =>
  ValidateBy({
    name: 'isAssigneeMap',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'object' &&
        value !== null &&
        !Array.isArray(value) &&
        Object.keys(value).length <= 200 &&
        Object.values(value).every(isUuid),
      defaultMessage: () => 'must be an object of step key -> user id (UUID)',
    },
  });

export class CreateCaseDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  templateId!: string;

  @ApiProperty({ minLength: 1, maxLength: CASE_TITLE_MAX, example: 'Onboard ACME Corp' })
  @IsString()
  @Length(1, CASE_TITLE_MAX)
  @Matches(/\S/, { message: 'title must not be blank' })
  title!: string;

  @ApiProperty({ format: 'date', example: '2026-12-31', description: 'Every step is planned backward from this date.' })
  @IsCalendarDate()
  goalDate!: string;

  @ApiProperty({ format: 'uuid', description: 'The working-day calendar to plan over.' })
  @IsUUID()
  calendarId!: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', format: 'uuid' },
    description: "Step key -> assignee, over the template's default assignees.",
    example: { review: '3f0e6f5e-6c1f-4c54-9b0a-2f1d8f1b6a10' },
  })
  @IsOptional()
  @IsAssigneeMap()
  assignees?: Record<string, string>;
}
