/** What a secret is replaced with in a log line. */
export const MASK = '[REDACTED]';

/**
 * Key names whose values are secrets, compared lowercased without `-`, `_` and spaces, so
 * that `apiKey`, `api_key`, `X-API-Key` and `Authorization` all match. `Idempotency-Key`
 * is no secret (it is the client's retry handle) and stays readable.
 */
const SECRET_KEY =
  /password|passwd|pwd|secret|token|authorization|cookie|apikey|privatekey|credential|databaseurl|redisurl|connectionstring/;

/** Secrets inside free text: URL credentials, bearer/basic credentials, `name=value` pairs. */
const URL_CREDENTIALS = /\b([a-z][a-z\d+.-]*:\/\/[^\s:@/]*:)[^\s@/]+@/gi;
const AUTH_SCHEME = /\b(bearer|basic)\s+[\w\-.~+/]+=*/gi;
const SECRET_WORD = /passw|secret|token|api[_-]?key|authori[sz]ation|cookie/i;
/** Whether text may hold any of the above: one test, false for nearly all text. */
const SUSPECT = /:\/\/|bearer|basic|passw|secret|token|api[_-]?key|authori[sz]ation|cookie/i;
const SECRET_PAIR =
  /\b([\w-]*(?:password|passwd|secret|token|api[_-]?key|authorization|cookie)[\w-]*"?\s*[=:]\s*"?)[^\s&"',;]+/gi;

const MAX_STRING = 8_192;
const MAX_ITEMS = 100;
const MAX_DEPTH = 32;

// Log lines use a small, fixed set of keys: remember the verdict for each (bounded).
const verdicts = new Map<string, boolean>();

/** Whether a value stored under this key must never be logged. */
export function isSecretKey(key: string): boolean {
  let verdict = verdicts.get(key);
  if (verdict === undefined) {
    verdict = SECRET_KEY.test(key.toLowerCase().replace(/[-_\s]/g, ''));
    if (verdicts.size < 10_000) verdicts.set(key, verdict);
  }
  return verdict;
}

/** Masks credentials written into text: `postgres://u:pw@h`, `Bearer abc`, `token=abc`. */
export function maskSecretsInText(text: string): string {
  let masked = text;
  if (SUSPECT.test(masked)) {
    if (masked.includes('://')) masked = masked.replace(URL_CREDENTIALS, `$1${MASK}@`);
    if (/bearer|basic/i.test(masked)) masked = masked.replace(AUTH_SCHEME, `$1 ${MASK}`);
    if (SECRET_WORD.test(masked)) masked = masked.replace(SECRET_PAIR, `$1${MASK}`);
  }
  return masked.length > MAX_STRING
    ? `${masked.slice(0, MAX_STRING)}…[${masked.length - MAX_STRING} more characters]`
    : masked;
}

/**
 * `value`, safe to log: every property whose key names a secret is masked at any depth (in
 * objects, arrays, errors and their causes), credentials in strings are masked, long
 * strings and arrays are cut, cycles are marked. The input is never changed: what needs a
 * change is copied, what needs none is returned as is.
 *
 * @example
 * maskSecrets({ user: 'ann', auth: { password: 'hunter2' } });
 * // { user: 'ann', auth: { password: '[REDACTED]' } }
 */
export function maskSecrets(value: unknown): unknown {
  return walk(value, []);
}

/** One property: masked whole when its key names a secret, else as maskSecrets. */
export function maskProperty(key: string, value: unknown): unknown {
  return maskEntry(key, value, []);
}

/** An error as plain, masked fields: name, message, code, stack (when asked) and cause. */
export function errorFields(error: Error, withStack = true): Record<string, unknown> {
  return errorToFields(error, withStack, []);
}

function maskEntry(key: string, value: unknown, ancestors: object[]): unknown {
  if (value === null || value === undefined || typeof value === 'boolean') return value;
  return isSecretKey(key) ? MASK : walk(value, ancestors);
}

function walk(value: unknown, ancestors: object[]): unknown {
  switch (typeof value) {
    case 'string':
      return maskSecretsInText(value);
    case 'bigint':
      return value.toString();
    case 'function':
    case 'symbol':
      return undefined;
    case 'object':
      break;
    default:
      return value;
  }
  if (value === null || value instanceof Date) return value;
  if (ancestors.length >= MAX_DEPTH) return '[Truncated]';
  if (ancestors.includes(value)) return '[Circular]';
  if (value instanceof Error) return errorToFields(value, true, ancestors);
  if (ArrayBuffer.isView(value)) return `[Binary ${value.byteLength} bytes]`;
  ancestors.push(value);
  try {
    if (Array.isArray(value)) return walkArray(value, ancestors);
    if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
      return walk((value as { toJSON(): unknown }).toJSON(), ancestors);
    }
    return walkObject(value as Record<string, unknown>, ancestors);
  } finally {
    ancestors.pop();
  }
}

function walkArray(array: unknown[], ancestors: object[]): unknown[] {
  let copy: unknown[] | undefined;
  const length = Math.min(array.length, MAX_ITEMS);
  for (let i = 0; i < length; i++) {
    const masked = walk(array[i], ancestors);
    if (masked !== array[i]) (copy ??= array.slice(0, length))[i] = masked;
  }
  if (array.length <= MAX_ITEMS) return copy ?? array;
  return [...(copy ?? array.slice(0, MAX_ITEMS)), `…[${array.length - MAX_ITEMS} more items]`];
}

function walkObject(object: Record<string, unknown>, ancestors: object[]): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(object)) {
    const masked = maskEntry(key, object[key], ancestors);
    if (masked !== object[key]) (copy ??= { ...object })[key] = masked;
  }
  return copy ?? object;
}

function errorToFields(error: Error, withStack: boolean, ancestors: object[]): Record<string, unknown> {
  ancestors.push(error);
  try {
    const { code } = error as { code?: unknown };
    const fields: Record<string, unknown> = {
      name: error.name,
      message: maskSecretsInText(error.message),
    };
    if (typeof code === 'string' || typeof code === 'number') fields.code = code;
    if (withStack && error.stack) fields.stack = maskSecretsInText(error.stack);
    if (error.cause !== undefined) fields.cause = walk(error.cause, ancestors);
    return fields;
  } finally {
    ancestors.pop();
  }
}
