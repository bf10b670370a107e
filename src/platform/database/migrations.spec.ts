import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadMigrations } from './migrations.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('loadMigrations', () => {
  it('finds every migration in migrations/, oldest first, with no index to keep', async () => {
    const files = (await readdir(new URL('../../../migrations/', import.meta.url))).filter((f) => /^\d{13}-/.test(f));
    const names = (await loadMigrations()).map((migration) => new migration().name ?? '');
    expect(names).toHaveLength(files.length);
    expect(names[0]).toBe('CreateTasks1764000000000');
    const stamps = names.map((name) => Number(name.slice(-13)));
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
  });

  it('takes generated files by their timestamp order and passes over anything else', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'migrations-'));
    dirs.push(dir);
    const migration = (name: string) => `export class ${name} { name = '${name}'; async up() {} async down() {} }\n`;
    await writeFile(join(dir, '1800000000000-second.js'), migration('Second1800000000000'));
    await writeFile(join(dir, '1700000000000-first.js'), migration('First1700000000000'));
    await writeFile(join(dir, 'index.js'), 'throw new Error("not a migration");\n');
    await writeFile(join(dir, '1700000000000-first.js.map'), '{}\n');
    const names = (await loadMigrations(dir)).map((m) => new m().name);
    expect(names).toEqual(['First1700000000000', 'Second1800000000000']);
  });
});
