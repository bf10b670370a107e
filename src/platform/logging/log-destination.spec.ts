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
    // pino-roll names files by the local date (the only place the server's zone shows).
    const now = new Date();
    const today = [now.getFullYear(), now.getMonth() + 1, now.getDate()].map((n) => String(n).padStart(2, '0')).join('-');
    const files = async () => (await readdir(dir)).sort();

    // ~1.1 MB a batch: one roll each. Lines are written asynchronously, so each batch
    // waits for its roll.
    for (const next of [2, 3, 4]) {
      for (let i = 0; i < 1_100; i++) destination.write(line);
      await eventually(async () => (await files()).includes(`app.${today}.${next}.log`));
    }
    // The current file and keepDays (1) older one stay; anything older goes. pino-roll
    // counts what is on disk when it rolls, so the file before those may linger a roll.
    await eventually(async () => !(await files()).includes(`app.${today}.1.log`));

    expect(console).toBe(3_300);
    const left = await files();
    expect(left).toEqual(expect.arrayContaining([`app.${today}.3.log`, `app.${today}.4.log`]));
    expect(left.filter((f) => f !== `app.${today}.2.log`)).toEqual([`app.${today}.3.log`, `app.${today}.4.log`]);
    const first = (await readFile(join(dir, `app.${today}.3.log`), 'utf8')).split('\n')[0];
    expect(JSON.parse(first!)).toEqual({ message: 'x'.repeat(1000) });
    destination.flush();
  });
});
