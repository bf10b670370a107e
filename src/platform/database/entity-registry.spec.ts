import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { registeredEntities } from './entity-registry.js';

const SRC = fileURLToPath(new URL('../../', import.meta.url));

async function ormEntityFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return ormEntityFiles(path);
      return Promise.resolve(entry.name.endsWith('.orm-entity.ts') ? [path] : []);
    }),
  );
  return nested.flat();
}

describe('entity registry', () => {
  it('holds every *.orm-entity.ts class once the application module is loaded (a module forgot forFeature otherwise)', async () => {
    await import('../../app.module.js');
    const registered = new Set(registeredEntities());
    const missing: string[] = [];
    for (const file of await ormEntityFiles(SRC)) {
      const exports: Record<string, unknown> = await import(pathToFileURL(file).href);
      for (const [name, value] of Object.entries(exports)) {
        if (typeof value === 'function' && !registered.has(value)) missing.push(`${relative(SRC, file)}: ${name}`);
      }
    }
    expect(missing).toEqual([]);
    expect(registered.size).toBeGreaterThanOrEqual(8);
  });
});
