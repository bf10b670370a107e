import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import checkDiskSpaceExport from 'check-disk-space';

// The package's one .d.ts describes its CommonJS build, so TypeScript puts the function
// at `.default`; Node's ESM import gets the function itself. Take whichever is there.
const checkDiskSpace = ((checkDiskSpaceExport as { default?: unknown }).default ??
  checkDiskSpaceExport) as typeof checkDiskSpaceExport.default;

export interface DiskUsage {
  /** The mount point that holds the path. */
  disk_path: string;
  usage_percent: number;
  free_bytes: number;
  size_bytes: number;
}

/** How full the filesystem holding `path` is (check-disk-space: `df` on Linux and macOS). */
export async function diskUsage(path: string): Promise<DiskUsage> {
  const { diskPath, free, size } = await checkDiskSpace(path);
  return {
    disk_path: diskPath,
    usage_percent: size > 0 ? Math.round(((size - free) / size) * 1000) / 10 : 0,
    free_bytes: free,
    size_bytes: size,
  };
}

export interface DirectorySize {
  files: number;
  size_bytes: number;
}

/**
 * The files directly in `directory` (rotated logs sit beside the current one), and
 * their total size; a directory that does not exist yet holds nothing.
 */
export async function directorySize(directory: string): Promise<DirectorySize> {
  let entries;
  try {
    entries = await readdir(directory, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { files: 0, size_bytes: 0 };
    throw error;
  }
  const sizes = await Promise.all(
    entries.filter((entry) => entry.isFile()).map((entry) => sizeOf(join(directory, entry.name))),
  );
  const present = sizes.filter((size): size is number => size !== null);
  return { files: present.length, size_bytes: present.reduce((sum, size) => sum + size, 0) };
}

/** A file's size, or null when it went away (rotated) since the directory was read. */
async function sizeOf(file: string): Promise<number | null> {
  try {
    return (await stat(file)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
