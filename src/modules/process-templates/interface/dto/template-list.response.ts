import { ApiProperty } from '@nestjs/swagger';
import type {
  ProcessTemplateSummary,
  TemplateVersionSummary,
} from '../../application/ports/process-template.read-model.js';

export class TemplateSummaryResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'The latest version.' }) version!: number;
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty() stepCount!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) archivedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;

  static from(template: ProcessTemplateSummary): TemplateSummaryResponse {
    return {
      ...template,
      archivedAt: template.archivedAt?.toISOString() ?? null,
      createdAt: template.createdAt.toISOString(),
      updatedAt: template.updatedAt.toISOString(),
    };
  }
}

export class TemplatePageResponse {
  @ApiProperty({ type: [TemplateSummaryResponse] }) items!: TemplateSummaryResponse[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last page.',
  })
  nextCursor!: string | null;
}

export class TemplateVersionResponse {
  @ApiProperty() version!: number;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static from(version: TemplateVersionSummary): TemplateVersionResponse {
    return { ...version, createdAt: version.createdAt.toISOString() };
  }
}

export class TemplateVersionListResponse {
  @ApiProperty({ type: [TemplateVersionResponse], description: 'Oldest first.' })
  items!: TemplateVersionResponse[];
}
