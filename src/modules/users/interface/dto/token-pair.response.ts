import { ApiProperty } from '@nestjs/swagger';

export class TokenPairResponse {
  @ApiProperty({ description: 'Send as `Authorization: Bearer <accessToken>`.' }) accessToken!: string;
  @ApiProperty({ description: 'Works once: POST /auth/refresh trades it for a new pair.' }) refreshToken!: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType!: 'Bearer';
  @ApiProperty({ description: 'Seconds until the access token expires.' }) expiresIn!: number;
}
