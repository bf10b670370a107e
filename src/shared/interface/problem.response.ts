import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

class FieldErrorResponse {
  @ApiProperty({ example: 'title' }) field!: string;
  @ApiProperty({ example: 'title must be shorter than or equal to 200 characters' }) message!: string;
}

/** The OpenAPI description of every error answer (RFC 9457 application/problem+json). */
export class ProblemResponse {
  @ApiProperty({ example: 'urn:process-todo:problem:validation-error' }) type!: string;
  @ApiProperty({ example: 'The request is not valid' }) title!: string;
  @ApiProperty({ example: 400 }) status!: number;
  @ApiProperty() detail!: string;
  @ApiProperty({ example: '/tasks' }) instance!: string;
  @ApiProperty({ description: 'Also in the x-request-id response header.' }) traceId!: string;
  @ApiPropertyOptional({ type: [FieldErrorResponse] }) errors?: FieldErrorResponse[];
}
