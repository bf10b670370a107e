import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
/** The folders and files of the repository a guide may name. */
const REPOSITORY_PATH = /^(?:(?:src|test|migrations|docs|docker|scripts|bench|\.ci)\/[^\s`]*|package\.json|README\.md|\.env\.example|\.dependency-cruiser\.cjs|vitest\.config\.ts|tsconfig\.json|eslint\.config\.js)$/;

/**
 * The repository paths a Markdown text names in inline code spans (fenced blocks are code, not
 * references) that do not exist under `root`. A path with a placeholder (`src/modules/<name>/`)
 * is checked up to the folder before it.
 */
export function missingPaths(markdown: string, root = ROOT): string[] {
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, '');
  const spans = [...prose.matchAll(/`([^`\n]+)`/g)].map((match) => match[1]!.trim());
  return [...new Set(spans.filter((span) => REPOSITORY_PATH.test(span) || /^(?:src|test|migrations|docs)\/.*</.test(span)))]
    .map((path) => (path.includes('<') ? path.slice(0, path.lastIndexOf('/', path.indexOf('<')) + 1) : path))
    .filter((path) => !existsSync(join(root, path)));
}

describe('docs/extending.md', () => {
  const guide = readFileSync(join(ROOT, 'docs/extending.md'), 'utf8');

  it('names only repository paths that exist', () => {
    expect(missingPaths(guide)).toEqual([]);
  });

  it('names enough of them to be worth checking: each recipe points at real files', () => {
    const named = [...guide.replace(/^```[\s\S]*?^```/gm, '').matchAll(/`([^`\n]+)`/g)].filter((match) => REPOSITORY_PATH.test(match[1]!));
    expect(named.length).toBeGreaterThan(60);
    for (const section of ['A module', 'A field', 'A migration', 'A permission', 'An audit action', 'A metric', 'A health indicator', 'A queue job', 'A schedule', 'An outbound HTTP client']) {
      expect(guide).toContain(`\n## ${section}\n`);
    }
  });

  it('catches a path that does not exist, and one whose placeholder sits in a missing folder', () => {
    expect(missingPaths('see `src/modules/tasks/domain/task.aggregate.ts` and `src/modules/tasks/domain/taks.aggregate.ts`')).toEqual([
      'src/modules/tasks/domain/taks.aggregate.ts',
    ]);
    expect(missingPaths('`src/modules/<name>/domain/` and `src/moduls/<name>/domain/`')).toEqual(['src/moduls/']);
    // Fenced code is an example, not a reference.
    expect(missingPaths('```ts\n// `src/nowhere.ts`\n```\n')).toEqual([]);
  });
});
