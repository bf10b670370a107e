import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogDestination } from './log-destination.js';

const eventually = async (check: () => Promise<boolean>, timeoutMs = 5_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'process-todo-log-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('createLogDestination', () => {
  it('writes to the console stream only, without LOG_FILE', async () => {
    const lines: string[] = [];
    const destination = await createLogDestination(
      { level: 'info', file: undefined, slowQueryMs: 1000 },
      { write: (line) => void lines.push(line) },
    );
    destination.write('{"a":1}\n');
    expect(lines).toEqual(['{"a":1}\n']);
    expect(await readdir(dir)).toEqual([]);
  });

  it('also writes LOG_FILE, dated, rolled at LOG_FILE_MAX_SIZE_MB, keeping LOG_FILE_KEEP_DAYS older files', async () => {
    let console = 0;
    const destination = await createLogDestination(
      { level: 'info', file: { path: join(dir, 'app.log'), maxSizeMb: 1, keepDays: 1 }, slowQueryMs: 1000 },
      { write: () => void console++ },
    );
    const line = `${JSON.stringify({ message: 'x'.repeat(1000) })}\n`;
    const today = new Date().toISOString().slice(0, 10);
    const files = async () => (await readdir(dir)).sort();

    // ~1.1 MB: one roll. Lines are written asynchronously, so each batch waits for its roll.
    for (let i = 0; i < 1_100; i++) destination.write(line);
    await eventually(async () => (await files()).includes(`app.${today}.2.log`));
    for (let i = 0; i < 1_100; i++) destination.write(line);
    await eventually(async () => (await files()).includes(`app.${today}.3.log`));
    await eventually(async () => !(await files()).includes(`app.${today}.1.log`));

    expect(console).toBe(2_200);
    expect(await files()).toEqual([`app.${today}.2.log`, `app.${today}.3.log`]);
    const first = (await readFile(join(dir, `app.${today}.2.log`), 'utf8')).split('\n')[0];
    expect(JSON.parse(first!)).toEqual({ message: 'x'.repeat(1000) });
    destination.flush();
  });
});
