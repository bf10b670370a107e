import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATA_DIR_LOCK_FILE, DataDirLock, EmbeddedDatabaseInUseError } from './data-dir-lock.js';

describe('DataDirLock', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'data-dir-lock-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('holds the folder with its pid until released, and refuses a second holder meanwhile', async () => {
    const lock = await DataDirLock.acquire(dir);
    expect(await readFile(join(dir, DATA_DIR_LOCK_FILE), 'utf8')).toBe(`${process.pid}\n${hostname()}\n`);
    await expect(DataDirLock.acquire(dir)).rejects.toBeInstanceOf(EmbeddedDatabaseInUseError);
    await lock.release();
    await (await DataDirLock.acquire(dir)).release();
  });

  it('refuses a folder a live process holds, naming it and the way out', async () => {
    // The parent of this process: alive, and not this process.
    await writeFile(join(dir, DATA_DIR_LOCK_FILE), `${process.ppid}\n${hostname()}\n`);
    const refusal = await DataDirLock.acquire(dir).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(EmbeddedDatabaseInUseError);
    expect((refusal as Error).message).toContain(`process ${process.ppid} on ${hostname()}`);
    expect((refusal as Error).message).toContain('DATABASE_URL');
    expect((refusal as Error).message).toContain(join(dir, DATA_DIR_LOCK_FILE));
  });

  it('takes over the lock of a process that died', async () => {
    // Beyond any pid_max: no such process.
    await writeFile(join(dir, DATA_DIR_LOCK_FILE), `99999999\n${hostname()}\n`);
    const lock = await DataDirLock.acquire(dir);
    expect(await readFile(join(dir, DATA_DIR_LOCK_FILE), 'utf8')).toBe(`${process.pid}\n${hostname()}\n`);
    await lock.release();
  });

  it('counts a lock from another host, or one it cannot read, as held', async () => {
    await writeFile(join(dir, DATA_DIR_LOCK_FILE), `99999999\nsome-other-host\n`);
    await expect(DataDirLock.acquire(dir)).rejects.toBeInstanceOf(EmbeddedDatabaseInUseError);
    await writeFile(join(dir, DATA_DIR_LOCK_FILE), '');
    await expect(DataDirLock.acquire(dir)).rejects.toBeInstanceOf(EmbeddedDatabaseInUseError);
  });
});
