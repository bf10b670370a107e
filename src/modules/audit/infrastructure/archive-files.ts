import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { finished } from 'node:stream/promises';
import { createGunzip, createGzip, type Gzip } from 'node:zlib';

export const MANIFEST_FORMAT = 'process-todo/audit-archive/1';

/** The start of every line row_to_json writes for audit_logs: `{"id":123,"occurred_at":"…"`. */
const LEAD = /^\{"id":(\d{1,19}),"occurred_at":"([^"]{10,40})"/;

/** What reading a file back found; a file verifies when this equals its manifest. */
export interface ArchiveContent {
  rows: number;
  firstId: string | null;
  lastId: string | null;
  /** The earliest and latest occurred_at in the file. */
  from: string | null;
  to: string | null;
  /** Of the gzip file's bytes. */
  sha256: string;
}

/** What a manifest says of its file: what reading it back must find, and which month it holds. */
export interface ArchiveManifest extends ArchiveContent {
  format: typeof MANIFEST_FORMAT;
  /** The month archived, `2026-08`. */
  month: string;
  /** The data file's name, beside the manifest. */
  file: string;
  createdAt: string;
}

/** One audit row as a line of the file: its columns by name, as `row_to_json` wrote them. */
export interface ArchiveLine {
  id: string;
  occurred_at: string;
  [column: string]: unknown;
}

/** The paths of one month's archive under `dir`. */
export function archivePaths(dir: string, month: string): { data: string; manifest: string; partial: string } {
  const data = join(dir, `audit-logs-${month}.ndjson.gz`);
  return { data, manifest: `${data.slice(0, -'.ndjson.gz'.length)}.manifest.json`, partial: `${data}.partial` };
}

/** The manifest that belongs to a data file. */
export function manifestPathOf(dataFile: string): string {
  return dataFile.replace(/\.ndjson\.gz$/, '.manifest.json');
}

/**
 * Streams NDJSON lines into a gzip file at `partial`; `close()` flushes and fsyncs it, then
 * `commit()` renames it to its final name and fsyncs the directory, so that a crash leaves
 * either no file or a whole one (a `.partial` left behind is removed by the next run).
 */
export class ArchiveWriter {
  private readonly gzip: Gzip;
  private readonly out: WriteStream;

  private constructor(private readonly partial: string) {
    // Level 3: about as small as the default level 6 on these rows, at half its CPU time.
    this.gzip = createGzip({ level: 3 });
    this.out = createWriteStream(partial, { mode: 0o640 });
    this.gzip.pipe(this.out);
  }

  static async open(partial: string): Promise<ArchiveWriter> {
    await mkdir(dirname(partial), { recursive: true });
    await rm(partial, { force: true });
    return new ArchiveWriter(partial);
  }

  /** Writes lines (each one JSON object, no newline), waiting when the stream is full. */
  async write(lines: readonly string[]): Promise<void> {
    if (lines.length === 0) return;
    if (!this.gzip.write(`${lines.join('\n')}\n`)) await new Promise((resolve) => this.gzip.once('drain', resolve));
  }

  async close(): Promise<void> {
    this.gzip.end();
    await finished(this.out);
    await fsync(this.partial, 'r+');
  }

  async commit(finalPath: string): Promise<void> {
    await rename(this.partial, finalPath);
    await syncDirectory(dirname(finalPath));
  }

  async abandon(): Promise<void> {
    this.gzip.destroy();
    this.out.destroy();
    await rm(this.partial, { force: true });
  }
}

/**
 * Reads a file back whole: its sha256, its row count, and its first and last id and time,
 * checking on the way that every line is an audit row and that ids ascend within each
 * instant (the order it was written in). `onRows` receives the rows in batches (restore).
 */
export async function readArchive(
  path: string,
  onRows?: (rows: ArchiveLine[]) => Promise<void>,
  batchRows = 10_000,
): Promise<ArchiveContent> {
  const hash = createHash('sha256');
  const raw = createReadStream(path);
  raw.on('data', (chunk) => hash.update(chunk));
  const lines = createInterface({ input: raw.pipe(createGunzip()), crlfDelay: Infinity });
  const content: ArchiveContent = { rows: 0, firstId: null, lastId: null, from: null, to: null, sha256: '' };
  let batch: ArchiveLine[] = [];
  let previous: { at: number; id: bigint } | null = null;
  for await (const text of lines) {
    if (text === '') continue;
    // row_to_json writes the columns in table order: the id and the time lead every line,
    // and are read without parsing the rest (the sha256 covers every byte). Whole rows are
    // parsed only for a restore.
    const lead = LEAD.exec(text);
    const row = onRows || !lead ? (JSON.parse(text) as ArchiveLine) : null;
    const rawId = lead?.[1] ?? row?.id;
    const rawAt = lead?.[2] ?? row?.occurred_at;
    if (typeof rawId !== 'string' && typeof rawId !== 'number') throw new Error(`${basename(path)}: line ${content.rows + 1} has no id`);
    const at = Date.parse(String(rawAt));
    const id = BigInt(rawId);
    if (Number.isNaN(at)) throw new Error(`${basename(path)}: line ${content.rows + 1} has no occurred_at`);
    if (previous && (at < previous.at || (at === previous.at && id <= previous.id))) {
      throw new Error(`${basename(path)}: line ${content.rows + 1} is out of order`);
    }
    previous = { at, id };
    content.rows++;
    content.firstId ??= String(rawId);
    content.lastId = String(rawId);
    content.from ??= new Date(at).toISOString();
    content.to = new Date(at).toISOString();
    if (onRows && row) {
      batch.push(row);
      if (batch.length >= batchRows) {
        await onRows(batch);
        batch = [];
      }
    }
  }
  if (onRows && batch.length > 0) await onRows(batch);
  content.sha256 = hash.digest('hex');
  return content;
}

/** True when the file reads back exactly as its manifest says. */
export function matchesManifest(content: ArchiveContent, manifest: ArchiveManifest): boolean {
  return (
    content.sha256 === manifest.sha256 &&
    content.rows === manifest.rows &&
    content.firstId === manifest.firstId &&
    content.lastId === manifest.lastId &&
    content.from === manifest.from &&
    content.to === manifest.to
  );
}

export async function readManifest(path: string): Promise<ArchiveManifest | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const manifest = JSON.parse(text) as ArchiveManifest;
  if (manifest.format !== MANIFEST_FORMAT) throw new Error(`${basename(path)}: not a ${MANIFEST_FORMAT} manifest`);
  return manifest;
}

/** Writes the manifest durably: a temporary file, fsynced, renamed over the name, the directory fsynced. */
export async function writeManifest(path: string, manifest: ArchiveManifest): Promise<void> {
  const temporary = `${path}.partial`;
  await writeFile(temporary, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o640 });
  await fsync(temporary, 'r+');
  await rename(temporary, path);
  await syncDirectory(dirname(path));
}

/** A renamed file's new name is durable once its directory is synced. */
function syncDirectory(dir: string): Promise<void> {
  return fsync(dir, 'r');
}

/** Flushes a file (or a directory) to the disk. */
async function fsync(path: string, flags: 'r' | 'r+'): Promise<void> {
  const handle = await open(path, flags);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
