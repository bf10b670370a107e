import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Name and version of the running build, read once from the package.json above this file. */
export const APP_INFO: { readonly name: string; readonly version: string } = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const { name, version } = JSON.parse(readFileSync(candidate, 'utf8'));
      return { name, version };
    }
    const parent = dirname(dir);
    if (parent === dir) return { name: 'process-todo', version: '0.0.0' };
    dir = parent;
  }
})();
