import { isSecretKey } from '../logging/mask-secrets.js';

export type SuspicionKind = 'sql' | 'xss';

/** Where input looked like an attack, and like which: never the value itself. */
export interface Suspicion {
  /** `path`, `query.q`, `body.title`, `body.steps[2].name`; a key that is no plain name is `[?]`. */
  readonly field: string;
  readonly kind: SuspicionKind;
}

/** What one request brought: its path (percent-encoded as sent), its parsed query and body. */
export interface RequestInput {
  readonly path: string;
  readonly query?: unknown;
  readonly body?: unknown;
}

/**
 * The usual shapes of SQL injection: a quote closing a string then a tautology (`' OR 1=1`,
 * `' or 'a'='a`), a numeric tautology (`OR 1=1`), UNION SELECT, a stacked statement
 * (`; DROP TABLE`), a quote then a comment ending the input (`admin'--`), time delays.
 */
const SQL =
  /'\s*(?:or|and)\s+['"\w]+\s*(?:=|<|>|like\b)|\b(?:or|and)\s+(?<n>\d+)\s*=\s*\k<n>\b|\bunion(?:\s+(?:all|distinct))?\s+select\b|;\s*(?:(?:drop|truncate|alter)\s+(?:table|database|schema|index|view|user)\b|delete\s+from\b|insert\s+into\b|update\s+\S+\s+set\b|exec(?:ute)?\s|shutdown\b)|'\s*(?:--|#)\s*$|\b(?:pg_sleep|benchmark)\s*\(|\bsleep\s*\(\s*\d+\s*\)|\bwaitfor\s+delay\s+'/im;

/**
 * The usual shapes of XSS: a script-bearing tag, a script URL, an event handler attribute
 * (`onerror=`, or any `on…=` inside a tag), an HTML data URL.
 */
const XSS =
  /<\s*\/?\s*(?:script|iframe|object|embed|svg|math)\b|\b(?:javascript|vbscript|livescript)\s*:|\bdata\s*:\s*text\/html|\bon(?:error|load|click|dblclick|mouse[a-z]*|key(?:down|up|press)|focus(?:in|out)?|blur|change|submit|input|toggle|begin|animation[a-z]*|pointer[a-z]*|touch[a-z]*|wheel|drag[a-z]*|drop|paste|copy|cut|contextmenu|resize|scroll|select|show|unload|beforeunload|hashchange|message|pageshow)\s*=|<[a-z][^>]{0,200}?\son[a-z]{3,}\s*=/i;

/** Every pattern above needs one of these: text without any is skipped at the cost of one test. */
const MAYBE = /[<'";:=(]|union/i;

/** The bounds of one scan, whatever the request: the characters and strings looked at, the findings kept. */
const MAX_CHARS = 64 * 1024;
const MAX_STRING_CHARS = 4 * 1024;
const MAX_STRINGS = 2_000;
const MAX_FINDINGS = 10;
/** Bodies are refused past 32 levels while parsing (framework-problems.ts); queries are flat. */
const MAX_DEPTH = 32;
const PLAIN_KEY = /^[A-Za-z_$][\w$-]{0,63}$/;

/**
 * Which fields of a request look like SQL injection or XSS: a tripwire for the security
 * log, not a filter (the input is stored as given and always bound as a parameter, and
 * output is JSON). Fields whose key names a secret (passwords, tokens) are never looked
 * at. Cheap by construction: at most 64 KiB of text in 2,000 strings (4 KiB of each) is
 * scanned, strings without a quote, `<`, `;`, `:`, `=`, `(` or `union` with one test.
 *
 * @example
 * findSuspiciousInput({ path: '/tasks', body: { title: "' OR 1=1 --", password: '<script>' } });
 * // [{ field: 'body.title', kind: 'sql' }]
 */
export function findSuspiciousInput(input: RequestInput): Suspicion[] {
  const scan = new Scan();
  scan.text('path', decodedPath(input.path));
  scan.value('query', input.query, 0);
  scan.value('body', input.body, 0);
  return scan.found;
}

class Scan {
  readonly found: Suspicion[] = [];
  private chars = 0;
  private strings = 0;

  private get exhausted(): boolean {
    return this.chars >= MAX_CHARS || this.strings >= MAX_STRINGS || this.found.length >= MAX_FINDINGS;
  }

  value(field: string, value: unknown, depth: number): void {
    if (this.exhausted) return;
    if (typeof value === 'string') {
      this.text(field, value);
    } else if (Array.isArray(value)) {
      if (depth >= MAX_DEPTH) return;
      for (let i = 0; i < value.length && !this.exhausted; i++) this.value(`${field}[${i}]`, value[i], depth + 1);
    } else if (typeof value === 'object' && value !== null) {
      if (depth >= MAX_DEPTH) return;
      for (const key in value) {
        if (this.exhausted) return;
        if (!Object.hasOwn(value, key) || isSecretKey(key)) continue;
        this.value(PLAIN_KEY.test(key) ? `${field}.${key}` : `${field}[?]`, (value as Record<string, unknown>)[key], depth + 1);
      }
    }
  }

  text(field: string, value: string): void {
    if (this.exhausted || value.length === 0) return;
    this.strings++;
    const text = value.length > MAX_STRING_CHARS ? value.slice(0, MAX_STRING_CHARS) : value;
    this.chars += text.length;
    if (!MAYBE.test(text)) return;
    if (SQL.test(text)) this.found.push({ field, kind: 'sql' });
    if (XSS.test(text) && this.found.length < MAX_FINDINGS) this.found.push({ field, kind: 'xss' });
  }
}

/** The path without its query, percent-decoded (as sent when it does not decode). */
function decodedPath(url: string): string {
  const query = url.indexOf('?');
  const path = query < 0 ? url : url.slice(0, query);
  if (!path.includes('%')) return path;
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
