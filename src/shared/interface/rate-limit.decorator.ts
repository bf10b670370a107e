import { SetMetadata } from '@nestjs/common';

export const RATE_LIMIT = 'rate-limit';

/**
 * Which limit a public route counts against (signed-in routes always count the request
 * limit of their user): `login` per account and per ip, `requests` per ip. Public routes
 * without it (probes, metrics) are never limited.
 */
export const RateLimit = (kind: 'login' | 'requests') => SetMetadata(RATE_LIMIT, kind);
