import pino, { type DestinationStream } from 'pino';
import pinoRoll from 'pino-roll';
import type { AppConfig } from '../../config/app-config.js';

/** Anything log lines can be written to: one JSON line per `write`. */
export type LogStream = DestinationStream;

/** Where one app's log lines go, and how to flush them when it stops. */
export interface LogDestination extends LogStream {
  flush(): void;
}

/** Asynchronous stdout (sonic-boom), which pino flushes on exit. */
export function stdoutLogDestination(): LogDestination {
  return tee([pino.destination({ dest: 1, sync: false })]);
}

/**
 * stdout (or `console`, where tests capture lines), and also LOG_FILE when set: rotated when
 * it reaches LOG_FILE_MAX_SIZE_MB and every day, keeping LOG_FILE_KEEP_DAYS older files
 * (SPEC-LOG-5), each created 0640 (SPEC-SEC-2). Writes are asynchronous (sonic-boom): pino flushes stdout on exit, and the
 * app flushes both on shutdown.
 */
export async function createLogDestination(log: AppConfig['log'], console?: LogStream): Promise<LogDestination> {
  const out = console ?? pino.destination({ dest: 1, sync: false });
  if (!log.file) return tee([out]);
  const file = await pinoRoll({
    file: log.file.path,
    size: `${log.file.maxSizeMb}m`,
    frequency: 'daily',
    dateFormat: 'yyyy-MM-dd',
    mkdir: true,
    // Owner read-write, group read (the log shipper's), nobody else (SPEC-SEC-2); each rolled file too.
    mode: 0o640,
    // Counted over the folder, so that the files of earlier runs expire too. pino-roll's
    // count includes the file being written, so keepDays older files need one more; it
    // counts what is on disk when it rolls, so a new file not yet created may leave one
    // more old file until the next roll: never fewer than promised.
    limit: { count: log.file.keepDays + 1, removeOtherLogFiles: true },
  });
  return tee([out, file]);
}

/** Every line to each stream; the root logger has already filtered by level. */
function tee(streams: LogStream[]): LogDestination {
  return {
    write: (line: string) => {
      for (const stream of streams) stream.write(line);
    },
    flush: () => {
      for (const stream of streams) flushStream(stream);
    },
  };
}

function flushStream(stream: unknown): void {
  const flushable = stream as { flushSync?: () => void; destroyed?: boolean };
  try {
    if (!flushable.destroyed) flushable.flushSync?.();
  } catch {
    // Still opening, or mid-write: pino's exit hook flushes stdout; the rest is in flight.
  }
}

/**
 * The stream nestjs-pino's root logger writes to. nestjs-pino builds one root logger per
 * process, with the options of the first app, so each app points this at its own
 * destination as it is created: the app created last (in practice, the only one; in tests,
 * the one under test) receives the lines.
 */
class ProcessLogStream implements LogStream {
  private destination: LogStream | undefined;

  use(destination: LogStream): void {
    this.destination = destination;
  }

  write(line: string): void {
    this.destination?.write(line);
  }
}

export const processLogStream = new ProcessLogStream();
