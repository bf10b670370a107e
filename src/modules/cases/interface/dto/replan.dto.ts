import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { IsCalendarDate } from '../../../../shared/interface/validation.js';

export class StepPinDto {
  @ApiProperty({ example: 'review' })
  @IsString()
  @Length(1, 50)
  stepKey!: string;

  @ApiPropertyOptional({ format: 'date', description: 'Pin due on this working day; absent pins the current dates.' })
  @IsOptional()
  @IsCalendarDate()
  due?: string;
}

export class ReplanDto {
  @ApiPropertyOptional({ format: 'date', description: 'The new goal; absent keeps the current one.' })
  @IsOptional()
  @IsCalendarDate()
  goalDate?: string;

  @ApiPropertyOptional({ type: [StepPinDto], description: 'Steps to pin; finished and already pinned steps never move.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => StepPinDto)
  pin?: StepPinDto[];
}
