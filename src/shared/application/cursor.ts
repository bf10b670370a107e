import { DomainError } from '../domain/domain-error.js';

export class InvalidCursorError extends DomainError {
  readonly code = 'INVALID_CURSOR';
  readonly kind = 'invalid_input';

  constructor(reason: string) {
    super(`cursor ${reason}; start again without a cursor`, [{ field: 'cursor', message: reason }]);
  }
}

/** Where a keyset page ended: the sort it belongs to, the last sort value and the last id. */
export interface CursorPosition {
  sort: string;
  value: string | number;
  id: string;
}

/** An opaque, URL-safe token for a page position. */
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.sort, position.value, position.id])).toString(
    'base64url',
  );
}

/** Reads a token made by encodeCursor for the same sort, or raises InvalidCursorError. */
export function decodeCursor(token: string, sort: string): CursorPosition {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('is not a cursor this API issued');
  }
  if (
    !Array.isArray(decoded) ||
    decoded.length !== 3 ||
    typeof decoded[0] !== 'string' ||
    !['string', 'number'].includes(typeof decoded[1]) ||
    typeof decoded[2] !== 'string'
  ) {
    throw new InvalidCursorError('is not a cursor this API issued');
  }
  if (decoded[0] !== sort) {
    throw new InvalidCursorError(`belongs to sort ${decoded[0]}, not ${sort}`);
  }
  return { sort, value: decoded[1], id: decoded[2] };
}
