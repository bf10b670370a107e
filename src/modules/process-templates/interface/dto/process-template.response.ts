import { ApiProperty } from '@nestjs/swagger';
import type { ProcessTemplateSnapshot } from '../../domain/process-template.aggregate.js';
import type { TemplateStep } from '../../domain/template-step.js';

export class TemplateStepResponse {
  @ApiProperty() key!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'Working days.' }) durationDays!: number;
  @ApiProperty({ type: [String] }) dependsOn!: string[];
  @ApiProperty({ description: 'Working days after each dependency is due.' }) lagDays!: number;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) defaultAssigneeId!: string | null;

  static from(step: TemplateStep): TemplateStepResponse {
    return { ...step, dependsOn: [...step.dependsOn] };
  }
}

export class ProcessTemplateResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'The version whose definition this is.' }) version!: number;
  @ApiProperty({ description: 'The latest version; also sent as the ETag.' }) latestVersion!: number;
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: [TemplateStepResponse] }) steps!: TemplateStepResponse[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) archivedAt!: string | null;
  @ApiProperty({ format: 'date-time', description: 'When this version was made.' })
  versionCreatedAt!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;

  static from(template: ProcessTemplateSnapshot, latestVersion = template.version): ProcessTemplateResponse {
    return {
      id: template.id,
      version: template.version,
      latestVersion,
      name: template.name,
      description: template.description,
      steps: template.steps.map(TemplateStepResponse.from),
      archivedAt: template.archivedAt?.toISOString() ?? null,
      versionCreatedAt: template.versionCreatedAt.toISOString(),
      createdAt: template.createdAt.toISOString(),
      updatedAt: template.updatedAt.toISOString(),
    };
  }
}
