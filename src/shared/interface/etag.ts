import { PreconditionRequiredError } from './precondition-required.error.js';
import { RequestValidationError } from './request-validation.error.js';

/** The entity tag of a resource version: a strong tag such as `"3"`. */
export const etagOf = (version: number): string => `"${version}"`;

const VERSION = /^\d{1,9}$/;
const ETAGC = /^[\x21\x23-\x7e\x80-\xff]*$/;

const malformed = () =>
  new RequestValidationError([
    { field: 'If-Match', message: 'must be * or a list of entity tags, such as "3" or "3", "4"' },
  ]);

/**
 * Reads If-Match (RFC 9110 §13.1.1) into the versions the client accepts: the write goes
 * ahead only when the current version is one of them, else 412. `*` and an absent header
 * put no condition. A well-formed tag this API never issued (`"stale-0"`) matches no
 * version, so it is a 412 too; a weak tag is read like a strong one, since proxies weaken
 * tags when they compress. Only a header that is no entity-tag list at all is a 400.
 */
export function parseIfMatch(header: string | undefined): readonly number[] | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const versions = new Set<number>();
  for (const tag of entityTags(header)) if (VERSION.test(tag)) versions.add(Number(tag));
  return [...versions];
}

/** Like parseIfMatch, for writes that must be conditional: a missing header is a 428. */
export function requireIfMatch(header: string | undefined): readonly number[] {
  const versions = parseIfMatch(header);
  if (versions === undefined) throw new PreconditionRequiredError();
  return versions;
}

/**
 * The opaque tags of `#entity-tag` (`[W/]"…"`, comma-separated, empty elements allowed).
 * A tag may itself hold commas, so the list is scanned, not split.
 */
function entityTags(header: string): string[] {
  const tags: string[] = [];
  let i = 0;
  const skip = (chars: string) => {
    while (i < header.length && chars.includes(header[i]!)) i++;
  };
  for (;;) {
    skip(' \t,');
    if (i >= header.length) break;
    if (header.startsWith('W/', i)) i += 2;
    if (header[i] !== '"') throw malformed();
    const end = header.indexOf('"', i + 1);
    if (end < 0) throw malformed();
    const tag = header.slice(i + 1, end);
    if (!ETAGC.test(tag)) throw malformed();
    tags.push(tag);
    i = end + 1;
    skip(' \t');
    if (i < header.length && header[i] !== ',') throw malformed();
  }
  if (tags.length === 0) throw malformed();
  return tags;
}
