import { open, readFile, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';

/** The lock file in DATA_DIR while a process serves the embedded database from it. */
export const DATA_DIR_LOCK_FILE = 'process-todo.lock';

/**
 * Another process serves the embedded database of this folder. PGlite itself locks nothing:
 * two processes on one folder both open it and both write, each unaware of the other's
 * pages, which corrupts it.
 */
export class EmbeddedDatabaseInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: { pid: number; host: string } | null,
  ) {
    const who = holder ? `process ${holder.pid} on ${holder.host}` : 'another process';
    super(
      `the embedded database in ${dataDir} is in use by ${who} (\`npm start\`, say): only one process may open it. ` +
        'Stop that process first, or use PostgreSQL (DATABASE_URL), which any number of processes share. ' +
        `If no such process runs any more, delete ${join(dataDir, DATA_DIR_LOCK_FILE)}.`,
    );
    this.name = 'EmbeddedDatabaseInUseError';
  }
}

/** Folders this process holds: a second open of one of them in the same process is refused too. */
const held = new Set<string>();

/**
 * One process at a time per DATA_DIR: `acquire` creates `process-todo.lock` (its pid and
 * host) exclusively, or refuses while the process named in it is alive. A lock left by a
 * process that died (kill -9, a crash) is taken over; so is one naming this very pid (a
 * container whose pid 1 restarted) unless this process holds the folder already.
 */
export class DataDirLock {
  private constructor(
    private readonly dir: string,
    private readonly file: string,
  ) {}

  static async acquire(dataDir: string): Promise<DataDirLock> {
    const dir = resolve(dataDir);
    if (held.has(dir)) throw new EmbeddedDatabaseInUseError(dataDir, { pid: process.pid, host: hostname() });
    const file = join(dir, DATA_DIR_LOCK_FILE);
    for (let attempt = 0; ; attempt++) {
      try {
        const handle = await open(file, 'wx', 0o600);
        try {
          await handle.writeFile(`${process.pid}\n${hostname()}\n`);
        } finally {
          await handle.close();
        }
        held.add(dir);
        return new DataDirLock(dir, file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
      }
      // An unreadable lock may be one another process has just created and not yet written.
      const holder = await holderOf(file);
      if (!holder || isAlive(holder)) throw new EmbeddedDatabaseInUseError(dataDir, holder);
      // Stale: its process is gone. Removed, then created exclusively again, so that of two
      // processes taking it over at once only one succeeds.
      await rm(file, { force: true });
    }
  }

  async release(): Promise<void> {
    held.delete(this.dir);
    await rm(this.file, { force: true });
  }
}

async function holderOf(file: string): Promise<{ pid: number; host: string } | null> {
  try {
    const [pid, host] = (await readFile(file, 'utf8')).split('\n');
    const parsed = Number(pid);
    return Number.isInteger(parsed) && parsed > 0 ? { pid: parsed, host: host ?? '' } : null;
  } catch {
    return null;
  }
}

/** Whether the lock's process still runs; one on another host cannot be asked, so it counts as alive. */
function isAlive(holder: { pid: number; host: string }): boolean {
  if (holder.host !== hostname()) return true;
  if (holder.pid === process.pid) return false;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
