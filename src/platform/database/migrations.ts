import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { MigrationInterface } from 'typeorm';

type MigrationClass = new () => MigrationInterface;

/** `migrations/` beside `src/`, in the sources and in `dist/` alike. */
const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations/', import.meta.url));

/** `<13-digit timestamp>-<name>.ts` as `migration:generate` writes it, or its compiled `.js`. */
const MIGRATION_FILE = /^\d{13}-[\w.-]+\.(?:js|ts)$/;

/**
 * Every migration class in `migrations/`, oldest first: a file that `migration:generate`
 * writes there is found without a list to keep. The files are imported by our own code
 * (not by TypeORM's glob loader), so the test runner compiles them like any other source.
 */
export async function loadMigrations(dir = MIGRATIONS_DIR): Promise<MigrationClass[]> {
  const files = (await readdir(dir)).filter((file) => MIGRATION_FILE.test(file)).sort();
  const classes: MigrationClass[] = [];
  for (const file of files) {
    const exports: Record<string, unknown> = await import(pathToFileURL(join(dir, file)).href);
    for (const value of Object.values(exports)) {
      if (typeof value === 'function') classes.push(value as MigrationClass);
    }
  }
  return classes;
}
