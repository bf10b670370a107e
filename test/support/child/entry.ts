import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

let builtIsCurrent: boolean | undefined;

/** The newest modification time of the files under `dir` whose names end in `.ts`. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** Whether dist/ was built after the last change to src/ and migrations/ (`npm run build`, as CI does before the tests). */
function builtIsCurrentNow(): boolean {
  try {
    const built = statSync('dist/src/main.js').mtimeMs;
    return built > Math.max(newestSource('src'), newestSource('migrations'));
  } catch {
    return false;
  }
}

/**
 * The node arguments that run one of the app's entry points (`src/main.ts`, `src/cli.ts`) in a
 * child process: its build in dist/ when that is current (a process starts in a second, as
 * in production), else the sources through the test loader (SWC, as vitest compiles them),
 * which compiles every file again in each child.
 */
export function entryArgs(source: 'src/main.ts' | 'src/cli.ts'): string[] {
  builtIsCurrent ??= builtIsCurrentNow();
  return builtIsCurrent ? [`dist/${source.replace(/\.ts$/, '.js')}`] : ['--import', './test/support/child/register-ts.mjs', source];
}
